# A SIP trunk already on the PBX can be imported by its name (quoted when it has spaces)...
terraform import yeastar_sip_trunk.carrier 'Carrier'

# ...or by its ID, with the prefix id:.
terraform import yeastar_sip_trunk.carrier id:3
