terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}

# Credentials come from YEASTAR_BASE_URL, YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET.
provider "yeastar" {}

# 1. The inventory: one row per phone, keyed by MAC address (any notation).
locals {
  inventory = { for row in csvdecode(file("${path.module}/phones.csv")) : row.mac => row }
}

# 2. Vendors by display name, the extensions by number, and each model's templates: one
#    question per distinct value, however many phones share it.
data "yeastar_phone_vendors" "all" {}

data "yeastar_extension" "by_number" {
  for_each = toset([for p in local.inventory : p.extension])
  number   = each.value
}

data "yeastar_phone_templates" "by_model" {
  for_each = toset([for p in local.inventory : p.model])
  model    = each.value
}

# 3. The phones on the PBX's auto-provisioning list.
resource "yeastar_phone" "office" {
  for_each = local.inventory

  mac                 = each.key
  vendor              = data.yeastar_phone_vendors.all.values_by_name[each.value.vendor]
  model               = each.value.model
  template_name       = data.yeastar_phone_templates.by_model[each.value.model].templates[0].name
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.by_number[each.value.extension].id
}

# 4. Each phone's provisioning link, for DHCP option 66 or the vendor's redirection service.
output "provisioning_links" {
  description = "The provisioning link of each phone, by MAC address as written in the inventory."
  value       = { for mac, phone in yeastar_phone.office : mac => phone.provisioning_link }
}
