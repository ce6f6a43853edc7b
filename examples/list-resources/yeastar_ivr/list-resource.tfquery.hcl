# Every one of the PBX's IVRs, each with its number and name as display name. Terraform
# lists at most 100 results unless told otherwise.
list "yeastar_ivr" "all" {
  provider = yeastar
  limit    = 1000
}

# Only those whose number or name contains a keyword.
list "yeastar_ivr" "menus" {
  provider = yeastar
  config {
    search = "menu"
  }
}
