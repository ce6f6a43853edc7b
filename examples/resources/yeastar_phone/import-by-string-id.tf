# Terraform 1.5 and later can import with an import block, by phone ID or MAC address.
import {
  to = yeastar_phone.lobby
  id = "80:5E:C0:11:22:33"
}
