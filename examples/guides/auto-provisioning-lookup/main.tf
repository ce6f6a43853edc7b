terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}

# Credentials come from YEASTAR_BASE_URL, YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET.
provider "yeastar" {}

# The phones to provision, by vendor display name and model.
locals {
  phones = {
    "reception"  = { vendor = "Yealink", model = "SIP-T46U" }
    "boardroom"  = { vendor = "Yealink", model = "CP920" }
    "warehouse"  = { vendor = "Snom", model = "M900" }
    "front-desk" = { vendor = "Alcatel-Lucent Enterprise", model = "M5" }
  }
}

# 1. Vendors: map display names to the parameter values the other queries take.
data "yeastar_phone_vendors" "all" {}

locals {
  vendor_values = data.yeastar_phone_vendors.all.values_by_name
  models        = toset([for p in local.phones : p.model])
  vendor_models = { for p in local.phones : "${local.vendor_values[p.vendor]}/${p.model}" => {
    vendor = local.vendor_values[p.vendor]
    model  = p.model
  } }
}

# 2. Models of the phones' vendors, for each model's phone type.
data "yeastar_phone_models" "by_vendor" {
  for_each = toset([for p in local.phones : local.vendor_values[p.vendor]])
  vendor   = each.value
}

# 3. Template IDs, one query per distinct model however many phones share it.
data "yeastar_phone_templates" "by_model" {
  for_each = local.models
  model    = each.value
}

# 4. Provisioning methods and links, per vendor and model.
data "yeastar_autop_method" "by_model" {
  for_each = local.vendor_models
  vendor   = each.value.vendor
  model    = each.value.model
}

output "provisioning" {
  description = "What each phone's auto provisioning needs."
  value = { for name, p in local.phones : name => {
    vendor            = local.vendor_values[p.vendor]
    model             = p.model
    model_type        = one([for m in data.yeastar_phone_models.by_vendor[local.vendor_values[p.vendor]].models : m.type if m.value == p.model])
    template_id       = data.yeastar_phone_templates.by_model[p.model].templates[0].id
    provisioning_link = data.yeastar_autop_method.by_model["${local.vendor_values[p.vendor]}/${p.model}"].links_by_method["rps"]
  } }
}
