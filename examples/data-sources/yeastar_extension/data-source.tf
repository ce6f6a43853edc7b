# The extension numbered exactly 1001 (not 10010, which the PBX's keyword search also finds).
data "yeastar_extension" "reception" {
  number = "1001"
}

output "reception_extension_id" {
  description = "The ID that yeastar_phone takes as extension_id."
  value       = data.yeastar_extension.reception.id
}

output "reception_name" {
  description = "The caller ID name of extension 1001."
  value       = data.yeastar_extension.reception.caller_id_name
}
