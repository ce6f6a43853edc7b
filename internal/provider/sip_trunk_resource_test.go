package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

const carrierAddress = "yeastar_sip_trunk.carrier"

// carrierConfig is a yeastar_sip_trunk "carrier" with these arguments besides its name.
func (pbx *testPBX) carrierConfig(name string, arguments ...string) string {
	return pbx.providerBlock() + fmt.Sprintf(`
resource "yeastar_sip_trunk" "carrier" {
  name = %q
  %s
}
`, name, strings.Join(arguments, "\n  "))
}

// trunk returns the fake's trunk of this name, failing when there is none.
func (pbx *testPBX) trunk(t *testing.T, name string) fakeyeastar.Routing {
	t.Helper()
	o, ok := pbx.RoutingByName(fakeyeastar.KindTrunk, name)
	if !ok {
		t.Fatalf("the fake PBX has no trunk %q", name)
	}
	return o
}

// expectTrunk checks that the state's resource is the fake's trunk of that name, with these
// fields (compared as text).
func (pbx *testPBX) expectTrunk(address, name string, fields map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in the state", address)
		}
		o, ok := pbx.RoutingByName(fakeyeastar.KindTrunk, name)
		if !ok {
			return fmt.Errorf("the PBX has no trunk %q", name)
		}
		if rs.Primary.ID != strconv.Itoa(o.ID) {
			return fmt.Errorf("the state holds ID %s, the PBX ID %d", rs.Primary.ID, o.ID)
		}
		for field, want := range fields {
			if got := fmt.Sprint(o.Fields[field]); got != want {
				return fmt.Errorf("the PBX's trunk %q has %s = %s, want %s", name, field, got, want)
			}
		}
		return nil
	}
}

// peerTrunk adds a peer trunk made in the web portal and returns its ID.
func (pbx *testPBX) peerTrunk(name, host string) int {
	return pbx.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": name, "type": "peer", "hostname": host, "port": 5060})
}

