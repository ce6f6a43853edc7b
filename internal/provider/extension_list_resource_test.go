package provider

import (
	"strconv"
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
