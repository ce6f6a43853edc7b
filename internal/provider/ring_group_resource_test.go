package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

const receptionAddress = "yeastar_ring_group.reception"

// extIDs returns the fake's extension IDs of these numbers, as HCL strings: "103", "108".
func (pbx *testPBX) extIDs(t *testing.T, numbers ...string) string {
	t.Helper()
	quoted := make([]string, len(numbers))
	for i, n := range numbers {
		quoted[i] = strconv.Quote(strconv.Itoa(pbx.extension(t, n).ID))
	}
	return strings.Join(quoted, ", ")
}

// receptionConfig is a yeastar_ring_group "reception" with the given arguments besides its number.
func (pbx *testPBX) receptionConfig(number string, arguments ...string) string {
	if !slices.ContainsFunc(arguments, func(a string) bool { return strings.HasPrefix(a, "name ") }) {
		arguments = append(arguments, `name = "Reception"`)
	}
	return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_ring_group" "reception" {
  number = %q
  %s
}
`, number, strings.Join(arguments, "\n  "))
}

// routing returns the fake's object of a kind with this number, failing when there is none.
func (pbx *testPBX) routing(t *testing.T, kind, number string) fakeyeastar.Routing {
	t.Helper()
	o, ok := pbx.RoutingByNumber(kind, number)
	if !ok {
		t.Fatalf("the fake PBX has no %s %s", kind, number)
	}
	return o
}

// routingWrites counts the writes to the routing endpoints (and extension writes, which a
// number check must not cause either).
func (pbx *testPBX) routingWrites() int {
	n := pbx.extensionWrites()
	for endpoint, count := range pbx.Stats().Endpoints {
		for _, call := range []string{"/create", "/update", "/delete"} {
			if strings.HasSuffix(endpoint, call) && !strings.HasPrefix(endpoint, "extension/") && !strings.HasPrefix(endpoint, "phone/") {
				n += count
			}
		}
	}
	return n
}

// checkNoRouting fails when the fake still holds a ring group, queue or IVR.
func (pbx *testPBX) checkNoRouting(*terraform.State) error {
	for _, kind := range []string{fakeyeastar.KindRingGroup, fakeyeastar.KindQueue, fakeyeastar.KindIVR} {
		if left := pbx.RoutingObjects(kind); len(left) > 0 {
			return fmt.Errorf("the PBX still holds %d %s objects after destroy: %+v", len(left), kind, left)
		}
	}
	return nil
}

// expectRouting checks that the state's resource is the fake's object of that number, with
// these fields.
func (pbx *testPBX) expectRouting(address, kind, number string, fields map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in the state", address)
		}
		o, ok := pbx.RoutingByNumber(kind, number)
		if !ok {
			return fmt.Errorf("the PBX has no %s %s", kind, number)
		}
		if rs.Primary.ID != strconv.Itoa(o.ID) {
			return fmt.Errorf("the state holds ID %s, the PBX ID %d", rs.Primary.ID, o.ID)
		}
		for field, want := range fields {
			if got := fmt.Sprint(o.Fields[field]); got != want {
				return fmt.Errorf("the PBX's %s %s has %s = %s, want %s", kind, number, field, got, want)
			}
		}
		return nil
	}
}

// members is a member list as the fake shows it, for expectRouting.
func (pbx *testPBX) members(t *testing.T, numbers ...string) string {
	t.Helper()
	items := make([]map[string]any, len(numbers))
	for i, n := range numbers {
		e := pbx.extension(t, n)
		items[i] = map[string]any{"value": strconv.Itoa(e.ID), "type": "extension"}
	}
	return fmt.Sprint(items)
}

func TestAccRingGroupResourceLifecycle(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	members := "member_ids = [" + pbx.extIDs(t, "1001", "1002", "1003") + "]"
	reordered := "member_ids = [" + pbx.extIDs(t, "1003", "1001") + "]"
	voicemail := fmt.Sprintf(`failover = { type = "ext_vm", id = %q }`, strconv.Itoa(pbx.extension(t, "2000").ID))
	var firstID int
	update := func(number string, fields map[string]string, arguments ...string) resource.TestStep {
		return resource.TestStep{
			Config: pbx.receptionConfig(number, arguments...),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(receptionAddress, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectRouting(receptionAddress, fakeyeastar.KindRingGroup, number, fields),
				func(*terraform.State) error {
					if id := pbx.routing(t, fakeyeastar.KindRingGroup, number).ID; id != firstID {
						return fmt.Errorf("ring group %s has ID %d, want %d: it was replaced", number, id, firstID)
					}
					return nil
				}),
		}
	}
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.receptionConfig("6300", members),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(receptionAddress, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(receptionAddress, tfjsonpath.New("strategy"), knownvalue.StringExact("ring_all")),
				statecheck.ExpectKnownValue(receptionAddress, tfjsonpath.New("ring_timeout"), knownvalue.Int64Exact(60)),
				statecheck.ExpectKnownValue(receptionAddress, tfjsonpath.New("failover").AtMapKey("type"), knownvalue.StringExact("end_call")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				pbx.expectRouting(receptionAddress, fakeyeastar.KindRingGroup, "6300", map[string]string{
					"member_list": pbx.members(t, "1001", "1002", "1003"), "ring_strategy": "ring_all", "fail_dest": "end_call"}),
				func(*terraform.State) error {
					firstID = pbx.routing(t, fakeyeastar.KindRingGroup, "6300").ID
					return nil
				}),
		},
		// Each in-place update: the name, the strategy and timeout, the members' order, the failover.
		update("6300", map[string]string{"name": "Front desk"}, `name = "Front desk"`, members),
		update("6300", map[string]string{"ring_strategy": "sequentially", "ring_timeout": "20"}, members, `strategy = "sequentially"`, `ring_timeout = 20`),
		update("6300", map[string]string{"member_list": pbx.members(t, "1003", "1001")}, reordered, `strategy = "sequentially"`, `ring_timeout = 20`),
		update("6300", map[string]string{"fail_dest": "ext_vm", "fail_dest_value": strconv.Itoa(pbx.extension(t, "2000").ID)},
			reordered, `strategy = "sequentially"`, `ring_timeout = 20`, voicemail),
		resource.TestStep{
			Config: pbx.receptionConfig("6300", reordered, `strategy = "sequentially"`, `ring_timeout = 20`,
				`failover = { type = "external_num", number = "+14155550100", prefix = "9" }`),
			Check: pbx.expectRouting(receptionAddress, fakeyeastar.KindRingGroup, "6300", map[string]string{
				"fail_dest": "external_num", "fail_dest_value": "+14155550100", "fail_dest_prefix": "9"}),
		},
		resource.TestStep{
			Config: pbx.receptionConfig("6300", reordered, `failover = { type = "play_greeting", prompt = "after-hours.wav" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(receptionAddress, tfjsonpath.New("failover").AtMapKey("repeat"), knownvalue.Int64Exact(1)),
			},
		},
		// Import by number and by ID: every attribute read back, and the plan after it is empty.
		resource.TestStep{ResourceName: receptionAddress, ImportState: true, ImportStateId: "6300", ImportStateVerify: true},
		resource.TestStep{ResourceName: receptionAddress, ImportState: true, ImportStateIdFunc: func(s *terraform.State) (string, error) {
			return "id:" + s.RootModule().Resources[receptionAddress].Primary.ID, nil
		}, ImportStateVerify: true},
		resource.TestStep{
			// A new number replaces the ring group.
			Config: pbx.receptionConfig("6301", reordered),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(receptionAddress, plancheck.ResourceActionReplace),
			}},
			Check: func(s *terraform.State) error {
				if _, still := pbx.RoutingByNumber(fakeyeastar.KindRingGroup, "6300"); still {
					return fmt.Errorf("ring group 6300 is still on the PBX after the replacement")
				}
				return pbx.expectRouting(receptionAddress, fakeyeastar.KindRingGroup, "6301", nil)(s)
			},
		},
	)
	tc.CheckDestroy = pbx.checkNoRouting
	resource.Test(t, tc)
}

