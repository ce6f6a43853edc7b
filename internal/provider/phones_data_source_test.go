package provider

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

func TestAccPhonesDataSourceReadsEveryPage(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.MaxPageSize = 4 // 25 phones take 7 pages
	ext1001, ext10010 := int(pbx.extensionID(t, "1001")), int(pbx.extensionID(t, "10010"))
	var all []knownvalue.Check
	for i := range 25 {
		p := fakeyeastar.Phone{MAC: fmt.Sprintf("80:5E:C0:00:01:%02X", i), Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP",
			ProvisioningMethod: "rps", Firmware: "108.86.0.20"}
		switch i {
		case 3:
			p.ExtensionID, p.Registered = ext1001, true
		case 20:
			p.ExtensionID = ext10010
		}
		id := pbx.AddPhone(p)
		all = append(all, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(strconv.Itoa(id)), "mac": knownvalue.StringExact(p.MAC),
		}))
	}
	lobby, _ := pbx.ExtensionByNumber("1001")
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
data "yeastar_phones" "all" {}

data "yeastar_phones" "ext_1001" {
  search = "1001"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.yeastar_phones.all", tfjsonpath.New("phones"), knownvalue.ListExact(all)),
			statecheck.ExpectKnownValue("data.yeastar_phones.all", tfjsonpath.New("phones").AtSliceIndex(3), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": knownvalue.NotNull(), "mac": knownvalue.StringExact("80:5E:C0:00:01:03"), "vendor": knownvalue.StringExact("Yealink"),
				"model": knownvalue.StringExact("CP920"), "template_name": knownvalue.StringExact("YSDP_YealinkCP"),
				"firmware": knownvalue.StringExact("108.86.0.20"), "extension_number": knownvalue.StringExact("1001"),
				"extension_name": knownvalue.StringExact(lobby.CallerIDName), "registration_status": knownvalue.StringExact("Registered"),
			})),
			statecheck.ExpectKnownValue("data.yeastar_phones.all", tfjsonpath.New("phones").AtSliceIndex(0).AtMapKey("extension_number"),
				knownvalue.StringExact("Unassigned")),
			// The keyword search finds extension 10010 too: the data source returns what the PBX found.
			statecheck.ExpectKnownValue("data.yeastar_phones.ext_1001", tfjsonpath.New("phones"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectPartial(map[string]knownvalue.Check{"extension_number": knownvalue.StringExact("1001")}),
				knownvalue.ObjectPartial(map[string]knownvalue.Check{"extension_number": knownvalue.StringExact("10010")}),
			})),
		},
	}))
}

func TestAccExtensionDataSourceMatchesTheNumberExactly(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	e1001, _ := pbx.ExtensionByNumber("1001")
	e10010, _ := pbx.ExtensionByNumber("10010")
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
data "yeastar_extension" "reception" {
  number = "1001"
}

data "yeastar_extension" "warehouse" {
  number = "10010"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.yeastar_extension.reception", tfjsonpath.New("id"), knownvalue.StringExact(strconv.Itoa(e1001.ID))),
			statecheck.ExpectKnownValue("data.yeastar_extension.reception", tfjsonpath.New("caller_id_name"), knownvalue.StringExact(e1001.CallerIDName)),
			statecheck.ExpectKnownValue("data.yeastar_extension.reception", tfjsonpath.New("email"), knownvalue.StringExact(e1001.Email)),
			statecheck.ExpectKnownValue("data.yeastar_extension.warehouse", tfjsonpath.New("id"), knownvalue.StringExact(strconv.Itoa(e10010.ID))),
		},
	}))
}

// TestAccExtensionDataSourceIDIsTheResourcesID compares the data source's id with the
// resource's: the same string, so that == holds (a number would never equal the string).
func TestAccExtensionDataSourceIDIsTheResourcesID(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
resource "yeastar_extension" "jane" {
  number     = "2501"
  first_name = "Jane"
}

data "yeastar_extension" "jane" {
  number = yeastar_extension.jane.number
}

output "same_id" {
  value = data.yeastar_extension.jane.id == yeastar_extension.jane.id
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("same_id", knownvalue.Bool(true)),
		},
	}))
}

func TestAccExtensionDataSourceArgumentErrors(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.expectErrors(t, map[string]configError{
		"missing number": {`data "yeastar_extension" "x" {}`, `The argument "number" is required`},
		"unknown number": {`data "yeastar_extension" "x" {
  number = "1023"
}`, `Unknown extension[\s\S]*"1023"[\s\S]*Did you mean[\s\S]*"1022"`},
		"prefix of a number": {`data "yeastar_extension" "x" {
  number = "100"
}`, `Unknown extension[\s\S]*"100"`},
	})
}