func TestAccSIPTrunkResourceLifecycle(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	const first, second = "Carrier-Secret-7731", "Rotated-Secret-9911"
	base := []string{`type = "register"`, `hostname = "sip.carrier.example"`, `username = "office42"`}
	config := func(password string, version int, more ...string) string {
		args := append(append([]string{}, base...), fmt.Sprintf("password_wo = %q", password), fmt.Sprintf("password_wo_version = %d", version))
		return pbx.carrierConfig("Carrier", append(args, more...)...)
	}
	password := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := pbx.trunk(t, "Carrier").Fields["password"]; got != want {
				return fmt.Errorf("the PBX does not hold the expected password")
			}
			return nil
		}
	}
	var firstID int
	update := func(cfg string, fields map[string]string) resource.TestStep {
		return resource.TestStep{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(carrierAddress, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectTrunk(carrierAddress, "Carrier", fields), func(*terraform.State) error {
				if id := pbx.trunk(t, "Carrier").ID; id != firstID {
					return fmt.Errorf("trunk has ID %d, want %d: it was replaced", id, firstID)
				}
				return nil
			}),
		}
	}
	tc := pbx.testCase(
		resource.TestStep{
			Config: config(first, 1),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(carrierAddress, tfjsonpath.New("password_wo"), knownvalue.Null()),
				statecheck.ExpectKnownValue(carrierAddress, tfjsonpath.New("port"), knownvalue.Int64Exact(5060)),
				statecheck.ExpectKnownValue(carrierAddress, tfjsonpath.New("transport"), knownvalue.StringExact("udp")),
				statecheck.ExpectKnownValue(carrierAddress, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(carrierAddress, tfjsonpath.New("codecs"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("ulaw"), knownvalue.StringExact("alaw"), knownvalue.StringExact("g729"), knownvalue.StringExact("g722")})),
				statecheck.ExpectKnownValue(carrierAddress, tfjsonpath.New("domain"), knownvalue.Null()),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				// enable reaches the PBX as the integer 1 (a boolean is answered -2).
				pbx.expectTrunk(carrierAddress, "Carrier", map[string]string{"enable": "1", "type": "register", "username": "office42"}),
				password(first),
				func(*terraform.State) error {
					firstID = pbx.trunk(t, "Carrier").ID
					return nil
				}),
		},
		// Each in-place update.
		update(config(first, 1, `port = 5080`, `transport = "tcp"`), map[string]string{"port": "5080", "transport": "tcp"}),
		update(config(first, 1, `port = 5080`, `transport = "tcp"`, `enabled = false`), map[string]string{"enable": "0"}),
		update(config(first, 1, `port = 5080`, `transport = "tcp"`, `enabled = false`, `codecs = ["g722", "ulaw"]`, `domain = "carrier.example"`,
			`auth_name = "auth42"`, `outbound_caller_id = "+14155550100"`, `outbound_caller_id_name = "Example Ltd"`),
			map[string]string{"codec_sel": "g722,ulaw", "domain": "carrier.example", "auth_name": "auth42", "def_outbound_cid": "+14155550100",
				"def_outbound_cid_name": "Example Ltd"}),
		resource.TestStep{
			// A new password without a new version is not seen, and not sent.
			Config:           config(second, 1, `port = 5080`, `transport = "tcp"`, `enabled = false`, `codecs = ["g722", "ulaw"]`, `domain = "carrier.example"`, `auth_name = "auth42"`, `outbound_caller_id = "+14155550100"`, `outbound_caller_id_name = "Example Ltd"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            password(first),
		},
		// Rotation: the new version sends the new password, and only then.
		resource.TestStep{
			Config: config(second, 2, `port = 5080`, `transport = "tcp"`, `enabled = false`, `codecs = ["g722", "ulaw"]`, `domain = "carrier.example"`, `auth_name = "auth42"`, `outbound_caller_id = "+14155550100"`, `outbound_caller_id_name = "Example Ltd"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(carrierAddress, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(password(second), pbx.expectTrunk(carrierAddress, "Carrier", map[string]string{"port": "5080"})),
		},
		// A rename is in place: the name is the key, but no replacement.
		resource.TestStep{
			Config: strings.Replace(config(second, 2, `port = 5080`), `name = "Carrier"`, `name = "Carrier office"`, 1),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(carrierAddress, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				pbx.expectTrunk(carrierAddress, "Carrier office", map[string]string{"transport": "udp", "enable": "1", "codec_sel": "g722,ulaw"}),
				func(*terraform.State) error {
					if o := pbx.trunk(t, "Carrier office"); o.ID != firstID || o.Fields["password"] != second {
						return fmt.Errorf("the renamed trunk was replaced or lost its password")
					}
					return nil
				}),
		},
		// Import by name and by ID: every attribute read back, the password never.
		resource.TestStep{ResourceName: carrierAddress, ImportState: true, ImportStateId: "Carrier office", ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"password_wo", "password_wo_version"}},
		resource.TestStep{ResourceName: carrierAddress, ImportState: true, ImportStateIdFunc: func(s *terraform.State) (string, error) {
			return "id:" + s.RootModule().Resources[carrierAddress].Primary.ID, nil
		}, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"password_wo", "password_wo_version"}},
		resource.TestStep{
			// A new type replaces the trunk.
			Config: pbx.carrierConfig("Carrier office", `type = "peer"`, `hostname = "sip.carrier.example"`, `port = 5080`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(carrierAddress, plancheck.ResourceActionReplace),
			}},
			Check: pbx.expectTrunk(carrierAddress, "Carrier office", map[string]string{"type": "peer"}),
		},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{featureWriteOnly.versionCheck(t)}
	tc.CheckDestroy = func(*terraform.State) error {
		if left := pbx.RoutingObjects(fakeyeastar.KindTrunk); len(left) > 0 {
			return fmt.Errorf("the PBX still holds %d trunks after destroy", len(left))
		}
		return nil
	}
	resource.Test(t, tc)
}

