# Requires Terraform 1.11 or later (OpenTofu 1.11 or later).
# The PBX registers to the carrier with the user name and password the carrier gave. The
# password is a write-only argument: Terraform sends it to the PBX and never stores it. Pass it
# in an ephemeral variable (TF_VAR_carrier_password) or from an ephemeral resource such as a
# secret manager's.
variable "carrier_password" {
  type      = string
  ephemeral = true
  sensitive = true
}

resource "yeastar_sip_trunk" "carrier" {
  name     = "Carrier"
  type     = "register"
  hostname = "sip.carrier.example"
  username = "office42"

  password_wo = var.carrier_password
  # Bump the version to send the password again after changing it (rotation).
  password_wo_version = 1
}
