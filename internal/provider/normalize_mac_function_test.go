package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// TestAccNormalizeMACFunction: every notation yeastar_phone takes comes out as the PBX holds
// it, so an inventory keyed by the function's result does not change with the notation; an
// address that is none fails with the provider's message, naming what to write. The provider
// block is there because OpenTofu configures a provider before calling its functions (Terraform
// does not), as in any configuration that also uses the provider's resources.
func TestAccNormalizeMACFunction(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.providerBlock() + `
output "canonical" {
  value = [for mac in ["80:5E:C0:11:22:33", "80-5e-c0-11-22-33", "805e.c011.2233", "805ec0112233", " 80:5e:c0:11:22:33 "] :
    provider::yeastar::normalize_mac(mac)]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("canonical", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("80:5E:C0:11:22:33"), knownvalue.StringExact("80:5E:C0:11:22:33"),
					knownvalue.StringExact("80:5E:C0:11:22:33"), knownvalue.StringExact("80:5E:C0:11:22:33"),
					knownvalue.StringExact("80:5E:C0:11:22:33"),
				})),
			},
		},
		resource.TestStep{
			Config: pbx.providerBlock() + `
output "canonical" {
  value = provider::yeastar::normalize_mac("80:5E:C0:11:22")
}
`,
			ExpectError: errorPattern(`"80:5E:C0:11:22" is not a MAC address: write 12 hexadecimal digits`),
		},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}
	resource.Test(t, tc)
}