// TestAccSIPTrunkResourceOnEveryCLI: a peer trunk, which has no password, is created, renamed
// and imported on every CLI; a register trunk needs write-only arguments to be created, and one
// made in the web portal is adopted and managed on a CLI without them.
func TestAccSIPTrunkResourceOnEveryCLI(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	portal := pbx.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": "Portal carrier", "type": "register", "hostname": "sip.portal.example",
		"username": "office7", "password": "Portal-Secret-1234"})
	peer := func(name string) string {
		return pbx.carrierConfig(name, `type = "peer"`, `hostname = "203.0.113.10"`)
	}
	adopted := func(name string) string {
		return peer("Peer") + fmt.Sprintf(`
import {
  to = yeastar_sip_trunk.portal
  id = "Portal carrier"
}

resource "yeastar_sip_trunk" "portal" {
  name     = %q
  type     = "register"
  hostname = "sip.portal.example"
  username = "office7"
}
`, name)
	}
	registerStep := resource.TestStep{
		Config:      pbx.carrierConfig("Register", `type = "register"`, `hostname = "sip.register.example"`, `username = "u1"`),
		ExpectError: errorPattern(`Register trunk without a password[\s\S]*only the write-only argument password_wo[\s\S]*Terraform 1.11 or later, or OpenTofu 1.11 or later[\s\S]*an imported trunk stays manageable`),
	}
	if cliVersion(t).LessThan(featureWriteOnly.minimum(t)) {
		// Setting the password at all is refused before it could reach a state.
		registerStep.Config = pbx.carrierConfig("Register", `type = "register"`, `hostname = "sip.register.example"`, `username = "u1"`,
			`password_wo = "Carrier-Secret-7731"`)
		registerStep.ExpectError = errorPattern(`Write-only argument needs Terraform 1.11 or later[\s\S]*password_wo[\s\S]*stays manageable on this CLI`)
	}
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: peer("Peer"), Check: pbx.expectTrunk(carrierAddress, "Peer", map[string]string{"type": "peer", "port": "5060"})},
		resource.TestStep{
			Config: peer("Peer office"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(carrierAddress, plancheck.ResourceActionUpdate),
			}},
			Check: pbx.expectTrunk(carrierAddress, "Peer office", nil),
		},
		resource.TestStep{ResourceName: carrierAddress, ImportState: true, ImportStateId: "Peer office", ImportStateVerify: true},
		registerStep,
		resource.TestStep{
			// The portal's register trunk, adopted with an import block: no change, its password untouched.
			Config: adopted("Portal carrier"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("yeastar_sip_trunk.portal", plancheck.ResourceActionNoop),
			}},
		},
		resource.TestStep{
			Config: adopted("Portal office"),
			Check: resource.ComposeAggregateTestCheckFunc(pbx.expectTrunk("yeastar_sip_trunk.portal", "Portal office", nil), func(*terraform.State) error {
				if o := pbx.trunk(t, "Portal office"); o.ID != portal || o.Fields["password"] != "Portal-Secret-1234" {
					return fmt.Errorf("the adopted trunk was replaced or lost its password")
				}
				return nil
			}),
		},
	))
}

