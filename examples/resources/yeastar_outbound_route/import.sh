# A route already on the PBX can be imported by its name (quoted when it has spaces)...
terraform import yeastar_outbound_route.dial_out 'Dial out'

# ...or by its ID, with the prefix id:.
terraform import yeastar_outbound_route.dial_out id:3
