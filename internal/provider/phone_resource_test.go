package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// phoneConfig is a yeastar_phone "lobby" with its extension looked up by number.
func (pbx *testPBX) phoneConfig(mac, model, template, extensionNumber string) string {
	return pbx.providerBlock() + fmt.Sprintf(`
data "yeastar_extension" "lobby" {
  number = %q
}

resource "yeastar_phone" "lobby" {
  mac                 = %q
  vendor              = "Yealink"
  model               = %q
  template_name       = %q
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.lobby.id
}
`, extensionNumber, mac, model, template)
}

// extensionID is the ID of the fake's extension with this number.
func (pbx *testPBX) extensionID(t *testing.T, number string) int64 {
	t.Helper()
	e, ok := pbx.ExtensionByNumber(number)
	if !ok {
		t.Fatalf("the fake PBX has no extension %s", number)
	}
	return int64(e.ID)
}

// onlyPhone returns the one phone the fake holds, failing when it holds another number.
func (pbx *testPBX) onlyPhone(t *testing.T) fakeyeastar.Phone {
	t.Helper()
	phones := pbx.Phones()
	if len(phones) != 1 {
		t.Fatalf("the PBX holds %d phones, want exactly 1: %+v", len(phones), phones)
	}
	return phones[0]
}

// expectPhoneInState checks that yeastar_phone.lobby in the state is the fake's only phone.
func (pbx *testPBX) expectPhoneInState() resource.TestCheckFunc {
	const address = "yeastar_phone.lobby"
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in the state", address)
		}
		phones := pbx.Phones()
		if len(phones) != 1 {
			return fmt.Errorf("the PBX holds %d phones, want exactly 1: %+v", len(phones), phones)
		}
		if rs.Primary.ID != strconv.Itoa(phones[0].ID) {
			return fmt.Errorf("the state holds phone ID %s, the PBX phone ID %d", rs.Primary.ID, phones[0].ID)
		}
		return nil
	}
}

func (pbx *testPBX) checkNoPhones(*terraform.State) error {
	if phones := pbx.Phones(); len(phones) != 0 {
		return fmt.Errorf("the PBX still holds %d phones after destroy: %+v", len(phones), phones)
	}
	return nil
}

func TestAccPhoneResourceLifecycle(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	var firstID int
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.phoneConfig("80-5e-c0-11-22-33", "CP920", "YSDP_YealinkCP", "1001"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_phone.lobby", plancheck.ResourceActionCreate),
				plancheck.ExpectUnknownValue("yeastar_phone.lobby", tfjsonpath.New("provisioning_link")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("yeastar_phone.lobby", tfjsonpath.New("mac"), knownvalue.StringExact("80-5e-c0-11-22-33")),
				statecheck.ExpectKnownValue("yeastar_phone.lobby", tfjsonpath.New("provisioning_link"), knownvalue.StringExact(cp920Link)),
				statecheck.ExpectKnownValue("yeastar_phone.lobby", tfjsonpath.New("extension_id"), knownvalue.Int64Exact(pbx.extensionID(t, "1001"))),
				statecheck.ExpectKnownValue("yeastar_phone.lobby", tfjsonpath.New("rps_authentication"), knownvalue.Bool(false)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				pbx.expectPhoneInState(),
				func(*terraform.State) error {
					p := pbx.onlyPhone(t)
					firstID = p.ID
					if p.MAC != "80:5E:C0:11:22:33" || p.Model != "CP920" || p.TemplateName != "YSDP_YealinkCP" || p.ProvisioningMethod != "rps" {
						return fmt.Errorf("the PBX holds %+v", p)
					}
					return nil
				},
			),
		},
		resource.TestStep{
			// The same address in another notation is no change.
			Config: pbx.phoneConfig("80:5E:C0:11:22:33", "CP920", "YSDP_YealinkCP", "1001"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		},
		resource.TestStep{
			// Another extension is assigned in place.
			Config: pbx.phoneConfig("80:5E:C0:11:22:33", "CP920", "YSDP_YealinkCP", "1002"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_phone.lobby", plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("yeastar_phone.lobby", tfjsonpath.New("extension_id"), knownvalue.Int64Exact(pbx.extensionID(t, "1002"))),
			},
			Check: func(*terraform.State) error {
				if p := pbx.onlyPhone(t); p.ID != firstID || int64(p.ExtensionID) != pbx.extensionID(t, "1002") {
					return fmt.Errorf("the PBX holds %+v, want phone %d reassigned to extension 1002", p, firstID)
				}
				return nil
			},
		},
		resource.TestStep{
			// Another model replaces the phone: the old one is deleted first, the same address is added again.
			Config: pbx.phoneConfig("80:5E:C0:11:22:33", "SIP-T46U", "YSDP_YealinkT4x", "1002"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_phone.lobby", plancheck.ResourceActionDestroyBeforeCreate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				pbx.expectPhoneInState(),
				func(*terraform.State) error {
					if p := pbx.onlyPhone(t); p.ID == firstID || p.Model != "SIP-T46U" {
						return fmt.Errorf("the PBX holds %+v, want a new SIP-T46U phone", p)
					}
					return nil
				},
			),
		},
		resource.TestStep{
			ResourceName:      "yeastar_phone.lobby",
			ImportState:       true,
			ImportStateVerify: true,
		},
		resource.TestStep{
			ResourceName:      "yeastar_phone.lobby",
			ImportState:       true,
			ImportStateId:     "805ec0112233", // twelve digits: a MAC address, not a phone ID
			ImportStateVerify: true,
			// The import keeps the notation it was given; the configuration's is the canonical one.
			ImportStateVerifyIgnore: []string{"mac"},
		},
		resource.TestStep{
			ResourceName:    "yeastar_phone.lobby",
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
		},
	)
	tc.CheckDestroy = pbx.checkNoPhones
	resource.Test(t, tc)
}

func TestAccPhoneResourceDriftOutsideTerraform(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.phoneConfig("80:5E:C0:11:22:33", "CP920", "YSDP_YealinkCP", "1001")
	tc := pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			// Deleted in the web portal: the next plan adds it again.
			PreConfig: func() { pbx.DeletePhone(pbx.onlyPhone(t).ID) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_phone.lobby", plancheck.ResourceActionCreate),
			}},
			Check: pbx.expectPhoneInState(),
		},
		resource.TestStep{
			// Re-assigned in the web portal: the next plan assigns it back in place.
			PreConfig: func() { pbx.SetPhoneExtension(pbx.onlyPhone(t).ID, int(pbx.extensionID(t, "2000"))) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_phone.lobby", plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				if p := pbx.onlyPhone(t); int64(p.ExtensionID) != pbx.extensionID(t, "1001") {
					return fmt.Errorf("the phone has extension ID %d, want 1001's", p.ExtensionID)
				}
				return nil
			},
		},
	)
	tc.CheckDestroy = pbx.checkNoPhones
	resource.Test(t, tc)
}

