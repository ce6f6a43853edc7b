# Every phone on the PBX's auto-provisioning list, as yeastar_phone resources. Terraform lists at
# most 100 results by default: the limit must be above the number of phones on the PBX.
list "yeastar_phone" "office" {
  provider = yeastar
  limit    = 1000
}
