# A key already set on the PBX is imported by the IVR's ID and the key, joined by a slash.
terraform import yeastar_ivr_key.sales 3/1
