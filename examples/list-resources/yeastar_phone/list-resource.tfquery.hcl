# Every phone on the PBX's auto-provisioning list. Terraform lists at most 100 results unless
# told otherwise: raise the limit above the number of phones on the PBX.
list "yeastar_phone" "office" {
  provider = yeastar
  limit    = 1000
}

# Only the phones whose fields contain a keyword (a model, a MAC address prefix, an extension...).
list "yeastar_phone" "conference_rooms" {
  provider = yeastar
  config {
    search = "CP920"
  }
}
