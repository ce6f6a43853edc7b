data "yeastar_phone_models" "yealink" {
  vendor = "Yealink"
}

# The DECT models of the vendor, for example to provision base stations apart.
output "yealink_dect_models" {
  value = [for m in data.yeastar_phone_models.yealink.models : m.value if m.type == "DECT"]
}

# Check a model exists before provisioning it.
output "has_cp920" {
  value = contains(keys(data.yeastar_phone_models.yealink.values_by_name), "CP920")
}