func TestAccRingGroupResourceImportPlansNoChange(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	// A ring group made in the web portal, imported with an import block: the configuration
	// that leaves every default out plans no change.
	pbx.AddRouting(fakeyeastar.KindRingGroup, map[string]any{"number": "6310", "name": "Warehouse", "ring_strategy": "ring_all",
		"ring_timeout": 60, "member_list": []map[string]any{{"value": strconv.Itoa(pbx.extension(t, "3000").ID), "type": "extension"}}})
	config := pbx.providerBlock() + fmt.Sprintf(`
import {
  to = yeastar_ring_group.warehouse
  id = "6310"
}

resource "yeastar_ring_group" "warehouse" {
  number     = "6310"
  name       = "Warehouse"
  member_ids = [%s]
}
`, pbx.extIDs(t, "3000"))
	resource.Test(t, pbx.testCase(
		resource.TestStep{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_ring_group.warehouse", plancheck.ResourceActionNoop),
			}},
		},
		resource.TestStep{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(*terraform.State) error {
				if n := pbx.routingWrites(); n != 0 {
					return fmt.Errorf("importing sent %d writes", n)
				}
				return nil
			},
		},
	))
}

func TestAccRingGroupResourceIdentity(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.receptionConfig("6302", "member_ids = ["+pbx.extIDs(t, "1001")+"]"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentityValueMatchesState(receptionAddress, tfjsonpath.New("id")),
			},
		},
		resource.TestStep{ResourceName: receptionAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	resource.Test(t, tc)
}

