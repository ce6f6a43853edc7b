# Terraform 1.12 and later can also name the IVR by its resource identity, its ID.
import {
  to = yeastar_ivr.main
  identity = {
    id = "3"
  }
}
