# Requires Terraform 1.11 or later (OpenTofu 1.11 or later).
# Secrets you choose are write-only arguments: Terraform sends them to the PBX and never stores
# them. Pass them in an ephemeral variable (TF_VAR_reception_user_password), or from an
# ephemeral resource such as a secret manager's. Left null, the provider generates one instead.
variable "reception_user_password" {
  type      = string
  default   = null
  ephemeral = true
  sensitive = true
}

resource "yeastar_extension" "reception" {
  number     = "2050"
  first_name = "Front"
  last_name  = "Desk"

  user_password_wo = var.reception_user_password
  # Bump a version to send the password again after changing it, or, where the password is not
  # given, to have a new one generated (rotation).
  user_password_wo_version         = 1
  registration_password_wo_version = 1
  voicemail_pin_wo_version         = 1

  # Presence is left unset: the receptionist may set lunch or away, and that is not drift.
  concurrent_registrations = 3
  voicemail_pin_required   = false
}
