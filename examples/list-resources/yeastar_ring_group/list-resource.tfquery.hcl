# Every one of the PBX's ring groups, each with its number and name as display name. Terraform
# lists at most 100 results unless told otherwise.
list "yeastar_ring_group" "all" {
  provider = yeastar
  limit    = 1000
}

# Only those whose number or name contains a keyword.
list "yeastar_ring_group" "reception" {
  provider = yeastar
  config {
    search = "Reception"
  }
}
