package provider

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
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

	extensionSecrets := scanExtensions(t, fake, env, trace, record)

	static := fake.IssueToken()
	staticEnv := []string{"YEASTAR_CLIENT_ID=", "YEASTAR_CLIENT_SECRET=", "YEASTAR_ACCESS_TOKEN=" + static}
	plan("a given access token", staticEnv, nil)
	plan("a given access token that expired", staticEnv, fake.ExpireTokens)

	text := transcript.String()
	if !cliVersion(t).LessThan(featureWriteOnly.minimum(t)) && !strings.Contains(text, "/extension/getpassword") {
		t.Error("the transcript lacks the ephemeral resource's /extension/getpassword, so the scan would not show what it is meant to")
	}
	for _, want := range []string{"Yeastar API call", "/extension/create", "/extension/update", "Yeastar API response body", "[REDACTED]", "Yeastar rejected the Client ID", "The Yeastar access token has expired",
		"blocked this IP address", "Could not reach the Yeastar PBX", "HTTP status 500", "unexpected shape", "refused another access token",
		"create answer lost or unclear", "/phone/batchupdate", "/phone/batchdelete", `"provisioning_link"`} {
		if !strings.Contains(flatten(text), want) {
			t.Errorf("the transcript lacks %q, so the scan would not show what it is meant to", want)
		}
	}
	secrets := append(fake.IssuedSecrets(), "wrong-secret-for-the-scan", static)
	for _, secret := range extensionSecrets {
		// extension/getpassword answers the registration password and the PIN in Base64: that
		// form must not show either (it is no digit run, so it is looked for as a whole).
		secrets = append(secrets, base64.StdEncoding.EncodeToString([]byte(secret)))
		if isDigits(secret) {
			// A PIN is short and all digits: it is looked for where a value would stand, not
			// inside a longer number such as a timestamp's fraction of a second.
			pin := regexp.MustCompile(`(^|[^0-9.:])` + secret + `([^0-9]|$)`)
			if loc := pin.FindStringIndex(text); loc != nil {
				start, end := max(0, loc[0]-300), min(len(text), loc[1]+100)
				t.Errorf("an extension's PIN appears in the output or state:\n...%s...", text[start:end])
			}
			continue
		}
		secrets = append(secrets, secret)
	}
	// The client ID is no secret, and the fake's shares its first characters with the fake's
	// client secret: it is taken out of what the prefixes are looked for in.
	text = strings.ReplaceAll(text, fake.ClientID, "<client id>")
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

// scanExtensions applies extensions with generated secrets, and on a CLI with write-only
// arguments with given secrets and one taken from yeastar_extension_credentials, rotates them,
// and records the output, a plan's JSON and the state at TRACE. It returns every secret the
// fake PBX held for the extensions along the way.
func scanExtensions(t *testing.T, fake *fakeyeastar.Server, env, trace []string, record func(name, out string)) []string {
	t.Helper()
	config := "provider \"yeastar\" {}\n" + `
variable "secret_version" {
  type    = number
  default = 1
}

resource "yeastar_extension" "generated" {
  number                           = "1070"
  first_name                       = "Jane"
  last_name                        = "Doe"
  email                            = "jane.1070@example.com"
  send_welcome_email               = true
  user_password_wo_version         = var.secret_version
  registration_password_wo_version = var.secret_version
  voicemail_pin_wo_version         = var.secret_version
}
`
	var given []string
	writeOnly := !cliVersion(t).LessThan(featureWriteOnly.minimum(t))
	if writeOnly {
		given = []string{"Harbour7Lights9Quay", "2058137946"}
		// The given secrets come in ephemeral variables, as they would in real use: a literal
		// in the configuration is in the plan's copy of the configuration, by Terraform's design.
		env = append(append([]string{}, env...), "TF_VAR_user_password="+given[0], "TF_VAR_voicemail_pin="+given[1])
		config += `
variable "user_password" {
  type      = string
  ephemeral = true
  sensitive = true
}

variable "voicemail_pin" {
  type      = string
  ephemeral = true
  sensitive = true
}

ephemeral "yeastar_extension_credentials" "generated" {
  id = yeastar_extension.generated.id
}

resource "yeastar_extension" "given" {
  number                           = "1071"
  first_name                       = "John"
  user_password_wo                 = var.user_password
  voicemail_pin_wo                 = var.voicemail_pin
  registration_password_wo         = ephemeral.yeastar_extension_credentials.generated.registration_password
  user_password_wo_version         = var.secret_version
  registration_password_wo_version = var.secret_version
  voicemail_pin_wo_version         = var.secret_version
}
`
	}
	w := newCLIWorkspace(t, config, append(append([]string{}, env...), trace...)...)
	var held []string
	if writeOnly {
		// A refused secret written literally in the configuration is not shown either.
		refused := "janeJane1234x"
		bad := newCLIWorkspace(t, "provider \"yeastar\" {}\n"+fmt.Sprintf(`
resource "yeastar_extension" "refused" {
  number           = "1072"
  first_name       = "Jane"
  user_password_wo = %q
}
`, refused), append(append([]string{}, env...), trace...)...)
		out, err := bad.run("plan", "-input=false")
		if err == nil || !strings.Contains(flatten(out), "Invalid user_password_wo") {
			t.Errorf("a plan with a refused password did not fail with its diagnostic: %v\n%s", err, out)
		}
		record("extension plan with a refused password", out)
		held = append(held, refused)
	}
	collect := func() {
		for _, number := range []string{"1070", "1071"} {
			if e, ok := fake.ExtensionByNumber(number); ok {
				held = append(held, e.UserPassword, e.RegistrationPassword, e.VoicemailPIN)
			}
		}
	}
	fake.InjectFaults("extension/create", fakeyeastar.Fault{HangupAfterServe: true})
	record("extension apply with a lost answer", w.mustRun("apply", "-auto-approve", "-input=false"))
	collect()
	if writeOnly {
		generated, _ := fake.ExtensionByNumber("1070")
		taken, _ := fake.ExtensionByNumber("1071")
		if taken.RegistrationPassword != generated.RegistrationPassword || taken.UserPassword != given[0] {
			t.Errorf("extension 1071 does not hold the given password and 1070's registration password from the ephemeral resource")
		}
	}
	record("extension rotation plan", w.mustRun("plan", "-input=false", "-var", "secret_version=2", "-out=rotate.tfplan"))
	record("extension rotation plan JSON", w.mustRun("show", "-json", "rotate.tfplan"))
	record("extension rotation", w.mustRun("apply", "-auto-approve", "-input=false", "rotate.tfplan"))
	collect()
	record("extension refresh", w.mustRun("plan", "-input=false", "-var", "secret_version=2"))
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	record("extension state", string(state))
	record("extension destroy", w.mustRun("destroy", "-auto-approve", "-input=false", "-var", "secret_version=2"))
	if len(held) < 6 {
		t.Errorf("the fake held %d secrets, want at least 6 (three per extension, before and after the rotation)", len(held))
	}
	return append(held, given...)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
