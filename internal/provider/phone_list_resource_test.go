package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// addOffice puts n phones on the fake PBX behind the provider's back, as an office that already
// exists: every third one without an extension. It returns the phones' IDs in the PBX's order.
func addOffice(t *testing.T, fake *fakeyeastar.Server, n int) []int {
	t.Helper()
	models := []struct{ model, template string }{{"CP920", "YSDP_YealinkCP"}, {"SIP-T46U", "YSDP_YealinkT4x"}}
	var ids []int
	for i := range n {
		m := models[i%len(models)]
		p := fakeyeastar.Phone{MAC: fmt.Sprintf("80:5E:C0:00:02:%02X", i), Vendor: "Yealink", Model: m.model, TemplateName: m.template,
			ProvisioningMethod: "rps", RPSAuth: i%4 == 1}
		if i%3 != 0 {
			p.ExtensionID = fake.Extensions[i%len(fake.Extensions)].ID
		}
		ids = append(ids, fake.AddPhone(p))
	}
	return ids
}

func TestAccPhoneResourceIdentity(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.phoneConfig("80:5E:C0:11:22:33", "CP920", "YSDP_YealinkCP", "1001"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity("yeastar_phone.lobby", map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
				statecheck.ExpectIdentityValueMatchesState("yeastar_phone.lobby", tfjsonpath.New("id")),
			},
		},
		resource.TestStep{
			// An import block naming the phone by identity plans no change.
			ResourceName:    "yeastar_phone.lobby",
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
		},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	tc.CheckDestroy = pbx.checkNoPhones
	resource.Test(t, tc)
}

func TestAccPhoneListResourceQuery(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.MaxPageSize = 4 // the office's 25 phones take 7 pages
	ids := addOffice(t, pbx.Server, 25)
	fourth, _ := pbx.Phone(ids[4])
	extension := pbx.Extensions[4%len(pbx.Extensions)]

	tc := pbx.testCase(
		resource.TestStep{Config: pbx.providerBlock()},
		resource.TestStep{
			Query: true,
			Config: `
list "yeastar_phone" "all" {
  provider         = yeastar
  include_resource = true
}

list "yeastar_phone" "t46u" {
  provider = yeastar
  config {
    search = "SIP-T46U"
  }
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("yeastar_phone.all", 25),
				querycheck.ExpectLength("yeastar_phone.t46u", 12),
				querycheck.ExpectIdentity("yeastar_phone.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(strconv.Itoa(ids[24]))}),
				querycheck.ExpectResourceDisplayName("yeastar_phone.all",
					queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(strconv.Itoa(ids[4]))}),
					knownvalue.StringExact(fmt.Sprintf("%s Yealink CP920, extension %s (%s)", fourth.MAC, extension.Number, extension.CallerIDName))),
				querycheck.ExpectResourceKnownValues("yeastar_phone.all",
					queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(strconv.Itoa(ids[4]))}),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("mac"), KnownValue: knownvalue.StringExact(fourth.MAC)},
						{Path: tfjsonpath.New("template_name"), KnownValue: knownvalue.StringExact("YSDP_YealinkCP")},
						{Path: tfjsonpath.New("extension_id"), KnownValue: knownvalue.Int64Exact(int64(extension.ID))},
						{Path: tfjsonpath.New("provisioning_link"), KnownValue: knownvalue.StringExact(cp920Link)},
					}),
			},
		},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
	resource.Test(t, tc)
}

// skipBelowCLI skips a CLI test on a CLI older than minimum, with the message tfversion uses,
// so that `make testacc` tells version skips apart from others.
func skipBelowCLI(t *testing.T, minimum *version.Version) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run tests that drive the Terraform CLI")
	}
	if got := cliVersion(t); got.LessThan(minimum) {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test", got, minimum)
	}
}

// cliVersion is the version of the CLI named by TF_ACC_TERRAFORM_PATH.
func cliVersion(t *testing.T) *version.Version {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run tests that drive the Terraform CLI")
	}
	out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "version", "-json").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("terraform version -json: %v", err)
	}
	return version.Must(version.NewVersion(v.Version))
}

// TestAccCLIAdoptAnOfficeWithTerraformQuery walks the guide "Adopt the phones already on your
// PBX" with its query file: a folder with only a provider block and the .tfquery.hcl file,
// `terraform query -generate-config-out`, and a plan that imports every phone and changes
// nothing. The office has more phones than the PBX's page size, a third of them unassigned.
func TestAccCLIAdoptAnOfficeWithTerraformQuery(t *testing.T) {
	t.Parallel()
	skipBelowCLI(t, tfversion.Version1_14_0)
	fake, env := startCLIPBX(t)
	fake.MaxPageSize = 7
	addOffice(t, fake, 130) // more than terraform query's default limit of 100

	// The guide's own query file, beside a configuration with only a provider block.
	query, err := os.ReadFile("../../examples/guides/adopt-existing-phones/phones.tfquery.hcl")
	if err != nil {
		t.Fatal(err)
	}
	w := newCLIWorkspace(t, `provider "yeastar" {}`+"\n", env...)
	writeFile(t, filepath.Join(w.dir, "phones.tfquery.hcl"), string(query))
	out := w.mustRun("query", "-generate-config-out=phones.tf")
	generated, err := os.ReadFile(filepath.Join(w.dir, "phones.tf"))
	if err != nil {
		t.Fatalf("query wrote no phones.tf: %v\n%s", err, out)
	}
	if n := strings.Count(string(generated), `resource "yeastar_phone"`); n != 130 {
		t.Fatalf("phones.tf holds %d resource blocks, want 130:\n%s", n, generated)
	}
	if n := strings.Count(string(generated), "import {"); n != 130 {
		t.Errorf("phones.tf holds %d import blocks, want 130", n)
	}

	fake.ResetStats()
	plan := w.mustRun("plan", "-input=false")
	if !regexp.MustCompile(`Plan: 130 to import, 0 to add, 0 to change, 0 to destroy`).MatchString(plan) {
		t.Errorf("the plan of the generated configuration is not 130 imports and nothing else:\n%s", plan)
	}
	w.mustRun("apply", "-input=false", "-auto-approve")
	if again := w.mustRun("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(again, "No changes") {
		t.Errorf("a plan after adopting the office is not empty:\n%s", again)
	}
	if n := len(fake.Phones()); n != 130 {
		t.Errorf("the PBX holds %d phones after the adoption, want the same 130", n)
	}
	if st := fake.Stats(); st.Endpoints["phone/batchcreate"]+st.Endpoints["phone/batchdelete"]+st.Endpoints["phone/batchupdate"] != 0 {
		t.Errorf("adopting the office changed the PBX: %v", st.Endpoints)
	}
}
