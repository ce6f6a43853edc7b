# The main menu's key 1 sends calls to the sales queue, and the queue sends a caller who waited
# too long back to the main menu. With the keys in the IVR's own keys argument this would be a
# dependency cycle; with yeastar_ivr_key it is the IVR, then the queue, then the key, in one
# apply. terraform destroy clears the key first, so that nothing is deleted while in use.
data "yeastar_extension" "sophia" {
  number = "1012"
}

resource "yeastar_ivr" "main" {
  number = "6500"
  name   = "Main menu"
  # keys is left unset: the yeastar_ivr_key resources manage them.
}

resource "yeastar_queue" "sales" {
  number           = "6400"
  name             = "Sales"
  static_agent_ids = [data.yeastar_extension.sophia.id]
  max_wait_time    = 120
  failover         = { type = "ivr", id = yeastar_ivr.main.id }
}

resource "yeastar_ivr_key" "sales" {
  ivr_id      = yeastar_ivr.main.id
  key         = "1"
  destination = { type = "queue", id = yeastar_queue.sales.id }
}
