# Terraform 1.12 and later can also name the trunk by its resource identity, its ID.
import {
  to = yeastar_sip_trunk.carrier
  identity = {
    id = "3"
  }
}
