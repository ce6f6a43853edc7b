# A route already on the PBX can be imported by its name (quoted when it has spaces)...
terraform import yeastar_inbound_route.main 'Main number'

# ...or by its ID, with the prefix id:.
terraform import yeastar_inbound_route.main id:3
