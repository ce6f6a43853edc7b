package provider

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// TestAccCLIWhoAnswersTheOfficesCalls walks the guide "Who answers the office's calls": one
// apply of the staff list's extensions, the reception ring group, the sales queue that fails
// over to the main menu and the menu's keys; a second plan that is empty; a destroy that leaves
// nothing.
func TestAccCLIWhoAnswersTheOfficesCalls(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	const guide = "../../examples/guides/who-answers/"
	config, err := os.ReadFile(guide + "main.tf")
	if err != nil {
		t.Fatal(err)
	}
	w := newCLIWorkspace(t, string(config), env...)
	copyDataFiles(t, guide, w.dir)

	out := w.mustRun("apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "10 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply did not add five extensions, a ring group, a queue, an IVR and two keys:\n%s", out)
	}
	menu, okMenu := fake.RoutingByNumber(fakeyeastar.KindIVR, "6500")
	sales, okSales := fake.RoutingByNumber(fakeyeastar.KindQueue, "6400")
	reception, okReception := fake.RoutingByNumber(fakeyeastar.KindRingGroup, "6300")
	if !okMenu || !okSales || !okReception {
		t.Fatalf("the PBX lacks the main menu, the sales queue or the reception after the apply")
	}
	for field, want := range map[string]string{
		"press1_dest": "queue", "press1_dest_value": strconv.Itoa(sales.ID),
		"press2_dest": "ring_group", "press2_dest_value": strconv.Itoa(reception.ID), "timeout_dest": "ring_group",
	} {
		if got := menu.Fields[field]; got != want {
			t.Errorf("the main menu's %s is %v, want %s", field, got, want)
		}
	}
	if sales.Fields["fail_dest"] != "ivr" || sales.Fields["fail_dest_value"] != strconv.Itoa(menu.ID) {
		t.Errorf("the sales queue fails over to %v %v, want the main menu", sales.Fields["fail_dest"], sales.Fields["fail_dest_value"])
	}
	if agents, _ := sales.Fields["static_agent_list"].([]any); len(agents) != 3 {
		t.Errorf("the sales queue has %d agents, want the sales team's 3", len(agents))
	}
	if !strings.Contains(out, `"6300" = "reception: 4101, then 4102"`) {
		t.Errorf("the output does not say who answers 6300:\n%s", out)
	}
	if again := w.mustRun("plan", "-input=false"); !strings.Contains(again, "No changes") {
		t.Errorf("a second plan is not empty:\n%s", again)
	}
	w.mustRun("destroy", "-auto-approve", "-input=false")
	for _, kind := range []string{fakeyeastar.KindRingGroup, fakeyeastar.KindQueue, fakeyeastar.KindIVR} {
		if left := fake.RoutingObjects(kind); len(left) != 0 {
			t.Errorf("destroy left %d %s objects", len(left), kind)
		}
	}
	if _, ok := fake.ExtensionByNumber("4101"); ok {
		t.Error("destroy left extension 4101")
	}
}
