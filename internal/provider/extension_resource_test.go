package provider

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

const janeAddress = "yeastar_extension.jane"

// janeConfig is a yeastar_extension "jane" with the given arguments (HCL lines) besides its number.
func (pbx *testPBX) janeConfig(number string, arguments ...string) string {
	return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_extension" "jane" {
  number = %q
  %s
}
`, number, strings.Join(arguments, "\n  "))
}

// extension returns the fake's extension with this number, failing when there is none.
func (pbx *testPBX) extension(t *testing.T, number string) fakeyeastar.Extension {
	t.Helper()
	e, ok := pbx.ExtensionByNumber(number)
	if !ok {
		t.Fatalf("the fake PBX has no extension %s", number)
	}
	return e
}

// extensionSecrets are the three secrets the fake holds for an extension.
func extensionSecrets(e fakeyeastar.Extension) [3]string {
	return [3]string{e.UserPassword, e.RegistrationPassword, e.VoicemailPIN}
}

// expectExtensionInState checks that the state's jane is the fake's extension with this number,
// and that no secret the fake holds for it is anywhere in the state.
func (pbx *testPBX) expectExtensionInState(number string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[janeAddress]
		if !ok {
			return fmt.Errorf("%s is not in the state", janeAddress)
		}
		e, ok := pbx.ExtensionByNumber(number)
		if !ok {
			return fmt.Errorf("the PBX has no extension %s", number)
		}
		if rs.Primary.ID != strconv.Itoa(e.ID) {
			return fmt.Errorf("the state holds extension ID %s, the PBX extension ID %d", rs.Primary.ID, e.ID)
		}
		for _, secret := range extensionSecrets(e) {
			if secret == "" {
				return fmt.Errorf("the PBX holds an empty secret for extension %s", number)
			}
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, secret) {
					return fmt.Errorf("the state's %s holds one of the extension's secrets", k)
				}
			}
		}
		return nil
	}
}

func (pbx *testPBX) extensionWrites() int {
	st := pbx.Stats()
	return st.Endpoints["extension/create"] + st.Endpoints["extension/update"] + st.Endpoints["extension/delete"] +
		st.Endpoints["extension/send_welcome_email"]
}

func TestAccExtensionResourceLifecycle(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	full := []string{`first_name = "Jane"`, `last_name = "Doe"`, `email = "jane.doe@example.com"`, `mobile_number = "+1(415)555-0150"`,
		`title = "Accountant"`, `role = "Employee"`, `send_welcome_email = true`}
	var firstID int
	var secrets [3]string
	unchanged := func(number string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			e := pbx.extension(t, number)
			if e.ID != firstID {
				return fmt.Errorf("extension %s has ID %d, want %d: it was replaced", number, e.ID, firstID)
			}
			return nil
		}
	}
	step := func(number string, arguments ...string) resource.TestStep {
		return resource.TestStep{
			Config: pbx.janeConfig(number, arguments...),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(janeAddress, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectExtensionInState(number), unchanged(number)),
		}
	}
	with := func(replace map[string]string) []string {
		var out []string
		for _, a := range full {
			name, _, _ := strings.Cut(a, " ")
			if v, ok := replace[name]; ok {
				if v != "" {
					out = append(out, name+" = "+v)
				}
				delete(replace, name)
				continue
			}
			out = append(out, a)
		}
		for name, v := range replace {
			out = append(out, name+" = "+v)
		}
		return out
	}
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.janeConfig("1050", full...),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(janeAddress, plancheck.ResourceActionCreate),
				plancheck.ExpectUnknownValue(janeAddress, tfjsonpath.New("caller_id_name")),
				plancheck.ExpectUnknownValue(janeAddress, tfjsonpath.New("registration_name")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("caller_id_name"), knownvalue.StringExact("Jane Doe")),
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("caller_id"), knownvalue.StringExact("1050")),
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("role"), knownvalue.StringExact("Employee")),
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("presence_status"), knownvalue.StringExact("available")),
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("concurrent_registrations"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("voicemail_enabled"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("registration_name"), knownvalue.StringRegexp(regexp.MustCompile(`^[a-z0-9]{10}$`))),
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("user_password_wo"), knownvalue.Null()),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				pbx.expectExtensionInState("1050"),
				func(*terraform.State) error {
					e := pbx.extension(t, "1050")
					firstID, secrets = e.ID, extensionSecrets(e)
					if e.RegistrationName == "1050" || e.RegistrationName == "" {
						return fmt.Errorf("registration name %q: want a generated one", e.RegistrationName)
					}
					if n := pbx.WelcomeEmails(e.ID); n != 1 {
						return fmt.Errorf("%d welcome e-mails sent after create, want 1", n)
					}
					return nil
				},
			),
		},
		// Each kind of argument changes in place.
		step("1050", with(map[string]string{"first_name": `"Janet"`})...),
		resource.TestStep{
			Config: pbx.janeConfig("1050", with(map[string]string{"first_name": `"Janet"`})...),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("caller_id_name"), knownvalue.StringExact("Janet Doe")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		step("1050", with(map[string]string{"first_name": `"Janet"`, "email": `"janet.doe@example.com"`, "mobile_number": `"+14155550151"`, "title": `"Controller"`})...),
		step("1050", with(map[string]string{"first_name": `"Janet"`, "email": `"janet.doe@example.com"`, "role": `"Supervisor"`, "caller_id": `"4155550150"`,
			"presence_status": `"do_not_disturb"`, "concurrent_registrations": "3", "voicemail_enabled": "false", "voicemail_pin_required": "false",
			"registration_name": `"janet-sip"`})...),
		// Optional text left out clears it on the PBX.
		resource.TestStep{
			Config: pbx.janeConfig("1050", `first_name = "Janet"`, `last_name = "Doe"`, `email = "janet.doe@example.com"`, `role = "Supervisor"`,
				`send_welcome_email = true`, `registration_name = "janet-sip"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(janeAddress, plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				e := pbx.extension(t, "1050")
				if e.MobileNumber != "" || e.Title != "" || e.ID != firstID {
					return fmt.Errorf("the PBX holds %+v, want the mobile number and title cleared in place", e)
				}
				// Only the update ran: the welcome e-mail is never sent again.
				if n := pbx.WelcomeEmails(e.ID); n != 1 {
					return fmt.Errorf("%d welcome e-mails sent, want still 1", n)
				}
				if extensionSecrets(e) != secrets {
					return fmt.Errorf("the secrets changed without a version bump")
				}
				return nil
			},
		},
		// A version bump of a secret that is not given generates and sends a new one.
		resource.TestStep{
			Config: pbx.janeConfig("1050", `first_name = "Janet"`, `last_name = "Doe"`, `email = "janet.doe@example.com"`, `role = "Supervisor"`,
				`send_welcome_email = true`, `registration_name = "janet-sip"`,
				`user_password_wo_version = 2`, `registration_password_wo_version = 2`, `voicemail_pin_wo_version = 2`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(janeAddress, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectExtensionInState("1050"), func(*terraform.State) error {
				now := extensionSecrets(pbx.extension(t, "1050"))
				for i := range now {
					if now[i] == secrets[i] {
						return fmt.Errorf("secret %d was not rotated by its version bump", i)
					}
				}
				secrets = now
				return nil
			}),
		},
		// Only the bumped version rotates.
		resource.TestStep{
			Config: pbx.janeConfig("1050", `first_name = "Janet"`, `last_name = "Doe"`, `email = "janet.doe@example.com"`, `role = "Supervisor"`,
				`send_welcome_email = true`, `registration_name = "janet-sip"`,
				`user_password_wo_version = 2`, `registration_password_wo_version = 2`, `voicemail_pin_wo_version = 3`),
			Check: func(*terraform.State) error {
				now := extensionSecrets(pbx.extension(t, "1050"))
				if now[0] != secrets[0] || now[1] != secrets[1] || now[2] == secrets[2] {
					return fmt.Errorf("bumping voicemail_pin_wo_version alone: user password changed %v, registration password changed %v, PIN changed %v",
						now[0] != secrets[0], now[1] != secrets[1], now[2] != secrets[2])
				}
				return nil
			},
		},
		// A new number gives the person a new extension in place: same e-mail address, new ID,
		// new secrets, and the old extension gone.
		resource.TestStep{
			Config: pbx.janeConfig("1051", `first_name = "Janet"`, `last_name = "Doe"`, `email = "janet.doe@example.com"`, `role = "Supervisor"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(janeAddress, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(janeAddress, tfjsonpath.New("id")),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectExtensionInState("1051"), func(*terraform.State) error {
				if _, ok := pbx.ExtensionByNumber("1050"); ok {
					return fmt.Errorf("extension 1050 is still on the PBX after the person moved to 1051")
				}
				renumbered := pbx.extension(t, "1051")
				if renumbered.ID == firstID || renumbered.Email != "janet.doe@example.com" {
					return fmt.Errorf("after the new number the PBX holds %+v, want a new extension with the same e-mail address", renumbered)
				}
				if now := extensionSecrets(renumbered); now[0] == secrets[0] || now[1] == secrets[1] || now[2] == secrets[2] {
					return fmt.Errorf("the new extension kept a secret of the old one")
				}
				return nil
			}),
		},
		resource.TestStep{
			ResourceName:      janeAddress,
			ImportState:       true,
			ImportStateId:     "1051",
			ImportStateVerify: true,
			// An imported extension's presence is the person's, so it is not read into the state.
			ImportStateVerifyIgnore: []string{"send_welcome_email", "presence_status"},
		},
		resource.TestStep{
			ResourceName: janeAddress,
			ImportState:  true,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				return "id:" + s.RootModule().Resources[janeAddress].Primary.ID, nil
			},
			ImportStateVerify: true,
			// An imported extension's presence is the person's, so it is not read into the state.
			ImportStateVerifyIgnore: []string{"send_welcome_email", "presence_status"},
		},
		resource.TestStep{
			// An import block by number plans no change.
			ResourceName:    janeAddress,
			ImportState:     true,
			ImportStateId:   "1051",
			ImportStateKind: resource.ImportBlockWithID,
		},
	)
	tc.CheckDestroy = func(*terraform.State) error {
		if _, ok := pbx.ExtensionByNumber("1051"); ok {
			return fmt.Errorf("extension 1051 is still on the PBX after destroy")
		}
		return nil
	}
	resource.Test(t, tc)
}

func TestAccExtensionResourceGivenSecrets(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	given := func(user, registration, pin string, version int) string {
		return pbx.janeConfig("1052", `first_name = "Jane"`, `last_name = "Doe"`,
			fmt.Sprintf("user_password_wo = %q", user), fmt.Sprintf("registration_password_wo = %q", registration), fmt.Sprintf("voicemail_pin_wo = %q", pin),
			fmt.Sprintf("user_password_wo_version = %d", version), fmt.Sprintf("registration_password_wo_version = %d", version),
			fmt.Sprintf("voicemail_pin_wo_version = %d", version))
	}
	expectSecrets := func(want [3]string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := extensionSecrets(pbx.extension(t, "1052")); got != want {
				return fmt.Errorf("the PBX does not hold the given secrets")
			}
			return nil
		}
	}
	first := [3]string{"Harbour7Lights9", "sip-Secret-2468", "205813"}
	second := [3]string{"Lantern5Quay83x", "sip-Other-9753", "730194"}
	tc := pbx.testCase(
		resource.TestStep{
			Config: given(first[0], first[1], first[2], 1),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("user_password_wo"), knownvalue.Null()),
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("registration_password_wo"), knownvalue.Null()),
				statecheck.ExpectKnownValue(janeAddress, tfjsonpath.New("voicemail_pin_wo"), knownvalue.Null()),
			},
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectExtensionInState("1052"), expectSecrets(first)),
		},
		resource.TestStep{
			// New values without a version bump are not seen, and not sent.
			Config:           given(second[0], second[1], second[2], 1),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            expectSecrets(first),
		},
		resource.TestStep{
			Config: given(second[0], second[1], second[2], 2),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(janeAddress, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectExtensionInState("1052"), expectSecrets(second)),
		},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{featureWriteOnly.versionCheck(t)}
	resource.Test(t, tc)
}

// TestAccExtensionResourceWriteOnlyOnEveryCLI: a CLI with write-only arguments takes them; one
// without fails validation with advice, and still creates extensions with generated secrets.
func TestAccExtensionResourceWriteOnlyOnEveryCLI(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	withSecret := pbx.janeConfig("1053", `first_name = "Jane"`, `voicemail_pin_wo = "205813"`)
	step := resource.TestStep{Config: withSecret, Check: pbx.expectExtensionInState("1053")}
	if cliVersion(t).LessThan(featureWriteOnly.minimum(t)) {
		step = resource.TestStep{Config: withSecret,
			ExpectError: errorPattern(`Write-only argument needs Terraform 1.11 or later[\s\S]*Remove voicemail_pin_wo: the provider then generates`)}
	}
	tc := pbx.testCase(step, resource.TestStep{
		Config: pbx.janeConfig("1053", `first_name = "Jane"`, `voicemail_pin_wo_version = 1`),
		Check:  pbx.expectExtensionInState("1053"),
	})
	resource.Test(t, tc)
}

func TestAccExtensionResourceIdentity(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.janeConfig("1054", `first_name = "Jane"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(janeAddress, map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
				statecheck.ExpectIdentityValueMatchesState(janeAddress, tfjsonpath.New("id")),
			},
		},
		resource.TestStep{
			ResourceName:    janeAddress,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
		},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	resource.Test(t, tc)
}

func TestAccExtensionResourceDriftOutsideTerraform(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.janeConfig("1055", `first_name = "Jane"`, `last_name = "Doe"`, `title = "Accountant"`)
	tc := pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			// Deleted in the web portal: the next plan creates it again.
			PreConfig: func() { pbx.RemoveExtension(pbx.extension(t, "1055").ID) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(janeAddress, plancheck.ResourceActionCreate),
			}},
			Check: pbx.expectExtensionInState("1055"),
		},
		resource.TestStep{
			// Changed in the web portal: the next plan changes it back in place.
			PreConfig: func() { pbx.ChangeExtension(pbx.extension(t, "1055").ID, "title", "Intern") },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(janeAddress, plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				if e := pbx.extension(t, "1055"); e.Title != "Accountant" {
					return fmt.Errorf("title %q, want it changed back to Accountant", e.Title)
				}
				return nil
			},
		},
		resource.TestStep{
			// A presence the person sets is not drift while presence_status is unset.
			PreConfig:        func() { pbx.ChangeExtension(pbx.extension(t, "1055").ID, "presence_status", "lunch") },
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		resource.TestStep{
			// Set, it is enforced.
			Config: pbx.janeConfig("1055", `first_name = "Jane"`, `last_name = "Doe"`, `title = "Accountant"`, `presence_status = "available"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(janeAddress, plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				if e := pbx.extension(t, "1055"); e.PresenceStatus != "available" {
					return fmt.Errorf("presence %q, want available", e.PresenceStatus)
				}
				return nil
			},
		},
	)
	resource.Test(t, tc)
}

func TestAccExtensionResourceCreateWhoseAnswerIsLost(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	// The PBX creates the extension, then the connection drops before its answer: whether the
	// answer would have carried the ID does not matter, the client finds the extension by its
	// number (the costs of a create that is answered are TestAccExtensionResourceCreateCosts).
	pbx.InjectFaults("extension/create", fakeyeastar.Fault{HangupAfterServe: true})
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.janeConfig("1056", `first_name = "Jane"`, `email = "jane.1056@example.com"`),
		Check: resource.ComposeAggregateTestCheckFunc(
			pbx.expectExtensionInState("1056"),
			func(*terraform.State) error {
				if n := pbx.Stats().Endpoints["extension/create"]; n != 1 {
					return fmt.Errorf("extension/create sent %d times, want 1", n)
				}
				return nil
			},
		),
	}))
}

// TestAccExtensionResourceCreateCosts: an apply that creates extensions costs, besides the
// plan's listing, 2 calls per extension when the PBX's create answer carries the new ID (create,
// get) and 3 when it does not (create, a search by number, get).
func TestAccExtensionResourceCreateCosts(t *testing.T) {
	t.Parallel()
	const extensions = 3
	for returnsID, perExtension := range map[bool]int{true: 2, false: 3} {
		t.Run(fmt.Sprintf("create answers with the ID: %v", returnsID), func(t *testing.T) {
			t.Parallel()
			pbx := newTestPBX(t)
			pbx.ExtensionCreateReturnsID = returnsID
			config := pbx.providerBlock()
			for i := range extensions {
				config += fmt.Sprintf("\nresource \"yeastar_extension\" \"e%d\" {\n  number = \"107%d\"\n}\n", i, i)
			}
			resource.Test(t, pbx.testCase(resource.TestStep{
				PreConfig: pbx.ResetStats,
				Config:    config,
				Check: func(*terraform.State) error {
					st := pbx.Stats().Endpoints
					calls := map[string]int{}
					for _, endpoint := range []string{"extension/create", "extension/get", "extension/query", "extension/search"} {
						if st[endpoint] > 0 {
							calls[endpoint] = st[endpoint]
						}
					}
					want := map[string]int{"extension/create": extensions, "extension/get": extensions}
					if !returnsID {
						want["extension/search"] = extensions
					}
					total := 0
					for _, n := range calls {
						total += n
					}
					if !maps.Equal(calls, want) || total != perExtension*extensions {
						return fmt.Errorf("the apply of %d extensions sent %v (%d calls), want %v (%d per extension)",
							extensions, calls, total, want, perExtension)
					}
					return nil
				},
			}))
		})
	}
}

func TestAccExtensionResourceDeleteInUse(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.janeConfig("1057", `first_name = "Jane"`)
	var phoneID int
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			// A phone assigned outside Terraform keeps the extension in use.
			PreConfig: func() {
				phoneID = pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:10:57:00", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP",
					ProvisioningMethod: "rps", ExtensionID: pbx.extension(t, "1057").ID})
			},
			Config:      config,
			Destroy:     true,
			ExpectError: errorPattern(`Extension still in use[\s\S]*extension 1057 \(ID \d+\)[\s\S]*assigned to phone ID \d+ on the auto-provisioning list\. Unassign or delete those phones first`),
		},
		resource.TestStep{
			PreConfig: func() {
				if !strings.Contains(fmt.Sprint(pbx.Phones()), strconv.Itoa(phoneID)) {
					t.Errorf("phone %d is gone", phoneID)
				}
				pbx.DeletePhone(phoneID)
			},
			Config:  config,
			Destroy: true,
		},
	))
	if _, ok := pbx.ExtensionByNumber("1057"); ok {
		t.Error("extension 1057 is still on the PBX after destroy")
	}
}

func TestAccExtensionResourceBadInputFailsThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	taken := pbx.extension(t, "1001")
	extension := func(number string, arguments ...string) string {
		return fmt.Sprintf(`
resource "yeastar_extension" "x" {
  number = %q
  %s
}`, number, strings.Join(arguments, "\n  "))
	}
	pbx.expectErrors(t, map[string]configError{
		"number with a letter":              {extension("10a1"), `Invalid extension number[\s\S]*1 to 8 digits`},
		"number of nine digits":             {extension("123456789"), `Invalid extension number`},
		"long first name":                   {extension("1060", fmt.Sprintf("first_name = %q", strings.Repeat("a", 64))), `first_name[\s\S]*at most 63`},
		"e-mail without domain":             {extension("1060", `email = "jane.doe"`), `Invalid e-mail address[\s\S]*"jane.doe"`},
		"e-mail with a name":                {extension("1060", `email = "Jane <jane@example.com>"`), `Invalid e-mail address`},
		"empty e-mail":                      {extension("1060", `email = ""`), `Invalid e-mail address[\s\S]*To leave the address unset, use null`},
		"mobile with a space":               {extension("1060", `mobile_number = "+1 415 555"`), `Invalid mobile number[\s\S]*\( \) \. - \+ \* #`},
		"long title":                        {extension("1060", fmt.Sprintf("title = %q", strings.Repeat("t", 64))), `title[\s\S]*at most 63`},
		"long caller id":                    {extension("1060", fmt.Sprintf("caller_id = %q", strings.Repeat("5", 32))), `Invalid caller ID[\s\S]*1 to 31`},
		"caller id with a space":            {extension("1060", `caller_id = "+1 415 555"`), `Invalid caller ID[\s\S]*\[ \] \( \) \. - \+ \* #`},
		"unknown presence":                  {extension("1060", `presence_status = "busy"`), `presence_status[\s\S]*"available"`},
		"six registrations":                 {extension("1060", `concurrent_registrations = 6`), `concurrent_registrations[\s\S]*between 1 and 5`},
		"unknown role":                      {extension("1060", `role = "Employe"`), `Unknown user role[\s\S]*"Employe"[\s\S]*Did you mean "Employee"`},
		"welcome e-mail without an address": {extension("1060", `send_welcome_email = true`), `Welcome e-mail without an address[\s\S]*Set email`},
		"number taken": {extension("1001"), fmt.Sprintf(`Extension already on the PBX[\s\S]*extension 1001 \(extension ID %d\)[\s\S]*terraform import yeastar_extension.NAME 1001`,
			taken.ID)},
		"e-mail taken": {extension("1060", `email = "JAMES.CARTER@example.com"`),
			fmt.Sprintf(`E-mail address already in use[\s\S]*Extension 1001 \(extension ID %d\)`, taken.ID)},
		"two resources with one number": {extension("1060") + strings.Replace(extension("1060"), `"x"`, `"y"`, 1),
			`Duplicate extension number[\s\S]*Both the yeastar_extension numbered 1060 and the[\s\S]*take extension number 1060`},
		"two resources with one e-mail": {extension("1060", `email = "a@example.com"`) + strings.Replace(extension("1061", `email = "A@example.com"`), `"x"`, `"y"`, 1),
			`Duplicate e-mail address`},
	})
	if n := pbx.extensionWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d extension writes", n)
	}
}

