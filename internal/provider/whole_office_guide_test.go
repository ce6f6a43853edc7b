package provider

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// TestAccCLIWholeOfficeInOneApply walks the guide "A whole office in one apply" as written: the
// staff CSV's extensions and desk phones, the reception, the sales queue and the main menu, the
// carrier's trunk with its password from an ephemeral variable, the main number's inbound route
// and the two outbound routes in order, in one apply; a second plan that is empty; no password
// or PIN in the state or the output; a destroy that leaves nothing. It needs write-only
// arguments (Terraform and OpenTofu 1.11 and later).
func TestAccCLIWholeOfficeInOneApply(t *testing.T) {
	t.Parallel()
	skipBelowCLI(t, featureWriteOnly.minimum(t))
	fake, env := startCLIPBX(t)
	const guide = "../../examples/guides/whole-office/"
	const password = "Carrier-Secret-7731"
	config, err := os.ReadFile(guide + "main.tf")
	if err != nil {
		t.Fatal(err)
	}
	w := newCLIWorkspace(t, string(config), append(env, "TF_VAR_carrier_password="+password)...)
	copyDataFiles(t, guide, w.dir)

	out := w.mustRun("apply", "-auto-approve", "-input=false")
	// 4 extensions, 4 phones, a ring group, a queue, an IVR, a trunk and three routes.
	if !strings.Contains(out, "15 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply did not add the whole office:\n%s", out)
	}
	trunk, okTrunk := fake.RoutingByName(fakeyeastar.KindTrunk, "Carrier")
	menu, okMenu := fake.RoutingByNumber(fakeyeastar.KindIVR, "6500")
	main, okMain := fake.RoutingByName(fakeyeastar.KindInboundRoute, "Main number")
	emergency, okEmergency := fake.RoutingByName(fakeyeastar.KindOutboundRoute, "Emergency")
	dialOut, okDialOut := fake.RoutingByName(fakeyeastar.KindOutboundRoute, "Dial out")
	ada, okAda := fake.ExtensionByNumber("4201")
	if !okTrunk || !okMenu || !okMain || !okEmergency || !okDialOut || !okAda {
		t.Fatalf("the PBX lacks part of the office after the apply")
	}
	if trunk.Fields["password"] != password {
		t.Error("the trunk does not hold the password of the variable")
	}
	for field, want := range map[string]string{
		"def_dest": "ivr", "def_dest_value": strconv.Itoa(menu.ID), "office_time_dest": "ivr", "enb_time_condition": "1",
		"outoffice_time_dest": "ext_vm", "outoffice_time_dest_value": strconv.Itoa(ada.ID),
	} {
		if got := fakeText(main.Fields[field]); got != want {
			t.Errorf("the main number's %s is %q, want %q", field, got, want)
		}
	}
	if fake.RoutePosition(fakeyeastar.KindOutboundRoute, emergency.ID) != 1 || fake.RoutePosition(fakeyeastar.KindOutboundRoute, dialOut.ID) != 2 {
		t.Error("the emergency route does not come before the dial-out route")
	}
	if !strings.Contains(out, `"5551234" = "main number: main menu in office hours, Ada's voicemail outside them"`) ||
		!strings.Contains(out, `"4203" = "Alan Turing (sales)"`) {
		t.Errorf("the output does not say who answers each number:\n%s", out)
	}
	// The guide shows the dial plan as the apply prints it.
	page, err := os.ReadFile("../../templates/guides/whole-office.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if shown := dialPlanBlock(string(page)); shown == "" || dialPlanBlock(out) != shown {
		t.Errorf("the guide shows the dial plan as\n%s\nbut the apply printed\n%s", shown, dialPlanBlock(out))
	}
	if again := w.mustRun("plan", "-input=false"); !strings.Contains(again, "No changes") {
		t.Errorf("a second plan is not empty:\n%s", again)
	}
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	scanned := out + string(state)
	secrets := []string{password}
	for _, number := range []string{"4201", "4202", "4203", "4204"} {
		e, _ := fake.ExtensionByNumber(number)
		secrets = append(secrets, e.UserPassword, e.RegistrationPassword)
		if strings.Contains(scanned, `"`+e.VoicemailPIN+`"`) {
			t.Errorf("the voicemail PIN of %s is in the state or the output", number)
		}
	}
	for _, secret := range secrets {
		if secret != "" && strings.Contains(scanned, secret) {
			t.Errorf("a password is in the state or the output")
		}
	}
	w.mustRun("destroy", "-auto-approve", "-input=false")
	for _, kind := range []string{fakeyeastar.KindRingGroup, fakeyeastar.KindQueue, fakeyeastar.KindIVR, fakeyeastar.KindTrunk,
		fakeyeastar.KindInboundRoute, fakeyeastar.KindOutboundRoute} {
		if left := fake.RoutingObjects(kind); len(left) != 0 {
			t.Errorf("destroy left %d %s objects", len(left), kind)
		}
	}
	if _, ok := fake.ExtensionByNumber("4201"); ok {
		t.Error("destroy left extension 4201")
	}
}

// dialPlanBlock is the "dial_plan = { ... }" block of a text, each line trimmed.
func dialPlanBlock(text string) string {
	start := strings.Index(text, "dial_plan = {")
	if start < 0 {
		return ""
	}
	end := strings.Index(text[start:], "\n}")
	if end < 0 {
		return ""
	}
	var lines []string
	for _, line := range strings.Split(text[start:start+end+2], "\n") {
		lines = append(lines, strings.TrimSpace(line))
	}
	return strings.Join(lines, "\n")
}

// fakeText reads a fake's field as text.
func fakeText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	}
	return ""
}
