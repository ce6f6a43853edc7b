# The inbound route named exactly "Portal number", made in the web portal.
data "yeastar_inbound_route" "portal" {
  name = "Portal number"
}

output "portal_inbound_route_id" {
  value = data.yeastar_inbound_route.portal.id
}
