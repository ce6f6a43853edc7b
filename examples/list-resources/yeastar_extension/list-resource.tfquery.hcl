# Every extension of the PBX. Terraform lists at most 100 results unless told otherwise: raise
# the limit above the number of extensions on the PBX.
list "yeastar_extension" "staff" {
  provider = yeastar
  limit    = 1000
}

# Only the extensions whose number, name or e-mail address contains a keyword.
list "yeastar_extension" "sales" {
  provider = yeastar
  config {
    search = "sales"
  }
}
