package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// The guide "From a MAC list to provisioning links": its own main.tf, with the inventory a
// test writes as phones.csv.
const macListGuide = "../../examples/guides/phones-from-a-mac-list"

func newMACListWorkspace(t *testing.T, csv string) (*fakeyeastar.Server, *cliWorkspace) {
	t.Helper()
	config, err := os.ReadFile(filepath.Join(macListGuide, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	fake, env := startCLIPBX(t)
	w := newCLIWorkspace(t, string(config), env...)
	writeFile(t, filepath.Join(w.dir, "phones.csv"), csv)
	return fake, w
}

// phoneByMAC returns the fake PBX's phone with this address, in whatever notation it was sent.
func phoneByMAC(t *testing.T, fake *fakeyeastar.Server, mac string) fakeyeastar.Phone {
	t.Helper()
	for _, p := range fake.Phones() {
		if strings.EqualFold(strings.NewReplacer(":", "", "-", "", ".", "").Replace(p.MAC), mac) {
			return p
		}
	}
	t.Fatalf("the PBX has no phone %s: %+v", mac, fake.Phones())
	return fakeyeastar.Phone{}
}

// TestAccCLIGuideMACListNotationIsNoChange: the guide's inventory as shipped adds its phones as
// its rows say (a template per model or per row, RPS authentication, each for its extension),
// and rewriting every address in another notation then plans no change.
func TestAccCLIGuideMACListNotationIsNoChange(t *testing.T) {
	t.Parallel()
	csv, err := os.ReadFile(filepath.Join(macListGuide, "phones.csv"))
	if err != nil {
		t.Fatal(err)
	}
	fake, w := newMACListWorkspace(t, string(csv))
	out := w.mustRun("apply", "-input=false", "-auto-approve")
	for _, key := range []string{"80:5E:C0:11:22:33", "80:5E:C0:44:55:66", "00:04:13:AA:BB:CC"} {
		if !strings.Contains(out, `"`+key+`" = "`) {
			t.Errorf("the provisioning_links output has no key %q:\n%s", key, out)
		}
	}
	ext1001, _ := fake.ExtensionByNumber("1001")
	ext1002, _ := fake.ExtensionByNumber("1002")
	ext2000, _ := fake.ExtensionByNumber("2000")
	checks := []struct {
		mac, template string
		rpsAuth       bool
		extensionID   int
	}{
		{"805EC0112233", "YSDP_YealinkCP", false, ext1001.ID},
		{"805EC0445566", "YSDP_YealinkT4x_EXP", true, ext1002.ID},
		{"000413AABBCC", "YSDP_SnomD", false, ext2000.ID},
	}
	for _, c := range checks {
		p := phoneByMAC(t, fake, c.mac)
		if p.TemplateName != c.template || p.RPSAuth != c.rpsAuth || p.ExtensionID != c.extensionID {
			t.Errorf("phone %s = %+v, want template %s, RPS authentication %v, extension ID %d", c.mac, p, c.template, c.rpsAuth, c.extensionID)
		}
	}

	rewritten := strings.NewReplacer(
		"80:5E:C0:11:22:33", "80-5e-c0-11-22-33",
		"80-5e-c0-44-55-66", "80:5E:C0:44:55:66",
		"000413aabbcc", "0004.13AA.BBCC",
	).Replace(string(csv))
	if rewritten == string(csv) {
		t.Fatal("the guide's phones.csv no longer holds the addresses this test rewrites")
	}
	writeFile(t, filepath.Join(w.dir, "phones.csv"), rewritten)
	fake.ResetStats()
	if plan, err := w.run("plan", "-input=false", "-detailed-exitcode"); err != nil || !strings.Contains(plan, "No changes") {
		t.Errorf("a plan after rewriting the addresses in other notations is not empty (%v):\n%s", err, plan)
	}
}

// TestAccCLIGuideMACListNewPhoneWithoutAnExtension: a new row with an empty extension column
// fails the plan with the provider's message naming extension_id and the row's phone, since
// the PBX adds no phone without an extension; nothing is added, not even the rows beside it.
func TestAccCLIGuideMACListNewPhoneWithoutAnExtension(t *testing.T) {
	t.Parallel()
	fake, w := newMACListWorkspace(t, "mac,extension,vendor,model,template,method,rps_authentication\n"+
		"80:5E:C0:11:22:33,1001,Yealink,CP920,,,\n"+
		"000413aabbcc,,Snom,D785,,,\n")
	out, err := w.run("apply", "-input=false", "-auto-approve")
	if err == nil {
		t.Fatalf("the apply of a new phone without an extension succeeded:\n%s", out)
	}
	if !regexp.MustCompile(`Error: Phone needs an extension with yeastar_phone\.office\["00:04:13:AA:BB:CC"\].* extension_id .*` +
		`This phone is to be added to the PBX, and the PBX adds a phone only with an extension .*phone/batchcreate requires an extension ID`).MatchString(flatten(out)) {
		t.Errorf("the plan did not fail with the provider's message for the row without an extension:\n%s", out)
	}
	if st := fake.Stats(); st.Endpoints["phone/batchcreate"] != 0 || len(fake.Phones()) != 0 {
		t.Errorf("%d batchcreate requests and %d phones after the refused plan, want none", st.Endpoints["phone/batchcreate"], len(fake.Phones()))
	}
}

// TestAccCLIGuideMACListEmptyingTheExtensionColumn: emptying a phone's extension column plans an
// in-place update that warns that unassigning rests on an unconfirmed API behaviour; on the
// fake, which accepts ext_id 0, the phone is then unassigned and the next plan is empty.
func TestAccCLIGuideMACListEmptyingTheExtensionColumn(t *testing.T) {
	t.Parallel()
	header := "mac,extension,vendor,model,template,method,rps_authentication\n"
	fake, w := newMACListWorkspace(t, header+"80:5E:C0:11:22:33,1001,Yealink,CP920,,,\n")
	w.mustRun("apply", "-input=false", "-auto-approve")
	id := phoneByMAC(t, fake, "805EC0112233").ID

	writeFile(t, filepath.Join(w.dir, "phones.csv"), header+"80:5E:C0:11:22:33,,Yealink,CP920,,,\n")
	out := w.mustRun("apply", "-input=false", "-auto-approve")
	flat := flatten(out)
	if !strings.Contains(flat, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed") {
		t.Errorf("emptying the extension column did not update the phone in place:\n%s", out)
	}
	if !regexp.MustCompile(`Warning: Unassigning a phone is unconfirmed .*phone/batchupdate with ext_id 0\. Yeastar's reference does not say whether the PBX accepts that`).MatchString(flat) {
		t.Errorf("the apply did not warn that unassigning is unconfirmed:\n%s", out)
	}
	if p := phoneByMAC(t, fake, "805EC0112233"); p.ID != id || p.ExtensionID != 0 {
		t.Errorf("phone %+v, want phone ID %d kept and unassigned", p, id)
	}
	if plan, err := w.run("plan", "-input=false", "-detailed-exitcode"); err != nil || !strings.Contains(plan, "No changes") {
		t.Errorf("a plan after unassigning the phone is not empty (%v):\n%s", err, plan)
	}

	// The guide's sure way: the phone unassigned in the web portal, then its column emptied,
	// plans no change and sends nothing.
	writeFile(t, filepath.Join(w.dir, "phones.csv"), header+"80:5E:C0:11:22:33,1001,Yealink,CP920,,,\n")
	w.mustRun("apply", "-input=false", "-auto-approve")
	fake.SetPhoneExtension(id, 0)
	writeFile(t, filepath.Join(w.dir, "phones.csv"), header+"80:5E:C0:11:22:33,,Yealink,CP920,,,\n")
	fake.ResetStats()
	plan, err := w.run("plan", "-input=false", "-detailed-exitcode")
	if err != nil || !strings.Contains(plan, "No changes") || strings.Contains(plan, "Warning: Unassigning") {
		t.Errorf("a plan after unassigning in the portal, then emptying the column, is not empty or warns (%v):\n%s", err, plan)
	}
	if n := fake.Stats().Endpoints["phone/batchupdate"]; n != 0 {
		t.Errorf("the plan sent %d batchupdate requests", n)
	}
}

// TestAccCLIGuideMACListVendorTypo: a vendor the PBX does not know fails the plan with the
// provider's message, which suggests the right one and lists the valid vendors, not with
// Terraform's "Invalid index"; nothing is added.
func TestAccCLIGuideMACListVendorTypo(t *testing.T) {
	t.Parallel()
	fake, w := newMACListWorkspace(t, "mac,extension,vendor,model,template,method,rps_authentication\n"+
		"80:5E:C0:11:22:33,1001,Yealnk,CP920,,,\n")
	out, err := w.run("plan", "-input=false")
	if err == nil {
		t.Fatalf("the plan of a vendor typo succeeded:\n%s", out)
	}
	flat := flatten(out)
	if !regexp.MustCompile(`Unknown phone vendor .*"Yealnk".* Did you mean "Yealink"\? Known vendor values: .*"Snom".*"Yealink"`).MatchString(flat) {
		t.Errorf("the plan did not fail with the provider's vendor message:\n%s", out)
	}
	if strings.Contains(out, "Invalid index") {
		t.Errorf("the plan failed with Terraform's Invalid index:\n%s", out)
	}
	if st := fake.Stats(); st.Endpoints["phone/batchcreate"] != 0 {
		t.Errorf("a plan sent %d batchcreate requests", st.Endpoints["phone/batchcreate"])
	}
}

// TestAccCLIGuideMACListAdoptedPhones: phones added by hand on the PBX, written into the
// inventory as the PBX holds them (any notation, the extension by number, a template other than
// the model's first, RPS authentication, no extension) and imported into the guide's for_each
// by import blocks, are imported with no change, and the next plan is empty.
func TestAccCLIGuideMACListAdoptedPhones(t *testing.T) {
	t.Parallel()
	csv := "mac,extension,vendor,model,template,method,rps_authentication\n" +
		"80-5e-c0-00-00-01,1001,Yealink,SIP-T46U,,,true\n" +
		"805E.C000.0002,,Yealink,SIP-T46U,YSDP_YealinkT4x_EXP,,\n" +
		"80:5e:c0:00:00:03,1002,Yealink,CP920,,rps,false\n" +
		"000413000004,2000,Snom,D785,,,\n"
	fake, w := newMACListWorkspace(t, csv)
	ext := func(number string) int {
		e, ok := fake.ExtensionByNumber(number)
		if !ok {
			t.Fatalf("the fake has no extension %s", number)
		}
		return e.ID
	}
	adopted := []fakeyeastar.Phone{
		{MAC: "80:5E:C0:00:00:01", Vendor: "Yealink", Model: "SIP-T46U", TemplateName: "YSDP_YealinkT4x", RPSAuth: true, ExtensionID: ext("1001")},
		{MAC: "80:5E:C0:00:00:02", Vendor: "Yealink", Model: "SIP-T46U", TemplateName: "YSDP_YealinkT4x_EXP"},
		{MAC: "80:5E:C0:00:00:03", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ExtensionID: ext("1002")},
		{MAC: "00:04:13:00:00:04", Vendor: "Snom", Model: "D785", TemplateName: "YSDP_SnomD", ExtensionID: ext("2000")},
	}
	var imports strings.Builder
	for _, p := range adopted {
		p.ProvisioningMethod = "rps"
		fake.AddPhone(p)
		imports.WriteString("import {\n  to = yeastar_phone.office[\"" + p.MAC + "\"]\n  id = \"" + p.MAC + "\"\n}\n")
	}
	writeFile(t, filepath.Join(w.dir, "imports.tf"), imports.String())

	plan := w.mustRun("plan", "-input=false")
	if !strings.Contains(plan, "Plan: 4 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Errorf("the plan of the adopted phones is not 4 imports and nothing else:\n%s", plan)
	}
	w.mustRun("apply", "-input=false", "-auto-approve")
	if again, err := w.run("plan", "-input=false", "-detailed-exitcode"); err != nil || !strings.Contains(again, "No changes") {
		t.Errorf("a plan after adopting the phones is not empty (%v):\n%s", err, again)
	}
	if st := fake.Stats(); st.Endpoints["phone/batchcreate"]+st.Endpoints["phone/batchdelete"]+st.Endpoints["phone/batchupdate"] != 0 {
		t.Errorf("adopting the phones changed the PBX: %v", st.Endpoints)
	}
}

// TestAccCLIGuideMACListFunctionGivesTheSameKeys: the guide's shorter form, the inventory keyed
// by provider::yeastar::normalize_mac, gives the keys its built-in expression gives, so that
// switching to it (on a CLI that has provider functions) plans no change.
func TestAccCLIGuideMACListFunctionGivesTheSameKeys(t *testing.T) {
	t.Parallel()
	skipBelowCLI(t, tfversion.Version1_8_0)
	csv, err := os.ReadFile(filepath.Join(macListGuide, "phones.csv"))
	if err != nil {
		t.Fatal(err)
	}
	_, w := newMACListWorkspace(t, string(csv))
	w.mustRun("apply", "-input=false", "-auto-approve")

	config, err := os.ReadFile(filepath.Join(w.dir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	const builtIn = `upper(join(":", regexall("[0-9A-Fa-f]{2}", replace(row.mac, "/[^0-9A-Fa-f]/", "")))) => row`
	if !strings.Contains(string(config), builtIn) {
		t.Fatalf("the guide's main.tf no longer keys the inventory by %s", builtIn)
	}
	writeFile(t, filepath.Join(w.dir, "main.tf"),
		strings.Replace(string(config), builtIn, "provider::yeastar::normalize_mac(row.mac) => row", 1))
	if plan, err := w.run("plan", "-input=false", "-detailed-exitcode"); err != nil || !strings.Contains(plan, "No changes") {
		t.Errorf("keying the inventory by normalize_mac instead is not an empty plan (%v):\n%s", err, plan)
	}
}
