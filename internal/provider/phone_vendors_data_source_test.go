package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func entry(name, value, phoneType string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name": knownvalue.StringExact(name), "value": knownvalue.StringExact(value), "type": knownvalue.StringExact(phoneType),
	})
}

func TestAccPhoneVendorsDataSource(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
data "yeastar_phone_vendors" "all" {}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.yeastar_phone_vendors.all", tfjsonpath.New("vendors"), knownvalue.ListExact([]knownvalue.Check{
				entry("Alcatel-Lucent Enterprise", "Ale", "Deskphone"),
				entry("Snom", "Snom", "Deskphone"),
				entry("Fanvil", "Fanvil", "Deskphone"),
				entry("Htek", "Htek", "Deskphone"),
				entry("Grandstream", "Grandstream", "Deskphone"),
				entry("Yealink", "Yealink", "Deskphone"),
			})),
			statecheck.ExpectKnownValue("data.yeastar_phone_vendors.all", tfjsonpath.New("values_by_name"), knownvalue.MapExact(map[string]knownvalue.Check{
				"Alcatel-Lucent Enterprise": knownvalue.StringExact("Ale"),
				"Snom":                      knownvalue.StringExact("Snom"),
				"Fanvil":                    knownvalue.StringExact("Fanvil"),
				"Htek":                      knownvalue.StringExact("Htek"),
				"Grandstream":               knownvalue.StringExact("Grandstream"),
				"Yealink":                   knownvalue.StringExact("Yealink"),
			})),
		},
	}))
}
