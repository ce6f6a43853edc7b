package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// addQueues adds n queues 6401, 6402, ... made in the web portal, each with one static agent.
func addQueues(t *testing.T, fake *fakeyeastar.Server, n int) {
	t.Helper()
	agent, _ := fake.ExtensionByNumber("1012")
	for i := 1; i <= n; i++ {
		fake.AddRouting(fakeyeastar.KindQueue, map[string]any{"number": strconv.Itoa(6400 + i), "name": fmt.Sprintf("Queue %d", i),
			"ring_strategy": "linear", "static_agent_list": []map[string]any{{"value": strconv.Itoa(agent.ID), "type": "extension"}}})
	}
}

func TestAccRoutingListResourcesQuery(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.MaxPageSize = 4 // 11 queues, listed under queue_list, take 3 pages
	addQueues(t, pbx.Server, 11)
	addPortalRouting(pbx.Server)
	third := pbx.routing(t, fakeyeastar.KindQueue, "6403")
	byID := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(strconv.Itoa(third.ID))})
	tc := pbx.testCase(
		resource.TestStep{Config: pbx.providerBlock()},
		resource.TestStep{
			Query: true,
			Config: `
list "yeastar_queue" "all" {
  provider         = yeastar
  include_resource = true
}

list "yeastar_ring_group" "front" {
  provider = yeastar
  config {
    search = "front"
  }
}

list "yeastar_ivr" "all" {
  provider = yeastar
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("yeastar_queue.all", 12),
				querycheck.ExpectLength("yeastar_ring_group.front", 1),
				querycheck.ExpectLength("yeastar_ivr.all", 1),
				querycheck.ExpectResourceDisplayName("yeastar_queue.all", byID, knownvalue.StringExact("6403 Queue 3")),
				querycheck.ExpectResourceKnownValues("yeastar_queue.all", byID, []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("number"), KnownValue: knownvalue.StringExact("6403")},
					{Path: tfjsonpath.New("strategy"), KnownValue: knownvalue.StringExact("linear")},
					{Path: tfjsonpath.New("agent_timeout"), KnownValue: knownvalue.Int64Exact(30)},
					{Path: tfjsonpath.New("static_agent_ids"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact(strconv.Itoa(pbx.extension(t, "1012").ID))})},
					{Path: tfjsonpath.New("failover").AtMapKey("type"), KnownValue: knownvalue.StringExact("end_call")},
				}),
			},
		},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
	resource.Test(t, tc)
}

// TestAccCLIAdoptCallRoutingWithTerraformQuery walks the adoption guide's section on ring groups,
// queues and IVRs made in the web portal: its query file, -generate-config-out, and a plan that
// imports them all and changes nothing.
func TestAccCLIAdoptCallRoutingWithTerraformQuery(t *testing.T) {
	t.Parallel()
	skipBelowCLI(t, tfversion.Version1_14_0)
	fake, env := startCLIPBX(t)
	fake.MaxPageSize = 3
	addQueues(t, fake, 5)
	addPortalRouting(fake)
	w := newCLIWorkspace(t, `provider "yeastar" {}`+"\n", env...)
	query, err := os.ReadFile("../../examples/guides/adopt-existing-phones/routing.tfquery.hcl")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(w.dir, "routing.tfquery.hcl"), string(query))
	out := w.mustRun("query", "-generate-config-out=adopted.tf")
	generated, err := os.ReadFile(filepath.Join(w.dir, "adopted.tf"))
	if err != nil {
		t.Fatalf("query wrote no adopted.tf: %v\n%s", err, out)
	}
	for kind, want := range map[string]int{"yeastar_ring_group": 1, "yeastar_queue": 6, "yeastar_ivr": 1} {
		if n := strings.Count(string(generated), `resource "`+kind+`"`); n != want {
			t.Errorf("adopted.tf holds %d %s blocks, want %d:\n%s", n, kind, want, generated)
		}
	}
	fake.ResetStats()
	if plan := w.mustRun("plan", "-input=false"); !strings.Contains(plan, "Plan: 8 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Errorf("the plan of the generated configuration does not import 8 objects without change:\n%s", plan)
	}
	w.mustRun("apply", "-input=false", "-auto-approve")
	if again := w.mustRun("plan", "-input=false"); !strings.Contains(again, "No changes") {
		t.Errorf("a plan after adopting the call routing is not empty:\n%s", again)
	}
	for endpoint, n := range fake.Stats().Endpoints {
		if n > 0 && (strings.HasSuffix(endpoint, "/create") || strings.HasSuffix(endpoint, "/update") || strings.HasSuffix(endpoint, "/delete")) {
			t.Errorf("adopting the call routing sent %d %s", n, endpoint)
		}
	}
}

func TestAccRoutingDataSources(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	addPortalRouting(pbx.Server)
	pbx.AddRouting(fakeyeastar.KindRingGroup, map[string]any{"number": "63901", "name": "Decoy", "ring_strategy": "ring_all", "ring_timeout": 30})
	group, queue, menu := pbx.routing(t, fakeyeastar.KindRingGroup, "6390"), pbx.routing(t, fakeyeastar.KindQueue, "6490"), pbx.routing(t, fakeyeastar.KindIVR, "6590")
	resource.Test(t, pbx.testCase(
		resource.TestStep{
			Config: pbx.providerBlock() + `
data "yeastar_ring_group" "front" {
  number = "6390"
}

data "yeastar_queue" "support" {
  number = "6490"
}

data "yeastar_ivr" "night" {
  number = "6590"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.yeastar_ring_group.front", tfjsonpath.New("id"), knownvalue.StringExact(strconv.Itoa(group.ID))),
				statecheck.ExpectKnownValue("data.yeastar_ring_group.front", tfjsonpath.New("name"), knownvalue.StringExact("Front desk")),
				statecheck.ExpectKnownValue("data.yeastar_queue.support", tfjsonpath.New("id"), knownvalue.StringExact(strconv.Itoa(queue.ID))),
				statecheck.ExpectKnownValue("data.yeastar_ivr.night", tfjsonpath.New("id"), knownvalue.StringExact(strconv.Itoa(menu.ID))),
			},
		},
	))
	pbx.expectErrors(t, map[string]configError{
		"unknown queue": {`
data "yeastar_queue" "x" {
  number = "6491"
}`, `Unknown queue[\s\S]*"6491"[\s\S]*Did you mean "6490"`},
	})
}