func TestAccSIPTrunkResourceImportWithAPasswordVersionSendsIt(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": "Carrier", "type": "register", "hostname": "sip.carrier.example",
		"username": "office42", "password": "Portal-Secret-1234"})
	config := pbx.providerBlock() + `
import {
  to = yeastar_sip_trunk.carrier
  id = "Carrier"
}

resource "yeastar_sip_trunk" "carrier" {
  name                = "Carrier"
  type                = "register"
  hostname            = "sip.carrier.example"
  username            = "office42"
  password_wo         = "Configured-Secret-55"
  password_wo_version = 1
}
`
	tc := pbx.testCase(
		resource.TestStep{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(carrierAddress, plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				if got := pbx.trunk(t, "Carrier").Fields["password"]; got != "Configured-Secret-55" {
					return fmt.Errorf("the import's update did not send the configured password")
				}
				if n := pbx.Stats().Endpoints["trunk/update"]; n != 1 {
					return fmt.Errorf("trunk/update sent %d times, want 1", n)
				}
				return nil
			},
		},
		resource.TestStep{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{featureWriteOnly.versionCheck(t)}
	resource.Test(t, tc)
}

func TestAccSIPTrunkResourceIdentity(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	tc := pbx.testCase(
		resource.TestStep{
			Config: pbx.carrierConfig("Carrier", `type = "peer"`, `hostname = "sip.carrier.example"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentityValueMatchesState(carrierAddress, tfjsonpath.New("id")),
			},
		},
		resource.TestStep{ResourceName: carrierAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	resource.Test(t, tc)
}

func TestAccSIPTrunkResourceDriftOutsideTerraform(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.carrierConfig("Carrier", `type = "peer"`, `hostname = "sip.carrier.example"`, `codecs = ["alaw"]`)
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			// Deleted in the web portal: the next plan creates it again.
			PreConfig: func() { pbx.RemoveRouting(fakeyeastar.KindTrunk, pbx.trunk(t, "Carrier").ID) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(carrierAddress, plancheck.ResourceActionCreate),
			}},
		},
		resource.TestStep{
			// Switched off, moved and given other codecs in the portal: changed back in place.
			PreConfig: func() {
				pbx.ChangeRouting(fakeyeastar.KindTrunk, pbx.trunk(t, "Carrier").ID, map[string]any{"enable": 0, "port": 5070, "codec_sel": "ulaw,g729"})
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(carrierAddress, plancheck.ResourceActionUpdate),
			}},
			Check: pbx.expectTrunk(carrierAddress, "Carrier", map[string]string{"enable": "1", "port": "5060", "codec_sel": "alaw"}),
		},
	))
}

func TestAccSIPTrunkResourceCreateWhoseAnswerIsLost(t *testing.T) {
	t.Parallel()
	for returnsID, name := range map[bool]string{true: "answer with the ID", false: "answer without the ID"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pbx := newTestPBX(t)
			pbx.RoutingCreateReturnsID = returnsID
			pbx.InjectFaults("trunk/create", fakeyeastar.Fault{HangupAfterServe: true})
			resource.Test(t, pbx.testCase(resource.TestStep{
				Config: pbx.carrierConfig("Carrier", `type = "peer"`, `hostname = "sip.carrier.example"`),
				Check: resource.ComposeAggregateTestCheckFunc(pbx.expectTrunk(carrierAddress, "Carrier", nil), func(*terraform.State) error {
					if n := len(pbx.RoutingObjects(fakeyeastar.KindTrunk)); n != 1 {
						return fmt.Errorf("the PBX holds %d trunks, want 1", n)
					}
					if n := pbx.Stats().Endpoints["trunk/create"]; n != 1 {
						return fmt.Errorf("trunk/create sent %d times, want 1", n)
					}
					return nil
				}),
			}))
		})
	}
}

func TestAccSIPTrunkResourceBadInputFailsThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	old := pbx.peerTrunk("Old carrier", "sip.old.example")
	trunk := func(name string, arguments ...string) string {
		return fmt.Sprintf(`
resource "yeastar_sip_trunk" %q {
  name = %q
  %s
}`, strings.ReplaceAll(strings.ToLower(name), " ", "_"), name, strings.Join(arguments, "\n  "))
	}
	peer := []string{`type = "peer"`}
	host := `hostname = "sip.new.example"`
	with := func(more ...string) []string { return append(append([]string{}, peer...), more...) }
	pbx.expectErrors(t, map[string]configError{
		"hostname with a scheme":  {trunk("New", with(`hostname = "sip:sip.new.example"`)...), `Invalid hostname[\s\S]*without sip:`},
		"hostname with a port":    {trunk("New", with(`hostname = "sip.new.example:5060"`)...), `Invalid hostname`},
		"port of zero":            {trunk("New", with(host, `port = 0`)...), `port[\s\S]*between 1 and 65535`},
		"unknown transport":       {trunk("New", with(host, `transport = "sctp"`)...), `transport[\s\S]*"udp"`},
		"unknown type":            {trunk("New", host, `type = "account"`), `type[\s\S]*"register"`},
		"unknown codec":           {trunk("New", with(host, `codecs = ["g711"]`)...), `codecs\[0\][\s\S]*"ulaw"`},
		"codec twice":             {trunk("New", with(host, `codecs = ["ulaw", "ulaw"]`)...), `Duplicate List Value`},
		"bad caller ID":           {trunk("New", with(host, `outbound_caller_id = "555 0100"`)...), `Invalid outbound caller ID`},
		"register without a user": {trunk("New", host, `type = "register"`), `Register trunk without a user name[\s\S]*set username`},
		"name of a trunk on the PBX": {trunk("Old carrier", with(host)...),
			fmt.Sprintf(`SIP trunk already on the PBX[\s\S]*SIP trunk name Old carrier \(ID %d\)[\s\S]*terraform import yeastar_sip_trunk.NAME 'Old carrier'`, old)},
		"host and port of a trunk on the PBX": {trunk("New", with(`hostname = "SIP.old.example"`)...),
			fmt.Sprintf(`Host and port of another trunk[\s\S]*SIP trunk Old carrier \(ID %d\) already uses host SIP.old.example port 5060[\s\S]*70103`, old)},
		"two trunks with one host and port": {trunk("New", with(host)...) + trunk("Newer", with(host, `port = 5060`)...),
			`Host and port of another trunk[\s\S]*The trunk "(New|Newer)" of this configuration also uses host sip.new.example port 5060`},
		"two trunks with one name": {trunk("New", with(host)...) + strings.Replace(trunk("New", with(`hostname = "sip.other.example"`)...), `"new"`, `"other"`, 1),
			`Duplicate name[\s\S]*also creates a SIP trunk named New`},
	})
	if n := pbx.routingWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d writes", n)
	}
}

func TestAccSIPTrunkResourceBadPasswordFailsThePlanWithoutShowingIt(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	register := func(arguments ...string) string {
		return pbx.carrierConfig("Carrier", append([]string{`type = "register"`, `hostname = "sip.carrier.example"`, `username = "u"`}, arguments...)...)
	}
	for name, c := range map[string]configError{
		"too short": {register(`password_wo = "Sh0rt-1"`), `Invalid password_wo[\s\S]*8 to 63 characters, and this one has 7[\s\S]*The value is not shown`},
		"too long":  {register(fmt.Sprintf("password_wo = %q", strings.Repeat("Long-Secret-", 6))), `Invalid password_wo[\s\S]*this one has 72`},
		"version without a password": {pbx.carrierConfig("Carrier", `type = "peer"`, `hostname = "sip.carrier.example"`, `password_wo_version = 1`),
			`Password version without a password[\s\S]*nothing to\s+send`},
	} {
		t.Run(name, func(t *testing.T) {
			tc := pbx.testCase(resource.TestStep{Config: c.config, ExpectError: errorPattern(c.want)})
			tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{featureWriteOnly.versionCheck(t)}
			if m := regexp.MustCompile(`password_wo = "([^"]*)"`).FindStringSubmatch(c.config); m != nil {
				tc.ErrorCheck = func(err error) error {
					if err != nil && strings.Contains(err.Error(), m[1]) {
						return fmt.Errorf("the diagnostic shows the password:\n%w", err)
					}
					return err
				}
			}
			resource.Test(t, tc)
		})
	}
	if n := pbx.routingWrites(); n != 0 {
		t.Errorf("bad input reached the PBX: %d writes", n)
	}
}