func TestAccExtensionResourceBadSecretsFailThePlanWithoutShowingThem(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	extension := func(arguments ...string) string {
		return fmt.Sprintf(`
resource "yeastar_extension" "x" {
  number     = "1062"
  first_name = "Jane"
  %s
}`, strings.Join(arguments, "\n  "))
	}
	cases := map[string]configError{
		"short user password":              {extension(`user_password_wo = "Ab3xyzQ"`), `Invalid user_password_wo`},
		"user password without upper":      {extension(`user_password_wo = "harbour7lights9"`), `Invalid user_password_wo`},
		"user password with the number":    {extension(`user_password_wo = "Harbour1062Light"`), `Invalid user_password_wo`},
		"user password with the name":      {extension(`user_password_wo = "HarbourJane7Light"`), `Invalid user_password_wo`},
		"user password with 1234":          {extension(`user_password_wo = "Harbour1234Light"`), `Invalid user_password_wo`},
		"registration password too short":  {extension(`registration_password_wo = "Ab3-xy"`), `Invalid registration_password_wo`},
		"registration password with space": {extension(`registration_password_wo = "sip Secret 2468"`), `Invalid registration_password_wo`},
		"pin with letters":                 {extension(`voicemail_pin_wo = "20a813"`), `Invalid voicemail_pin_wo`},
		"pin with identical digits":        {extension(`voicemail_pin_wo = "209999"`), `Invalid voicemail_pin_wo`},
		"pin that is the number":           {extension(`voicemail_pin_wo = "1062"`), `Invalid voicemail_pin_wo`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			value := regexp.MustCompile(`_wo = "([^"]*)"`).FindStringSubmatch(c.config)[1]
			tc := pbx.testCase(resource.TestStep{
				Config:      pbx.providerBlock() + c.config,
				ExpectError: errorPattern(c.want + `[\s\S]*The value is not shown`),
			})
			tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{featureWriteOnly.versionCheck(t)}
			tc.ErrorCheck = func(err error) error {
				if err != nil && strings.Contains(err.Error(), value) {
					return fmt.Errorf("the diagnostic shows the secret:\n%w", err)
				}
				return err
			}
			resource.Test(t, tc)
		})
	}
	if n := pbx.extensionWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d extension writes", n)
	}
}