func TestAccRingGroupResourceDriftOutsideTerraform(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_extension" "temp" {
  number = "1090"
}

resource "yeastar_ring_group" "reception" {
  number     = "6303"
  name       = "Reception"
  strategy   = "memory_hunt"
  member_ids = [%s, yeastar_extension.temp.id]
}
`, pbx.extIDs(t, "1005"))
	group := func() fakeyeastar.Routing { return pbx.routing(t, fakeyeastar.KindRingGroup, "6303") }
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			// Deleted in the web portal: the next plan creates it again.
			PreConfig: func() { pbx.RemoveRouting(fakeyeastar.KindRingGroup, group().ID) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(receptionAddress, plancheck.ResourceActionCreate),
			}},
		},
		resource.TestStep{
			// A strategy, a member and the failover changed in the web portal: changed back in place.
			PreConfig: func() {
				pbx.ChangeRouting(fakeyeastar.KindRingGroup, group().ID, map[string]any{"ring_strategy": "ring_all",
					"member_list": []map[string]any{{"value": strconv.Itoa(pbx.extension(t, "1005").ID), "type": "extension"}},
					"fail_dest":   "extension", "fail_dest_value": strconv.Itoa(pbx.extension(t, "2000").ID)})
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(receptionAddress, plancheck.ResourceActionUpdate),
			}},
			Check: func(s *terraform.State) error {
				return pbx.expectRouting(receptionAddress, fakeyeastar.KindRingGroup, "6303", map[string]string{
					"ring_strategy": "memory_hunt", "member_list": pbx.members(t, "1005", "1090"), "fail_dest": "end_call"})(s)
			},
		},
		resource.TestStep{
			// A member extension deleted in the portal leaves the member list: the refresh reads
			// the shorter list, and the plan creates the extension and puts it back in place.
			PreConfig: func() { pbx.RemoveExtension(pbx.extension(t, "1090").ID) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_extension.temp", plancheck.ResourceActionCreate),
				plancheck.ExpectResourceAction(receptionAddress, plancheck.ResourceActionUpdate),
			}},
			Check: func(s *terraform.State) error {
				return pbx.expectRouting(receptionAddress, fakeyeastar.KindRingGroup, "6303", map[string]string{
					"member_list": pbx.members(t, "1005", "1090")})(s)
			},
		},
		resource.TestStep{
			// With hard-coded IDs, a deleted member fails the plan, naming it.
			PreConfig:   func() { pbx.RemoveExtension(pbx.extension(t, "1090").ID) },
			Config:      pbx.receptionConfig("6303", "member_ids = ["+pbx.extIDs(t, "1005")+", \"9999\"]"),
			ExpectError: regexp.MustCompile(`Unknown extension[\s\S]*member_ids\[1\]: the PBX has no extension with ID "9999"`),
		},
	))
}

func TestAccRingGroupResourceCreateWhoseAnswerIsLost(t *testing.T) {
	t.Parallel()
	for returnsID, name := range map[bool]string{true: "answer with the ID", false: "answer without the ID"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pbx := newTestPBX(t)
			pbx.RoutingCreateReturnsID = returnsID
			pbx.InjectFaults("ringgroup/create", fakeyeastar.Fault{HangupAfterServe: true})
			resource.Test(t, pbx.testCase(resource.TestStep{
				Config: pbx.receptionConfig("6304", "member_ids = ["+pbx.extIDs(t, "1001")+"]"),
				Check: resource.ComposeAggregateTestCheckFunc(
					pbx.expectRouting(receptionAddress, fakeyeastar.KindRingGroup, "6304", nil),
					func(*terraform.State) error {
						if n := len(pbx.RoutingObjects(fakeyeastar.KindRingGroup)); n != 1 {
							return fmt.Errorf("the PBX holds %d ring groups, want 1", n)
						}
						if n := pbx.Stats().Endpoints["ringgroup/create"]; n != 1 {
							return fmt.Errorf("ringgroup/create sent %d times, want 1", n)
						}
						return nil
					},
				),
			}))
		})
	}
}

func TestAccRingGroupResourceBadInputFailsThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	// A first ring group, so that the next one's ID is no queue's ID.
	pbx.AddRouting(fakeyeastar.KindRingGroup, map[string]any{"number": "6389", "name": "Old hunt group", "ring_strategy": "ring_all", "ring_timeout": 30})
	existing := pbx.AddRouting(fakeyeastar.KindRingGroup, map[string]any{"number": "6390", "name": "Old reception", "ring_strategy": "ring_all", "ring_timeout": 30})
	queue := pbx.AddRouting(fakeyeastar.KindQueue, map[string]any{"number": "6490", "name": "Old sales", "ring_strategy": "ring_all"})
	james := pbx.extension(t, "1001")
	member := "member_ids = [" + pbx.extIDs(t, "1001") + "]"
	group := func(number string, arguments ...string) string {
		return fmt.Sprintf(`
