# Every one of the PBX's inbound routes, each with its name as display name, in the order the PBX
# tries them. Terraform lists at most 100 results unless told otherwise.
list "yeastar_inbound_route" "all" {
  provider = yeastar
  limit    = 1000
}

# Only those whose name contains a keyword.
list "yeastar_inbound_route" "main" {
  provider = yeastar
  config {
    search = "main"
  }
}
