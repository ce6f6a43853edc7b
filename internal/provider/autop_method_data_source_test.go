package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const cp920Link = "yeastardocs.example.yeastarcloud.com:443/api/autoprovision/6gEzigLFhMGntjd8"

func TestAccAutopMethodDataSource(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
data "yeastar_autop_method" "cp920" {
  vendor = "Yealink"
  model  = "CP920"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.yeastar_autop_method.cp920", tfjsonpath.New("methods"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"method":            knownvalue.StringExact("rps"),
					"type":              knownvalue.StringExact("full"),
					"provisioning_link": knownvalue.StringExact(cp920Link),
				}),
			})),
			statecheck.ExpectKnownValue("data.yeastar_autop_method.cp920", tfjsonpath.New("links_by_method"),
				knownvalue.MapExact(map[string]knownvalue.Check{"rps": knownvalue.StringExact(cp920Link)})),
		},
	}))
}

func TestAccAutopMethodDataSourceSelfHostedMethodsInOrder(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.Edition = "self-hosted"
	pbx.Domain = "192.0.2.10"
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
data "yeastar_autop_method" "d785" {
  vendor = "Snom"
  model  = "D785"
}
`,
		Check: resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckResourceAttr("data.yeastar_autop_method.d785", "methods.#", "4"),
			resource.TestCheckResourceAttr("data.yeastar_autop_method.d785", "methods.0.method", "rps_fqdn"),
			resource.TestCheckResourceAttr("data.yeastar_autop_method.d785", "methods.1.method", "rps"),
			resource.TestCheckResourceAttr("data.yeastar_autop_method.d785", "methods.2.method", "pnp"),
			resource.TestCheckResourceAttr("data.yeastar_autop_method.d785", "methods.3.method", "dhcp"),
			resource.TestMatchResourceAttr("data.yeastar_autop_method.d785", "links_by_method.dhcp", regexp.MustCompile(`^http://192\.0\.2\.10:80/api/autoprovision/\w{16}$`)),
		),
	}))
}

func TestAccAutopMethodDataSourceArgumentErrors(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.expectErrors(t, map[string]configError{
		"missing model": {`data "yeastar_autop_method" "x" {
  vendor = "Yealink"
}`, `The argument "model" is required`},
		"missing vendor": {`data "yeastar_autop_method" "x" {
  model = "CP920"
}`, `The argument "vendor" is required`},
		"empty vendor": {`data "yeastar_autop_method" "x" {
  vendor = ""
  model = "CP920"
}`, `vendor[\s\S]*non-empty value`},
		"unknown vendor": {`data "yeastar_autop_method" "x" {
  vendor = "yealink"
  model = "CP920"
}`, `Unknown phone vendor[\s\S]*Did you mean "Yealink"`},
		"model of other vendor": {`data "yeastar_autop_method" "x" {
  vendor = "Snom"
  model = "CP920"
}`, `Unknown phone model[\s\S]*Vendor "Snom" has no model "CP920"[\s\S]*"D717"`},
	})
}
