# Requires Terraform 1.11 or later (OpenTofu 1.11 or later).
terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}

# Credentials come from YEASTAR_BASE_URL, YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET.
provider "yeastar" {}

# The carrier's details, and the office's own numbers. Change them for another office.
variable "carrier_host" {
  description = "The carrier's SIP server."
  type        = string
  default     = "sip.carrier.example"
}

variable "carrier_username" {
  description = "The user name the carrier gave for the SIP trunk."
  type        = string
  default     = "office42"
}

variable "carrier_password" {
  description = "The password the carrier gave for the SIP trunk: TF_VAR_carrier_password. Never stored."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "main_number" {
  description = "The office's main number, as the carrier sends it (the DID)."
  type        = string
  default     = "5551234"
}

variable "emergency_number" {
  description = "The emergency number, dialled with or without the 9."
  type        = string
  default     = "911"
}

# 1. The staff list, as the guide "From a staff list to ringing phones" keys it: people by their
#    e-mail address (by number for a row without one), desk phones by MAC address, and the teams
#    as lists of people in the list's order.
locals {
  rows  = csvdecode(file("${path.module}/staff.csv"))
  staff = { for row in local.rows : (row.email != "" ? lower(row.email) : row.number) => row }
  desks = {
    for row in local.rows :
    upper(join(":", regexall("[0-9A-Fa-f]{2}", replace(row.mac, "/[^0-9A-Fa-f]/", "")))) =>
    merge(row, { person = row.email != "" ? lower(row.email) : row.number })
    if row.mac != ""
  }
  team = {
    for team in distinct([for row in local.rows : row.team if row.team != ""]) :
    team => [for row in local.rows : (row.email != "" ? lower(row.email) : row.number) if row.team == team]
  }
  reception = local.team["reception"]
  sales     = lookup(local.team, "sales", [])

  # Each model's provisioning template, named (a SIP-T46U has two).
  template_by_model = {
    "CP920"    = "YSDP_YealinkCP"
    "SIP-T46U" = "YSDP_YealinkT4x"
    "D785"     = "YSDP_SnomD"
  }
}

# 2. Each person's extension (passwords and PIN generated, sent and forgotten) and desk phone,
#    which names its extension by number (see the staff guide's "Joiners, movers and leavers").
resource "yeastar_extension" "staff" {
  for_each = local.staff

  number             = each.value.number
  first_name         = each.value.first_name
  last_name          = each.value.last_name
  email              = each.value.email != "" ? each.value.email : null
  send_welcome_email = each.value.email != ""

  # A desk phone names its extension through this resource, so Terraform adds the extension
  # first; create_before_destroy makes Terraform also move a leaver's desk phone to its new
  # person before it deletes the leaver's extension, which the PBX refuses while a phone uses it.
  lifecycle {
    create_before_destroy = true
  }
}

data "yeastar_phone_vendors" "all" {}

resource "yeastar_phone" "desk" {
  for_each = local.desks

  mac                 = each.value.mac
  vendor              = data.yeastar_phone_vendors.all.values_by_name[each.value.vendor]
  model               = each.value.model
  template_name       = local.template_by_model[each.value.model]
  provisioning_method = "rps"
  extension_number    = yeastar_extension.staff[each.value.person].number
}

# 3. Who answers: the reception team rings one after the other, the sales team are the sales
#    queue's agents, and the main menu sends callers to either.
resource "yeastar_ring_group" "reception" {
  number       = "6300"
  name         = "Reception"
  strategy     = "sequentially"
  ring_timeout = 20
  member_ids   = [for person in local.reception : yeastar_extension.staff[person].id]
  failover     = { type = "ext_vm", id = yeastar_extension.staff[local.reception[0]].id }
}

resource "yeastar_queue" "sales" {
  number           = "6400"
  name             = "Sales"
  strategy         = "rrmemory"
  static_agent_ids = [for person in local.sales : yeastar_extension.staff[person].id]
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
  invalid_destination = { type = "ring_group", id = yeastar_ring_group.reception.id }
}

# 4. The carrier: the PBX registers with the user name and the password, which goes from the
#    ephemeral variable into the write-only argument and is never stored.
resource "yeastar_sip_trunk" "carrier" {
  name                = "Carrier"
  type                = "register"
  hostname            = var.carrier_host
  username            = var.carrier_username
  password_wo         = var.carrier_password
  password_wo_version = 1 # bump it after changing the password
}

# 5. Calls in: the main number goes to the main menu in office hours, and to the first
#    receptionist's voicemail outside them (the PBX's business hours, set in its web portal).
resource "yeastar_inbound_route" "main" {
  name                             = "Main number"
  did_patterns                     = [var.main_number]
  trunk_ids                        = [yeastar_sip_trunk.carrier.id]
  destination                      = { type = "ivr", id = yeastar_ivr.main.id }
  outside_office_hours_destination = { type = "ext_vm", id = yeastar_extension.staff[local.reception[0]].id }
}

# 6. Calls out: everyone dials 9 and the number, the 9 stripped. The emergency route comes first
#    (routes are tried in creation order, hence depends_on), or 9. would take 9911 too.
resource "yeastar_outbound_route" "emergency" {
  name = "Emergency"
  dial_patterns = [
    { pattern = var.emergency_number },
    { pattern = "9${var.emergency_number}", strip = 1 },
  ]
  trunk_ids = [yeastar_sip_trunk.carrier.id]
}

resource "yeastar_outbound_route" "dial_out" {
  name          = "Dial out"
  dial_patterns = [{ pattern = "9.", strip = 1 }]
  trunk_ids     = [yeastar_sip_trunk.carrier.id]
  depends_on    = [yeastar_outbound_route.emergency]
}

# 7. What to hand over: each desk phone's provisioning link, and who or what answers each number.
output "provisioning_links" {
  description = "The provisioning link of each desk phone, by the extension number it rings for."
  value       = { for mac, phone in yeastar_phone.desk : local.desks[mac].number => phone.provisioning_link }
}

output "dial_plan" {
  description = "Who or what answers each number, one line each."
  value = merge(
    { for row in local.rows : row.number => "${row.first_name} ${row.last_name} (${row.team})" },
    {
      (var.main_number)                     = "main number: main menu in office hours, ${local.staff[local.reception[0]].first_name}'s voicemail outside them"
      (yeastar_ivr.main.number)             = "main menu: 1 sales, 2 reception, no key: reception"
      (yeastar_queue.sales.number)          = "sales queue: ${join(", ", [for person in local.sales : local.staff[person].number])}, then reception"
      (yeastar_ring_group.reception.number) = "reception: ${join(", then ", [for person in local.reception : local.staff[person].number])}, then ${local.staff[local.reception[0]].number}'s voicemail"
      "9 + number"                          = "out through ${yeastar_sip_trunk.carrier.name}, after the emergency route (${var.emergency_number})"
    },
  )
}
