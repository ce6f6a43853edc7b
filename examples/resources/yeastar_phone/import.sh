# A phone already on the PBX can be imported by its phone ID (see data.yeastar_phones)...
terraform import yeastar_phone.lobby 17

# ...or by its MAC address, in any notation.
terraform import yeastar_phone.lobby 80:5E:C0:11:22:33
