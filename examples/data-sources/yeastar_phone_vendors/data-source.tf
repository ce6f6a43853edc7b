data "yeastar_phone_vendors" "all" {}

# The parameter value of a vendor, looked up by its display name.
output "alcatel_vendor_value" {
  value = data.yeastar_phone_vendors.all.values_by_name["Alcatel-Lucent Enterprise"] # "Ale"
}

# Every vendor the PBX can auto-provision, in the PBX's order.
output "vendor_values" {
  value = data.yeastar_phone_vendors.all.vendors[*].value
}