resource "yeastar_ring_group" "x" {
  number = %q
  name   = "Reception"
  %s
}`, number, strings.Join(arguments, "\n  "))
	}
	pbx.expectErrors(t, map[string]configError{
		"number with a letter":    {group("63a0", member), `Invalid number[\s\S]*1 to 7 digits`},
		"number of eight digits":  {group("63000000", member), `Invalid number`},
		"long name":               {strings.Replace(group("6320", member), `"Reception"`, strconv.Quote(strings.Repeat("a", 128)), 1), `name[\s\S]*at most 127`},
		"unknown strategy":        {group("6320", member, `strategy = "custom"`), `strategy[\s\S]*"ring_all"`},
		"timeout of zero":         {group("6320", member, `ring_timeout = 0`), `ring_timeout[\s\S]*between 1 and 3600`},
		"member twice":            {group("6320", "member_ids = ["+pbx.extIDs(t, "1001", "1001")+"]"), `Duplicate List Value[\s\S]*member_ids`},
		"member not an extension": {group("6320", `member_ids = ["999"]`), `Unknown extension[\s\S]*no extension with ID "999"`},
		"member as a number":      {group("6320", `member_ids = ["ten"]`), `Invalid extension ID[\s\S]*not its number\); got "ten"`},
		"number of an extension": {group("1001", member),
			fmt.Sprintf(`Number already taken[\s\S]*Number 1001 is extension 1001 James Carter \(ID %d\)`, james.ID)},
		"number of a ring group": {group("6390", member),
			fmt.Sprintf(`Ring group already on the PBX[\s\S]*ring group number 6390 \(ID %d\)[\s\S]*terraform import yeastar_ring_group.NAME 6390`, existing)},
		"number of a queue": {group("6490", member), fmt.Sprintf(`Number already taken[\s\S]*queue 6490 Old sales \(ID %d\)`, queue)},
		"two resources with one number": {group("6320", member) + `
