# Terraform 1.12 and later can also name the queue by its resource identity, its ID.
import {
  to = yeastar_queue.sales
  identity = {
    id = "3"
  }
}
