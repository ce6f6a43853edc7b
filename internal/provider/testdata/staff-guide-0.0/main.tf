# The staff guide as the first release printed it (keyed by extension number), for the upgrade test.
terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}

# Credentials come from YEASTAR_BASE_URL, YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET.
provider "yeastar" {}

# 1. The staff list: one row per person, keyed by extension number.
locals {
  staff = { for row in csvdecode(file("${path.module}/staff.csv")) : row.number => row }
}

# 2. Each person's extension. Passwords and the voicemail PIN are generated, sent to the PBX
#    and forgotten; the Linkus welcome e-mail tells the person how to sign in.
resource "yeastar_extension" "staff" {
  for_each = local.staff

  number             = each.key
  first_name         = each.value.first_name
  last_name          = each.value.last_name
  email              = each.value.email
  send_welcome_email = true
}

# 3. Vendors by display name and each model's templates: one question per distinct value.
data "yeastar_phone_vendors" "all" {}

data "yeastar_phone_templates" "by_model" {
  for_each = toset([for person in local.staff : person.model])
  model    = each.value
}

# 4. Each person's desk phone, ringing for the extension created above in the same apply.
resource "yeastar_phone" "staff" {
  for_each = local.staff

  mac                 = each.value.mac
  vendor              = data.yeastar_phone_vendors.all.values_by_name[each.value.vendor]
  model               = each.value.model
  template_name       = data.yeastar_phone_templates.by_model[each.value.model].templates[0].name
  provisioning_method = "rps"
  extension_id        = yeastar_extension.staff[each.key].id
}

# 5. What to hand over: each phone's provisioning link, and each person's extension ID.
output "provisioning_links" {
  description = "The provisioning link of each person's phone, by extension number."
  value       = { for number, phone in yeastar_phone.staff : number => phone.provisioning_link }
}

output "extension_ids" {
  description = "The PBX's ID of each person's extension, by extension number."
  value       = { for number, extension in yeastar_extension.staff : number => extension.id }
}
