# Terraform 1.12 and later can also name the route by its resource identity, its ID.
import {
  to = yeastar_inbound_route.main
  identity = {
    id = "3"
  }
}
