# Staff dial 9 and the number to call out through the carrier's trunk, the 9 stripped; the
# emergency number goes out first, whether dialled with the 9 or without. Routes are tried in
# creation order, so the general route depends on the emergency one.
data "yeastar_sip_trunk" "carrier" {
  name = "Portal carrier"
}

resource "yeastar_outbound_route" "emergency" {
  name = "Emergency"
  dial_patterns = [
    { pattern = "911" },
    { pattern = "9911", strip = 1 },
  ]
  trunk_ids = [data.yeastar_sip_trunk.carrier.id]
}

resource "yeastar_outbound_route" "dial_out" {
  name          = "Dial out"
  dial_patterns = [{ pattern = "9.", strip = 1 }]
  trunk_ids     = [data.yeastar_sip_trunk.carrier.id]
  depends_on    = [yeastar_outbound_route.emergency]
}
