# A ring group already on the PBX can be imported by its number...
terraform import yeastar_ring_group.reception 6300

# ...or by its ID, with the prefix id: (a bare number is read as the ring group's number).
terraform import yeastar_ring_group.reception id:3
