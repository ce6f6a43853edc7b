# The lobby's Yealink CP920, assigned to extension 1001.
data "yeastar_extension" "lobby" {
  number = "1001"
}

resource "yeastar_phone" "lobby" {
  mac                 = "80:5E:C0:11:22:33"
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.lobby.id
}

output "lobby_provisioning_link" {
  description = "Where the phone fetches its configuration (DHCP option 66 or the vendor's redirection service)."
  value       = yeastar_phone.lobby.provisioning_link
}