func TestAccExtensionResourceFiftyExtensionsOneTakenEmailCreatesNone(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.providerBlock() + `
resource "yeastar_extension" "staff" {
  for_each   = { for i in range(50) : tostring(5000 + i) => i }
  number     = each.key
  first_name = "Person ${each.value}"
  email      = each.value == 37 ? "emma.wilson@example.com" : "person${each.value}@example.com"
}
`
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config:      config,
		ExpectError: errorPattern(`E-mail address already in use[\s\S]*Extension 1002`),
	}))
	if n := pbx.extensionWrites(); n != 0 {
		t.Errorf("%d extension writes after a plan that failed, want none", n)
	}
}

// TestAccExtensionAndPhoneInOneApply: the phone's plan-time extension check accepts an
// extension created earlier in the same apply.
func TestAccExtensionAndPhoneInOneApply(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.providerBlock() + `
data "yeastar_extension" "reception" {
  number = "2000"
}

resource "yeastar_extension" "jane" {
  number     = "1059"
  first_name = "Jane"
  last_name  = "Doe"
}

# A phone for an existing extension, so that the extension listing is taken during the apply.
resource "yeastar_phone" "reception" {
  mac                 = "80:5E:C0:20:00:00"
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = data.yeastar_extension.reception.id
}

resource "yeastar_phone" "jane" {
  mac                 = "80:5E:C0:10:59:00"
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = yeastar_extension.jane.id
}
`
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: config,
		Check: func(s *terraform.State) error {
			e := pbx.extension(t, "1059")
			for _, p := range pbx.Phones() {
				if p.MAC == "80:5E:C0:10:59:00" && p.ExtensionID == e.ID {
					return nil
				}
			}
			return fmt.Errorf("no phone assigned to the new extension %d: %+v", e.ID, pbx.Phones())
		},
	}))
}

