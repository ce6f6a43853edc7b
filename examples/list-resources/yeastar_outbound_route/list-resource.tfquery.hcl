# Every one of the PBX's outbound routes, each with its name as display name, in the order the PBX
# tries them. Terraform lists at most 100 results unless told otherwise.
list "yeastar_outbound_route" "all" {
  provider = yeastar
  limit    = 1000
}

# Only those whose name contains a keyword.
list "yeastar_outbound_route" "main" {
  provider = yeastar
  config {
    search = "main"
  }
}
