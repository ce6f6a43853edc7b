# Every extension of the PBX, as yeastar_extension resources. No password or PIN is read: the
# extensions keep the ones they have. The limit must be above the number of extensions.
list "yeastar_extension" "staff" {
  provider = yeastar
  limit    = 1000
}