resource "yeastar_extension" "y" {
  number = "6320"
}`, `Duplicate (number|extension number)[\s\S]*Another yeastar_(ring_group|extension) of this configuration also creates number 6320`},
		"failover without its id":     {group("6320", member, `failover = { type = "extension" }`), `Incomplete destination[\s\S]*needs id`},
		"failover with too much":      {group("6320", member, `failover = { type = "end_call", number = "100" }`), `Attribute not allowed in this destination[\s\S]*takes no number`},
		"failover of an unknown type": {group("6320", member, `failover = { type = "voicemail" }`), `failover.type[\s\S]*"end_call"`},
		"failover to a ring group as a queue": {group("6320", member, fmt.Sprintf(`failover = { type = "queue", id = "%d" }`, existing)),
			fmt.Sprintf(`Unknown destination[\s\S]*ID %d is ring group 6390 Old reception \(ID %d\), not of type "queue"[\s\S]*%d \(6490 Old sales\)`, existing, existing, queue)},
		"failover to an unknown prompt": {group("6320", member, `failover = { type = "play_greeting", prompt = "welcome.mp3" }`),
			`Unknown custom prompt[\s\S]*"welcome.mp3"[\s\S]*welcome.wav`},
		"failover to a bad outside number": {group("6320", member, `failover = { type = "external_num", number = "555 1234" }`), `Invalid outside number`},
	})
	if n := pbx.routingWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d writes", n)
	}
}

func TestAccExtensionNumberOfARingGroupFailsThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	id := pbx.AddRouting(fakeyeastar.KindRingGroup, map[string]any{"number": "6391", "name": "Reception", "ring_strategy": "ring_all", "ring_timeout": 30})
	pbx.expectErrors(t, map[string]configError{
		"extension": {`
resource "yeastar_extension" "x" {
  number = "6391"
}`, fmt.Sprintf(`Number already taken[\s\S]*Number 6391 is ring group 6391 Reception \(ID %d\)`, id)},
	})
	if n := pbx.routingWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d writes", n)
	}
}

func TestAccRingGroupResourceDeleteInUse(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.receptionConfig("6305", "member_ids = ["+pbx.extIDs(t, "1001")+"]")
	var menu int
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			// An IVR key made in the web portal sends calls to the ring group.
			PreConfig: func() {
				menu = pbx.AddRouting(fakeyeastar.KindIVR, map[string]any{"number": "6590", "name": "Portal menu", "prompt": "default",
					"prompt_repeat": 3, "resp_timeout": 5, "digit_timeout": 3,
					"press1_dest": "ring_group", "press1_dest_value": strconv.Itoa(pbx.routing(t, fakeyeastar.KindRingGroup, "6305").ID)})
			},
			Config:      config,
			Destroy:     true,
			ExpectError: regexp.MustCompile(`Ring group still in use[\s\S]*ring group 6305 \(ID \d+\)[\s\S]*IVR 6590 Portal menu \(ID \d+\),\s+key\s+1[\s\S]*Point those\s+destinations elsewhere first`),
		},
		resource.TestStep{
			PreConfig: func() { pbx.RemoveRouting(fakeyeastar.KindIVR, menu) },
			Config:    config,
			Destroy:   true,
		},
	))
	if _, ok := pbx.RoutingByNumber(fakeyeastar.KindRingGroup, "6305"); ok {
		t.Error("ring group 6305 is still on the PBX after destroy")
	}
}

// addPortalRouting gives a fake PBX the call routing an office made in the web portal: ring
// group 6390, queue 6490 and IVR 6590, which the data source examples find.
func addPortalRouting(fake *fakeyeastar.Server) {
	reception, _ := fake.ExtensionByNumber("2000")
	fake.AddRouting(fakeyeastar.KindRingGroup, map[string]any{"number": "6390", "name": "Front desk", "ring_strategy": "ring_all",
		"ring_timeout": 30, "member_list": []map[string]any{{"value": strconv.Itoa(reception.ID), "type": "extension"}}})
	fake.AddRouting(fakeyeastar.KindQueue, map[string]any{"number": "6490", "name": "Support", "ring_strategy": "ring_all"})
	fake.AddRouting(fakeyeastar.KindIVR, map[string]any{"number": "6590", "name": "Night menu", "prompt": "default",
		"prompt_repeat": 3, "resp_timeout": 5, "digit_timeout": 3})
}

func TestAccCLIRingGroupDestroyOfAGoneRingGroup(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	james, _ := fake.ExtensionByNumber("1001")
	w := newCLIWorkspace(t, fmt.Sprintf(`
