package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

func TestAccExtensionListResourceQuery(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.MaxPageSize = 4 // the office's 26 extensions take 7 pages
	james := pbx.extension(t, "1001")
	byID := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(strconv.Itoa(james.ID))})

	tc := pbx.testCase(
		resource.TestStep{Config: pbx.providerBlock()},
		resource.TestStep{
			Query: true,
			Config: `
list "yeastar_extension" "all" {
  provider         = yeastar
  include_resource = true
}

list "yeastar_extension" "carter" {
  provider = yeastar
  config {
    search = "1001"
  }
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("yeastar_extension.all", len(pbx.Extensions)),
				querycheck.ExpectLength("yeastar_extension.carter", 2), // 1001 and 10010: a keyword search
				querycheck.ExpectResourceDisplayName("yeastar_extension.all", byID, knownvalue.StringExact("1001 James Carter")),
				querycheck.ExpectResourceKnownValues("yeastar_extension.all", byID, []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("number"), KnownValue: knownvalue.StringExact("1001")},
					{Path: tfjsonpath.New("first_name"), KnownValue: knownvalue.StringExact("James")},
					{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact("james.carter@example.com")},
					{Path: tfjsonpath.New("role"), KnownValue: knownvalue.StringExact("Super Administrator")},
					{Path: tfjsonpath.New("registration_name"), KnownValue: knownvalue.StringExact(james.RegistrationName)},
					{Path: tfjsonpath.New("user_password_wo"), KnownValue: knownvalue.Null()},
					{Path: tfjsonpath.New("send_welcome_email"), KnownValue: knownvalue.Bool(false)},
					// Left to the person after adoption, so not written into the configuration.
					{Path: tfjsonpath.New("presence_status"), KnownValue: knownvalue.Null()},
				}),
			},
		},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
	resource.Test(t, tc)
}

// TestAccExtensionCredentialsEphemeralResource hands the secrets to the echo provider, whose
// state shows what the ephemeral resource opened with.
func TestAccExtensionCredentialsEphemeralResource(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	james := pbx.extension(t, "1001")
	tc := pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
data "yeastar_extension" "james" {
  number = "1001"
}

ephemeral "yeastar_extension_credentials" "james" {
  id = data.yeastar_extension.james.id
}

provider "echo" {
  data = ephemeral.yeastar_extension_credentials.james
}

resource "echo" "james" {}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("echo.james", tfjsonpath.New("data").AtMapKey("registration_password"), knownvalue.StringExact(james.RegistrationPassword)),
			statecheck.ExpectKnownValue("echo.james", tfjsonpath.New("data").AtMapKey("voicemail_pin"), knownvalue.StringExact(james.VoicemailPIN)),
			statecheck.ExpectKnownValue("echo.james", tfjsonpath.New("data").AtMapKey("id"), knownvalue.StringExact(strconv.Itoa(james.ID))),
		},
	})
	tc.ProtoV6ProviderFactories["echo"] = echoprovider.NewProviderServer()
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{featureEphemeral.versionCheck(t)}
	resource.Test(t, tc)
}

// TestAccCLIAdoptExtensionsAndPhonesWithTerraformQuery walks the guide "Adopt the extensions and
// phones already on your PBX" with both its query files: `terraform query -generate-config-out`
// and a plan that imports every extension and phone and changes nothing.
func TestAccCLIAdoptExtensionsAndPhonesWithTerraformQuery(t *testing.T) {
	t.Parallel()
	skipBelowCLI(t, tfversion.Version1_14_0)
	fake, env := startCLIPBX(t)
	fake.MaxPageSize = 7
	addOffice(t, fake, 20)
	extensions := len(fake.Extensions)

	w := newCLIWorkspace(t, `provider "yeastar" {}`+"\n", env...)
	for _, name := range []string{"extensions.tfquery.hcl", "phones.tfquery.hcl"} {
		query, err := os.ReadFile("../../examples/guides/adopt-existing-phones/" + name)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(w.dir, name), string(query))
	}
	out := w.mustRun("query", "-generate-config-out=adopted.tf")
	generated, err := os.ReadFile(filepath.Join(w.dir, "adopted.tf"))
	if err != nil {
		t.Fatalf("query wrote no adopted.tf: %v\n%s", err, out)
	}
	if n := strings.Count(string(generated), `resource "yeastar_extension"`); n != extensions {
		t.Errorf("adopted.tf holds %d extension blocks, want %d:\n%s", n, extensions, generated)
	}
	if n := strings.Count(string(generated), `resource "yeastar_phone"`); n != 20 {
		t.Errorf("adopted.tf holds %d phone blocks, want 20", n)
	}
	if strings.Contains(string(generated), "presence_status") {
		t.Errorf("adopted.tf sets presence_status, which would then be enforced:\n%s", generated)
	}
	// The adoption guide: write-only arguments and their versions come out as null (unset).
	if set := regexp.MustCompile(`(?m)^\s*\w+_wo(_version)?\s*=\s*[^n\s].*$`).FindAllString(string(generated), -1); len(set) > 0 {
		t.Errorf("adopted.tf sets write-only arguments or their versions: %q", set)
	}
	for _, e := range fake.Extensions {
		for _, secret := range []string{e.UserPassword, e.RegistrationPassword} {
			if strings.Contains(string(generated)+out, secret) {
				t.Errorf("the generated configuration or the query output holds a secret of extension %s", e.Number)
			}
		}
	}

	fake.ResetStats()
	want := fmt.Sprintf(`Plan: %d to import, 0 to add, 0 to change, 0 to destroy`, extensions+20)
	if plan := w.mustRun("plan", "-input=false"); !strings.Contains(plan, want) {
		t.Errorf("the plan of the generated configuration is not %q:\n%s", want, plan)
	}
	w.mustRun("apply", "-input=false", "-auto-approve")
	if again := w.mustRun("plan", "-input=false"); !strings.Contains(again, "No changes") {
		t.Errorf("a plan after adopting the office is not empty:\n%s", again)
	}
	// The presence stays the person's after adoption: a change to it is not drift.
	james, _ := fake.ExtensionByNumber("1001")
	fake.ChangeExtension(james.ID, "presence_status", "lunch")
	if again := w.mustRun("plan", "-input=false"); !strings.Contains(again, "No changes") {
		t.Errorf("a plan after an adopted extension's person went to lunch is not empty:\n%s", again)
	}
	st := fake.Stats()
	for _, endpoint := range []string{"extension/create", "extension/update", "extension/delete", "phone/batchcreate", "phone/batchupdate", "phone/batchdelete"} {
		if st.Endpoints[endpoint] != 0 {
			t.Errorf("adopting the office changed the PBX: %v", st.Endpoints)
			break
		}
	}
}
