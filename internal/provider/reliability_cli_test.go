package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// lobbyPhoneFromEnv is a phone for the fake's extension 1001, with the provider configured
// from the environment.
const lobbyPhoneFromEnv = `
provider "yeastar" {}
` + lobbyExtension + `
resource "yeastar_phone" "lobby" {
  mac                 = "80:5E:C0:11:22:33"
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.lobby.id
}
`

// TestAccCLICtrlCWhileAPhoneIsAddedKeepsItInTheState interrupts an apply, as Ctrl-C does,
// while phone/batchcreate is on its way: the PBX adds the phone after the interrupt, and the
// state must hold it all the same, with no token left valid.
func TestAccCLICtrlCWhileAPhoneIsAddedKeepsItInTheState(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	fake.InjectFaults("phone/batchcreate", fakeyeastar.Fault{Pass: true, Delay: 3 * time.Second, ActEvenIfGone: true})
	w := newCLIWorkspace(t, lobbyPhoneFromEnv, env...)

	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "apply", "-auto-approve", "-input=false", "-no-color")
	cmd.Dir, cmd.Env = w.dir, w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for fake.Stats().Endpoints["phone/batchcreate"] == 0 {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("batchcreate never arrived:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	arrived := time.Now()
	time.Sleep(200 * time.Millisecond) // the request is in flight
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait() // Terraform exits with an error after an interrupt, having saved the state
	// The PBX acts whatever the provider did with the request: wait until it has.
	time.Sleep(time.Until(arrived.Add(7 * time.Second)))

	phones := fake.Phones()
	if len(phones) != 1 {
		t.Fatalf("the PBX holds %+v, want the one phone\n%s", phones, out.String())
	}
	state := w.mustRun("state", "show", "yeastar_phone.lobby")
	if !regexp.MustCompile(fmt.Sprintf(`(?m)^\s*id\s+=\s+"%d"`, phones[0].ID)).MatchString(state) {
		t.Errorf("the state does not hold phone ID %d:\n%s\napply output:\n%s", phones[0].ID, state, out.String())
	}
	if n := fake.Stats().Endpoints["phone/batchcreate"]; n != 1 {
		t.Errorf("batchcreate sent %d times, want 1", n)
	}
	// A plan now has nothing to do, and every process revoked its token.
	if plan := w.mustRun("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(plan, "No changes") {
		t.Errorf("plan after the interrupted apply:\n%s", plan)
	}
	if live := fake.Stats().LiveTokens; live != 0 {
		t.Errorf("%d tokens still valid", live)
	}
	w.mustRun("destroy", "-auto-approve", "-input=false")
}

// TestAccCLICtrlCDuringASlowLoginLeavesNoToken interrupts a plan while its login is on its
// way: the provider revokes the token that arrives after it was told to stop.
func TestAccCLICtrlCDuringASlowLoginLeavesNoToken(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	fake.InjectFaults("get_token", fakeyeastar.Fault{Pass: true, Delay: 800 * time.Millisecond, ActEvenIfGone: true})
	w := newCLIWorkspace(t, lobbyPhoneFromEnv, env...)

	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "plan", "-input=false", "-no-color")
	cmd.Dir, cmd.Env = w.dir, w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for fake.Stats().Endpoints["get_token"] == 0 {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("get_token never arrived:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	time.Sleep(time.Second) // the PBX issues the token even if the provider has gone
	if st := fake.Stats(); st.IssuedTokens != 1 || st.LiveTokens != 0 {
		t.Errorf("%d tokens issued, %d still valid; want the one token revoked\n%s", st.IssuedTokens, st.LiveTokens, out.String())
	}
}