provider "yeastar" {}

resource "yeastar_ring_group" "reception" {
  number     = "6395"
  name       = "Reception"
  member_ids = ["%d"]
}
`, james.ID), env...)
	w.mustRun("apply", "-auto-approve", "-input=false")
	group, ok := fake.RoutingByNumber(fakeyeastar.KindRingGroup, "6395")
	if !ok {
		t.Fatal("the apply created no ring group 6395")
	}
	fake.RemoveRouting(fakeyeastar.KindRingGroup, group.ID)
	fake.ResetStats()
	// Without a refresh, the destroy asks the PBX to delete what is gone already: it succeeds.
	out := w.mustRun("destroy", "-auto-approve", "-input=false", "-refresh=false")
	if !strings.Contains(out, "1 destroyed") {
		t.Errorf("destroy of a gone ring group:\n%s", out)
	}
	if n := fake.Stats().Endpoints["ringgroup/delete"]; n != 1 {
		t.Errorf("ringgroup/delete sent %d times, want 1", n)
	}
}

func TestAccCLIRingGroupReplaceKeepsItsNumber(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	james, _ := fake.ExtensionByNumber("1001")
	w := newCLIWorkspace(t, fmt.Sprintf(`
provider "yeastar" {}

resource "yeastar_ring_group" "reception" {
  number     = "6396"
  name       = "Reception"
  member_ids = ["%d"]
}
`, james.ID), env...)
	w.mustRun("apply", "-auto-approve", "-input=false")
	before, _ := fake.RoutingByNumber(fakeyeastar.KindRingGroup, "6396")
	// The number check must not call the ring group being replaced "already on the PBX".
	out := w.mustRun("apply", "-auto-approve", "-input=false", "-replace=yeastar_ring_group.reception")
	if !strings.Contains(out, "1 added, 0 changed, 1 destroyed") {
		t.Errorf("apply -replace did not replace the ring group:\n%s", out)
	}
	after, ok := fake.RoutingByNumber(fakeyeastar.KindRingGroup, "6396")
	if !ok || after.ID == before.ID {
		t.Errorf("after -replace the PBX holds %+v, want a new ring group 6396", after)
	}
}

func TestAccRingGroupResourceNumberOfAConferenceRoomFailsAtApplyNamingIt(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	// The API lists no conference room numbers, so the plan cannot check them: the PBX's 40003
	// at create is the error, naming the room, and nothing is created.
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config:      pbx.receptionConfig("6800", "member_ids = ["+pbx.extIDs(t, "1001")+"]"),
		ExpectError: regexp.MustCompile(`Number already taken[\s\S]*refused number 6800 at create: it is conference\s+6800`),
	}))
	if left := pbx.RoutingObjects(fakeyeastar.KindRingGroup); len(left) != 0 {
		t.Errorf("the PBX holds %d ring groups, want none", len(left))
	}
}
