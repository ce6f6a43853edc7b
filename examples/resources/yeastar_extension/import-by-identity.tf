# Terraform 1.12 and later can also name the extension by its resource identity, its ID.
import {
  to = yeastar_extension.jane
  identity = {
    id = "42"
  }
}
