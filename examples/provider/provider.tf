terraform {
  required_providers {
    yeastar = {
      source  = "pbx-iac/yeastar"
      version = "~> 0.1"
    }
  }
}

# Cloud Edition: the provider takes its own access token with the API application's
# Client ID and Secret (PBX web portal: Integrations > API), shares it between all data
# sources, and revokes it when Terraform is done.
provider "yeastar" {
  base_url      = "https://yeastardocs.example.yeastarcloud.com"
  client_id     = var.yeastar_client_id
  client_secret = var.yeastar_client_secret
}

# Software or Appliance Edition on port 8088 with a self-signed certificate.
provider "yeastar" {
  alias          = "onprem"
  base_url       = "https://192.0.2.10:8088"
  ca_certificate = file("${path.module}/pbx-ca.pem")
  client_id      = var.yeastar_client_id
  client_secret  = var.yeastar_client_secret
}

variable "yeastar_client_id" {
  description = "The Client ID of the PBX's API application."
  type        = string
}

variable "yeastar_client_secret" {
  description = "The Client Secret of the PBX's API application."
  type        = string
  sensitive   = true
}
