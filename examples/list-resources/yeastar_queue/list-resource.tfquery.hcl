# Every one of the PBX's queues, each with its number and name as display name. Terraform
# lists at most 100 results unless told otherwise.
list "yeastar_queue" "all" {
  provider = yeastar
  limit    = 1000
}

# Only those whose number or name contains a keyword.
list "yeastar_queue" "sales" {
  provider = yeastar
  config {
    search = "sales"
  }
}
