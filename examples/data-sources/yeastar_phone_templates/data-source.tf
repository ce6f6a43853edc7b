data "yeastar_phone_templates" "cp920" {
  model = "CP920"
}

# The ID of the model's first (usually only) template, as the phone's provisioning
# settings on the PBX expect it: "24" for the CP920.
output "cp920_template_id" {
  value = data.yeastar_phone_templates.cp920.templates[0].id
}

# A template chosen by name.
output "cp920_template_id_by_name" {
  value = data.yeastar_phone_templates.cp920.ids_by_name["YSDP_YealinkCP"]
}
