# Terraform 1.12 and later can also name the phone by its resource identity.
import {
  to = yeastar_phone.lobby
  identity = {
    id = "17"
  }
}
