# The reception: the front desk rings first, then two colleagues, one after the other; a call
# nobody answers goes to the front desk's voicemail.
data "yeastar_extension" "front_desk" {
  number = "2000"
}

data "yeastar_extension" "james" {
  number = "1001"
}

data "yeastar_extension" "emma" {
  number = "1002"
}

resource "yeastar_ring_group" "reception" {
  number       = "6300"
  name         = "Reception"
  strategy     = "sequentially"
  ring_timeout = 20
  member_ids = [
    data.yeastar_extension.front_desk.id,
    data.yeastar_extension.james.id,
    data.yeastar_extension.emma.id,
  ]
  failover = {
    type = "ext_vm"
    id   = data.yeastar_extension.front_desk.id
  }
}
