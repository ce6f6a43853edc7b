# Every phone on the PBX's auto-provisioning list, every page of it.
data "yeastar_phones" "all" {}

# The phones whose fields contain a keyword: a MAC address, a model, an extension...
data "yeastar_phones" "cp920" {
  search = "CP920"
}

output "phone_ids_by_mac" {
  description = "The IDs of the PBX's phones, by MAC address: what yeastar_phone takes for import."
  value       = { for p in data.yeastar_phones.all.phones : p.mac => p.id }
}

output "unregistered_cp920" {
  description = "The MAC addresses of the CP920 phones whose extension is not registered."
  value       = [for p in data.yeastar_phones.cp920.phones : p.mac if p.registration_status != "Registered"]
}
