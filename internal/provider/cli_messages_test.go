package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// These tests read the messages a user gets for a mistake, through the real CLI.

const oneLookup = "provider \"yeastar\" {}\n\ndata \"yeastar_phone_vendors\" \"all\" {}\n"

func TestAccCLIWrongSchemeSaysWhichSchemeToUse(t *testing.T) {
	t.Parallel()
	fake := fakeyeastar.New()
	tlsSrv := httptest.NewTLSServer(fake)
	t.Cleanup(tlsSrv.Close)
	plainSrv := httptest.NewServer(fake)
	t.Cleanup(plainSrv.Close)
	// A web server in front of the PBX that sends http:// to https://, as many do.
	redirectSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://pbx.example.com:8088"+r.URL.RequestURI(), http.StatusMovedPermanently)
	}))
	t.Cleanup(redirectSrv.Close)
	tlsHostPort := strings.TrimPrefix(tlsSrv.URL, "https://")
	plainHostPort := strings.TrimPrefix(plainSrv.URL, "http://")
	creds := []string{"YEASTAR_CLIENT_ID=" + fake.ClientID, "YEASTAR_CLIENT_SECRET=" + fake.ClientSecret}

	for name, tc := range map[string]struct{ baseURL, want string }{
		"http:// to an HTTPS server":      {"http://" + tlsHostPort, "to https://" + tlsHostPort},
		"https:// to a plain-HTTP server": {"https://" + plainHostPort, "to http://" + plainHostPort},
		"http:// answered with a 301":     {redirectSrv.URL, "to https://pbx.example.com:8088"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newCLIWorkspace(t, oneLookup, append(creds, "YEASTAR_BASE_URL="+tc.baseURL)...)
			out, err := w.run("plan", "-input=false")
			if err == nil {
				t.Fatalf("plan succeeded with the wrong scheme:\n%s", out)
			}
			flat := flatten(out)
			for _, want := range []string{"Error: Wrong scheme in the Yeastar base URL", "YEASTAR_BASE_URL", tc.want, "issued no token"} {
				if !strings.Contains(flat, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			for _, wrong := range []string{"was lost", "may have issued", "8 token places"} {
				if strings.Contains(flat, wrong) {
					t.Errorf("output says %q, a false alarm about the token budget:\n%s", wrong, out)
				}
			}
		})
	}
	if st := fake.Stats(); st.IssuedTokens != 0 {
		t.Errorf("%d tokens issued", st.IssuedTokens)
	}
}

