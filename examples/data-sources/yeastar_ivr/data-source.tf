# The IVR numbered exactly 6590, made in the web portal, for a yeastar_ivr_key or a failover.
data "yeastar_ivr" "main" {
  number = "6590"
}

output "main_menu_id" {
  description = "The ID a destination takes with type = \"ivr\", and yeastar_ivr_key as ivr_id."
  value       = data.yeastar_ivr.main.id
}
