# Terraform 1.5 and later (and OpenTofu) can import with an import block, by phone ID or MAC
# address. To have `terraform plan -generate-config-out=adopted.tf` write the resource block,
# add `provider = yeastar` to the import block, and delete that line once the generated block
# is in the configuration (Terraform takes it only while it generates the block).
import {
  to = yeastar_phone.lobby
  id = "80:5E:C0:11:22:33"
}
