package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// TestAccCLITraceLogsAndStateHoldNoSecret runs plans that succeed and plans that fail in each
// way the provider knows, with TF_LOG=TRACE, and scans everything Terraform printed, and the
// state, for the client secret and every token the fake PBX issued.
func TestAccCLITraceLogsAndStateHoldNoSecret(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	baseURL := strings.TrimPrefix(env[0], "YEASTAR_BASE_URL=")
	trace := []string{"TF_LOG=TRACE"}
	var transcript strings.Builder
	record := func(name, out string) {
		fmt.Fprintf(&transcript, "=== %s\n%s\n", name, out)
	}
	lookups := `
data "yeastar_phone_vendors" "all" {}

data "yeastar_autop_method" "cp920" {
  vendor = "Yealink"
  model  = "CP920"
}
`

	// The secret in the configuration rather than the environment, applied to a state file.
	inConfig := newCLIWorkspace(t, fmt.Sprintf(`
provider "yeastar" {
  base_url      = %q
  client_id     = %q
  client_secret = %q
}
`, baseURL, fake.ClientID, fake.ClientSecret)+lookups, trace...)
	out := inConfig.mustRun("apply", "-auto-approve", "-input=false")
	record("apply with client_secret in the configuration", out)
	state, err := os.ReadFile(filepath.Join(inConfig.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	record("state", string(state))

	plan := func(name string, extraEnv []string, prepare func()) {
		if prepare != nil {
			prepare()
		}
		w := newCLIWorkspace(t, "provider \"yeastar\" {}\n"+lookups, append(append(append([]string{}, env...), trace...), extraEnv...)...)
		out, _ := w.run("plan", "-input=false")
		record(name, out)
	}
	plan("token expiry in the middle of the plan", nil, func() {
		fake.InjectFaults("auto_provisioning/compatibility", fakeyeastar.Fault{Pass: true}, fakeyeastar.Fault{ExpireTokens: true})
	})
	plan("connection dropped with a token in the URL", []string{"YEASTAR_MAX_RETRIES=0"}, func() {
		fake.InjectFaults("auto_provisioning/compatibility", fakeyeastar.Fault{Hangup: true}, fakeyeastar.Fault{Hangup: true})
	})
	plan("proxy error pages", []string{"YEASTAR_MAX_RETRIES=1"}, func() {
		page := fakeyeastar.Fault{Status: http.StatusBadGateway, ContentType: "text/html", Body: "<h1>502 Bad Gateway</h1>"}
		fake.InjectFaults("auto_provisioning/compatibility", page, page, page, page)
	})
	plan("wrong credentials", []string{"YEASTAR_CLIENT_SECRET=wrong-secret-for-the-scan"}, nil)
	plan("a blocked IP address", nil, func() {
		fake.InjectFaults("get_token", fakeyeastar.Fault{Body: `{"errcode":70004,"errmsg":"ACCOUNT IP BLOCKED"}`})
	})
	plan("timeouts", []string{"YEASTAR_MAX_RETRIES=1", "YEASTAR_REQUEST_TIMEOUT=100ms"}, func() {
		slow := fakeyeastar.Fault{Delay: time.Second}
		fake.InjectFaults("auto_provisioning/compatibility", slow, slow, slow, slow)
	})
	plan("persistent server errors", []string{"YEASTAR_MAX_RETRIES=1"}, func() {
		failure := fakeyeastar.Fault{Status: http.StatusInternalServerError, Body: "Internal Server Error"}
		fake.InjectFaults("auto_provisioning/compatibility", failure, failure, failure, failure)
	})
	plan("data of the wrong shape", nil, func() {
		fake.InjectFaults("auto_provisioning/compatibility", fakeyeastar.Fault{Body: `{"errcode":0,"data":{"text":"x"}}`})
	})
	plan("the token cap", nil, func() {
		fake.IssueToken() // another tool's token, holding the only place
		fake.MaxTokens = len(fake.LiveTokens())
	})

	fake.MaxTokens = fakeyeastar.DefaultMaxTokens

	// Phones: an apply whose batchcreate answer is lost, a refresh, an in-place update and a
	// destroy, with their request bodies at TRACE.
	phones := newCLIWorkspace(t, "provider \"yeastar\" {}\n"+`
variable "extension" {
  type    = string
  default = "1001"
}

data "yeastar_extension" "lobby" {
  number = var.extension
}

resource "yeastar_phone" "lobby" {
  mac                 = "80:5E:C0:11:22:33"
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.lobby.id
}
`, append(append([]string{}, env...), trace...)...)
	fake.InjectFaults("phone/batchcreate", fakeyeastar.Fault{HangupAfterServe: true})
	record("phone apply with a lost answer", phones.mustRun("apply", "-auto-approve", "-input=false"))
	record("phone extension update", phones.mustRun("apply", "-auto-approve", "-input=false", "-var", "extension=1002"))
	state, err = os.ReadFile(filepath.Join(phones.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	record("phone state", string(state))
	record("phone destroy", phones.mustRun("destroy", "-auto-approve", "-input=false", "-var", "extension=1002"))

	static := fake.IssueToken()
	staticEnv := []string{"YEASTAR_CLIENT_ID=", "YEASTAR_CLIENT_SECRET=", "YEASTAR_ACCESS_TOKEN=" + static}
	plan("a given access token", staticEnv, nil)
	plan("a given access token that expired", staticEnv, fake.ExpireTokens)

	text := transcript.String()
	for _, want := range []string{"Yeastar API call", "Yeastar API response body", "[REDACTED]", "Yeastar rejected the Client ID", "The Yeastar access token has expired",
		"blocked this IP address", "Could not reach the Yeastar PBX", "HTTP status 500", "unexpected shape", "refused another access token",
		"create answer lost or unclear", "/phone/batchupdate", "/phone/batchdelete", `"provisioning_link"`} {
		if !strings.Contains(flatten(text), want) {
			t.Errorf("the transcript lacks %q, so the scan would not show what it is meant to", want)
		}
	}
	secrets := append(fake.IssuedSecrets(), "wrong-secret-for-the-scan", static)
	for _, secret := range secrets {
		// A prefix catches a secret cut short as well as a whole one.
		if i := strings.Index(text, secret[:min(8, len(secret))]); i >= 0 {
			start, end := max(0, i-300), min(len(text), i+len(secret)+100)
			t.Errorf("a secret appears in the output or state:\n...%s...", text[start:end])
		}
	}
	if t.Failed() {
		t.Logf("scanned %d bytes for %d secrets", len(text), len(secrets))
	}
}
