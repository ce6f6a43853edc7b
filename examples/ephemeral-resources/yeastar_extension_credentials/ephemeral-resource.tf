# Requires Terraform 1.10 or later (OpenTofu 1.11 or later).
# The SIP registration password and voicemail PIN of extension 1001, for the length of this run
# only: for another provider's write-only argument or a provisioner. Never stored.
data "yeastar_extension" "lobby" {
  number = "1001"
}

ephemeral "yeastar_extension_credentials" "lobby" {
  id = data.yeastar_extension.lobby.id
}

# For example, hand the SIP password to a write-only argument of another resource:
#   sip_password_wo = ephemeral.yeastar_extension_credentials.lobby.registration_password
