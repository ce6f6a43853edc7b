package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

const mainNumberAddress = "yeastar_inbound_route.main"

// route returns the fake's route of a kind with this name, failing when there is none.
func (pbx *testPBX) route(t *testing.T, kind, name string) fakeyeastar.Routing {
	t.Helper()
	o, ok := pbx.RoutingByName(kind, name)
	if !ok {
		t.Fatalf("the fake PBX has no %s %q", kind, name)
	}
	return o
}

// expectRoute checks that the state's resource is the fake's route of that name, with these
// fields (compared as text) and this position.
func (pbx *testPBX) expectRoute(address, kind, name string, position int, fields map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in the state", address)
		}
		o, ok := pbx.RoutingByName(kind, name)
		if !ok {
			return fmt.Errorf("the PBX has no %s %q", kind, name)
		}
		if rs.Primary.ID != strconv.Itoa(o.ID) {
			return fmt.Errorf("the state holds ID %s, the PBX ID %d", rs.Primary.ID, o.ID)
		}
		if got := rs.Primary.Attributes["position"]; position > 0 && got != strconv.Itoa(position) {
			return fmt.Errorf("%s has position %s, want %d (the PBX's %d)", address, got, position, pbx.RoutePosition(kind, o.ID))
		}
		for field, want := range fields {
			if got := fmt.Sprint(o.Fields[field]); got != want {
				return fmt.Errorf("the PBX's %s %q has %s = %s, want %s", kind, name, field, got, want)
			}
		}
		return nil
	}
}

// officeBase is a peer trunk, and the IVR and extension a route sends calls to, made in the
// web portal: it returns the trunk's, the IVR's and extension 2000's IDs.
func (pbx *testPBX) officeBase(t *testing.T) (trunk, ivr, reception int) {
	t.Helper()
	trunk = pbx.peerTrunk("Carrier", "sip.carrier.example")
	ivr = pbx.AddRouting(fakeyeastar.KindIVR, map[string]any{"number": "6500", "name": "Main menu", "prompt": "default",
		"prompt_repeat": 3, "resp_timeout": 5, "digit_timeout": 3})
	return trunk, ivr, pbx.extension(t, "2000").ID
}

