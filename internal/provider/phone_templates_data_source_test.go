package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func template(name, id string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact(name), "id": knownvalue.StringExact(id)})
}

func TestAccPhoneTemplatesDataSource(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
data "yeastar_phone_templates" "cp920" {
  model = "CP920"
}

data "yeastar_phone_templates" "t46u" {
  model = "SIP-T46U"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.yeastar_phone_templates.cp920", tfjsonpath.New("templates"),
				knownvalue.ListExact([]knownvalue.Check{template("YSDP_YealinkCP", "24")})),
			statecheck.ExpectKnownValue("data.yeastar_phone_templates.cp920", tfjsonpath.New("ids_by_name"),
				knownvalue.MapExact(map[string]knownvalue.Check{"YSDP_YealinkCP": knownvalue.StringExact("24")})),
			statecheck.ExpectKnownValue("data.yeastar_phone_templates.t46u", tfjsonpath.New("templates"),
				knownvalue.ListExact([]knownvalue.Check{template("YSDP_YealinkT4x_EXP", "27"), template("YSDP_YealinkT4x", "22")})),
			statecheck.ExpectKnownValue("data.yeastar_phone_templates.t46u", tfjsonpath.New("names"),
				knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("YSDP_YealinkT4x_EXP"), knownvalue.StringExact("YSDP_YealinkT4x")})),
		},
	}))
}

func TestAccPhoneTemplatesDataSourceArgumentErrors(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.expectErrors(t, map[string]configError{
		"missing model": {`data "yeastar_phone_templates" "x" {}`, `The argument "model" is required`},
		"blank model": {`data "yeastar_phone_templates" "x" {
  model = "   "
}`, `model[\s\S]*non-empty value`},
		"unknown model": {`data "yeastar_phone_templates" "x" {
  model = "cp920"
}`, `Unknown phone model[\s\S]*Did you mean "CP920"`},
	})
}
