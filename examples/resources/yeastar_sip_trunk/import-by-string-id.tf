# Terraform 1.5 and later can import with an import block, by name or by id:ID.
import {
  to = yeastar_sip_trunk.carrier
  id = "Carrier"
}
