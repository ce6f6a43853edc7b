# An extension already on the PBX can be imported by its number...
terraform import yeastar_extension.jane 1050

# ...or by its extension ID, with the prefix id: (a bare number is read as an extension number).
terraform import yeastar_extension.jane id:42
