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
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

const mainMenuAddress = "yeastar_ivr.main"

// mainMenuConfig is a yeastar_ivr "main" with the given arguments besides its number and name.
func (pbx *testPBX) mainMenuConfig(number string, arguments ...string) string {
	return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_ivr" "main" {
  number = %q
  name   = "Main menu"
  %s
}
`, number, strings.Join(arguments, "\n  "))
}

func TestAccIVRResourceLifecycle(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	reception := strconv.Itoa(pbx.extension(t, "2000").ID)
	keys := fmt.Sprintf(`keys = {
    "0" = { type = "extension", id = %q }
    "9" = { type = "play_greeting", prompt = "hold-on.wav", repeat = 2 }
  }`, reception)
	menu := func() fakeyeastar.Routing { return pbx.routing(t, fakeyeastar.KindIVR, "6500") }
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.mainMenuConfig("6500", keys),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(mainMenuAddress, tfjsonpath.New("prompt"), knownvalue.StringExact("default")),
				statecheck.ExpectKnownValue(mainMenuAddress, tfjsonpath.New("prompt_repeat"), knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownValue(mainMenuAddress, tfjsonpath.New("response_timeout"), knownvalue.Int64Exact(5)),
				statecheck.ExpectKnownValue(mainMenuAddress, tfjsonpath.New("digit_timeout"), knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownValue(mainMenuAddress, tfjsonpath.New("dial_extensions"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(mainMenuAddress, tfjsonpath.New("keys"), knownvalue.MapSizeExact(2)),
			},
			Check: pbx.expectRouting(mainMenuAddress, fakeyeastar.KindIVR, "6500", map[string]string{
				"press0_dest": "extension", "press0_dest_value": reception, "press9_dest": "play_greeting", "press9_dest_prefix": "2",
				"prompt": "default", "resp_timeout": "5", "dial_ext_option": "disable"}),
		},
		resource.TestStep{
			// Prompts, timers, dialling extensions, a key changed and one removed, the timeout destination.
			Config: pbx.mainMenuConfig("6500", `prompt = "welcome.wav,main-menu.wav"`, `prompt_repeat = 2`, `response_timeout = 8`,
				`digit_timeout = 4`, `dial_extensions = true`, `keys = { "1" = { type = "end_call" } }`,
				fmt.Sprintf(`timeout_destination = { type = "ext_vm", id = %q }`, reception)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(mainMenuAddress, plancheck.ResourceActionUpdate),
			}},
			Check: pbx.expectRouting(mainMenuAddress, fakeyeastar.KindIVR, "6500", map[string]string{
				"prompt": "welcome.wav,main-menu.wav", "prompt_repeat": "2", "resp_timeout": "8", "digit_timeout": "4", "dial_ext_option": "all",
				"press0_dest": "", "press9_dest": "", "press1_dest": "end_call", "timeout_dest": "ext_vm", "timeout_dest_value": reception}),
		},
		resource.TestStep{
			// keys = {} clears them all.
			Config: pbx.mainMenuConfig("6500", `keys = {}`),
			Check:  pbx.expectRouting(mainMenuAddress, fakeyeastar.KindIVR, "6500", map[string]string{"press1_dest": ""}),
		},
		resource.TestStep{
			// Keys unset: left alone; a key set in the portal shows in the state and plans no change.
			PreConfig: func() { pbx.ChangeRouting(fakeyeastar.KindIVR, menu().ID, map[string]any{"press5_dest": "end_call"}) },
			Config:    pbx.mainMenuConfig("6500"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(mainMenuAddress, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(mainMenuAddress, tfjsonpath.New("keys").AtMapKey("5").AtMapKey("type"), knownvalue.StringExact("end_call")),
			},
			Check: pbx.expectRouting(mainMenuAddress, fakeyeastar.KindIVR, "6500", map[string]string{"press5_dest": "end_call", "prompt": "default"}),
		},
		resource.TestStep{Config: pbx.mainMenuConfig("6500"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		resource.TestStep{ResourceName: mainMenuAddress, ImportState: true, ImportStateId: "6500", ImportStateVerify: true},
		resource.TestStep{ResourceName: mainMenuAddress, ImportState: true, ImportStateIdFunc: func(s *terraform.State) (string, error) {
			return "id:" + s.RootModule().Resources[mainMenuAddress].Primary.ID, nil
		}, ImportStateVerify: true},
	)
	tc.CheckDestroy = pbx.checkNoRouting
	resource.Test(t, tc)
}

func TestAccIVRResourceIdentity(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	tc := pbx.testCase(
		resource.TestStep{Config: pbx.mainMenuConfig("6501")},
		resource.TestStep{ResourceName: mainMenuAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	resource.Test(t, tc)
}

// officeConfig is the cycle the issue asks for: the main menu's key 1 sends calls to the
// sales queue, whose failover sends them back to the main menu, and key 2 to the reception.
func (pbx *testPBX) officeConfig(t *testing.T) string {
	return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_ivr" "main" {
  number = "6500"
  name   = "Main menu"
}

resource "yeastar_queue" "sales" {
  number           = "6400"
  name             = "Sales"
  static_agent_ids = [%s]
  max_wait_time    = 120
  failover         = { type = "ivr", id = yeastar_ivr.main.id }
}

resource "yeastar_ring_group" "reception" {
  number     = "6300"
  name       = "Reception"
  member_ids = [%s]
}

resource "yeastar_ivr_key" "sales" {
  ivr_id      = yeastar_ivr.main.id
  key         = "1"
  destination = { type = "queue", id = yeastar_queue.sales.id }
}

resource "yeastar_ivr_key" "reception" {
  ivr_id      = yeastar_ivr.main.id
  key         = "2"
  destination = { type = "ring_group", id = yeastar_ring_group.reception.id }
}
`, pbx.extIDs(t, "1012", "1013"), pbx.extIDs(t, "2000"))
}

