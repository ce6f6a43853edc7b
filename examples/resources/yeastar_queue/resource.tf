# The sales queue: two agents always logged in, a third who logs in when she is at her desk.
# A caller who waits more than two minutes is sent to an outside number (the sales manager's
# mobile), dialled through the outbound route with the dial-out prefix 9.
data "yeastar_extension" "sophia" {
  number = "1012"
}

data "yeastar_extension" "henry" {
  number = "1013"
}

data "yeastar_extension" "abigail" {
  number = "1014"
}

resource "yeastar_queue" "sales" {
  number            = "6400"
  name              = "Sales"
  strategy          = "rrmemory"
  static_agent_ids  = [data.yeastar_extension.sophia.id, data.yeastar_extension.henry.id]
  dynamic_agent_ids = [data.yeastar_extension.abigail.id]
  max_wait_time     = 120
  wrap_up_time      = 15
  failover = {
    type   = "external_num"
    number = "+14155550100"
    prefix = "9"
  }
}
