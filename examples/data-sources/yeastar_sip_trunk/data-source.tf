# The trunk named exactly "Portal carrier", made in the web portal, for a route's trunk_ids.
data "yeastar_sip_trunk" "portal" {
  name = "Portal carrier"
}

output "portal_trunk_id" {
  description = "The ID a route takes in trunk_ids."
  value       = data.yeastar_sip_trunk.portal.id
}