func TestAccInboundRouteResourceLifecycle(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	trunk, ivr, reception := pbx.officeBase(t)
	backup := pbx.peerTrunk("Backup", "sip.backup.example")
	route := func(arguments ...string) string {
		return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_inbound_route" "main" {
  name         = "Main number"
  did_patterns = ["5551234"]
  trunk_ids    = ["%d"]
  destination  = { type = "ivr", id = "%d" }
  %s
}
`, trunk, ivr, strings.Join(arguments, "\n  "))
	}
	voicemail := fmt.Sprintf(`outside_office_hours_destination = { type = "ext_vm", id = "%d" }`, reception)
	holiday := `holiday_destination = { type = "end_call" }`
	var firstID int
	update := func(cfg string, fields map[string]string) resource.TestStep {
		return resource.TestStep{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(mainNumberAddress, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectRoute(mainNumberAddress, fakeyeastar.KindInboundRoute, "Main number", 1, fields),
				func(*terraform.State) error {
					if id := pbx.route(t, fakeyeastar.KindInboundRoute, "Main number").ID; id != firstID {
						return fmt.Errorf("the route has ID %d, want %d: it was replaced", id, firstID)
					}
					return nil
				}),
		}
	}
	tc := pbx.testCase(
		resource.TestStep{
			Config: route(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(mainNumberAddress, tfjsonpath.New("position"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(mainNumberAddress, tfjsonpath.New("outside_office_hours_destination"), knownvalue.Null()),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				pbx.expectRoute(mainNumberAddress, fakeyeastar.KindInboundRoute, "Main number", 1, map[string]string{
					"def_dest": "ivr", "def_dest_value": strconv.Itoa(ivr), "enb_time_condition": "0",
					"did_pattern_list": "[map[did_pattern:5551234]]", "trunk_list": fmt.Sprintf("[map[id:%d]]", trunk)}),
				func(*terraform.State) error {
					firstID = pbx.route(t, fakeyeastar.KindInboundRoute, "Main number").ID
					return nil
				}),
		},
		// Outside office hours to the receptionist's voicemail: the time condition comes on.
		update(route(voicemail), map[string]string{"enb_time_condition": "1", "time_condition": "global",
			"office_time_dest": "ivr", "office_time_dest_value": strconv.Itoa(ivr), "outoffice_time_dest": "ext_vm",
			"outoffice_time_dest_value": strconv.Itoa(reception), "holiday_dest": "ext_vm", "def_dest": "ivr"}),
		update(route(voicemail, holiday), map[string]string{"holiday_dest": "end_call", "outoffice_time_dest": "ext_vm"}),
		update(route(holiday), map[string]string{"outoffice_time_dest": "ivr", "holiday_dest": "end_call", "enb_time_condition": "1"}),
		// Both removed: the time condition goes off.
		update(route(), map[string]string{"enb_time_condition": "0"}),
		update(strings.Replace(route(`caller_id_patterns = ["1415XXXXXXX"]`), fmt.Sprintf(`["%d"]`, trunk), fmt.Sprintf(`["%d", "%d"]`, trunk, backup), 1),
			map[string]string{"cid_pattern_list": "[map[cid_pattern:1415XXXXXXX]]", "cid_option": "patterns",
				"trunk_list": fmt.Sprintf("[map[id:%d] map[id:%d]]", trunk, backup)}),
		update(route(voicemail), map[string]string{"cid_pattern_list": "[]", "enb_time_condition": "1"}),
		resource.TestStep{ResourceName: mainNumberAddress, ImportState: true, ImportStateId: "Main number", ImportStateVerify: true},
		resource.TestStep{ResourceName: mainNumberAddress, ImportState: true, ImportStateIdFunc: func(s *terraform.State) (string, error) {
			return "id:" + s.RootModule().Resources[mainNumberAddress].Primary.ID, nil
		}, ImportStateVerify: true},
		resource.TestStep{
			// A second route comes after the first.
			Config: route(voicemail) + fmt.Sprintf(`
resource "yeastar_inbound_route" "fax" {
  name         = "Fax"
  did_patterns = ["5551299"]
  trunk_ids    = ["%d"]
  destination  = { type = "end_call" }
}
`, trunk),
			Check: pbx.expectRoute("yeastar_inbound_route.fax", fakeyeastar.KindInboundRoute, "Fax", 2, nil),
		},
	)
	tc.CheckDestroy = func(*terraform.State) error {
		if left := pbx.RoutingObjects(fakeyeastar.KindInboundRoute); len(left) > 0 {
			return fmt.Errorf("the PBX still holds %d inbound routes after destroy", len(left))
		}
		return nil
	}
	resource.Test(t, tc)
}

func TestAccInboundRouteResourceDIDClashes(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	trunk, _, _ := pbx.officeBase(t)
	portal := pbx.AddRouting(fakeyeastar.KindInboundRoute, map[string]any{"name": "Portal number", "trunk_list": []map[string]any{{"id": trunk}},
		"did_pattern_list": []map[string]any{{"did_pattern": "5550100"}}, "def_dest": "end_call"})
	route := func(address, name, pattern string) string {
		return fmt.Sprintf(`
resource "yeastar_inbound_route" %q {
  name         = %q
  did_patterns = [%q]
  trunk_ids    = ["%d"]
  destination  = { type = "end_call" }
}
`, address, name, pattern, trunk)
	}
	pbx.expectErrors(t, map[string]configError{
		"a pattern of a route on the PBX": {route("x", "New", "5550100"),
			fmt.Sprintf(`DID pattern of another inbound route[\s\S]*inbound route Portal number \(ID %d\) already takes 5550100 on trunk ID %d[\s\S]*terraform import yeastar_inbound_route.NAME 'Portal number'`, portal, trunk)},
		"two routes of the configuration": {route("x", "New", "5550199") + route("y", "Newer", "5550199"),
			`DID pattern of another inbound route[\s\S]*The inbound route "(New|Newer)" of this configuration also takes 5550199 on trunk ID`},
	})
	if n := pbx.routingWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d writes", n)
	}
	// A route that gives the pattern up in the same plan is no clash.
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: pbx.providerBlock() + route("a", "First", "5550111")},
		resource.TestStep{
			Config: pbx.providerBlock() + route("a", "First", "5550112") + route("b", "Second", "5550111"),
			Check:  pbx.expectRoute("yeastar_inbound_route.b", fakeyeastar.KindInboundRoute, "Second", 3, map[string]string{"did_pattern_list": "[map[did_pattern:5550111]]"}),
		},
	))
}

func TestAccInboundRouteResourceBadInputFailsThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	trunk, ivr, reception := pbx.officeBase(t)
	route := func(arguments ...string) string {
		return fmt.Sprintf(`
resource "yeastar_inbound_route" "x" {
  name = "New"
  %s
}`, strings.Join(arguments, "\n  "))
	}
	taken := pbx.AddRouting(fakeyeastar.KindInboundRoute, map[string]any{"name": "Taken", "trunk_list": []map[string]any{{"id": trunk}},
		"did_pattern_list": []map[string]any{{"did_pattern": "5559999"}}, "def_dest": "end_call"})
	did, trunks := `did_patterns = ["5551234"]`, fmt.Sprintf(`trunk_ids = ["%d"]`, trunk)
	toIVR := fmt.Sprintf(`destination = { type = "ivr", id = "%d" }`, ivr)
	pbx.expectErrors(t, map[string]configError{
		"pattern with a letter":     {route(`did_patterns = ["555x"]`, trunks, toIVR), `Invalid pattern[\s\S]*holds "x"`},
		"pattern with a dot inside": {route(`did_patterns = ["55.5"]`, trunks, toIVR), `may only end a pattern`},
		"pattern with a plus":       {route(`did_patterns = ["+15551234"]`, trunks, toIVR), `holds "\+"`},
		"no pattern":                {route(`did_patterns = []`, trunks, toIVR), `did_patterns[\s\S]*at least 1`},
		"unknown trunk": {route(did, `trunk_ids = ["99"]`, toIVR),
			fmt.Sprintf(`Unknown SIP trunk[\s\S]*no SIP trunk with ID "99"[\s\S]*%d \(Carrier\)`, trunk)},
		"trunk as a name": {route(did, `trunk_ids = ["Carrier"]`, toIVR), `Invalid trunk ID`},
		"destination to a queue that is an IVR": {route(did, trunks, fmt.Sprintf(`destination = { type = "queue", id = "%d" }`, ivr)),
			`Unknown destination[\s\S]*IVR 6500 Main menu`},
		"outside hours as the destination": {route(did, trunks, toIVR, fmt.Sprintf(`outside_office_hours_destination = { type = "ivr", id = "%d" }`, ivr)),
			`Destination given twice[\s\S]*same as destination`},
		"holiday as outside hours": {route(did, trunks, toIVR, fmt.Sprintf(`outside_office_hours_destination = { type = "ext_vm", id = "%d" }`, reception),
			fmt.Sprintf(`holiday_destination = { type = "ext_vm", id = "%d" }`, reception)), `Destination given twice[\s\S]*same as outside_office_hours_destination`},
		"name of a route on the PBX": {strings.Replace(route(did, trunks, toIVR), `"New"`, `"Taken"`, 1),
			fmt.Sprintf(`Inbound route already on the PBX[\s\S]*inbound route name Taken \(ID %d\)[\s\S]*terraform import yeastar_inbound_route.NAME Taken`, taken)},
	})
	if n := pbx.routingWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d writes", n)
	}
}

func TestAccInboundRouteResourceDriftAndLostAnswer(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	trunk, ivr, _ := pbx.officeBase(t)
	pbx.RoutingCreateReturnsID = false
	pbx.InjectFaults("inbound_route/create", fakeyeastar.Fault{HangupAfterServe: true})
	config := pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_inbound_route" "main" {
  name         = "Main number"
  did_patterns = ["5551234", "5551235"]
  trunk_ids    = ["%d"]
  destination  = { type = "ivr", id = "%d" }
}
`, trunk, ivr)
	resource.Test(t, pbx.testCase(
		resource.TestStep{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectRoute(mainNumberAddress, fakeyeastar.KindInboundRoute, "Main number", 1, nil),
				func(*terraform.State) error {
					if n := len(pbx.RoutingObjects(fakeyeastar.KindInboundRoute)); n != 1 {
						return fmt.Errorf("the PBX holds %d inbound routes, want 1", n)
					}
					return nil
				}),
		},
		resource.TestStep{
			// A pattern and the destination changed in the web portal: changed back in place.
			PreConfig: func() {
				pbx.ChangeRouting(fakeyeastar.KindInboundRoute, pbx.route(t, fakeyeastar.KindInboundRoute, "Main number").ID, map[string]any{
					"did_pattern_list": []map[string]any{{"did_pattern": "5551234"}}, "def_dest": "end_call", "def_dest_value": ""})
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(mainNumberAddress, plancheck.ResourceActionUpdate),
			}},
			Check: pbx.expectRoute(mainNumberAddress, fakeyeastar.KindInboundRoute, "Main number", 1, map[string]string{
				"def_dest": "ivr", "did_pattern_list": "[map[did_pattern:5551234] map[did_pattern:5551235]]"}),
		},
		resource.TestStep{
			// Deleted in the web portal: the next plan creates it again.
			PreConfig: func() {
				pbx.RemoveRouting(fakeyeastar.KindInboundRoute, pbx.route(t, fakeyeastar.KindInboundRoute, "Main number").ID)
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(mainNumberAddress, plancheck.ResourceActionCreate),
			}},
		},
	))
}

