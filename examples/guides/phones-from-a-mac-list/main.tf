terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}

# Credentials come from YEASTAR_BASE_URL, YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET.
provider "yeastar" {}

locals {
  # 1. The inventory, one row per phone, keyed by the MAC address as the PBX holds it
  #    (80:5E:C0:44:55:66) whatever its notation in the CSV (80-5e-c0-44-55-66), so that
  #    rewriting an address changes nothing. On Terraform 1.8+ and OpenTofu 1.7+,
  #    provider::yeastar::normalize_mac(row.mac) is the same key, written shorter.
  inventory = {
    for row in csvdecode(file("${path.module}/phones.csv")) :
    upper(join(":", regexall("[0-9A-Fa-f]{2}", replace(row.mac, "/[^0-9A-Fa-f]/", "")))) => row
  }

  # The provisioning template of each model, for the rows that leave their template column
  # empty. data.yeastar_phone_templates lists a model's templates: a SIP-T46U has two.
  template_by_model = {
    "CP920"    = "YSDP_YealinkCP"
    "SIP-T46U" = "YSDP_YealinkT4x"
    "D785"     = "YSDP_SnomD"
  }
}

# 2. Vendors by display name, extensions by number, each model's templates: one question per
#    distinct value, however many phones share it.
data "yeastar_phone_vendors" "all" {}

data "yeastar_extension" "by_number" {
  for_each = toset([for p in local.inventory : p.extension if p.extension != ""])
  number   = each.value
}

data "yeastar_phone_templates" "by_model" {
  for_each = toset([for p in local.inventory : p.model])
  model    = each.value
}

# 3. The phones on the PBX's auto-provisioning list.
resource "yeastar_phone" "office" {
  for_each = local.inventory

  mac = each.value.mac
  # A vendor name the PBX does not list is passed on as written, so that the plan fails with
  # the provider's message naming the valid vendors.
  vendor              = lookup(data.yeastar_phone_vendors.all.values_by_name, each.value.vendor, each.value.vendor)
  model               = each.value.model
  template_name       = each.value.template != "" ? each.value.template : lookup(local.template_by_model, each.value.model, "")
  provisioning_method = each.value.method != "" ? each.value.method : "rps"
  rps_authentication  = each.value.rps_authentication != "" ? tobool(each.value.rps_authentication) : false
  # Every new phone needs an extension: the PBX adds none without one, and a row with an empty
  # extension column fails the plan naming extension_id. Empty (0) is only for a phone already
  # on the PBX that it lists as Unassigned, imported as it is. Emptying the column of a phone
  # that has an extension unassigns it through an API call Yeastar leaves unconfirmed.
  extension_id = each.value.extension != "" ? data.yeastar_extension.by_number[each.value.extension].id : 0

  lifecycle {
    precondition {
      condition     = each.value.template != "" || contains(keys(local.template_by_model), each.value.model)
      error_message = "The phone ${each.value.mac} (${each.value.model}) has no provisioning template: fill its template column, or add \"${each.value.model}\" to local.template_by_model, with one of ${join(", ", data.yeastar_phone_templates.by_model[each.value.model].templates[*].name)}."
    }
  }
}

# 4. Each phone's provisioning link, for DHCP option 66 or the vendor's redirection service.
output "provisioning_links" {
  description = "The provisioning link of each phone, by MAC address as the PBX holds it."
  value       = { for mac, phone in yeastar_phone.office : mac => phone.provisioning_link }
}
