package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// TestAccCLISIPTrunkPasswordNeverShown creates a register trunk whose password comes from an
// ephemeral variable into password_wo, with a lost create answer, rotates it (the fake PBX
// receives the new one, once after a refusal that echoes it), and scans everything the CLI
// printed at TF_LOG=TRACE, the saved plan's JSON and the state for both passwords. The fake's
// trunk/get answers the password, as the worst case the guide allows.
func TestAccCLISIPTrunkPasswordNeverShown(t *testing.T) {
	t.Parallel()
	skipBelowCLI(t, featureWriteOnly.minimum(t))
	fake, env := startCLIPBX(t)
	const first, second = "Carrier-Secret-7731", "Rotated-Secret-9911"
	config := "provider \"yeastar\" {}\n" + `
variable "carrier_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "password_version" {
  type    = number
  default = 1
}

resource "yeastar_sip_trunk" "carrier" {
  name                = "Carrier"
  type                = "register"
  hostname            = "sip.carrier.example"
  username            = "office42"
  password_wo         = var.carrier_password
  password_wo_version = var.password_version
}

output "trunk_id" {
  value = yeastar_sip_trunk.carrier.id
}
`
	trace := append(append([]string{}, env...), "TF_LOG=TRACE")
	w := newCLIWorkspace(t, config, append(trace, "TF_VAR_carrier_password="+first)...)
	rotated := newCLIWorkspace(t, config, append(trace, "TF_VAR_carrier_password="+second)...)
	rotated.dir = w.dir // the same configuration and state, with the new password in the environment
	var transcript strings.Builder
	record := func(name, out string) { fmt.Fprintf(&transcript, "=== %s\n%s\n", name, out) }
	held := func() string {
		o, _ := fake.RoutingByName(fakeyeastar.KindTrunk, "Carrier")
		return fmt.Sprint(o.Fields["password"])
	}

	fake.InjectFaults("trunk/create", fakeyeastar.Fault{HangupAfterServe: true})
	record("apply with a lost create answer", w.mustRun("apply", "-auto-approve", "-input=false"))
	if held() != first {
		t.Fatal("the PBX does not hold the first password after the apply")
	}
	record("refresh", w.mustRun("plan", "-input=false", "-detailed-exitcode"))

	// A refusal of the rotation that echoes the new password back.
	fake.InjectFaults("trunk/update", fakeyeastar.InvalidParamFault("password", second, "length"))
	out, err := rotated.run("apply", "-auto-approve", "-input=false", "-var", "password_version=2")
	if err == nil {
		t.Fatalf("the rotation with a refused password succeeded:\n%s", out)
	}
	record("refused rotation", out)
	record("rotation plan", rotated.mustRun("plan", "-input=false", "-var", "password_version=2", "-out=rotate.tfplan"))
	record("rotation plan JSON", rotated.mustRun("show", "-json", "rotate.tfplan"))
	record("rotation", rotated.mustRun("apply", "-auto-approve", "-input=false", "rotate.tfplan"))
	if held() != second {
		t.Fatal("the PBX does not hold the new password after the rotation")
	}
	record("refresh after the rotation", rotated.mustRun("plan", "-input=false", "-var", "password_version=2"))
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	record("state", string(state))
	record("destroy", rotated.mustRun("destroy", "-auto-approve", "-input=false", "-var", "password_version=2"))

	text := transcript.String()
	for _, want := range []string{"/trunk/create", "/trunk/update", "/trunk/get", "Yeastar API response body", "create answer lost or unclear", "[REDACTED]"} {
		if !strings.Contains(flatten(text), want) {
			t.Errorf("the transcript lacks %q, so the scan would not show what it is meant to", want)
		}
	}
	for _, secret := range []string{first, second} {
		// A prefix catches a password cut short as well as a whole one.
		if i := strings.Index(text, secret[:10]); i >= 0 {
			start, end := max(0, i-300), min(len(text), i+len(secret)+100)
			t.Errorf("a trunk password appears in the output, the plan or the state:\n...%s...", text[start:end])
		}
	}
}

