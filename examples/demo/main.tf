# The main job against the bundled fake PBX: look up what two Yealink phones need, put them on
# the PBX's auto-provisioning list assigned to their extensions, and print their provisioning
# links. `make demo` runs this configuration; point YEASTAR_BASE_URL and the credentials at a
# real PBX to run it there.
terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}

# base_url, client_id and client_secret come from YEASTAR_BASE_URL, YEASTAR_CLIENT_ID and
# YEASTAR_CLIENT_SECRET.
provider "yeastar" {}

variable "phones" {
  description = "The phones to provision: MAC address (any notation) => extension number, model and provisioning template."
  type        = map(object({ extension = string, model = string, template = string }))
  default = {
    "80:5E:C0:11:22:33" = { extension = "1001", model = "CP920", template = "YSDP_YealinkCP" }
    "80-5e-c0-44-55-66" = { extension = "1002", model = "SIP-T46U", template = "YSDP_YealinkT4x" }
  }
}

data "yeastar_phone_vendors" "all" {}

data "yeastar_phone_templates" "by_model" {
  for_each = toset([for p in var.phones : p.model])
  model    = each.value
}

data "yeastar_extension" "by_number" {
  for_each = toset([for p in var.phones : p.extension])
  number   = each.value
}

resource "yeastar_phone" "this" {
  for_each = var.phones

  mac                 = each.key
  vendor              = data.yeastar_phone_vendors.all.values_by_name["Yealink"]
  model               = each.value.model
  template_name       = each.value.template
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.by_number[each.value.extension].id
}

output "templates_by_model" {
  description = "The provisioning templates the PBX offers for each model: a phone names one of them."
  value       = { for model, t in data.yeastar_phone_templates.by_model : model => t.templates[*].name }
}

output "provisioning_links" {
  description = "Each phone's provisioning link, for the vendor's redirection service or DHCP option 66."
  value       = { for mac, phone in yeastar_phone.this : mac => phone.provisioning_link }
}

output "phone_ids" {
  description = "The PBX's ID of each phone."
  value       = { for mac, phone in yeastar_phone.this : mac => phone.id }
}
