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
  rows = csvdecode(file("${path.module}/staff.csv"))

  # 1. The staff list: one row per person. A person is their e-mail address (the address they
  #    sign in with); a row without one is the person on that extension number. Keying by
  #    person makes a renumber an in-place change of one extension, and a new person on a
  #    leaver's number a new extension.
  staff = { for row in local.rows : (row.email != "" ? lower(row.email) : row.number) => row }

  # 2. The desk phones: one per MAC address, in any notation. Keying by MAC makes a desk
  #    phone given to someone else an in-place change of the phone's extension. On Terraform
  #    1.8+ and OpenTofu 1.7+, provider::yeastar::normalize_mac(row.mac) is the same key.
  desks = {
    for row in local.rows :
    upper(join(":", regexall("[0-9A-Fa-f]{2}", replace(row.mac, "/[^0-9A-Fa-f]/", "")))) =>
    merge(row, { person = row.email != "" ? lower(row.email) : row.number })
    if row.mac != ""
  }

  # 3. The teams that answer the office's calls, each a list of people in the list's order
  #    (the ring order).
  teams = {
    for team in distinct([for row in local.rows : row.team if row.team != ""]) :
    team => [for row in local.rows : (row.email != "" ? lower(row.email) : row.number) if row.team == team]
  }

  # The provisioning template of each model, named, never guessed: a SIP-T46U has two (one for
  # the expansion module). data.yeastar_phone_templates lists a model's templates.
  template_by_model = {
    "CP920"    = "YSDP_YealinkCP"
    "SIP-T46U" = "YSDP_YealinkT4x"
    "D785"     = "YSDP_SnomD"
  }
}

# 4. Each person's extension. Passwords and the voicemail PIN are generated, sent to the PBX
#    and forgotten; the Linkus welcome e-mail tells the person how to sign in.
resource "yeastar_extension" "staff" {
  for_each = local.staff

  number             = each.value.number
  first_name         = each.value.first_name
  last_name          = each.value.last_name
  email              = each.value.email != "" ? each.value.email : null
  title              = each.value.title != "" ? each.value.title : null
  send_welcome_email = each.value.email != ""

  # A desk phone names its extension through this resource, so Terraform adds the extension
  # first; create_before_destroy makes Terraform also move a leaver's desk phone to its new
  # person before it deletes the leaver's extension, which the PBX refuses while a phone uses it.
  lifecycle {
    create_before_destroy = true
  }
}

# 5. Vendors by display name and each model's templates: one question per distinct value.
data "yeastar_phone_vendors" "all" {}

data "yeastar_phone_templates" "by_model" {
  for_each = toset([for desk in local.desks : desk.model])
  model    = each.value

  # Checked here rather than on each phone: a phone with a condition is visited by every apply,
  # even with nothing to change, and would then hold up a leaver's delete (see section 4).
  lifecycle {
    postcondition {
      condition     = contains(keys(local.template_by_model), each.value)
      error_message = "The model ${each.value} (the phones ${join(", ", [for desk in local.desks : desk.mac if desk.model == each.value])}) has no provisioning template: add \"${each.value}\" to local.template_by_model, with one of ${join(", ", self.templates[*].name)}."
    }
  }
}

# 6. Each desk phone, ringing for its row's extension, which it names through the extension
#    resource: Terraform adds a joiner's extension before their phone.
resource "yeastar_phone" "desk" {
  for_each = local.desks

  mac                 = each.value.mac
  vendor              = data.yeastar_phone_vendors.all.values_by_name[each.value.vendor]
  model               = each.value.model
  template_name       = lookup(local.template_by_model, each.value.model, "")
  provisioning_method = "rps"
  extension_number    = yeastar_extension.staff[each.value.person].number
}

# 7. Who answers: the reception team rings one after the other, the sales team are the sales
#    queue's agents (a caller who waits two minutes goes to the reception), and the main menu
#    sends callers on: 1 for sales, 2 for the reception, the reception when they press nothing.
resource "yeastar_ring_group" "reception" {
  number       = "6300"
  name         = "Reception"
  strategy     = "sequentially"
  ring_timeout = 20
  member_ids   = [for person in lookup(local.teams, "reception", []) : yeastar_extension.staff[person].id]
}

resource "yeastar_queue" "sales" {
  number           = "6400"
  name             = "Sales"
  static_agent_ids = [for person in lookup(local.teams, "sales", []) : yeastar_extension.staff[person].id]
  max_wait_time    = 120
  failover         = { type = "ring_group", id = yeastar_ring_group.reception.id }
}

resource "yeastar_ivr" "main" {
  number = "6500"
  name   = "Main menu"
  keys = {
    "1" = { type = "queue", id = yeastar_queue.sales.id }
    "2" = { type = "ring_group", id = yeastar_ring_group.reception.id }
  }
  timeout_destination = { type = "ring_group", id = yeastar_ring_group.reception.id }
}

# 8. What to hand over: each desk phone's provisioning link and each extension's ID, by
#    extension number.
output "provisioning_links" {
  description = "The provisioning link of each desk phone, by the extension number it rings for."
  value       = { for mac, phone in yeastar_phone.desk : local.desks[mac].number => phone.provisioning_link }
}

output "extension_ids" {
  description = "The PBX's ID of each person's extension, by extension number."
  value       = { for person, extension in yeastar_extension.staff : extension.number => extension.id }
}
