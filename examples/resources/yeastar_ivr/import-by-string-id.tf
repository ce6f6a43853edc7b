# Terraform 1.5 and later can import with an import block, by number or by id:ID.
import {
  to = yeastar_ivr.main
  id = "6500"
}
