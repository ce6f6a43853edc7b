package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
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
	if !strings.Contains(out, "9 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply did not add three extensions, three phones, the reception, the sales queue and the main menu:\n%s", out)
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

// staffEdit is one weekly change of the staff guide's CSV: the whole file after the change.
type staffEdit struct {
	name, csv string
	// check, when set, runs after the edit's apply, with the PBX as the previous edit left it.
	check func(t *testing.T, before, after fakePBXSnapshot)
}

// fakePBXSnapshot is what the fake PBX holds for the guide's people: extensions by number and
// phones by normalized MAC address.
type fakePBXSnapshot struct {
	extensions map[string]fakeyeastar.Extension
	phones     map[string]fakeyeastar.Phone
	// welcomeEmails counts the welcome e-mails sent to each extension, by number.
	welcomeEmails map[string]int
	// reception and sales are the extension IDs of the reception ring group's members and the
	// sales queue's static agents, in the PBX's order.
	reception, sales []int
}

func snapshotStaff(fake *fakeyeastar.Server) fakePBXSnapshot {
	s := fakePBXSnapshot{extensions: map[string]fakeyeastar.Extension{}, phones: map[string]fakeyeastar.Phone{}, welcomeEmails: map[string]int{}}
	for _, e := range fake.ExtensionList() {
		if strings.HasPrefix(e.Number, "12") && len(e.Number) == 4 {
			s.extensions[e.Number] = e
			s.welcomeEmails[e.Number] = fake.WelcomeEmails(e.ID)
		}
	}
	s.reception = routingMembers(fake, "ringgroup", "6300", "member_list")
	s.sales = routingMembers(fake, "queue", "6400", "static_agent_list")
	for _, p := range fake.Phones() {
		mac, err := yeastar.NormalizeMAC(p.MAC)
		if err != nil {
			mac = p.MAC
		}
		s.phones[mac] = p
	}
	return s
}

// routingMembers lists the extension IDs of a member list of the routing object with this
// number, in order; nil when the PBX has no such object.
func routingMembers(fake *fakeyeastar.Server, kind, number, field string) []int {
	o, ok := fake.RoutingByNumber(kind, number)
	if !ok {
		return nil
	}
	list, _ := o.Fields[field].([]any)
	ids := []int{}
	for _, item := range list {
		member, _ := item.(map[string]any)
		id, _ := strconv.Atoi(fmt.Sprint(member["value"]))
		ids = append(ids, id)
	}
	return ids
}

// expectStaffOnPBX checks that the PBX holds exactly what the CSV says: one extension per row
// with its names, e-mail address and title, and one phone per MAC address, assigned to its
// row's extension and of its row's model.
func expectStaffOnPBX(t *testing.T, edit string, csv string, s fakePBXSnapshot) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	rows := 0
	macs := 0
	teams := map[string][]int{"reception": {}, "sales": {}}
	for _, line := range lines[1:] {
		f := strings.Split(line, ",")
		number, first, last, email, title, mac, model, team := f[0], f[1], f[2], f[3], f[4], f[5], f[7], f[8]
		rows++
		e, ok := s.extensions[number]
		if !ok {
			t.Errorf("%s: the PBX has no extension %s", edit, number)
			continue
		}
		if team != "" {
			teams[team] = append(teams[team], e.ID)
		}
		if e.FirstName != first || e.LastName != last || !strings.EqualFold(e.Email, email) || e.Title != title {
			t.Errorf("%s: extension %s is %q %q <%s> %q, want %q %q <%s> %q", edit, number, e.FirstName, e.LastName, e.Email, e.Title,
				first, last, email, title)
		}
		if mac == "" {
			continue
		}
		macs++
		normalized, _ := yeastar.NormalizeMAC(mac)
		p, ok := s.phones[normalized]
		switch {
		case !ok:
			t.Errorf("%s: the PBX has no phone %s", edit, mac)
		case p.ExtensionID != e.ID:
			t.Errorf("%s: phone %s rings for extension ID %d, want %d (extension %s)", edit, mac, p.ExtensionID, e.ID, number)
		case p.Model != model:
			t.Errorf("%s: phone %s is a %s, want a %s", edit, mac, p.Model, model)
		}
	}
	if !slices.Equal(s.reception, teams["reception"]) || !slices.Equal(s.sales, teams["sales"]) {
		t.Errorf("%s: the reception rings %v and the sales queue's agents are %v, want %v and %v (the CSV's teams, in its order)",
			edit, s.reception, s.sales, teams["reception"], teams["sales"])
	}
	if len(s.extensions) != rows || len(s.phones) != macs {
		t.Errorf("%s: the PBX holds %d extensions 12xx and %d phones, want %d and %d", edit, len(s.extensions), len(s.phones), rows, macs)
	}
}