// TestAccSIPTrunkResourceAddressTakenAtApply: a trunk added in the web portal between the plan
// and the create takes the host and port; the PBX's 70103 then names it.
func TestAccSIPTrunkResourceAddressTakenAtApply(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	var old int
	pbx.InjectFaults("trunk/create", fakeyeastar.Fault{Pass: true, Before: func() { old = pbx.peerTrunk("Old carrier", "sip.old.example") }})
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config:      pbx.carrierConfig("Carrier", `type = "peer"`, `hostname = "sip.old.example"`),
		ExpectError: regexp.MustCompile(`Another SIP trunk uses this host and port[\s\S]*SIP trunk Old carrier \(ID \d+\) already uses\s+host\s+sip.old.example\s+port\s+5060`),
	}))
	if objects := pbx.RoutingObjects(fakeyeastar.KindTrunk); len(objects) != 1 || objects[0].ID != old {
		t.Errorf("the PBX holds %+v, want the old trunk alone", objects)
	}
}

func TestAccSIPTrunkResourceDeleteInUse(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	config := pbx.carrierConfig("Carrier", `type = "peer"`, `hostname = "sip.carrier.example"`)
	var route int
	resource.Test(t, pbx.testCase(
		resource.TestStep{Config: config},
		resource.TestStep{
			// An inbound route made in the web portal takes calls in through the trunk.
			PreConfig: func() {
				route = pbx.AddRouting(fakeyeastar.KindInboundRoute, map[string]any{"name": "Portal number",
					"did_pattern_list": []map[string]any{{"did_pattern": "5550100"}},
					"trunk_list":       []map[string]any{{"id": pbx.trunk(t, "Carrier").ID}}, "def_dest": "end_call"})
			},
			Config:      config,
			Destroy:     true,
			ExpectError: errorPattern(`SIP trunk still in use[\s\S]*SIP trunk Carrier \(ID \d+\) because a route still takes calls through it: inbound route Portal number \(ID \d+\)[\s\S]*trunk_ids`),
		},
		resource.TestStep{
			PreConfig: func() { pbx.RemoveRouting(fakeyeastar.KindInboundRoute, route) },
			Config:    config,
			Destroy:   true,
		},
	))
	if _, ok := pbx.RoutingByName(fakeyeastar.KindTrunk, "Carrier"); ok {
		t.Error("trunk Carrier is still on the PBX after destroy")
	}
}