// TestAccExtensionResourceSameNumberKnownOnlyAtApply: two resources of one configuration with the
// same number, one of them known only during apply, make one extension and a clear error.
func TestAccExtensionResourceSameNumberKnownOnlyAtApply(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
resource "yeastar_extension" "first" {
  number = "1090"
}

resource "yeastar_extension" "second" {
  number = replace(yeastar_extension.first.id, "/.*/", "1090")
}
`,
		ExpectError: errorPattern(`(Duplicate extension number|Extension already on the PBX)[\s\S]*1090`),
	}))
	// One extension was created, kept in the state, and deleted by the test's final destroy.
	if st := pbx.Stats(); st.Endpoints["extension/create"] != 1 || st.Endpoints["extension/delete"] != 1 {
		t.Errorf("extension/create sent %d times and extension/delete %d times, want 1 each", st.Endpoints["extension/create"], st.Endpoints["extension/delete"])
	}
}

// TestAccCLIExtensionReplaceKeepsNumberAndEmail: terraform apply -replace resets the extension
// in place (the number cannot exist twice): the same PBX ID, number and e-mail address, every
// secret new. The plan-time checks must not take the number or address for another extension's.
// With create_before_destroy (as the staff guide has it) Terraform would create the replacement
// first, which the number does not allow: the apply fails saying so, changing nothing.
func TestAccCLIExtensionReplaceKeepsNumberAndEmail(t *testing.T) {
	t.Parallel()
	for name, lifecycle := range map[string]string{
		"delete first": "",
		"create_before_destroy": `
  lifecycle {
    create_before_destroy = true
  }`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake, env := startCLIPBX(t)
			w := newCLIWorkspace(t, `
provider "yeastar" {}

resource "yeastar_extension" "jane" {
  number     = "1091"
  first_name = "Jane"
  email      = "jane.1091@example.com"`+lifecycle+`
}
`, env...)
			w.mustRun("apply", "-auto-approve", "-input=false")
			before, _ := fake.ExtensionByNumber("1091")
			if lifecycle != "" {
				// The replacement would need the number before the extension that holds it is
				// deleted: the apply fails before anything changes, saying what to do instead.
				out, err := w.run("apply", "-auto-approve", "-input=false", "-replace=yeastar_extension.jane")
				if err == nil || !strings.Contains(out, "create_before_destroy") || !strings.Contains(out, "_wo_version") {
					t.Errorf("apply -replace of a create_before_destroy extension did not fail naming the way out:\n%s", out)
				}
				if after, ok := fake.ExtensionByNumber("1091"); !ok || after.ID != before.ID || after.UserPassword != before.UserPassword {
					t.Errorf("the failed -replace changed extension 1091: %+v", after)
				}
				// As the message says: put the state back.
				w.mustRun("state", "rm", "yeastar_extension.jane")
				w.mustRun("import", "-input=false", "yeastar_extension.jane", "1091")
				if again := w.mustRun("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(again, "No changes") {
					t.Errorf("after state rm and import the plan is not empty:\n%s", again)
				}
				return
			}
			out := w.mustRun("apply", "-auto-approve", "-input=false", "-replace=yeastar_extension.jane")
			if !strings.Contains(out, "1 added, 0 changed, 1 destroyed") {
				t.Errorf("apply -replace did not replace the extension:\n%s", out)
			}
			after, ok := fake.ExtensionByNumber("1091")
			if !ok || after.ID != before.ID || after.Email != "jane.1091@example.com" {
				t.Errorf("after -replace the PBX holds %+v, want extension 1091 reset in place (ID %d) with the same e-mail address", after, before.ID)
			}
			if after.UserPassword == before.UserPassword ||
				after.RegistrationPassword == before.RegistrationPassword || after.VoicemailPIN == before.VoicemailPIN {
				t.Errorf("-replace kept a secret of the extension it reset")
			}
			if n := fake.Stats().Endpoints["extension/delete"]; n != 0 {
				t.Errorf("-replace sent extension/delete %d times, want 0 (reset in place)", n)
			}
			if again := w.mustRun("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(again, "No changes") {
				t.Errorf("the plan after -replace is not empty:\n%s", again)
			}
		})
	}
}

// TestAccExtensionResourceRenamedNeedsAMovedBlock: a renamed resource plans a destroy and a
// create of the same number; the plan says to add a moved block rather than to import.
func TestAccExtensionResourceRenamedNeedsAMovedBlock(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	named := func(name, extra string) string {
		return pbx.providerBlock() + extra + fmt.Sprintf(`
resource "yeastar_extension" %q {
  number     = "1094"
  first_name = "Jane"
}
`, name)
	}
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: named("jane", "")},
		resource.TestStep{
			Config:      named("janet", ""),
			ExpectError: errorPattern(`Extension already managed under another address[\s\S]*moved \{`),
		},
		resource.TestStep{
			Config: named("janet", "\nmoved {\n  from = yeastar_extension.jane\n  to   = yeastar_extension.janet\n}\n"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_extension.janet", plancheck.ResourceActionNoop),
			}},
		},
	))
	if n := pbx.Stats().Endpoints["extension/create"]; n != 1 {
		t.Errorf("extension/create sent %d times, want 1", n)
	}
}

// TestAccCLIExtensionRenamedWithoutRefreshNeedsAMovedBlock: under -refresh=false nothing reads
// the renamed resource's extension; the plan of its destroy must still tell the create of the
// new address that the number is this configuration's, and so to add a moved block.
func TestAccCLIExtensionRenamedWithoutRefreshNeedsAMovedBlock(t *testing.T) {
	t.Parallel()
	_, env := startCLIPBX(t)
	named := func(name string) string {
		return fmt.Sprintf(`
terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}

provider "yeastar" {}

resource "yeastar_extension" %q {
  number     = "1096"
  first_name = "Jane"
}
`, name)
	}
	w := newCLIWorkspace(t, named("jane"), env...)
	w.mustRun("apply", "-auto-approve", "-input=false")
	writeFile(t, filepath.Join(w.dir, "main.tf"), named("janet"))
	out, err := w.run("plan", "-input=false", "-refresh=false")
	if err == nil || !strings.Contains(flatten(out), "Extension already managed under another address") || !strings.Contains(out, "moved {") {
		t.Errorf("plan -refresh=false of a renamed extension = %v, want the moved advice:\n%s", err, out)
	}
}

// TestAccCLIExtensionWelcomeEmailWhoseAnswerIsLost: the PBX sent the welcome e-mail but its
// answer was lost; the warning says it may have gone out, and to ask before sending it again.
func TestAccCLIExtensionWelcomeEmailWhoseAnswerIsLost(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	w := newCLIWorkspace(t, `
provider "yeastar" {}

resource "yeastar_extension" "jane" {
  number             = "1097"
  first_name         = "Jane"
  email              = "jane.1097@example.com"
  send_welcome_email = true
}
`, env...)
	fake.InjectFaults("extension/send_welcome_email", fakeyeastar.Fault{HangupAfterServe: true})
	out := flatten(w.mustRun("apply", "-auto-approve", "-input=false"))
	e, ok := fake.ExtensionByNumber("1097")
	if !ok || fake.WelcomeEmails(e.ID) != 1 {
		t.Fatalf("the apply created extension 1097: %v, want it with one welcome e-mail", ok)
	}
	for _, want := range []string{"Warning: Welcome e-mail may have been sent", "the PBX may have sent it already",
		"Ask the person whether it arrived before sending it again from the PBX web portal"} {
		if !strings.Contains(out, want) {
			t.Errorf("the apply output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Welcome e-mail not sent") {
		t.Errorf("the apply says the e-mail was not sent:\n%s", out)
	}
}

// TestAccCLIExtensionDestroyOfAGoneExtension: a destroy without refresh of an extension deleted
// in the web portal succeeds.
func TestAccCLIExtensionDestroyOfAGoneExtension(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	w := newCLIWorkspace(t, `
provider "yeastar" {}

resource "yeastar_extension" "jane" {
  number = "1095"
}
`, env...)
	w.mustRun("apply", "-auto-approve", "-input=false")
	e, ok := fake.ExtensionByNumber("1095")
	if !ok {
		t.Fatal("the apply created no extension 1095")
	}
	fake.RemoveExtension(e.ID)
	fake.ResetStats()
	out := w.mustRun("destroy", "-auto-approve", "-input=false", "-refresh=false")
	if !strings.Contains(out, "1 destroyed") {
		t.Errorf("destroy of a gone extension:\n%s", out)
	}
	if n := fake.Stats().Endpoints["extension/delete"]; n != 1 {
		t.Errorf("extension/delete sent %d times, want 1", n)
	}
}

// TestAccCLIExtensionRecreatedInThePortalAdviceWorks: an extension deleted in the web portal
// and its number given to a new one there. The plan warns and fails; the commands its messages
// suggest (terraform apply -refresh-only, then terraform import) are run as written and bring
// the new extension under the same address.
func TestAccCLIExtensionRecreatedInThePortalAdviceWorks(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	w := newCLIWorkspace(t, `
provider "yeastar" {}

resource "yeastar_extension" "jane" {
  number     = "1204"
  first_name = "Jane"
}
`, env...)
	w.mustRun("apply", "-auto-approve", "-input=false")
	old, _ := fake.ExtensionByNumber("1204")
	fake.RemoveExtension(old.ID)
	newID := fake.AddExtension(fakeyeastar.Extension{Number: "1204", FirstName: "Jane", VoicemailEnabled: true, VoicemailPINRequired: true})

	out, err := w.run("plan", "-input=false")
	if err == nil || !strings.Contains(out, "Extension was re-created on the PBX under another ID") ||
		!strings.Contains(out, "Extension already on the PBX") {
		t.Fatalf("the plan did not warn of the re-created extension and fail:\n%s", out)
	}
	if !strings.Contains(flatten(out), "terraform apply -refresh-only") {
		t.Errorf("the warning does not say to run terraform apply -refresh-only first:\n%s", out)
	}
	w.mustRun("apply", "-refresh-only", "-auto-approve", "-input=false")
	w.mustRun("import", "-input=false", "yeastar_extension.jane", "1204")
	if plan := w.mustRun("plan", "-input=false"); !strings.Contains(plan, "No changes") {
		t.Errorf("after the suggested commands the plan is not empty:\n%s", plan)
	}
	if state := w.mustRun("state", "show", "yeastar_extension.jane"); !strings.Contains(state, fmt.Sprintf("%q", strconv.Itoa(newID))) {
		t.Errorf("the state does not hold the new extension ID %d:\n%s", newID, state)
	}
}

// TestAccCLIExtensionImportOfAManagedExtensionIsRefused: an import block for an extension that
// the state already holds at another address fails the plan, saying to move it instead; one
// that terraform import took all the same fails the next plan, saying how to undo it.
func TestAccCLIExtensionImportOfAManagedExtensionIsRefused(t *testing.T) {
	t.Parallel()
	_, env := startCLIPBX(t)
	const jane = `
provider "yeastar" {}

resource "yeastar_extension" "jane" {
  number     = "1205"
  first_name = "Jane"
}
`
	w := newCLIWorkspace(t, jane, env...)
	w.mustRun("apply", "-auto-approve", "-input=false")
	writeFile(t, filepath.Join(w.dir, "main.tf"), `
terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}
`+jane+`
import {
  to = yeastar_extension.janet
  id = "1205"
}

