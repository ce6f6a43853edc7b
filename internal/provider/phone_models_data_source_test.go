package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccPhoneModelsDataSource(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
data "yeastar_phone_models" "yealink" {
  vendor = "Yealink"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.yeastar_phone_models.yealink", tfjsonpath.New("models"), knownvalue.ListExact([]knownvalue.Check{
				entry("CP920", "CP920", "Conferencephone"),
				entry("CP965", "CP965", "Conferencephone"),
				entry("SIP-T31P", "SIP-T31P", "Deskphone"),
				entry("SIP-T46U", "SIP-T46U", "Deskphone"),
				entry("SIP-T54W", "SIP-T54W", "Deskphone"),
				entry("SIP-W80DM", "SIP-W80DM", "DECT"),
				entry("W73P", "W73P", "DECT"),
				entry("VP59", "VP59", "Deskphone"),
			})),
			statecheck.ExpectKnownValue("data.yeastar_phone_models.yealink", tfjsonpath.New("values_by_name").AtMapKey("SIP-W80DM"), knownvalue.StringExact("SIP-W80DM")),
			statecheck.ExpectKnownValue("data.yeastar_phone_models.yealink", tfjsonpath.New("vendor"), knownvalue.StringExact("Yealink")),
		},
	}))
}

func TestAccPhoneModelsDataSourceArgumentErrors(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.expectErrors(t, map[string]configError{
		"missing vendor": {`data "yeastar_phone_models" "x" {}`, `The argument "vendor" is required`},
		"empty vendor": {`data "yeastar_phone_models" "x" {
  vendor = ""
}`, `vendor[\s\S]*non-empty value`},
		"whitespace vendor": {`data "yeastar_phone_models" "x" {
  vendor = " Yealink"
}`, `vendor[\s\S]*leading or trailing whitespace`},
		"unknown vendor": {`data "yeastar_phone_models" "x" {
  vendor = "Yelink"
}`, `Unknown phone vendor[\s\S]*Did you mean "Yealink"\?[\s\S]*"Ale"`},
		"vendor's name": {`data "yeastar_phone_models" "x" {
  vendor = "Alcatel-Lucent Enterprise"
}`, `Unknown phone vendor[\s\S]*yeastar_phone_vendors`},
	})
}
