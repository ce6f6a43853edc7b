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

const salesAddress = "yeastar_queue.sales"

// salesConfig is a yeastar_queue "sales" with the given arguments besides its number and name.
func (pbx *testPBX) salesConfig(number string, arguments ...string) string {
	return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_queue" "sales" {
  number = %q
  name   = "Sales"
  %s
}
`, number, strings.Join(arguments, "\n  "))
}

func TestAccQueueResourceLifecycle(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	static := "static_agent_ids = [" + pbx.extIDs(t, "1012", "1013") + "]"
	dynamic := "dynamic_agent_ids = [" + pbx.extIDs(t, "1014") + "]"
	queue := func() fakeyeastar.Routing { return pbx.routing(t, fakeyeastar.KindQueue, "6400") }
	var firstID int
	update := func(fields map[string]string, arguments ...string) resource.TestStep {
		return resource.TestStep{
			Config: pbx.salesConfig("6400", arguments...),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(salesAddress, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectRouting(salesAddress, fakeyeastar.KindQueue, "6400", fields),
				func(*terraform.State) error {
					if queue().ID != firstID {
						return fmt.Errorf("queue 6400 was replaced")
					}
					return nil
				}),
		}
	}
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.salesConfig("6400", static),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(salesAddress, tfjsonpath.New("strategy"), knownvalue.StringExact("ring_all")),
				statecheck.ExpectKnownValue(salesAddress, tfjsonpath.New("max_wait_time"), knownvalue.Int64Exact(0)),
				// Unset, the PBX's own values are read back.
				statecheck.ExpectKnownValue(salesAddress, tfjsonpath.New("agent_timeout"), knownvalue.Int64Exact(30)),
				statecheck.ExpectKnownValue(salesAddress, tfjsonpath.New("wrap_up_time"), knownvalue.Int64Exact(10)),
				statecheck.ExpectKnownValue(salesAddress, tfjsonpath.New("dynamic_agent_ids"), knownvalue.ListSizeExact(0)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				pbx.expectRouting(salesAddress, fakeyeastar.KindQueue, "6400", map[string]string{"static_agent_list": pbx.members(t, "1012", "1013")}),
				func(*terraform.State) error { firstID = queue().ID; return nil }),
		},
		update(map[string]string{"ring_strategy": "rrmemory", "dynamic_agent_list": pbx.members(t, "1014")}, static, dynamic, `strategy = "rrmemory"`),
		update(map[string]string{"max_wait_time": "300", "agent_timeout": "20", "wrap_up_time": "0"},
			static, dynamic, `strategy = "rrmemory"`, `max_wait_time = 300`, `agent_timeout = 20`, `wrap_up_time = 0`),
		resource.TestStep{
			// The agents' order and a failover to a ring group of the same configuration.
			Config: pbx.salesConfig("6400", "static_agent_ids = ["+pbx.extIDs(t, "1013", "1012")+"]", dynamic, `strategy = "rrmemory"`,
				`max_wait_time = 300`, `agent_timeout = 20`, `wrap_up_time = 0`, `failover = { type = "ring_group", id = yeastar_ring_group.overflow.id }`) +
				fmt.Sprintf(`
resource "yeastar_ring_group" "overflow" {
  number     = "6399"
  name       = "Overflow"
  member_ids = [%s]
}
`, pbx.extIDs(t, "2000")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(salesAddress, plancheck.ResourceActionUpdate),
			}},
			Check: func(s *terraform.State) error {
				overflow := pbx.routing(t, fakeyeastar.KindRingGroup, "6399")
				return pbx.expectRouting(salesAddress, fakeyeastar.KindQueue, "6400", map[string]string{
					"static_agent_list": pbx.members(t, "1013", "1012"), "fail_dest": "ring_group", "fail_dest_value": strconv.Itoa(overflow.ID)})(s)
			},
		},
		resource.TestStep{ResourceName: salesAddress, ImportState: true, ImportStateId: "6400", ImportStateVerify: true},
		resource.TestStep{
			// A new number replaces the queue (the ring group it fails over to stays).
			Config: pbx.salesConfig("6405", "static_agent_ids = ["+pbx.extIDs(t, "1013", "1012")+"]", dynamic, `strategy = "rrmemory"`,
				`max_wait_time = 300`, `agent_timeout = 20`, `wrap_up_time = 0`, `failover = { type = "ring_group", id = yeastar_ring_group.overflow.id }`) +
				fmt.Sprintf(`
