# The outbound route named exactly "Portal dial out", made in the web portal.
data "yeastar_outbound_route" "portal" {
  name = "Portal dial out"
}

output "portal_outbound_route_id" {
  value = data.yeastar_outbound_route.portal.id
}
