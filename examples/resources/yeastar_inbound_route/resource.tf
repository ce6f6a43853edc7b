# The office's main number: calls that come in on the carrier's trunk for 555 1234 go to the
# main menu during the PBX's business hours, to the front desk's voicemail outside them, and
# hang up on holidays.
data "yeastar_sip_trunk" "carrier" {
  name = "Portal carrier"
}

data "yeastar_ivr" "main" {
  number = "6590"
}

data "yeastar_extension" "front_desk" {
  number = "2000"
}

resource "yeastar_inbound_route" "main" {
  name         = "Main number"
  did_patterns = ["5551234"]
  trunk_ids    = [data.yeastar_sip_trunk.carrier.id]

  destination = {
    type = "ivr"
    id   = data.yeastar_ivr.main.id
  }
  outside_office_hours_destination = {
    type = "ext_vm"
    id   = data.yeastar_extension.front_desk.id
  }
  holiday_destination = {
    type = "end_call"
  }
}

# A second route is tried after the first: depends_on makes the order the creation order.
resource "yeastar_inbound_route" "direct_dial" {
  name         = "Direct dial"
  did_patterns = ["55512XX"]
  trunk_ids    = [data.yeastar_sip_trunk.carrier.id]
  destination = {
    type = "extension"
    id   = data.yeastar_extension.front_desk.id
  }
  depends_on = [yeastar_inbound_route.main]
}
