package provider

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// lobbyExtension looks up the fake's extension 1001, which the phones of these tests ring
// for: the PBX adds a phone only with an extension.
const lobbyExtension = `
data "yeastar_extension" "lobby" {
  number = "1001"
}
`

// namedPhone is one phone as resource yeastar_phone.<name>, with extra text after it.
//
// NOTE: a renamed resource stands in for a renamed for_each key (the same move for Terraform
// and for the provider): terraform-plugin-testing reads the state at the end of a test
// through a shim that refuses for_each keys.
func (pbx *testPBX) namedPhone(name, extra string) string {
	return pbx.providerBlock() + lobbyExtension + fmt.Sprintf(`
resource "yeastar_phone" %q {
  mac                 = "80:5E:C0:11:22:33"
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.lobby.id
}
%s`, name, extra)
}

// onePhoneAt checks that the state holds exactly one phone, at address, that it is the
// PBX's only phone, and, when wantID is not nil, that its ID is *wantID.
type onePhoneAt struct {
	pbx     *testPBX
	address string
	wantID  *int
}

func (c onePhoneAt) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	var addresses []string
	var id string
	if req.State != nil && req.State.Values != nil {
		for _, r := range req.State.Values.RootModule.Resources {
			if r.Mode != tfjson.ManagedResourceMode {
				continue
			}
			addresses = append(addresses, r.Address)
			if r.Address == c.address {
				id, _ = r.AttributeValues["id"].(string)
			}
		}
	}
	onPBX := c.pbx.Phones()
	switch {
	case len(addresses) != 1 || id == "":
		resp.Error = fmt.Errorf("the state holds %v, want only %s", addresses, c.address)
	case len(onPBX) != 1 || id != strconv.Itoa(onPBX[0].ID):
		resp.Error = fmt.Errorf("the state holds phone ID %s, the PBX %+v; want the PBX's one phone", id, onPBX)
	case c.wantID != nil && *c.wantID != 0 && onPBX[0].ID != *c.wantID:
		resp.Error = fmt.Errorf("the phone is ID %d, want %d kept", onPBX[0].ID, *c.wantID)
	case c.wantID != nil:
		*c.wantID = onPBX[0].ID
	}
}

func TestAccPhoneRenamedResourceIsToldToMoveNotToImport(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	var id int
	tc := pbx.testCase(
		resource.TestStep{
			Config:            pbx.namedPhone("desk", ""),
			ConfigStateChecks: []statecheck.StateCheck{onePhoneAt{pbx, "yeastar_phone.desk", &id}},
		},
		resource.TestStep{
			// Renamed: the plan fails, saying to move it, before anything changes.
			Config:      pbx.namedPhone("reception", ""),
			ExpectError: errorPattern(`Phone already on the PBX[\s\S]*already managed by this configuration[\s\S]*moved \{[\s\S]*terraform state list -id=\d+`),
		},
		resource.TestStep{
			// The advice followed: the phone keeps its ID, nothing is added or deleted.
			Config: pbx.namedPhone("reception", `
moved {
  from = yeastar_phone.desk
  to   = yeastar_phone.reception
}
`),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{onePhoneAt{pbx, "yeastar_phone.reception", &id}},
		},
	)
	tc.CheckDestroy = pbx.checkNoPhones
	resource.Test(t, tc)
}

