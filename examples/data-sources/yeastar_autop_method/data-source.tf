data "yeastar_autop_method" "cp920" {
  vendor = "Yealink"
  model  = "CP920"
}

# The RPS provisioning link to enter in the phone, or in DHCP option 66 for the dhcp
# method on self-hosted editions.
output "cp920_rps_link" {
  value = data.yeastar_autop_method.cp920.links_by_method["rps"]
}

# Every method the PBX offers for the model, in the PBX's order.
output "cp920_methods" {
  value = data.yeastar_autop_method.cp920.methods[*].method
}