func TestAccCLIBaseURLWithoutSchemeSaysToAddIt(t *testing.T) {
	t.Parallel()
	for _, address := range []string{"192.168.1.10:8088", "pbx.example.com:8088"} {
		t.Run(address, func(t *testing.T) {
			t.Parallel()
			w := newCLIWorkspace(t, oneLookup, "YEASTAR_BASE_URL="+address, "YEASTAR_CLIENT_ID=a", "YEASTAR_CLIENT_SECRET=b")
			out, err := w.run("plan", "-input=false")
			if err == nil {
				t.Fatalf("plan succeeded with base URL %q:\n%s", address, out)
			}
			flat := flatten(out)
			for _, want := range []string{"Error: Invalid Yeastar base URL", "the YEASTAR_BASE_URL environment variable",
				"must start with https://", `"https://` + address + `"`} {
				if !strings.Contains(flat, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(flat, "first path segment") {
				t.Errorf("output shows Go's URL parser error:\n%s", out)
			}
		})
	}
	t.Run("in the provider block", func(t *testing.T) {
		t.Parallel()
		w := newCLIWorkspace(t, "provider \"yeastar\" {\n  base_url = \"192.168.1.10:8088\"\n}\n\ndata \"yeastar_phone_vendors\" \"all\" {}\n",
			"YEASTAR_CLIENT_ID=a", "YEASTAR_CLIENT_SECRET=b")
		out, err := w.run("validate")
		flat := flatten(out)
		if err == nil || !strings.Contains(flat, "base_url: the base URL must start with https://") || !strings.Contains(flat, `"https://192.168.1.10:8088"`) {
			t.Errorf("validate: err = %v, want the base_url attribute's error with the fixed URL:\n%s", err, out)
		}
	})
}

// TestAccCLIWrongSecretIsExplainedOncePerProviderConfiguration runs a plan of 40 data sources
// and 20 resources on two provider configurations with a wrong secret: one login per
// configuration, its full error at most once per configuration, and a short one for every other
// block. (Terraform 1.16 stops planning after the first few errors; Terraform 1.5 and OpenTofu
// report every block.)
func TestAccCLIWrongSecretIsExplainedOncePerProviderConfiguration(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	env = append(env, "YEASTAR_CLIENT_SECRET=not-the-secret")
	w := newCLIWorkspace(t, `
provider "yeastar" {}

provider "yeastar" {
  alias = "second"
}

data "yeastar_phone_templates" "first" {
  count = 20
  model = "CP920"
}

data "yeastar_phone_templates" "second" {
  provider = yeastar.second
  count    = 20
  model    = "CP920"
}

resource "yeastar_extension" "staff" {
  count      = 10
  number     = tostring(2000 + count.index)
  first_name = "Person ${count.index}"
}

resource "yeastar_phone" "desk" {
  provider            = yeastar.second
  count               = 10
  mac                 = format("80:5E:C0:11:22:%02d", count.index)
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = 1
}
`, env...)
	out, err := w.run("plan", "-input=false")
	if err == nil {
		t.Fatalf("plan succeeded with a wrong secret:\n%s", out)
	}
	const fullSummary = "Error: Yeastar rejected the Client ID or Client Secret"
	const shortSummary = fullSummary + " (see the full error once, above or below)"
	blocks := strings.Split(out, "Error: ")[1:]
	full := map[string]int{}
	short := map[string]int{}
	for _, block := range blocks {
		block = "Error: " + block
		configuration := "default"
		if strings.Contains(block, "with data.yeastar_phone_templates.second[") || strings.Contains(block, "with yeastar_phone.desk[") {
			configuration = "second"
		}
		switch {
		case strings.HasPrefix(block, shortSummary):
			short[configuration]++
			if strings.Contains(flatten(block), "Check client_id") {
				t.Errorf("a short error holds the full advice:\n%s", block)
			}
		case strings.HasPrefix(block, fullSummary):
			full[configuration]++
			if !strings.Contains(flatten(block), "after 5 failed logins in a row") {
				t.Errorf("the full error does not say why the login is not repeated:\n%s", block)
			}
		default:
			t.Errorf("an unexpected error:\n%s", block)
		}
	}
	for _, configuration := range []string{"default", "second"} {
		if n := full[configuration] + short[configuration]; n > 0 && full[configuration] != 1 {
			t.Errorf("provider configuration %s: %d errors, %d of them in full; want the full one once", configuration, n, full[configuration])
		}
	}
	if len(blocks) < 2 {
		t.Errorf("%d errors for 60 blocks that cannot be read or planned", len(blocks))
	}
	// An error block is at most 12 lines (a full one is 14): the full explanation is not repeated.
	errorLines := strings.Count(out[strings.Index(out, "Error: "):], "\n")
	if errorLines > 12*len(blocks) {
		t.Errorf("the errors take %d lines for %d errors", errorLines, len(blocks))
	}
	t.Logf("%d errors (%v in full, %v short) in %d lines", len(blocks), full, short, errorLines)
	if got := fake.Stats().GetToken; got > 2 {
		t.Errorf("get_token calls = %d, want at most one per provider configuration", got)
	}
}

func TestAccCLIExtensionCredentialsGivenANumberSaysItWantsTheID(t *testing.T) {
	t.Parallel()
	skipBelowCLI(t, featureEphemeral.minimum(t))
	fake, env := startCLIPBX(t)
	james, ok := fake.ExtensionByNumber("1001")
	if !ok {
		t.Fatal("the fake has no extension 1001")
	}
	w := newCLIWorkspace(t, `
provider "yeastar" {}

ephemeral "yeastar_extension_credentials" "james" {
  id = "1001"
}
`, env...)
	out, err := w.run("plan", "-input=false")
	if err == nil {
		t.Fatalf("plan succeeded with an extension number for the ID:\n%s", out)
	}
	flat := flatten(out)
	for _, want := range []string{"Error: Unknown extension", "no extension with ID 1001", "id takes an extension's ID, not its number",
		fmt.Sprintf("1001 is the number of the extension whose ID is %d", james.ID)} {
		if !strings.Contains(flat, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(flat, "-refresh-only") {
		t.Errorf("output suggests -refresh-only, which does nothing for an ephemeral resource:\n%s", out)
	}
}

func TestAccCLIARefusedBodyFieldIsCalledABodyField(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	// A value the provider passes at plan time, which this PBX refuses all the same.
	fake.InjectFaults("extension/create", fakeyeastar.InvalidParamFault("mobile_number", "+15550100", "format"))
	w := newCLIWorkspace(t, `
provider "yeastar" {}

resource "yeastar_extension" "desk" {
  number        = "2301"
  first_name    = "Front"
  last_name     = "Desk"
  mobile_number = "+15550100"
}
`, env...)
	out, err := w.run("apply", "-auto-approve", "-input=false")
	if err == nil {
		t.Fatalf("apply succeeded although the PBX refused the create:\n%s", out)
	}
	flat := flatten(out)
	for _, want := range []string{"Error: The Yeastar PBX rejected a field of the request body", `body field "mobile_number"`,
		"POST /openapi/v1.0/extension/create"} {
		if !strings.Contains(flat, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(flat, "query parameter") {
		t.Errorf("output calls a body field a query parameter:\n%s", out)
	}
}

// TestAccCLIAnEmptyEmailSaysToUseNull feeds a CSV row without an address to email, then applies
// the expression the message suggests.
func TestAccCLIAnEmptyEmailSaysToUseNull(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	config := func(email string) string {
		return `
terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}

provider "yeastar" {}

locals {
  people = csvdecode("number,first_name,email\n2401,Robin,\n")
}

resource "yeastar_extension" "staff" {
  for_each   = { for row in local.people : row.number => row }
  number     = each.key
  first_name = each.value.first_name
  email      = ` + email + `
}
`
	}
	w := newCLIWorkspace(t, config("each.value.email"), env...)
	out, err := w.run("plan", "-input=false")
	if err == nil {
		t.Fatalf("plan succeeded with email = \"\":\n%s", out)
	}
	flat := flatten(out)
	for _, want := range []string{"Error: Invalid e-mail address", `email: "" is not an e-mail address`, "use null",
		`email = row.email != "" ? row.email : null`} {
		if !strings.Contains(flat, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	writeFile(t, w.dir+"/main.tf", config(`each.value.email != "" ? each.value.email : null`))
	w.mustRun("apply", "-auto-approve", "-input=false")
	if ext, ok := fake.ExtensionByNumber("2401"); !ok || ext.Email != "" {
		t.Errorf("extension 2401 = %+v, %v; want it created without an e-mail address", ext, ok)
	}
}

// TestAccCLIImportBlockAdoptionLeavesPresenceToThePerson adopts an extension with an import
// block and -generate-config-out (the path of OpenTofu and of Terraform before 1.14), as the
// adoption guide shows: the generated file does not pin the presence of the day, so the
// person's own presence is no drift; and asking for a welcome e-mail then warns that none is sent.
func TestAccCLIImportBlockAdoptionLeavesPresenceToThePerson(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	james, _ := fake.ExtensionByNumber("1001")
	w := newCLIWorkspace(t, `
provider "yeastar" {}

import {
  provider = yeastar
  to       = yeastar_extension.james
  id       = "1001"
}
`, env...)
	out := w.mustRun("plan", "-input=false", "-generate-config-out=adopted.tf")
	if !strings.Contains(out, "1 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Errorf("the import plan is not an import only:\n%s", out)
	}
	generated, err := os.ReadFile(filepath.Join(w.dir, "adopted.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// Terraform 1.16 leaves the unset presence out, Terraform 1.5 and OpenTofu write it as null.
	if regexp.MustCompile(`presence_status\s*=\s*"`).Match(generated) {
		t.Errorf("adopted.tf sets presence_status, which would then be enforced:\n%s", generated)
	}
	// Terraform takes provider in an import block only while it generates the resource block,
	// so the docs say to drop the line once the generated block is in the configuration.
	main := filepath.Join(w.dir, "main.tf")
	config, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, main, strings.Replace(string(config), "  provider = yeastar\n", "", 1))
	w.mustRun("apply", "-auto-approve", "-input=false")
	fake.ChangeExtension(james.ID, "presence_status", "lunch")
	if again := w.mustRun("plan", "-input=false"); !strings.Contains(again, "No changes") {
		t.Errorf("a plan after the adopted person went to lunch is not empty:\n%s", again)
	}
	if got, _ := fake.ExtensionByNumber("1001"); got.PresenceStatus != "lunch" {
		t.Errorf("presence = %q, want the person's lunch", got.PresenceStatus)
	}

	// send_welcome_email = true on the adopted extension sends nothing: the plan says so.
	withEmail := strings.Replace(string(generated), "send_welcome_email               = false", "send_welcome_email               = true", 1)
	if withEmail == string(generated) {
		t.Fatalf("adopted.tf has no send_welcome_email = false line to change:\n%s", generated)
	}
	writeFile(t, filepath.Join(w.dir, "adopted.tf"), withEmail)
	out = w.mustRun("plan", "-input=false")
	if flat := flatten(out); !strings.Contains(flat, "Warning: No welcome e-mail for an existing extension") ||
		!strings.Contains(flat, "Extension 1001 exists already") {
		t.Errorf("the plan does not warn that no welcome e-mail is sent:\n%s", out)
	}
	w.mustRun("apply", "-auto-approve", "-input=false")
	if n := fake.WelcomeEmails(james.ID); n != 0 {
		t.Errorf("%d welcome e-mails sent to an adopted extension", n)
	}
}

// TestAccCLIBumpingOneSecretVersionSendsOnlyThatSecret bumps user_password_wo_version alone:
// only the user's password changes on the PBX, whatever the CLI shows of the other write-only
// arguments (OpenTofu shows them all as changing).
func TestAccCLIBumpingOneSecretVersionSendsOnlyThatSecret(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	w := newCLIWorkspace(t, `
provider "yeastar" {}

variable "user_password_version" {
  type    = number
  default = 1
}

resource "yeastar_extension" "desk" {
  number                           = "2701"
  first_name                       = "Front"
  user_password_wo_version         = var.user_password_version
  registration_password_wo_version = 1
  voicemail_pin_wo_version         = 1
}
`, env...)
	w.mustRun("apply", "-auto-approve", "-input=false")
	before, _ := fake.ExtensionByNumber("2701")
	w.mustRun("apply", "-auto-approve", "-input=false", "-var", "user_password_version=2")
	after, _ := fake.ExtensionByNumber("2701")
	if after.UserPassword == before.UserPassword {
		t.Error("the user's password did not change when its version was bumped")
	}
	if after.RegistrationPassword != before.RegistrationPassword || after.VoicemailPIN != before.VoicemailPIN {
		t.Error("the SIP registration password or the voicemail PIN changed, though only the user's password version was bumped")
	}
}
