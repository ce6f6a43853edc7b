# An IVR already on the PBX can be imported by its number...
terraform import yeastar_ivr.main 6500

# ...or by its ID, with the prefix id: (a bare number is read as the IVR's number).
terraform import yeastar_ivr.main id:3