// A phone deleted in the web portal and added again there under a new ID leaves the state on
// refresh (confirmGone finds its MAC address under another ID), and the plan to add it again
// then names the new phone instead of adding it twice.
func TestAccPhoneResourceReaddedOutsideTerraformUnderAnotherID(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.phoneConfig("80:5E:C0:11:22:33", "CP920", "YSDP_YealinkCP", "1001")
	var readdedID int
	tc := pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			PreConfig: func() {
				old := pbx.onlyPhone(t)
				pbx.DeletePhone(old.ID)
				old.ID = 0
				readdedID = pbx.AddPhone(old)
			},
			Config:      config,
			ExpectError: regexp.MustCompile(`already has phone ID \d+ with MAC address 80:5E:C0:11:22:33`),
		},
	)
	tc.CheckDestroy = func(*terraform.State) error {
		// The re-added phone is outside Terraform: the destroy of the old ID leaves it alone.
		if p := pbx.onlyPhone(t); p.ID != readdedID {
			return fmt.Errorf("the PBX holds phone ID %d, want the re-added phone ID %d", p.ID, readdedID)
		}
		return nil
	}
	resource.Test(t, tc)
}

func TestAccPhoneResourceCreateWhoseAnswerIsLost(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	// The PBX adds the phone, then the connection drops before its answer.
	pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{HangupAfterServe: true})
	tc := pbx.testCase(resource.TestStep{
		Config: pbx.phoneConfig("80:5E:C0:11:22:33", "CP920", "YSDP_YealinkCP", "1001"),
		Check: resource.ComposeAggregateTestCheckFunc(
			pbx.expectPhoneInState(),
			func(*terraform.State) error {
				if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 1 {
					return fmt.Errorf("batchcreate sent %d times, want 1", n)
				}
				return nil
			},
		),
	})
	tc.CheckDestroy = pbx.checkNoPhones
	resource.Test(t, tc)
}

func TestAccPhoneResourceBadInputFailsThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	taken := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:AA:BB:CC", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"})
	phone := func(mac, vendor, model, template, method, extension string) string {
		return fmt.Sprintf(`
resource "yeastar_phone" "x" {
  mac                 = %q
  vendor              = %q
  model               = %q
  template_name       = %q
  provisioning_method = %q
  extension_id        = %s
}`, mac, vendor, model, template, method, extension)
	}
	ext := strconv.FormatInt(pbx.extensionID(t, "1001"), 10)
	pbx.expectErrors(t, map[string]configError{
		"malformed mac": {phone("80:5E:C0:11:22", "Yealink", "CP920", "YSDP_YealinkCP", "rps", ext),
			`Invalid MAC address[\s\S]*mac[\s\S]*12 hexadecimal digits`},
		"unknown vendor": {phone("80:5E:C0:11:22:33", "Yelink", "CP920", "YSDP_YealinkCP", "rps", ext),
			`Unknown phone vendor[\s\S]*"Yelink"[\s\S]*Did you mean "Yealink"`},
		"model of another vendor": {phone("80:5E:C0:11:22:33", "Yealink", "D717", "YSDP_SnomD", "rps", ext),
			`Unknown phone model[\s\S]*"D717"[\s\S]*yeastar_phone_models for vendor "Yealink"`},
		"template id instead of name": {phone("80:5E:C0:11:22:33", "Yealink", "CP920", "24", "rps", ext),
			`Unknown provisioning template[\s\S]*"24"[\s\S]*"YSDP_YealinkCP"[\s\S]*name \(not its ID\)`},
		"template with a typo": {phone("80:5E:C0:11:22:33", "Yealink", "CP920", "YSDP_YealinkCp", "rps", ext),
			`Unknown provisioning template[\s\S]*Did you mean "YSDP_YealinkCP"`},
		"method the edition lacks": {phone("80:5E:C0:11:22:33", "Yealink", "CP920", "YSDP_YealinkCP", "pnp", ext),
			`Unknown provisioning method[\s\S]*"pnp"[\s\S]*"rps"`},
		"extension number instead of id": {phone("80:5E:C0:11:22:33", "Yealink", "CP920", "YSDP_YealinkCP", "rps", "1001"),
			`Unknown extension[\s\S]*no extension with ID 1001[\s\S]*1001 is the number of the extension whose ID is ` + ext},
		"no extension": {phone("80:5E:C0:11:22:33", "Yealink", "CP920", "YSDP_YealinkCP", "rps", "0"),
			`Phone needs an extension[\s\S]*extension_id[\s\S]*to be added to the PBX[\s\S]*phone/batchcreate requires an extension ID[\s\S]*yeastar_extension.<name>.id`},
		"one mac in two notations": {phone("805ec0129999", "Yealink", "CP920", "YSDP_YealinkCP", "rps", ext) +
			strings.Replace(phone("80:5E:C0:12:99:99", "Yealink", "CP920", "YSDP_YealinkCP", "rps", ext), `"x"`, `"y"`, 1),
			`Duplicate MAC address[\s\S]*80:5E:C0:12:99:99[\s\S]*one writes it[\s\S]*(805ec0129999[\s\S]*80:5E:C0:12:99:99|80:5E:C0:12:99:99[\s\S]*805ec0129999)`},
		"neither extension_id nor extension_number": {strings.Replace(phone("80:5E:C0:11:22:33", "Yealink", "CP920", "YSDP_YealinkCP", "rps", ext),
			"extension_id        = "+ext, "", 1), `Phone needs an extension[\s\S]*Set extension_number`},
		"unknown extension number": {strings.Replace(phone("80:5E:C0:11:22:33", "Yealink", "CP920", "YSDP_YealinkCP", "rps", ext),
			"extension_id        = "+ext, `extension_number    = "1999"`, 1), `Unknown extension number[\s\S]*no extension numbered 1999`},
		"extension number and id disagree": {strings.Replace(phone("80:5E:C0:11:22:33", "Yealink", "CP920", "YSDP_YealinkCP", "rps", ext),
			"extension_id        = "+ext, "extension_id        = "+ext+"\n  extension_number    = \"1005\"", 1), `Extension number and ID disagree`},
		"mac already on the pbx": {phone("80-5e-c0-aa-bb-cc", "Yealink", "CP920", "YSDP_YealinkCP", "rps", ext),
			fmt.Sprintf(`Phone already on the PBX[\s\S]*phone ID %d[\s\S]*terraform import yeastar_phone.NAME %d`, taken, taken)},
	})
	st := pbx.Stats()
	if st.Endpoints["phone/batchcreate"] != 0 || len(pbx.Phones()) != 1 {
		t.Errorf("bad input reached the PBX: %d batchcreate requests, %d phones", st.Endpoints["phone/batchcreate"], len(pbx.Phones()))
	}
}