// TestAccCLIAdoptSIPTrunksWithTerraformQuery adopts trunks and routes made in the web portal, a
// register trunk with its password among them: the example query files, -generate-config-out,
// and a plan that imports them and changes nothing (the password is left as the PBX has it).
func TestAccCLIAdoptSIPTrunksWithTerraformQuery(t *testing.T) {
	t.Parallel()
	skipBelowCLI(t, tfversion.Version1_14_0)
	fake, env := startCLIPBX(t)
	fake.MaxPageSize = 2
	addPortalTrunks(fake)
	w := newCLIWorkspace(t, `provider "yeastar" {}`+"\n", env...)
	for _, kind := range []string{"sip_trunk", "inbound_route", "outbound_route"} {
		query, err := os.ReadFile("../../examples/list-resources/yeastar_" + kind + "/list-resource.tfquery.hcl")
		if err != nil {
			t.Fatal(err)
		}
		// The keyword lists would adopt their objects twice: only the "all" lists are kept.
		all, _, _ := strings.Cut(string(query), "# Only those")
		writeFile(t, filepath.Join(w.dir, kind+".tfquery.hcl"), all)
	}
	out := w.mustRun("query", "-generate-config-out=adopted.tf")
	generated, err := os.ReadFile(filepath.Join(w.dir, "adopted.tf"))
	if err != nil {
		t.Fatalf("query wrote no adopted.tf: %v\n%s", err, out)
	}
	for kind, want := range map[string]int{"yeastar_sip_trunk": 3, "yeastar_inbound_route": 1, "yeastar_outbound_route": 1} {
		if n := strings.Count(string(generated), `resource "`+kind+`"`); n != want {
			t.Errorf("adopted.tf holds %d %s blocks, want %d:\n%s", n, kind, want, generated)
		}
	}
	if strings.Contains(string(generated), portalTrunkPassword[:8]) {
		t.Errorf("adopted.tf holds the trunk's password:\n%s", generated)
	}
	fake.ResetStats()
	if plan := w.mustRun("plan", "-input=false"); !strings.Contains(plan, "Plan: 5 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Errorf("the plan of the generated configuration does not import 3 trunks and 2 routes without change:\n%s", plan)
	}
	w.mustRun("apply", "-input=false", "-auto-approve")
	if again := w.mustRun("plan", "-input=false"); !strings.Contains(again, "No changes") {
		t.Errorf("a plan after adopting the trunks is not empty:\n%s", again)
	}
	for endpoint, n := range fake.Stats().Endpoints {
		if n > 0 && (strings.HasSuffix(endpoint, "/create") || strings.HasSuffix(endpoint, "/update") || strings.HasSuffix(endpoint, "/delete")) {
			t.Errorf("adopting the trunks sent %d %s", n, endpoint)
		}
	}
	if o, _ := fake.RoutingByName(fakeyeastar.KindTrunk, "Portal carrier"); o.Fields["password"] != portalTrunkPassword {
		t.Error("adopting the register trunk changed its password")
	}
}

const portalTrunkPassword = "Portal-Secret-1234"

// addPortalTrunks gives a fake PBX the trunks an office made in the web portal (a register
// trunk with a password and codecs of its own, and two peer trunks), and an inbound route
// "Portal number" and an outbound route "Portal dial out" through the first.
func addPortalTrunks(fake *fakeyeastar.Server) {
	defer func() {
		carrier, _ := fake.RoutingByName(fakeyeastar.KindTrunk, "Portal carrier")
		trunks := []map[string]any{{"id": carrier.ID}}
		fake.AddRouting(fakeyeastar.KindInboundRoute, map[string]any{"name": "Portal number", "trunk_list": trunks,
			"did_pattern_list": []map[string]any{{"did_pattern": "5550100"}}, "def_dest": "end_call"})
		fake.AddRouting(fakeyeastar.KindOutboundRoute, map[string]any{"name": "Portal dial out", "trunk_list": trunks,
			"dial_pattern_list": []map[string]any{{"pattern": "0.", "strip": 1}}, "pin_protect": "disable"})
	}()
	fake.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": "Portal carrier", "type": "register", "hostname": "sip.portal.example",
		"username": "office7", "password": portalTrunkPassword, "codec_sel": "g722,alaw", "transport": "tls", "port": 5061,
		"def_outbound_cid": "+14155550100", "def_outbound_cid_name": "Example Ltd"})
	fake.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": "Backup carrier", "type": "peer", "hostname": "203.0.113.10", "enable": 0})
	fake.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": "Fax line", "type": "peer", "hostname": "203.0.113.11", "domain": "fax.example"})
}
