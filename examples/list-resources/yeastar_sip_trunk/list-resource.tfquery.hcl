# Every one of the PBX's SIP trunks, each with its name as display name. Terraform lists at most
# 100 results unless told otherwise. A generated configuration leaves password_wo out: an
# adopted trunk keeps the password the PBX has.
list "yeastar_sip_trunk" "all" {
  provider = yeastar
  limit    = 1000
}

# Only those whose name contains a keyword.
list "yeastar_sip_trunk" "carrier" {
  provider = yeastar
  config {
    search = "carrier"
  }
}
