# Resolves what the PBX's auto-provisioning needs for a Yealink CP920 conference phone:
# its provisioning template ID and its provisioning link. `make demo` runs this configuration
# against the bundled fake PBX; point YEASTAR_BASE_URL and the credentials at a real PBX to run
# it there.
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

variable "vendor" {
  description = "The phone vendor's parameter value."
  type        = string
  default     = "Yealink"
}

variable "model" {
  description = "The phone model's parameter value."
  type        = string
  default     = "CP920"
}

data "yeastar_phone_vendors" "all" {}

data "yeastar_phone_templates" "this" {
  model = var.model
}

data "yeastar_autop_method" "this" {
  vendor = var.vendor
  model  = var.model
}

output "vendors" {
  description = "The phone vendors the PBX supports, by display name."
  value       = data.yeastar_phone_vendors.all.values_by_name
}

output "template_id" {
  description = "The provisioning template ID of the model."
  value       = data.yeastar_phone_templates.this.templates[0].id
}

output "provisioning_link" {
  description = "The link the phone (or DHCP option 66) is given for RPS provisioning."
  value       = data.yeastar_autop_method.this.links_by_method["rps"]
}
