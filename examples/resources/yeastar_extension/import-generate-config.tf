# terraform plan -generate-config-out=adopted.tf writes the resource block for this import.
import {
  provider = yeastar
  to       = yeastar_extension.jane
  id       = "1050"
}
