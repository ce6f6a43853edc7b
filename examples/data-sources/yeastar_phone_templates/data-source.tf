data "yeastar_phone_templates" "t46u" {
  model = "SIP-T46U"
}

# Every template of the model by name, in the PBX's order: ["YSDP_YealinkT4x_EXP",
# "YSDP_YealinkT4x"] on the project's fake PBX. yeastar_phone takes one of these names as
# template_name: name the one you want, since the first is not always the phone's own.
output "t46u_template_names" {
  value = data.yeastar_phone_templates.t46u.names
}

# Check that the template a configuration names exists for the model.
output "t46u_has_its_template" {
  value = contains(data.yeastar_phone_templates.t46u.names, "YSDP_YealinkT4x")
}

# The PBX's own ID of a template, chosen by name.
output "t46u_template_id" {
  value = data.yeastar_phone_templates.t46u.ids_by_name["YSDP_YealinkT4x"]
}
