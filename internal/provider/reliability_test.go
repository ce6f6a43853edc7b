package provider

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// namedPhone is one phone as resource yeastar_phone.<name>, with extra text after it.
//
// NOTE: a renamed resource stands in for a renamed for_each key (the same move for Terraform
// and for the provider): terraform-plugin-testing reads the state at the end of a test
// through a shim that refuses for_each keys.
func (pbx *testPBX) namedPhone(name, extra string) string {
	return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_phone" %q {
  mac                 = "80:5E:C0:11:22:33"
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = 0
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
		return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_phone" "lobby" {
  mac                 = "80:5E:C0:11:22:33"
  vendor              = "Yealink"
  model               = %q
  template_name       = %q
  provisioning_method = "rps"
  extension_id        = 0

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
