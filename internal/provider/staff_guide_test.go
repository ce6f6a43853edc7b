package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAccCLIStaffListToRingingPhones walks the guide "From a staff list to ringing phones": its
// configuration and CSV, one apply that creates the extensions and the phones assigned to them,
// a second plan that is empty, and a state that holds none of the extensions' secrets.
func TestAccCLIStaffListToRingingPhones(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	const guide = "../../examples/guides/staff-to-phones/"
	config, err := os.ReadFile(guide + "main.tf")
	if err != nil {
		t.Fatal(err)
	}
	w := newCLIWorkspace(t, string(config), env...)
	copyDataFiles(t, guide, w.dir)

	out := w.mustRun("apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "6 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply did not add three extensions and three phones:\n%s", out)
	}
	for _, number := range []string{"1201", "1202", "1203"} {
		e, ok := fake.ExtensionByNumber(number)
		if !ok {
			t.Fatalf("the PBX has no extension %s after the apply", number)
		}
		if n := fake.WelcomeEmails(e.ID); n != 1 {
			t.Errorf("extension %s: %d welcome e-mails, want 1", number, n)
		}
		assigned := false
		for _, p := range fake.Phones() {
			assigned = assigned || p.ExtensionID == e.ID
		}
		if !assigned {
			t.Errorf("no phone is assigned to extension %s (ID %d)", number, e.ID)
		}
	}
	if n := strings.Count(out, "/api/autoprovision/"); n != 3 {
		t.Errorf("the outputs show %d provisioning links, want 3:\n%s", n, out)
	}

	if again := w.mustRun("plan", "-input=false"); !strings.Contains(again, "No changes") {
		t.Errorf("a second plan is not empty:\n%s", again)
	}
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range fake.Extensions {
		for _, secret := range []string{e.UserPassword, e.RegistrationPassword, `"` + e.VoicemailPIN + `"`} {
			if strings.Contains(string(state), secret) {
				t.Errorf("the state holds a secret of extension %s", e.Number)
			}
		}
	}
	w.mustRun("destroy", "-auto-approve", "-input=false")
	if _, ok := fake.ExtensionByNumber("1201"); ok || len(fake.Phones()) != 0 {
		t.Errorf("destroy left extension 1201 or %d phones on the PBX", len(fake.Phones()))
	}
}