func TestAccSIPTrunkDataSourceAndListResource(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	id := pbx.peerTrunk("Portal carrier", "sip.portal.example")
	pbx.peerTrunk("Backup carrier", "sip.backup.example")
	resource.Test(t, pbx.testCase(
		resource.TestStep{
			Config: pbx.providerBlock() + `
data "yeastar_sip_trunk" "portal" {
  name = "Portal carrier"
}
`,
			Check: resource.TestCheckResourceAttr("data.yeastar_sip_trunk.portal", "id", strconv.Itoa(id)),
		},
		resource.TestStep{
			Config: pbx.providerBlock() + `
data "yeastar_sip_trunk" "portal" {
  name = "Portal carier"
}
`,
			ExpectError: errorPattern(`Unknown SIP trunk[\s\S]*Portal carrier`),
		},
	))
}

func TestAccSIPTrunkListResourceQuery(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	pbx.MaxPageSize = 2 // three trunks take two pages
	addPortalTrunks(pbx.Server)
	portal := pbx.trunk(t, "Portal carrier")
	byID := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(strconv.Itoa(portal.ID))})
	tc := pbx.testCase(
		resource.TestStep{Config: pbx.providerBlock()},
		resource.TestStep{
			Query: true,
			Config: `
list "yeastar_sip_trunk" "all" {
  provider         = yeastar
  include_resource = true
}

list "yeastar_sip_trunk" "portal" {
  provider = yeastar
  config {
    search = "portal"
  }
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("yeastar_sip_trunk.all", 3),
				querycheck.ExpectLength("yeastar_sip_trunk.portal", 1),
				querycheck.ExpectResourceDisplayName("yeastar_sip_trunk.all", byID, knownvalue.StringExact("Portal carrier")),
				querycheck.ExpectResourceKnownValues("yeastar_sip_trunk.all", byID, []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("type"), KnownValue: knownvalue.StringExact("register")},
					{Path: tfjsonpath.New("port"), KnownValue: knownvalue.Int64Exact(5061)},
					{Path: tfjsonpath.New("transport"), KnownValue: knownvalue.StringExact("tls")},
					{Path: tfjsonpath.New("password_wo"), KnownValue: knownvalue.Null()},
					{Path: tfjsonpath.New("codecs"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("g722"), knownvalue.StringExact("alaw")})},
				}),
			},
		},
	)
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
	resource.Test(t, tc)
}
