# Terraform 1.5 and later (and OpenTofu) can import with an import block, by extension number
# or by id:ID.
import {
  to = yeastar_extension.jane
  id = "1050"
}