func TestAccIVRKeysAndAQueueFailingOverToTheMenuApplyInOneRun(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.officeConfig(t)
	tc := pbx.testCase(
		resource.TestStep{
			Config: config,
			Check: func(*terraform.State) error {
				menu, sales := pbx.routing(t, fakeyeastar.KindIVR, "6500"), pbx.routing(t, fakeyeastar.KindQueue, "6400")
				if menu.Fields["press1_dest"] != "queue" || menu.Fields["press1_dest_value"] != strconv.Itoa(sales.ID) {
					return fmt.Errorf("key 1 of the main menu is %v %v, want queue %d", menu.Fields["press1_dest"], menu.Fields["press1_dest_value"], sales.ID)
				}
				if sales.Fields["fail_dest"] != "ivr" || sales.Fields["fail_dest_value"] != strconv.Itoa(menu.ID) {
					return fmt.Errorf("the queue's failover is %v %v, want ivr %d", sales.Fields["fail_dest"], sales.Fields["fail_dest_value"], menu.ID)
				}
				return nil
			},
		},
		resource.TestStep{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		resource.TestStep{
			// A key cleared in the portal is set again.
			PreConfig: func() {
				pbx.ChangeRouting(fakeyeastar.KindIVR, pbx.routing(t, fakeyeastar.KindIVR, "6500").ID, map[string]any{"press2_dest": ""})
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_ivr_key.reception", plancheck.ResourceActionCreate),
				plancheck.ExpectResourceAction(mainMenuAddress, plancheck.ResourceActionNoop),
			}},
		},
		resource.TestStep{
			ResourceName: "yeastar_ivr_key.sales", ImportState: true, ImportStateVerify: true,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				return s.RootModule().Resources["yeastar_ivr_key.sales"].Primary.ID, nil
			},
		},
	)
	tc.CheckDestroy = pbx.checkNoRouting
	resource.Test(t, tc)
}

func TestAccIVRBadInputFailsThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	menu := pbx.AddRouting(fakeyeastar.KindIVR, map[string]any{"number": "6590", "name": "Portal menu", "prompt": "default", "prompt_repeat": 3,
		"resp_timeout": 5, "digit_timeout": 3, "press3_dest": "end_call"})
	ivr := func(arguments ...string) string {
		return fmt.Sprintf(`
resource "yeastar_ivr" "x" {
  number = "6520"
  name   = "Menu"
  %s
}`, strings.Join(arguments, "\n  "))
	}
	key := func(k string, arguments ...string) string {
		return fmt.Sprintf(`
resource "yeastar_ivr_key" "x" {
  ivr_id      = "%d"
  key         = %q
  destination = { type = "end_call" }
  %s
}`, menu, k, strings.Join(arguments, "\n  "))
	}
	pbx.expectErrors(t, map[string]configError{
		"six prompts":               {ivr(`prompt = "a,b,c,d,e,f"`), `Invalid prompt[\s\S]*at most 5 custom prompts`},
		"unknown prompt":            {ivr(`prompt = "welcome.wav,menu.wav"`), `Unknown custom prompt[\s\S]*"menu.wav"[\s\S]*main-menu.wav`},
		"prompt repeat 6":           {ivr(`prompt_repeat = 6`), `prompt_repeat[\s\S]*between 1 and 5`},
		"response timeout 11":       {ivr(`response_timeout = 11`), `response_timeout[\s\S]*between 1 and 10`},
		"key star":                  {ivr(`keys = { "*" = { type = "end_call" } }`), `keys[\s\S]*"0"`},
		"key to no extension":       {ivr(`keys = { "1" = { type = "extension", id = "4242" } }`), `Unknown destination[\s\S]*keys\["1"\]: the PBX has no extension with ID 4242`},
		"incomplete key":            {ivr(`keys = { "1" = { type = "external_num" } }`), `Incomplete destination[\s\S]*needs number`},
		"invalid destination":       {ivr(`invalid_destination = { type = "queue", id = "77" }`), `Unknown destination[\s\S]*invalid_destination: the PBX has no queue with ID 77`},
		"key already set":           {key("3"), fmt.Sprintf(`IVR key already set on the PBX[\s\S]*Key 3 of IVR 6590 \(ID %d\) already sends calls to end_call[\s\S]*terraform import yeastar_ivr_key.NAME %d/3`, menu, menu)},
		"key of an unknown IVR":     {strings.Replace(key("4"), fmt.Sprintf(`"%d"`, menu), `"99"`, 1), `Unknown IVR[\s\S]*no IVR with ID 99`},
		"two resources for one key": {key("4") + strings.Replace(key("4"), `"x"`, `"y"`, 1), `Duplicate IVR key[\s\S]*also sets key 4`},
		"bad import-style ID":       {strings.Replace(key("4"), fmt.Sprintf(`"%d"`, menu), `"main"`, 1), `Invalid IVR ID`},
	})
	if n := pbx.routingWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d writes", n)
	}
}

func TestAccIVRKeysSetTwiceFailThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.mainMenuConfig("6502") + `
resource "yeastar_ivr_key" "one" {
  ivr_id      = yeastar_ivr.main.id
  key         = "1"
  destination = { type = "end_call" }
}
`
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			// The IVR exists: setting its keys beside a yeastar_ivr_key fails the plan.
			Config:      strings.Replace(config, `name   = "Main menu"`, `name   = "Main menu"`+"\n  keys = {}", 1),
			ExpectError: regexp.MustCompile(`IVR keys managed twice[\s\S]*sets keys`),
		},
	))
}

func TestAccIVRResourceDriftReplaceAndDeleteInUse(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	// The create's answer is lost after the PBX acted: the IVR is found by its number.
	pbx.InjectFaults("ivr/create", fakeyeastar.Fault{HangupAfterServe: true})
	keys := `keys = { "1" = { type = "end_call" } }`
	menu := func(number string) fakeyeastar.Routing { return pbx.routing(t, fakeyeastar.KindIVR, number) }
	var group int
	resource.Test(t, pbx.testCase(
		resource.TestStep{
			Config: pbx.mainMenuConfig("6503", keys),
			Check: func(*terraform.State) error {
				if n, sent := len(pbx.RoutingObjects(fakeyeastar.KindIVR)), pbx.Stats().Endpoints["ivr/create"]; n != 1 || sent != 1 {
					return fmt.Errorf("the PBX holds %d IVRs after %d ivr/create, want 1 after 1", n, sent)
				}
				return nil
			},
		},
		resource.TestStep{
			// A key and the timeout destination changed in the portal: changed back in place.
			PreConfig: func() {
				pbx.ChangeRouting(fakeyeastar.KindIVR, menu("6503").ID, map[string]any{"press1_dest": "", "press4_dest": "end_call",
					"timeout_dest": "extension", "timeout_dest_value": strconv.Itoa(pbx.extension(t, "2000").ID)})
			},
			Config: pbx.mainMenuConfig("6503", keys),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(mainMenuAddress, plancheck.ResourceActionUpdate),
			}},
			Check: pbx.expectRouting(mainMenuAddress, fakeyeastar.KindIVR, "6503", map[string]string{
				"press1_dest": "end_call", "press4_dest": "", "timeout_dest": "end_call"}),
		},
		resource.TestStep{
			// A new number replaces the IVR.
			Config: pbx.mainMenuConfig("6504", keys),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(mainMenuAddress, plancheck.ResourceActionReplace),
			}},
			Check: func(s *terraform.State) error {
				if _, still := pbx.RoutingByNumber(fakeyeastar.KindIVR, "6503"); still {
					return fmt.Errorf("IVR 6503 is still on the PBX after the replacement")
				}
				return pbx.expectRouting(mainMenuAddress, fakeyeastar.KindIVR, "6504", nil)(s)
			},
		},
		resource.TestStep{
			// A ring group made in the portal fails over to the menu: the destroy fails naming it.
			PreConfig: func() {
				group = pbx.AddRouting(fakeyeastar.KindRingGroup, map[string]any{"number": "6397", "name": "Portal group", "ring_strategy": "ring_all",
					"ring_timeout": 30, "fail_dest": "ivr", "fail_dest_value": strconv.Itoa(menu("6504").ID)})
			},
			Config:      pbx.mainMenuConfig("6504", keys),
			Destroy:     true,
			ExpectError: regexp.MustCompile(`IVR still in use[\s\S]*ring group 6397 Portal group \(ID \d+\),\s+failover`),
		},
		resource.TestStep{
			PreConfig: func() { pbx.RemoveRouting(fakeyeastar.KindRingGroup, group) },
			Config:    pbx.mainMenuConfig("6504", keys),
			Destroy:   true,
		},
	))
	if left := pbx.RoutingObjects(fakeyeastar.KindIVR); len(left) != 0 {
		t.Errorf("destroy left %d IVRs", len(left))
	}
}