resource "yeastar_ring_group" "overflow" {
  number     = "6399"
  name       = "Overflow"
  member_ids = [%s]
}
`, pbx.extIDs(t, "2000")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(salesAddress, plancheck.ResourceActionReplace),
				plancheck.ExpectResourceAction("yeastar_ring_group.overflow", plancheck.ResourceActionNoop),
			}},
			Check: func(s *terraform.State) error {
				if _, still := pbx.RoutingByNumber(fakeyeastar.KindQueue, "6400"); still {
					return fmt.Errorf("queue 6400 is still on the PBX after the replacement")
				}
				return pbx.expectRouting(salesAddress, fakeyeastar.KindQueue, "6405", map[string]string{"static_agent_list": pbx.members(t, "1013", "1012")})(s)
			},
		},
		resource.TestStep{ResourceName: salesAddress, ImportState: true, ImportStateIdFunc: func(s *terraform.State) (string, error) {
			return "id:" + s.RootModule().Resources[salesAddress].Primary.ID, nil
		}, ImportStateVerify: true},
	)
	tc.CheckDestroy = pbx.checkNoRouting
	resource.Test(t, tc)
}

func TestAccQueueResourceIdentity(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	tc := pbx.testCase(
		resource.TestStep{Config: pbx.salesConfig("6401")},
		resource.TestStep{ResourceName: salesAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	resource.Test(t, tc)
}

func TestAccQueueResourceDriftOutsideTerraform(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.salesConfig("6402", "static_agent_ids = ["+pbx.extIDs(t, "1012")+"]", "dynamic_agent_ids = ["+pbx.extIDs(t, "1013")+"]")
	queue := func() fakeyeastar.Routing { return pbx.routing(t, fakeyeastar.KindQueue, "6402") }
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			// The PBX's own timers changed in the portal while the configuration leaves them unset: no change.
			PreConfig:        func() { pbx.ChangeRouting(fakeyeastar.KindQueue, queue().ID, map[string]any{"agent_timeout": 45}) },
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(salesAddress, tfjsonpath.New("agent_timeout"), knownvalue.Int64Exact(45)),
			},
		},
		resource.TestStep{
			// An agent and the strategy changed in the portal: changed back in place.
			PreConfig: func() {
				pbx.ChangeRouting(fakeyeastar.KindQueue, queue().ID, map[string]any{"ring_strategy": "random", "static_agent_list": []any{}})
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(salesAddress, plancheck.ResourceActionUpdate),
			}},
			Check: func(s *terraform.State) error {
				return pbx.expectRouting(salesAddress, fakeyeastar.KindQueue, "6402", map[string]string{
					"ring_strategy": "ring_all", "static_agent_list": pbx.members(t, "1012")})(s)
			},
		},
		resource.TestStep{
			// Deleted in the portal: created again.
			PreConfig: func() { pbx.RemoveRouting(fakeyeastar.KindQueue, queue().ID) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(salesAddress, plancheck.ResourceActionCreate),
			}},
		},
	))
}

func TestAccQueueResourceCreateWhoseAnswerIsLost(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.RoutingCreateReturnsID = false
	pbx.InjectFaults("queue/create", fakeyeastar.Fault{HangupAfterServe: true})
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.salesConfig("6403"),
		Check: resource.ComposeAggregateTestCheckFunc(
			pbx.expectRouting(salesAddress, fakeyeastar.KindQueue, "6403", nil),
			func(*terraform.State) error {
				if n, sent := len(pbx.RoutingObjects(fakeyeastar.KindQueue)), pbx.Stats().Endpoints["queue/create"]; n != 1 || sent != 1 {
					return fmt.Errorf("the PBX holds %d queues after %d queue/create, want 1 after 1", n, sent)
				}
				return nil
			},
		),
	}))
}

func TestAccQueueResourceBadInputFailsThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	group := pbx.AddRouting(fakeyeastar.KindRingGroup, map[string]any{"number": "6490", "name": "Old reception", "ring_strategy": "ring_all", "ring_timeout": 30})
	queue := func(number string, arguments ...string) string {
		return fmt.Sprintf(`
resource "yeastar_queue" "x" {
  number = %q
  name   = "Sales"
  %s
}`, number, strings.Join(arguments, "\n  "))
	}
	both := pbx.extIDs(t, "1012")
	pbx.expectErrors(t, map[string]configError{
		"unknown strategy": {queue("6420", `strategy = "sequentially"`), `strategy[\s\S]*"least_recent"`},
		"agent static and dynamic": {queue("6420", "static_agent_ids = ["+both+"]", "dynamic_agent_ids = ["+both+"]"),
			`Agent both static and dynamic[\s\S]*static_agent_ids and dynamic_agent_ids`},
		"unknown agent":          {queue("6420", `dynamic_agent_ids = ["998"]`), `Unknown extension[\s\S]*dynamic_agent_ids\[0\]`},
		"negative wait":          {queue("6420", `max_wait_time = -1`), `max_wait_time[\s\S]*between 0 and 9999999`},
		"agent timeout 0":        {queue("6420", `agent_timeout = 0`), `agent_timeout[\s\S]*between 1 and 9999`},
		"number of a ring group": {queue("6490"), fmt.Sprintf(`Number already taken[\s\S]*ring group 6490 Old reception \(ID %d\)`, group)},
		"a ring group and a queue with one number": {queue("6420") + `
resource "yeastar_ring_group" "y" {
  number     = "6420"
  name       = "Reception"
  member_ids = []
}`, `Duplicate number[\s\S]*Another yeastar_(queue|ring_group) of this configuration also creates number 6420`},
		"failover to the wrong kind": {queue("6420", fmt.Sprintf(`failover = { type = "ivr", id = "%d" }`, group)),
			fmt.Sprintf(`Unknown destination[\s\S]*ID %d is ring group 6490 Old reception \(ID %d\), not of type "ivr"[\s\S]*The PBX has nothing of type "ivr"`, group, group)},
	})
	if n := pbx.routingWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d writes", n)
	}
}

func TestAccQueueResourceDeleteInUse(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.salesConfig("6404")
	var group int
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			// A ring group made in the portal fails over to the queue.
			PreConfig: func() {
				group = pbx.AddRouting(fakeyeastar.KindRingGroup, map[string]any{"number": "6391", "name": "Portal group", "ring_strategy": "ring_all",
					"ring_timeout": 30, "fail_dest": "queue", "fail_dest_value": strconv.Itoa(pbx.routing(t, fakeyeastar.KindQueue, "6404").ID)})
			},
			Config:      config,
			Destroy:     true,
			ExpectError: regexp.MustCompile(`Queue still in use[\s\S]*ring group 6391 Portal group \(ID \d+\),\s+failover`),
		},
		resource.TestStep{PreConfig: func() { pbx.RemoveRouting(fakeyeastar.KindRingGroup, group) }, Config: config, Destroy: true},
	))
	if _, ok := pbx.RoutingByNumber(fakeyeastar.KindQueue, "6404"); ok {
		t.Error("queue 6404 is still on the PBX after destroy")
	}
}