resource "yeastar_extension" "janet" {
  number     = "1205"
  first_name = "Jane"
}
`)
	out, err := w.run("plan", "-input=false")
	if err == nil || !strings.Contains(out, "Extension already managed under another address") || !strings.Contains(flatten(out), "moved block") {
		t.Errorf("an import block for a managed extension was not refused:\n%s", out)
	}
	// terraform import sees no other address of the state, so it imports; the next plan's
	// refresh reads the extension twice and says how to undo it, which works as written.
	w.mustRun("import", "-input=false", "yeastar_extension.janet", "1205")
	out, err = w.run("plan", "-input=false")
	if err == nil || !strings.Contains(out, "Extension managed at two addresses") || !strings.Contains(flatten(out), "terraform state rm <address>") {
		t.Errorf("the plan after importing a managed extension at a second address did not fail saying so:\n%s", out)
	}
	w.mustRun("state", "rm", "yeastar_extension.janet")
	writeFile(t, filepath.Join(w.dir, "main.tf"), `
terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}
`+jane)
	if plan := w.mustRun("plan", "-input=false"); !strings.Contains(plan, "No changes") {
		t.Errorf("after terraform state rm the plan is not empty:\n%s", plan)
	}
}

// TestAccExtensionResourceTakenByAnotherResourceThatKeepsIt: a new extension whose number or
// e-mail address another resource of the configuration holds and keeps fails the plan saying
// so (not advising an import, which would give one extension two addresses).
func TestAccExtensionResourceTakenByAnotherResourceThatKeepsIt(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	jane := pbx.janeConfig("1095", `first_name = "Jane"`, `email = "jane.1095@example.com"`)
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: jane},
		resource.TestStep{
			Config: jane + `