func TestAccPhoneReplacedWithCreateBeforeDestroyIsExplainedAndChangesNothing(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := func(model, template string, createBeforeDestroy bool) string {
		return pbx.providerBlock() + lobbyExtension + fmt.Sprintf(`
resource "yeastar_phone" "lobby" {
  mac                 = "80:5E:C0:11:22:33"
  vendor              = "Yealink"
  model               = %q
  template_name       = %q
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.lobby.id

  lifecycle {
    create_before_destroy = %t
  }
}
`, model, template, createBeforeDestroy)
	}
	var id int
	tc := pbx.testCase(
		resource.TestStep{
			Config:            config("CP920", "YSDP_YealinkCP", true),
			ConfigStateChecks: []statecheck.StateCheck{onePhoneAt{pbx, "yeastar_phone.lobby", &id}},
		},
		resource.TestStep{
			Config:      config("SIP-T46U", "YSDP_YealinkT4x", true),
			ExpectError: errorPattern(`Phone already on the PBX[\s\S]*create_before_destroy = true[\s\S]*cannot work for a phone`),
		},
		resource.TestStep{
			// Nothing was added or deleted, but Terraform keeps the old phone as a deposed object
			// of the address: the next plan meets it, and says how to recover.
			PreConfig: func() {
				if phones := pbx.Phones(); len(phones) != 1 || phones[0].ID != id || phones[0].Model != "CP920" {
					t.Errorf("after the refused replacement the PBX holds %+v, want phone %d unchanged", phones, id)
				}
			},
			Config:      config("SIP-T46U", "YSDP_YealinkT4x", false),
			ExpectError: errorPattern(`Phone already on the PBX[\s\S]*deposed object[\s\S]*terraform state rm <address>[\s\S]*terraform import <address> \d+`),
		},
		resource.TestStep{
			// The old phone deleted in the web portal, the refresh drops the deposed object and
			// the replacement is added.
			PreConfig:         func() { pbx.DeletePhone(id) },
			Config:            config("SIP-T46U", "YSDP_YealinkT4x", false),
			ConfigStateChecks: []statecheck.StateCheck{onePhoneAt{pbx, "yeastar_phone.lobby", nil}},
		},
	)
	tc.CheckDestroy = pbx.checkNoPhones
	resource.Test(t, tc)
}

// lobbyWithRetries is phoneConfig's phone, for extension 1001, with provider settings added.
func (pbx *testPBX) lobbyWithRetries(settings string) string {
	return fmt.Sprintf(`
provider "yeastar" {
  base_url      = %q
  client_id     = %q
  client_secret = %q
  %s
}
`, pbx.URL, pbx.ClientID, pbx.ClientSecret, settings) + lobbyExtension + `
resource "yeastar_phone" "lobby" {
  mac                 = "80:5E:C0:11:22:33"
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.lobby.id
}
`
}

// batchcreates checks how many times batchcreate was sent.
func (pbx *testPBX) batchcreates(want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != want {
			return fmt.Errorf("batchcreate sent %d times, want %d", n, want)
		}
		return nil
	}
}

// TestAccPhoneCreateEndsWithOnePhoneWhateverThePBXAnswers drives an apply through each answer
// that does not say whether the PBX acted, and checks that it ends with exactly one phone, in
// the state and on the PBX, and no token left valid.
func TestAccPhoneCreateEndsWithOnePhoneWhateverThePBXAnswers(t *testing.T) {
	t.Parallel()
	empty := fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","total_number":0,"data":[]}`}
	for name, tc := range map[string]struct {
		setup        func(pbx *testPBX)
		batchcreates int
	}{
		"2 PROCESSING, carried out a moment later": {func(pbx *testPBX) {
			pbx.InjectFaults("phone/batchcreate", fakeyeastar.ProcessingFault(300*time.Millisecond))
		}, 1},
		"1 PARTIAL SUCCESS, carried out a moment later": {func(pbx *testPBX) {
			pbx.InjectFaults("phone/batchcreate", fakeyeastar.PartialSuccessFault(300*time.Millisecond))
		}, 1},
		"answer lost, the search lags, the repeat refused with 40003": {func(pbx *testPBX) {
			pbx.DuplicateErrcode = 40003
			// The look-up after the lost answer (a keyword search, then a full listing) finds nothing.
			pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{HangupAfterServe: true, Before: func() {
				pbx.InjectFaults("phone/search", empty, empty)
			}})
		}, 2},
		"busy twice, honouring Retry-After": {func(pbx *testPBX) {
			pbx.InjectFaults("phone/batchcreate", fakeyeastar.BusyFault(time.Second), fakeyeastar.BusyFault(0))
		}, 3},
		"internal error, then success": {func(pbx *testPBX) {
			pbx.InjectFaults("phone/batchcreate", fakeyeastar.ErrcodeFault(-2))
		}, 2},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pbx := newTestPBX(t)
			tc.setup(pbx)
			test := pbx.testCase(resource.TestStep{
				Config:            pbx.lobbyWithRetries(""),
				ConfigStateChecks: []statecheck.StateCheck{onePhoneAt{pbx, "yeastar_phone.lobby", nil}},
				Check:             pbx.batchcreates(tc.batchcreates),
			})
			test.CheckDestroy = pbx.checkNoPhones
			resource.Test(t, test)
			pbx.Settle()
		})
	}
}