func TestAccPhoneResourceThirtyPhonesOneBadTemplateAddsNone(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	var macs []string
	for i := range 30 {
		macs = append(macs, fmt.Sprintf("%q = %q", fmt.Sprintf("80:5E:C0:00:00:%02X", i), map[bool]string{true: "YSDP_YealinkT4x", false: "YSDP_YealinkCP"}[i == 17]))
	}
	config := pbx.providerBlock() + fmt.Sprintf(`
data "yeastar_extension" "lobby" {
  number = "1001"
}

resource "yeastar_phone" "office" {
  for_each            = { %s }
  mac                 = each.key
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = each.value
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.lobby.id
}
`, strings.Join(macs, ", "))
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config:      config,
		ExpectError: errorPattern(`Unknown provisioning template[\s\S]*"YSDP_YealinkT4x"`),
	}))
	if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 0 || len(pbx.Phones()) != 0 {
		t.Errorf("%d batchcreate requests and %d phones after a plan that failed, want none", n, len(pbx.Phones()))
	}
}

// A phone the PBX lists as Unassigned (its extension unassigned in the web portal) imports with
// extension_id = 0 and stays as it is; it cannot be added again without an extension (here by
// a replacement); it can be given one in place, and have it taken away again, which rests on
// phone/batchupdate accepting ext_id 0: a PBX that refuses it leaves the phone as it was.
func TestAccPhoneResourceUnassignedOnThePBX(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	id := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"})
	ext1001 := pbx.extensionID(t, "1001")
	config := func(model, template string, extensionID int64, extra string) string {
		return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_phone" "lobby" {
  mac                 = "80:5E:C0:11:22:33"
  vendor              = "Yealink"
  model               = %q
  template_name       = %q
  provisioning_method = "rps"
  extension_id        = %d
}
%s`, model, template, extensionID, extra)
	}
	phoneIs := func(model string, extensionID int64) func() error {
		return func() error {
			p, found := pbx.Phone(id)
			if !found || p.Model != model || int64(p.ExtensionID) != extensionID || len(pbx.Phones()) != 1 {
				return fmt.Errorf("the PBX holds %+v, want phone %d, a %s with extension ID %d", pbx.Phones(), id, model, extensionID)
			}
			return nil
		}
	}
	check := func(f func() error) resource.TestCheckFunc { return func(*terraform.State) error { return f() } }
	tc := pbx.testCase(
		resource.TestStep{
			// Imported as the PBX holds it: nothing changes.
			Config: config("CP920", "YSDP_YealinkCP", 0, fmt.Sprintf(`
import {
  to = yeastar_phone.lobby
  id = "%d"
}
`, id)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_phone.lobby", plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("yeastar_phone.lobby", tfjsonpath.New("extension_id"), knownvalue.Int64Exact(0)),
			},
		},
		resource.TestStep{
			Config:           config("CP920", "YSDP_YealinkCP", 0, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		resource.TestStep{
			// Another model replaces the phone, and the replacement would be added without an
			// extension: the plan fails, and the phone is left alone.
			Config:      config("SIP-T46U", "YSDP_YealinkT4x", 0, ""),
			ExpectError: errorPattern(`Phone needs an extension[\s\S]*This change replaces the phone[\s\S]*deleted and added again[\s\S]*requires an extension ID`),
		},
		resource.TestStep{
			PreConfig: func() {
				if err := phoneIs("CP920", 0)(); err != nil {
					t.Error(err)
				}
			},
			// Given an extension in place.
			Config: config("CP920", "YSDP_YealinkCP", ext1001, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_phone.lobby", plancheck.ResourceActionUpdate),
			}},
			Check: check(phoneIs("CP920", ext1001)),
		},
		resource.TestStep{
			// Unassigned in place, through ext_id 0, which the fake accepts.
			Config: config("CP920", "YSDP_YealinkCP", 0, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_phone.lobby", plancheck.ResourceActionUpdate),
			}},
			Check: check(phoneIs("CP920", 0)),
		},
		resource.TestStep{
			// A PBX that refuses ext_id 0: the apply says so, and the phone keeps its extension.
			PreConfig: func() {
				pbx.SetPhoneExtension(id, int(ext1001))
				pbx.InjectFaults("phone/batchupdate", fakeyeastar.Fault{Body: `{"errcode":40002,"errmsg":"PARAMETER ERROR",` +
					`"invalid_param_list":[{"field":"ext_id","value":"0","validation_type":"required"}]}`})
			},
			Config:      config("CP920", "YSDP_YealinkCP", 0, ""),
			ExpectError: errorPattern(fmt.Sprintf(`unassigning phone ID %d from extension ID %d[\s\S]*does not unassign a phone through the API`, id, ext1001)),
		},
		resource.TestStep{
			PreConfig: func() {
				if err := phoneIs("CP920", ext1001)(); err != nil {
					t.Error(err)
				}
			},
			Config:           config("CP920", "YSDP_YealinkCP", ext1001, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		resource.TestStep{
			// Unassigned in the web portal, then extension_id = 0: no change, nothing sent.
			PreConfig:        func() { pbx.SetPhoneExtension(id, 0) },
			Config:           config("CP920", "YSDP_YealinkCP", 0, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		resource.TestStep{
			// Deleted in the web portal: adding it again needs an extension.
			PreConfig:   func() { pbx.DeletePhone(id) },
			Config:      config("CP920", "YSDP_YealinkCP", 0, ""),
			ExpectError: errorPattern(`Phone needs an extension[\s\S]*This phone is to be added to the PBX`),
		},
	)
	tc.CheckDestroy = pbx.checkNoPhones
	resource.Test(t, tc)
	if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 0 {
		t.Errorf("batchcreate sent %d times, want none", n)
	}
}

// An extension ID that is known only at apply, and then 0, is refused before anything is sent.
func TestAccPhoneResourceExtensionKnownOnlyAtApplyAsZeroAddsNothing(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
resource "terraform_data" "extension" {
  input = 0
}

resource "yeastar_phone" "lobby" {
  mac                 = "80:5E:C0:11:22:33"
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = terraform_data.extension.output
}
`,
		ExpectError: errorPattern(`Phone needs an extension[\s\S]*phone/batchcreate requires an extension ID`),
	}))
	if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 0 || len(pbx.Phones()) != 0 {
		t.Errorf("%d batchcreate requests and %d phones, want none", n, len(pbx.Phones()))
	}
}