resource "yeastar_extension" "janet" {
  number = "1095"
  email  = "janet.1095@example.com"
}
`,
			ExpectError: errorPattern(`Extension number taken by another resource of this configuration[\s\S]*extension 1095 \(extension ID [0-9]+\)[\s\S]*managed by this configuration under another address[\s\S]*terraform state list -id=`),
		},
		resource.TestStep{
			Config: jane + `
resource "yeastar_extension" "janet" {
  number = "1096"
  email  = "jane.1095@example.com"
}
`,
			ExpectError: errorPattern(`E-mail address taken by another resource of this configuration[\s\S]*the e-mail address jane.1095@example.com`),
		},
	))
	if n := pbx.Stats().Endpoints["extension/create"]; n != 1 {
		t.Errorf("extension/create sent %d times, want 1", n)
	}
}

// TestAccExtensionResourceSwapEmailAddresses: two extensions of one configuration swap e-mail
// addresses in one apply (each gives its own up while it waits for the other's), keeping their
// IDs.
func TestAccExtensionResourceSwapEmailAddresses(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pair := func(first, second string) string {
		return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_extension" "a" {
  number = "1097"
  email  = %q
}

resource "yeastar_extension" "b" {
  number = "1098"
  email  = %q
}
`, first, second)
	}
	var ids [2]int
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: pair("a.1097@example.com", "b.1098@example.com"), Check: func(*terraform.State) error {
			ids = [2]int{pbx.extension(t, "1097").ID, pbx.extension(t, "1098").ID}
			return nil
		}},
		resource.TestStep{
			Config: pair("b.1098@example.com", "a.1097@example.com"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_extension.a", plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction("yeastar_extension.b", plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				a, b := pbx.extension(t, "1097"), pbx.extension(t, "1098")
				if a.Email != "b.1098@example.com" || b.Email != "a.1097@example.com" || a.ID != ids[0] || b.ID != ids[1] {
					return fmt.Errorf("after the swap the PBX holds %s <%s> (ID %d) and %s <%s> (ID %d)", a.Number, a.Email, a.ID, b.Number, b.Email, b.ID)
				}
				return nil
			},
		},
	))
}
