# The ring group numbered exactly 6390, made in the web portal, as a queue's failover.
data "yeastar_ring_group" "reception" {
  number = "6390"
}

output "reception_ring_group_id" {
  description = "The ID a destination takes with type = \"ring_group\"."
  value       = data.yeastar_ring_group.reception.id
}
