# The queue numbered exactly 6490, made in the web portal, as an IVR key's destination.
data "yeastar_queue" "sales" {
  number = "6490"
}

output "sales_queue_id" {
  description = "The ID a destination takes with type = \"queue\"."
  value       = data.yeastar_queue.sales.id
}
