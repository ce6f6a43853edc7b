# Terraform 1.8 or OpenTofu 1.7 or later. Phones keyed by the address as the PBX holds it
# ("80:5E:C0:44:55:66"), so that rewriting "80-5e-c0-44-55-66" in another notation changes
# nothing.
locals {
  phones = {
    for p in [
      { mac = "80-5e-c0-44-55-66", model = "SIP-T46U", template = "YSDP_YealinkT4x", extension = "1001" },
      { mac = "805ec0112233", model = "CP920", template = "YSDP_YealinkCP", extension = "1002" },
    ] : provider::yeastar::normalize_mac(p.mac) => p
  }
}

# The PBX adds a phone only with an extension it rings for: each one's, by number.
data "yeastar_extension" "desk" {
  for_each = local.phones
  number   = each.value.extension
}

resource "yeastar_phone" "office" {
  for_each = local.phones

  mac                 = each.value.mac
  vendor              = "Yealink"
  model               = each.value.model
  template_name       = each.value.template
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.desk[each.key].id
}
