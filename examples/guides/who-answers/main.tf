terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}

# Credentials come from YEASTAR_BASE_URL, YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET.
provider "yeastar" {}

# 1. The staff list, keyed by person (their e-mail address), as the guide "From a staff list
#    to ringing phones" keys it; the team column says who answers what, in the list's order.
locals {
  rows  = csvdecode(file("${path.module}/staff.csv"))
  staff = { for row in local.rows : lower(row.email) => row }
  team  = { for team in distinct([for row in local.rows : row.team]) : team => [for row in local.rows : lower(row.email) if row.team == team] }
}

resource "yeastar_extension" "staff" {
  for_each = local.staff

  number     = each.value.number
  first_name = each.value.first_name
  last_name  = each.value.last_name
  email      = each.value.email
}

# 2. The reception: its team rings one after the other, in the order of the list; a call
#    nobody answers goes to the first receptionist's voicemail.
resource "yeastar_ring_group" "reception" {
  number       = "6300"
  name         = "Reception"
  strategy     = "sequentially"
  ring_timeout = 20
  member_ids   = [for person in local.team["reception"] : yeastar_extension.staff[person].id]
  failover = {
    type = "ext_vm"
    id   = yeastar_extension.staff[local.team["reception"][0]].id
  }
}

# 3. The sales queue: the sales team are its agents; a caller who waits two minutes goes back
#    to the main menu.
resource "yeastar_queue" "sales" {
  number           = "6400"
  name             = "Sales"
  strategy         = "rrmemory"
  static_agent_ids = [for person in local.team["sales"] : yeastar_extension.staff[person].id]
  max_wait_time    = 120
  failover         = { type = "ivr", id = yeastar_ivr.main.id }
}

# 4. The main menu: "press 1 for sales, 2 for the reception". A caller who presses nothing, or
#    a key without a destination, goes to the reception. Its keys are left unset here and set by
#    yeastar_ivr_key below, since the sales queue fails over back to this menu: the menu, then
#    the queue, then the key, in one apply and without a cycle.
resource "yeastar_ivr" "main" {
  number              = "6500"
  name                = "Main menu"
  dial_extensions     = true
  timeout_destination = { type = "ring_group", id = yeastar_ring_group.reception.id }
  invalid_destination = { type = "ring_group", id = yeastar_ring_group.reception.id }
}

resource "yeastar_ivr_key" "sales" {
  ivr_id      = yeastar_ivr.main.id
  key         = "1"
  destination = { type = "queue", id = yeastar_queue.sales.id }
}

resource "yeastar_ivr_key" "reception" {
  ivr_id      = yeastar_ivr.main.id
  key         = "2"
  destination = { type = "ring_group", id = yeastar_ring_group.reception.id }
}

# 5. Who answers each number: point the office's inbound route at the main menu's number.
output "who_answers" {
  description = "What each new number of the dial plan does."
  value = {
    (yeastar_ivr.main.number)             = "main menu: 1 sales, 2 reception"
    (yeastar_queue.sales.number)          = "sales queue: ${join(", ", [for person in local.team["sales"] : yeastar_extension.staff[person].number])}"
    (yeastar_ring_group.reception.number) = "reception: ${join(", then ", [for person in local.team["reception"] : yeastar_extension.staff[person].number])}"
  }
}