// TestAccCLIStaffListJoinersMoversAndLeavers drives the staff guide's own configuration through
// the changes an office makes every week, each one edit of staff.csv and one apply (no moved
// block, no -replace, no second apply), each followed by an empty plan, with the PBX checked
// against the CSV after every one.
func TestAccCLIStaffListJoinersMoversAndLeavers(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	const guide = "../../examples/guides/staff-to-phones/"
	config, err := os.ReadFile(guide + "main.tf")
	if err != nil {
		t.Fatal(err)
	}
	initial, err := os.ReadFile(guide + "staff.csv")
	if err != nil {
		t.Fatal(err)
	}
	w := newCLIWorkspace(t, string(config), env...)
	const header = "number,first_name,last_name,email,title,mac,vendor,model,team\n"
	ada := "1201,Ada,Lovelace,ada.lovelace@example.com,Analyst,80:5E:C0:12:01:00,Yealink,CP920,reception\n"
	grace := "1202,Grace,Hopper,grace.hopper@example.com,Rear Admiral,80-5e-c0-12-02-00,Yealink,SIP-T46U,reception\n"
	alan := "1203,Alan,Turing,alan.turing@example.com,,000413120300,Snom,D785,sales\n"
	edsger := "1204,Edsger,Dijkstra,edsger.dijkstra@example.com,,80:5E:C0:12:04:00,Yealink,SIP-T46U,sales\n"
	donald := "1206,Donald,Knuth,,,,,,\n"
	grace7 := strings.Replace(grace, "1202,", "1207,", 1)
	tony := "1208,Tony,Hoare,tony.hoare@example.com,,80:5E:C0:12:04:00,Yealink,SIP-T46U,sales\n"
	barbara := "1201,Barbara,Liskov,barbara.liskov@example.com,,80:5E:C0:12:01:00,Yealink,CP920,reception\n"
	// A desk swap swaps the rows' MAC address, vendor and model, which belong to the phone.
	barbara6 := "1201,Barbara,Liskov,barbara.liskov@example.com,,80:5E:C0:12:04:00,Yealink,SIP-T46U,reception\n"
	tony6 := "1208,Tony,Hoare,tony.hoare@example.com,,80:5E:C0:12:01:00,Yealink,CP920,sales\n"
	grace6b := "1207,Grace,Hopper,tony.hoare@example.com,Rear Admiral,80-5e-c0-12-02-00,Yealink,SIP-T46U,reception\n"
	tony6b := "1208,Tony,Hoare,grace.hopper@example.com,,80:5E:C0:12:01:00,Yealink,CP920,sales\n"
	barbara7 := "1201,Barbara,Liskov,barbara.liskov@example.com,Professor,80:5E:C0:12:04:00,Yealink,SIP-T46U,reception\n"
	grace7b := "1207,Grace,Murray Hopper,tony.hoare@example.com,Rear Admiral,80-5e-c0-12-02-00,Yealink,SIP-T46U,reception\n"
	tony7 := "1208,Tony,Hoare,grace.hopper@example.com,,80:5E:C0:12:01:00,Yealink,SIP-T46U,sales\n"
	welcome := func(s fakePBXSnapshot, number string) int { return s.welcomeEmails[number] }

	edits := []staffEdit{
		{name: "the guide's list", csv: string(initial)},
		{name: "1. two joiners, one with a desk phone and one without", csv: header + ada + grace + alan + edsger + donald,
			check: func(t *testing.T, _, after fakePBXSnapshot) {
				if welcome(after, "1204") != 1 || welcome(after, "1206") != 0 {
					t.Errorf("joiners: welcome e-mails %d (1204) and %d (1206, no address), want 1 and 0", welcome(after, "1204"), welcome(after, "1206"))
				}
			}},
		{name: "2. a leaver", csv: header + ada + grace + edsger + donald},
		{name: "3. a renumber with the desk phone following", csv: header + ada + grace7 + edsger + donald,
			check: func(t *testing.T, before, after fakePBXSnapshot) {
				if before.extensions["1202"].Email != after.extensions["1207"].Email {
					t.Errorf("renumber: the e-mail address did not follow the person")
				}
			}},
		{name: "4. a leaver's desk phone given to a joiner", csv: header + ada + grace7 + tony + donald,
			check: func(t *testing.T, before, after fakePBXSnapshot) {
				mac := "80:5E:C0:12:04:00"
				if before.phones[mac].ID != after.phones[mac].ID {
					t.Errorf("the desk phone was deleted and added again (ID %d, now %d), want it moved in place", before.phones[mac].ID, after.phones[mac].ID)
				}
			}},
		{name: "5. a new person on a leaver's number", csv: header + barbara + grace7 + tony + donald,
			check: func(t *testing.T, before, after fakePBXSnapshot) {
				old, now := before.extensions["1201"], after.extensions["1201"]
				if old.UserPassword == now.UserPassword || old.RegistrationPassword == now.RegistrationPassword || old.VoicemailPIN == now.VoicemailPIN ||
					old.RegistrationName == now.RegistrationName {
					t.Errorf("a secret or the SIP user name of the leaver's extension still works for the new person")
				}
				sent := welcome(after, "1201")
				if old.ID == now.ID {
					sent -= welcome(before, "1201")
				}
				if sent != 1 {
					t.Errorf("the new person on 1201 was sent %d welcome e-mails, want 1", sent)
				}
			}},
		{name: "6a. two people swapping desks", csv: header + barbara6 + grace7 + tony6 + donald},
		{name: "6b. two people swapping e-mail addresses", csv: header + barbara6 + grace6b + tony6b + donald},
		{name: "7. a name, a title and a phone model changing", csv: header + barbara7 + grace7b + tony7 + donald,
			check: func(t *testing.T, before, after fakePBXSnapshot) {
				if before.extensions["1201"].ID != after.extensions["1201"].ID {
					t.Errorf("a new title replaced the extension")
				}
			}},
	}
	for _, edit := range edits {
		before := snapshotStaff(fake)
		writeFile(t, filepath.Join(w.dir, "staff.csv"), edit.csv)
		started := time.Now()
		out := w.mustRun("apply", "-auto-approve", "-input=false")
		t.Logf("%s: applied in %s", edit.name, time.Since(started).Round(10*time.Millisecond))
		after := snapshotStaff(fake)
		for _, line := range strings.Split(out, "\n") {
			if summary, ok := strings.CutPrefix(strings.TrimSpace(line), "Warning: "); ok &&
				summary != "Provider development overrides are in effect" && summary != "Yeastar base URL uses plain HTTP" {
				t.Errorf("%s: the apply warned %q:\n%s", edit.name, summary, out)
			}
		}
		expectStaffOnPBX(t, edit.name, edit.csv, after)
		if edit.check != nil {
			edit.check(t, before, after)
		}
		if again := w.mustRun("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(again, "No changes") {
			t.Errorf("%s: a second plan is not empty:\n%s", edit.name, again)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	// The guide's claim: two rows with one MAC address in two notations fail the plan.
	writeFile(t, filepath.Join(w.dir, "staff.csv"), header+barbara7+grace7b+tony7+donald+
		"1209,Niklaus,Wirth,niklaus.wirth@example.com,,805ec0120100,Yealink,CP920,\n")
	if out, err := w.run("plan", "-input=false"); err == nil || !strings.Contains(out, "Duplicate object key") || !strings.Contains(out, "80:5E:C0:12:01:00") {
		t.Errorf("two rows with one MAC address did not fail the plan naming it:\n%s", out)
	}
	writeFile(t, filepath.Join(w.dir, "staff.csv"), header+barbara7+grace7b+tony7+donald)
	w.mustRun("destroy", "-auto-approve", "-input=false")
	if s := snapshotStaff(fake); len(s.extensions) != 0 || len(s.phones) != 0 {
		t.Errorf("destroy left %d extensions and %d phones on the PBX", len(s.extensions), len(s.phones))
	}
}

// TestAccCLIStaffListUpgradeWithMovedBlocks applies the staff guide as it was keyed by number,
// then the guide as it is, with the moved blocks CHANGELOG shows: nothing is destroyed or
// created but the one phone whose template the old guide guessed wrong.
func TestAccCLIStaffListUpgradeWithMovedBlocks(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	old, err := os.ReadFile("testdata/staff-guide-0.0/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	w := newCLIWorkspace(t, string(old), env...)
	copyDataFiles(t, "testdata/staff-guide-0.0/", w.dir)
	w.mustRun("apply", "-auto-approve", "-input=false")
	before := snapshotStaff(fake)

	const guide = "../../examples/guides/staff-to-phones/"
	config, err := os.ReadFile(guide + "main.tf")
	if err != nil {
		t.Fatal(err)
	}
	moved := `
moved {
  from = yeastar_extension.staff["1201"]
  to   = yeastar_extension.staff["ada.lovelace@example.com"]
}
moved {
  from = yeastar_extension.staff["1202"]
  to   = yeastar_extension.staff["grace.hopper@example.com"]
}
moved {
  from = yeastar_extension.staff["1203"]
  to   = yeastar_extension.staff["alan.turing@example.com"]
}
moved {
  from = yeastar_phone.staff["1201"]
  to   = yeastar_phone.desk["80:5E:C0:12:01:00"]
}
moved {
  from = yeastar_phone.staff["1202"]
  to   = yeastar_phone.desk["80:5E:C0:12:02:00"]
}
moved {
  from = yeastar_phone.staff["1203"]
  to   = yeastar_phone.desk["00:04:13:12:03:00"]
}
`
	writeFile(t, filepath.Join(w.dir, "main.tf"), string(config)+moved)
	copyDataFiles(t, guide, w.dir)
	out := w.mustRun("apply", "-auto-approve", "-input=false")
	// The SIP-T46U had the expansion-module template, which the guide now names right; the
	// reception, the sales queue and the main menu are new.
	if !strings.Contains(out, "4 added, 2 changed, 1 destroyed") {
		t.Errorf("the upgrade did not keep the extensions and phones (replacing only the SIP-T46U for its template):\n%s", out)
	}
	after := snapshotStaff(fake)
	for number, e := range before.extensions {
		if now := after.extensions[number]; now.ID != e.ID || now.UserPassword != e.UserPassword {
			t.Errorf("extension %s was replaced or its secrets changed by the upgrade", number)
		}
	}
	if again := w.mustRun("plan", "-input=false"); !strings.Contains(again, "No changes") {
		t.Errorf("a plan after the upgrade is not empty:\n%s", again)
	}
}

// TestAccCLIFoldAdoptedExtensionsIntoTheStaffList follows the adoption guide's "fold them into
// the staff list": an extension and its desk phone adopted with import blocks and
// `plan -generate-config-out` (every CLI), then the staff guide with the columns the adoption
// guide says to carry and a moved block per person and phone: the plan moves them and changes
// nothing, and nothing is written to the PBX.
func TestAccCLIFoldAdoptedExtensionsIntoTheStaffList(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	olivia, _ := fake.ExtensionByNumber("1005")
	fake.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:10:05:00", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP",
		ProvisioningMethod: "rps", ExtensionID: olivia.ID})
	w := newCLIWorkspace(t, `
provider "yeastar" {}

import {
  to       = yeastar_extension.staff_0
  id       = "1005"
  provider = yeastar
}

import {
  to       = yeastar_phone.office_0
  id       = "80:5E:C0:10:05:00"
  provider = yeastar
}
`, env...)
	w.mustRun("plan", "-input=false", "-generate-config-out=generated.tf")
	// As the extension page says: provider = yeastar is for -generate-config-out only.
	main, err := os.ReadFile(filepath.Join(w.dir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(w.dir, "main.tf"), strings.ReplaceAll(string(main), "  provider = yeastar\n", ""))
	w.mustRun("apply", "-input=false", "-auto-approve")

	// The fold: the staff guide, with the mobile_number, role and welcome columns.
	const guide = "../../examples/guides/staff-to-phones/"
	config, err := os.ReadFile(guide + "main.tf")
	if err != nil {
		t.Fatal(err)
	}
	folded := strings.Replace(string(config), `  send_welcome_email = each.value.email != ""
`, `  mobile_number      = each.value.mobile_number != "" ? each.value.mobile_number : null
  role               = each.value.role != "" ? each.value.role : null
  send_welcome_email = each.value.welcome == "true"
`, 1)
	if folded == string(config) {
		t.Fatal("the staff guide's extension block no longer has the send_welcome_email line this test replaces")
	}
	folded += `
moved {
  from = yeastar_extension.staff_0
  to   = yeastar_extension.staff["olivia.bennett@example.com"]
}

moved {
  from = yeastar_phone.office_0
  to   = yeastar_phone.desk["80:5E:C0:10:05:00"]
}
`
	if err := os.Remove(filepath.Join(w.dir, "generated.tf")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(w.dir, "main.tf"), folded)
	writeFile(t, filepath.Join(w.dir, "staff.csv"), "number,first_name,last_name,email,title,mac,vendor,model,team,mobile_number,role,welcome\n"+
		"1005,Olivia,Bennett,olivia.bennett@example.com,,80:5E:C0:10:05:00,Yealink,CP920,reception,+14155550105,Employee,false\n")
	fake.ResetStats()
	plan := w.mustRun("plan", "-input=false")
	// The guide's reception, sales queue and main menu are new; the person and the phone only move.
	if !strings.Contains(plan, "has moved to") || !strings.Contains(plan, "3 to add, 0 to change, 0 to destroy") {
		t.Errorf("folding the adopted extension and phone into the staff list plans more than moves (and the guide's call routing):\n%s", plan)
	}
	w.mustRun("apply", "-input=false", "-auto-approve")
	st := fake.Stats()
	for _, endpoint := range []string{"extension/create", "extension/update", "extension/delete", "phone/batchcreate", "phone/batchupdate", "phone/batchdelete", "extension/send_welcome_email"} {
		if st.Endpoints[endpoint] != 0 {
			t.Errorf("folding changed the PBX: %v", st.Endpoints)
			break
		}
	}
}
