# A carrier that sends calls to the PBX's address: a peer trunk has no password, and works on
# every Terraform and OpenTofu version.
resource "yeastar_sip_trunk" "backup" {
  name      = "Second carrier"
  type      = "peer"
  hostname  = "198.51.100.20"
  transport = "tcp"
  codecs    = ["alaw", "ulaw"]

  outbound_caller_id      = "+14155550100"
  outbound_caller_id_name = "Example Ltd"
}