func TestAccRouteResourcesIdentity(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	trunk, _, _ := pbx.officeBase(t)
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_inbound_route" "main" {
  name         = "Main number"
  did_patterns = ["5551234"]
  trunk_ids    = ["%d"]
  destination  = { type = "end_call" }
}

resource "yeastar_outbound_route" "out" {
  name          = "Dial out"
  dial_patterns = [{ pattern = "9.", strip = 1 }]
  trunk_ids     = ["%d"]
}
`, trunk, trunk),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentityValueMatchesState(mainNumberAddress, tfjsonpath.New("id")),
				statecheck.ExpectIdentityValueMatchesState("yeastar_outbound_route.out", tfjsonpath.New("id")),
			},
		},
		resource.TestStep{ResourceName: mainNumberAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		resource.TestStep{ResourceName: "yeastar_outbound_route.out", ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	resource.Test(t, tc)
}

const dialOutAddress = "yeastar_outbound_route.dial_out"

func TestAccOutboundRouteResourceLifecycle(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	trunk, _, _ := pbx.officeBase(t)
	backup := pbx.peerTrunk("Backup", "sip.backup.example")
	james, emma := pbx.extension(t, "1001").ID, pbx.extension(t, "1002").ID
	routes := func(dialOut ...string) string {
		return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_outbound_route" "emergency" {
  name          = "Emergency"
  dial_patterns = [{ pattern = "911" }, { pattern = "9911", strip = 1 }]
  trunk_ids     = ["%d"]
}

resource "yeastar_outbound_route" "dial_out" {
  name       = "Dial out"
  depends_on = [yeastar_outbound_route.emergency]
  %s
}
`, trunk, strings.Join(dialOut, "\n  "))
	}
	nine := `dial_patterns = [{ pattern = "9.", strip = 1 }]`
	trunks := fmt.Sprintf(`trunk_ids = ["%d"]`, trunk)
	var firstID int
	update := func(cfg string, fields map[string]string) resource.TestStep {
		return resource.TestStep{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(dialOutAddress, plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction("yeastar_outbound_route.emergency", plancheck.ResourceActionNoop),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectRoute(dialOutAddress, fakeyeastar.KindOutboundRoute, "Dial out", 2, fields),
				func(*terraform.State) error {
					if id := pbx.route(t, fakeyeastar.KindOutboundRoute, "Dial out").ID; id != firstID {
						return fmt.Errorf("the route has ID %d, want %d: it was replaced", id, firstID)
					}
					return nil
				}),
		}
	}
	tc := pbx.testCase(
		resource.TestStep{
			Config: routes(nine, trunks),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("yeastar_outbound_route.emergency", tfjsonpath.New("position"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(dialOutAddress, tfjsonpath.New("position"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(dialOutAddress, tfjsonpath.New("dial_patterns").AtSliceIndex(0).AtMapKey("prepend"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue(dialOutAddress, tfjsonpath.New("extension_ids"), knownvalue.Null()),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				pbx.expectRoute(dialOutAddress, fakeyeastar.KindOutboundRoute, "Dial out", 2, map[string]string{
					"dial_pattern_list": "[map[pattern:9. prepend: strip:1]]", "ext_list": "[]", "pin_protect": "disable"}),
				pbx.expectRoute("yeastar_outbound_route.emergency", fakeyeastar.KindOutboundRoute, "Emergency", 1, map[string]string{
					"dial_pattern_list": "[map[pattern:911 prepend: strip:0] map[pattern:9911 prepend: strip:1]]"}),
				func(*terraform.State) error {
					firstID = pbx.route(t, fakeyeastar.KindOutboundRoute, "Dial out").ID
					return nil
				}),
		},
		update(routes(`dial_patterns = [{ pattern = "9.", strip = 1, prepend = "1" }, { pattern = "8NXXXXXX", strip = 1 }]`, trunks),
			map[string]string{"dial_pattern_list": "[map[pattern:9. prepend:1 strip:1] map[pattern:8NXXXXXX prepend: strip:1]]"}),
		update(routes(nine, fmt.Sprintf(`trunk_ids = ["%d", "%d"]`, backup, trunk)),
			map[string]string{"trunk_list": fmt.Sprintf("[map[id:%d] map[id:%d]]", backup, trunk)}),
		update(routes(nine, trunks, fmt.Sprintf(`extension_ids = ["%d", "%d"]`, james, emma), `outbound_caller_id = "+14155550100"`),
			map[string]string{"ext_list": fmt.Sprintf("[map[id:%d] map[id:%d]]", james, emma), "outbound_cid": "+14155550100"}),
		update(routes(nine, trunks), map[string]string{"ext_list": "[]", "outbound_cid": ""}),
		resource.TestStep{ResourceName: dialOutAddress, ImportState: true, ImportStateId: "Dial out", ImportStateVerify: true},
		resource.TestStep{ResourceName: dialOutAddress, ImportState: true, ImportStateIdFunc: func(s *terraform.State) (string, error) {
			return "id:" + s.RootModule().Resources[dialOutAddress].Primary.ID, nil
		}, ImportStateVerify: true},
	)
	tc.CheckDestroy = func(*terraform.State) error {
		if left := pbx.RoutingObjects(fakeyeastar.KindOutboundRoute); len(left) > 0 {
			return fmt.Errorf("the PBX still holds %d outbound routes after destroy", len(left))
		}
		return nil
	}
	resource.Test(t, tc)
}

func TestAccOutboundRouteResourceBadInputFailsThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	trunk, _, _ := pbx.officeBase(t)
	route := func(arguments ...string) string {
		return fmt.Sprintf(`
resource "yeastar_outbound_route" "x" {
  name = "New"
  %s
}`, strings.Join(arguments, "\n  "))
	}
	trunks := fmt.Sprintf(`trunk_ids = ["%d"]`, trunk)
	pbx.expectErrors(t, map[string]configError{
		"pattern with a letter":         {route(`dial_patterns = [{ pattern = "9a." }]`, trunks), `Invalid pattern[\s\S]*holds "a"`},
		"pattern in lower case":         {route(`dial_patterns = [{ pattern = "9nxx" }]`, trunks), `holds "n"[\s\S]*upper case`},
		"strip longer than it":          {route(`dial_patterns = [{ pattern = "9!", strip = 2 }]`, trunks), `Strip longer than the pattern[\s\S]*"9!" is sure to match only 1`},
		"strip of a dot counts one":     {route(`dial_patterns = [{ pattern = "9.", strip = 3 }]`, trunks), `Strip longer than the pattern[\s\S]*only 2`},
		"negative strip":                {route(`dial_patterns = [{ pattern = "9.", strip = -1 }]`, trunks), `strip[\s\S]*at least 0`},
		"prepend with a letter":         {route(`dial_patterns = [{ pattern = "9.", prepend = "1a" }]`, trunks), `prepend[\s\S]*digits, \*, # and \+`},
		"no trunk":                      {route(`dial_patterns = [{ pattern = "9." }]`, `trunk_ids = []`), `trunk_ids[\s\S]*at least 1`},
		"unknown trunk":                 {route(`dial_patterns = [{ pattern = "9." }]`, `trunk_ids = ["42"]`), `Unknown SIP trunk[\s\S]*"42"`},
		"unknown extension":             {route(`dial_patterns = [{ pattern = "9." }]`, trunks, `extension_ids = ["999"]`), `Unknown extension[\s\S]*"999"`},
		"extension list of none":        {route(`dial_patterns = [{ pattern = "9." }]`, trunks, `extension_ids = []`), `extension_ids[\s\S]*at least 1`},
		"bad caller ID":                 {route(`dial_patterns = [{ pattern = "9." }]`, trunks, `outbound_caller_id = "555 0100"`), `Invalid outbound caller ID`},
		"the same pattern twice":        {route(`dial_patterns = [{ pattern = "9." }, { pattern = "9." }]`, trunks), `Duplicate List Value`},
		"pattern that matches anything": {route(`dial_patterns = [{ pattern = "." }]`, trunks), `matches any number at all`},
	})
	if n := pbx.routingWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d writes", n)
	}
}

// TestAccCLIOutboundRouteShadowedWarns: a route that one already on the PBX shadows plans
// with a warning that names both, seen through the CLI; one in the right order plans without it.
func TestAccCLIOutboundRouteShadowedWarns(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	trunk := fake.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": "Carrier", "type": "peer", "hostname": "sip.carrier.example"})
	fake.AddRouting(fakeyeastar.KindOutboundRoute, map[string]any{"name": "Dial out", "dial_pattern_list": []map[string]any{{"pattern": "9.", "strip": 1}},
		"trunk_list": []map[string]any{{"id": trunk}}, "pin_protect": "disable"})
	w := newCLIWorkspace(t, "provider \"yeastar\" {}\n"+fmt.Sprintf(`
resource "yeastar_outbound_route" "emergency" {
  name          = "Emergency"
  dial_patterns = [{ pattern = "911" }]
  trunk_ids     = ["%d"]
}

resource "yeastar_outbound_route" "local" {
  name          = "Local"
  dial_patterns = [{ pattern = "8NXXXXXX", strip = 1 }]
  trunk_ids     = ["%d"]
}
`, trunk, trunk), env...)
	out := flatten(w.mustRun("plan", "-input=false"))
	want := regexp.MustCompile(`Warning: Outbound route shadowed by an earlier one .* outbound route "Dial out" \(position 1, patterns 9\.\) before this route "Emergency" \(position 2, patterns 911\)`)
	if !want.MatchString(out) {
		t.Errorf("the plan does not warn that Dial out shadows Emergency:\n%s", out)
	}
	if strings.Contains(out, `this route "Local"`) {
		t.Errorf("the plan warns of the route Local, which no route shadows:\n%s", out)
	}
}

func TestAccRouteListResourcesQuery(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.MaxPageSize = 2
	trunk, ivr, _ := pbx.officeBase(t)
	for i := 1; i <= 3; i++ {
		pbx.AddRouting(fakeyeastar.KindInboundRoute, map[string]any{"name": fmt.Sprintf("Number %d", i), "trunk_list": []map[string]any{{"id": trunk}},
			"did_pattern_list": []map[string]any{{"did_pattern": fmt.Sprintf("555010%d", i)}}, "def_dest": "ivr", "def_dest_value": strconv.Itoa(ivr)})
	}
	third := pbx.route(t, fakeyeastar.KindInboundRoute, "Number 3")
	out := pbx.AddRouting(fakeyeastar.KindOutboundRoute, map[string]any{"name": "Dial out", "dial_pattern_list": []map[string]any{{"pattern": "9.", "strip": 1}},
		"trunk_list": []map[string]any{{"id": trunk}}, "pin_protect": "disable"})
	byID := func(id int) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(strconv.Itoa(id))})
	}
	tc := pbx.testCase(
		resource.TestStep{Config: pbx.providerBlock()},
		resource.TestStep{
			Query: true,
			Config: `
list "yeastar_inbound_route" "all" {
  provider         = yeastar
  include_resource = true
}

list "yeastar_outbound_route" "all" {
  provider         = yeastar
  include_resource = true
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("yeastar_inbound_route.all", 3),
				querycheck.ExpectLength("yeastar_outbound_route.all", 1),
				querycheck.ExpectResourceDisplayName("yeastar_inbound_route.all", byID(third.ID), knownvalue.StringExact("Number 3")),
				querycheck.ExpectResourceKnownValues("yeastar_inbound_route.all", byID(third.ID), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("position"), KnownValue: knownvalue.Int64Exact(3)},
					{Path: tfjsonpath.New("did_patterns"), KnownValue: knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("5550103")})},
					{Path: tfjsonpath.New("destination").AtMapKey("type"), KnownValue: knownvalue.StringExact("ivr")},
				}),
				querycheck.ExpectResourceKnownValues("yeastar_outbound_route.all", byID(out), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("position"), KnownValue: knownvalue.Int64Exact(1)},
					{Path: tfjsonpath.New("dial_patterns").AtSliceIndex(0).AtMapKey("strip"), KnownValue: knownvalue.Int64Exact(1)},
				}),
			},
		},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
	resource.Test(t, tc)
}

// TestAccInboundRouteNewRouteBeforeExistingOnes walks what the docs advise for a new route that
// must come before routes that exist: the later routes depend on it and are replaced with it.
func TestAccInboundRouteNewRouteBeforeExistingOnes(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	trunk, _, _ := pbx.officeBase(t)
	general := fmt.Sprintf(`
resource "yeastar_inbound_route" "general" {
  name         = "General"
  did_patterns = ["555XXXX"]
  trunk_ids    = ["%d"]
  destination  = { type = "end_call" }
  %%s
}
`, trunk)
	special := fmt.Sprintf(`
resource "yeastar_inbound_route" "special" {
  name         = "Special"
  did_patterns = ["5551234"]
  trunk_ids    = ["%d"]
  destination  = { type = "end_call" }
}
`, trunk)
	order := func(names string) string {
		return fmt.Sprintf(`
resource "terraform_data" "inbound_order" {
  input = [%s]
}
`, names)
	}
	replaced := `depends_on = [yeastar_inbound_route.special]
  lifecycle {
    replace_triggered_by = [terraform_data.inbound_order]
  }`
	before := pbx.providerBlock() + order(`"Special", "General"`) + special + fmt.Sprintf(general, replaced)
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: pbx.providerBlock() + order(`"General"`) + fmt.Sprintf(general, `lifecycle {
    replace_triggered_by = [terraform_data.inbound_order]
  }`)},
		resource.TestStep{
			Config: before,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_inbound_route.special", plancheck.ResourceActionCreate),
				plancheck.ExpectResourceAction("yeastar_inbound_route.general", plancheck.ResourceActionReplace),
			}},
		},
		resource.TestStep{
			Config:           before,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: resource.ComposeAggregateTestCheckFunc(
				pbx.expectRoute("yeastar_inbound_route.special", fakeyeastar.KindInboundRoute, "Special", 1, nil),
				pbx.expectRoute("yeastar_inbound_route.general", fakeyeastar.KindInboundRoute, "General", 2, nil)),
		},
	))
}

// TestAccRoutesPlanOfNoChangeReadsNoMore: the plan of routes that did not change reads each
// route once (its get), and the listing once per kind, not every route again for the DID and
// shadowing checks.
func TestAccRoutesPlanOfNoChangeReadsNoMore(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	trunk, ivr, _ := pbx.officeBase(t)
	// Routes made in the web portal, which the checks of a changed route would read.
	pbx.AddRouting(fakeyeastar.KindInboundRoute, map[string]any{"name": "Portal number", "trunk_list": []map[string]any{{"id": trunk}},
		"did_pattern_list": []map[string]any{{"did_pattern": "5550100"}}, "def_dest": "end_call"})
	pbx.AddRouting(fakeyeastar.KindOutboundRoute, map[string]any{"name": "Portal out", "trunk_list": []map[string]any{{"id": trunk}},
		"dial_pattern_list": []map[string]any{{"pattern": "0."}}, "pin_protect": "disable"})
	config := pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_inbound_route" "main" {
  name         = "Main number"
  did_patterns = ["5551234"]
  trunk_ids    = ["%d"]
  destination  = { type = "ivr", id = "%d" }
}

resource "yeastar_outbound_route" "out" {
  name          = "Dial out"
  dial_patterns = [{ pattern = "9.", strip = 1 }]
  trunk_ids     = ["%d"]
}
`, trunk, ivr, trunk)
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			PreConfig: pbx.ResetStats,
			Config:    config,
			PlanOnly:  true,
		},
	))
	// Since the reset: the plan, and the destroy at the end, which reads and deletes only.
	if n := pbx.Stats().Endpoints["inbound_route/query"] + pbx.Stats().Endpoints["outbound_route/query"]; n != 0 {
		t.Errorf("a plan of no change queried every route again: %d route queries", n)
	}
}