// TestAccPhoneCreateFailsClearlyAddingNothing checks answers after which the PBX holds no
// phone of this configuration: the apply fails with a diagnostic that says so and what to do.
func TestAccPhoneCreateFailsClearlyAddingNothing(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		settings string
		setup    func(pbx *testPBX)
		want     string
		// phones is how many phones the PBX holds afterwards (one added in the web portal).
		phones int
	}{
		"busy beyond max_retries": {"max_retries = 1", func(pbx *testPBX) {
			pbx.InjectFaults("phone/batchcreate", fakeyeastar.BusyFault(0), fakeyeastar.BusyFault(0))
		}, `The Yeastar PBX is busy[\s\S]*Try again later[\s\S]*errcode 70082`, 0},
		"taken in the web portal between plan and apply, refused with 40003": {"", func(pbx *testPBX) {
			pbx.DuplicateErrcode = 40003
			pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{Pass: true, Before: func() {
				pbx.AddPhone(fakeyeastar.Phone{MAC: "80-5e-c0-11-22-33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"})
			}})
		}, `Phone already on the PBX[\s\S]*phone ID 1 with MAC address 80:5E:C0:11:22:33[\s\S]*terraform import yeastar_phone.NAME 1`, 1},
		"every answer lost before the PBX acted": {"max_retries = 1", func(pbx *testPBX) {
			pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{Hangup: true}, fakeyeastar.Fault{Hangup: true})
		}, `The Yeastar PBX did not add the object[\s\S]*nothing is left behind`, 0},
		"10005 on the add": {"", func(pbx *testPBX) {
			pbx.InjectFaults("phone/batchcreate", fakeyeastar.ErrcodeFault(10005))
		}, `lacks a permission[\s\S]*access to auto provisioning`, 0},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pbx := newTestPBX(t)
			tc.setup(pbx)
			resource.Test(t, pbx.testCase(resource.TestStep{
				Config:      pbx.lobbyWithRetries(tc.settings),
				ExpectError: errorPattern(tc.want),
			}))
			if phones := pbx.Phones(); len(phones) != tc.phones {
				t.Errorf("the PBX holds %+v, want %d phones", phones, tc.phones)
			}
		})
	}
}

func TestAccLostLoginAnswerFailsTheRunAndCostsAtMostOneToken(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	// The PBX issues the token, then the answer is lost: that token stays valid until it
	// expires, and newTestPBX's check counts it.
	pbx.InjectFaults("get_token", fakeyeastar.Fault{HangupAfterServe: true, Before: func() { pbx.givenTokens++ }})
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config:      pbx.lobbyWithRetries(""),
		ExpectError: errorPattern(`answer to the Yeastar login was lost[\s\S]*does not repeat a login[\s\S]*30 minutes`),
	}))
	st := pbx.Stats()
	if st.Endpoints["get_token"] != 1 || len(pbx.Phones()) != 0 {
		t.Errorf("%d logins and %d phones, want the one login and no phone", st.Endpoints["get_token"], len(pbx.Phones()))
	}
}

func TestAccPhonesDataSourceIsNeverShortWhenAPhoneIsDeletedWhileItIsRead(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.MaxPageSize = 4
	var ids []int
	for i := range 10 {
		ids = append(ids, pbx.AddPhone(fakeyeastar.Phone{MAC: fmt.Sprintf("80:5E:C0:00:02:%02X", i), Vendor: "Yealink", Model: "CP920",
			TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"}))
	}
	// A phone of the first page is deleted in the web portal while the second page is asked for.
	pbx.InjectFaults("phone/search", fakeyeastar.Fault{Pass: true}, fakeyeastar.Fault{Pass: true, Before: func() { pbx.DeletePhone(ids[1]) }})
	var want []knownvalue.Check
	for i, id := range ids {
		if i != 1 {
			want = append(want, knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(strconv.Itoa(id))}))
		}
	}
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
data "yeastar_phones" "all" {}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.yeastar_phones.all", tfjsonpath.New("phones"), knownvalue.ListExact(want)),
		},
	}))
}
