# Terraform 1.12 and later can also name the ring group by its resource identity, its ID.
import {
  to = yeastar_ring_group.reception
  identity = {
    id = "3"
  }
}