// TestAccPhoneReplacedKeepsTheLinkOfItsModelAndMethod replaces a phone twice: for RPS
// authentication (same model and method) and for another model. The vendor's notes give the
// provisioning link per vendor, model and method (the autop_method menu), not per phone: a
// replaced phone gets a new ID, and its model's link.
func TestAccPhoneReplacedKeepsTheLinkOfItsModelAndMethod(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := func(model string, rpsAuth bool) string {
		return pbx.providerBlock() + fmt.Sprintf(`
data "yeastar_extension" "lobby" {
  number = "1001"
}

data "yeastar_autop_method" "model" {
  vendor = "Yealink"
  model  = %[1]q
}

resource "yeastar_phone" "lobby" {
  mac                 = "80:5E:C0:71:72:73"
  vendor              = "Yealink"
  model               = %[1]q
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  rps_authentication  = %[2]t
  extension_id        = data.yeastar_extension.lobby.id
}
`, model, rpsAuth)
	}
	ids := statecheck.CompareValue(compare.ValuesDiffer())
	links := statecheck.CompareValue(compare.ValuesSame())
	linkOfItsModel := resource.TestCheckResourceAttrPair("yeastar_phone.lobby", "provisioning_link", "data.yeastar_autop_method.model", "links_by_method.rps")
	resource.Test(t, pbx.testCase(
		resource.TestStep{
			Config: config("CP920", false),
			Check:  linkOfItsModel,
			ConfigStateChecks: []statecheck.StateCheck{
				ids.AddStateValue("yeastar_phone.lobby", tfjsonpath.New("id")),
				links.AddStateValue("yeastar_phone.lobby", tfjsonpath.New("provisioning_link")),
			},
		},
		resource.TestStep{
			Config: config("CP920", true),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_phone.lobby", plancheck.ResourceActionReplace),
			}},
			Check: linkOfItsModel,
			ConfigStateChecks: []statecheck.StateCheck{
				ids.AddStateValue("yeastar_phone.lobby", tfjsonpath.New("id")),
				links.AddStateValue("yeastar_phone.lobby", tfjsonpath.New("provisioning_link")),
			},
		},
		resource.TestStep{
			Config: config("CP965", true),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_phone.lobby", plancheck.ResourceActionReplace),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(linkOfItsModel,
				func(s *terraform.State) error {
					if link := s.RootModule().Resources["yeastar_phone.lobby"].Primary.Attributes["provisioning_link"]; !strings.Contains(link, "/api/autoprovision/") {
						return fmt.Errorf("provisioning_link = %q", link)
					}
					return nil
				}),
			ConfigStateChecks: []statecheck.StateCheck{ids.AddStateValue("yeastar_phone.lobby", tfjsonpath.New("id"))},
		},
	))
}
