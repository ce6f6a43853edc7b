package main

// The whole-office benchmark: the guide "A whole office in one apply" (its main.tf as written)
// with a staff CSV of N generated people, applied in one `terraform apply -auto-approve` against
// a new fake PBX and state, then planned as it exists (`terraform plan -detailed-exitcode`, which
// fails the run unless the plan is empty), at 0 ms and at a per-request latency, and once more
// with creates that answer without the new object's ID. It counts the calls per object of each
// kind against the targets, compares each command's overhead with its round-trip floor, and
// reports the provider's peak memory.

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// officeCarrierPassword is the trunk password the bench passes as TF_VAR_carrier_password; the
// run fails unless the fake's trunk holds it.
const officeCarrierPassword = "bench-carrier-secret-1"

// officeKind is one kind of object of the office: its API path, how many of N people's office
// it holds, and its targets (create calls per object with the ID in the create's answer and
// without it; refresh calls per object).
type officeKind struct {
	noun, path                        string
	count                             func(n int) int
	createWithID, createNoID, refresh int
}

// The guide's office: an extension per person, a desk phone per row with a MAC address, one
// reception ring group, sales queue, main menu and carrier trunk, the main number's inbound
// route, and two outbound routes. A route's create also asks for its position (`pos`), which
// only listings carry, so it costs one call more than the other kinds'.
var officeKinds = []officeKind{
	{"extension", "extension", func(n int) int { return n }, 2, 3, 1},
	{"phone", "phone", officeDesks, maxCreateCalls, maxCreateCalls, 1},
	{"ring group", "ringgroup", one, 2, 3, 1},
	{"queue", "queue", one, 2, 3, 1},
	{"IVR", "ivr", one, 2, 3, 1},
	{"SIP trunk", "trunk", one, 2, 3, 1},
	{"inbound route", "inbound_route", one, 3, 4, 1},
	{"outbound route", "outbound_route", func(int) int { return 2 }, 3, 4, 1},
}

func one(int) int { return 1 }

// officeChainTrips is the longest chain of creates that wait for one another in the guide: an
// extension (create, get), the reception ring group (2), the sales queue (2), the main menu (2),
// then the inbound route (create, get, and the search for its position).
const officeChainTrips = 2 + 2 + 2 + 2 + 3

// The generated staff list: every row a person, the first officeReceptionists at the
// reception and a quarter of the office in sales; every 20th row without an e-mail address (so
// keyed by its number, with no welcome e-mail) and every 25th without a desk phone; the desk
// phones of the guide's three models, their MAC addresses in the notations a CSV has.
const (
	officeReceptionists = 3
	officeNoEmailEvery  = 20
	officeNoDeskEvery   = 25
	firstOfficeNumber   = 7001
)

// officeDesks is how many desk phones the generated list of n people has.
func officeDesks(n int) int { return n - n/officeNoDeskEvery }

// officeStaffCSV is the generated staff list of n people, in the guide's columns.
func officeStaffCSV(n int) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"number", "first_name", "last_name", "email", "team", "mac", "vendor", "model"})
	for i := range n {
		number := strconv.Itoa(firstOfficeNumber + i)
		email := fmt.Sprintf("person.%s@example.com", number)
		if (i+1)%officeNoEmailEvery == 0 {
			email = ""
		}
		team := []string{"support", "engineering", "finance"}[i%3]
		switch {
		case i < officeReceptionists:
			team = "reception"
		case i < officeReceptionists+n/4:
			team = "sales"
		}
		var mac, vendor, model string
		switch i % 3 {
		case 0:
			mac, vendor, model = fmt.Sprintf("80:5E:C0:70:%02X:%02X", i>>8, i&0xff), "Yealink", "CP920"
		case 1:
			mac, vendor, model = fmt.Sprintf("80-5e-c0-71-%02x-%02x", i>>8, i&0xff), "Yealink", "SIP-T46U"
		default:
			mac, vendor, model = fmt.Sprintf("00041372%02X%02X", i>>8, i&0xff), "Snom", "D785"
		}
		if (i+1)%officeNoDeskEvery == 0 {
			mac, vendor, model = "", "", ""
		}
		_ = w.Write([]string{number, "Person", "N" + number, email, team, mac, vendor, model})
	}
	w.Flush()
	return b.String()
}

// createCalls is the calls the creates of one kind made in an apply: each create (a phone's
// batchcreate), the search for the new object's ID when the answer had none (a route's for its
// position), and the read-back.
func (p phoneCounts) createCalls(k officeKind) int {
	if k.path == "phone" {
		return p.creates()
	}
	return p.stats.Endpoints[k.path+"/create"] + p.stats.Endpoints[k.path+"/search"] + p.stats.Endpoints[k.path+"/get"]
}

// refreshCalls is the per-object calls of one kind in a plan of the existing office; the
// listings are lookups, made once per kind and provider process.
func (p phoneCounts) refreshCalls(k officeKind) int {
	if k.path == "phone" {
		return p.stats.Endpoints["phone/get"] + p.byMAC
	}
	return p.stats.Endpoints[k.path+"/get"] + p.stats.Endpoints[k.path+"/search"] + p.stats.Endpoints[k.path+"/query"]
}

// officeLookups is the requests of a command that no single object accounts for: the
// compatibility menus, and the listings of every kind (extension/list, the phone listing, and
// each routing kind's list) that the plan-time checks read once per provider process.
func (p phoneCounts) officeLookups() int {
	n := p.stats.Compatibility + p.listings
	for _, k := range officeKinds {
		if k.path != "phone" {
			n += p.stats.Endpoints[k.path+"/list"]
		}
	}
	return n
}

// objectCalls is every call a command made for one object or another: all but the tokens and
// the lookups.
func (p phoneCounts) objectCalls() int {
	return p.stats.Requests - p.stats.GetToken - p.stats.DelToken - p.officeLookups()
}

// officeRun applies the guide with n people with a new fake PBX and state, then plans it.
// attribute runs the provider through the wrapper, which tells its processes apart and records
// their peak memory.
func (b *bench) officeRun(guide string, n int, latency time.Duration, attribute, createReturnsID bool) (peopleRun, error) {
	config, err := os.ReadFile(filepath.Join(guide, "main.tf"))
	if err != nil {
		return peopleRun{}, fmt.Errorf("reading the whole-office guide: %w", err)
	}
	run, err := b.applyAndPlan(applySpec{config: string(config), files: map[string]string{"staff.csv": officeStaffCSV(n)},
		latency: latency, attribute: attribute, createReturnsID: createReturnsID,
		env:   []string{"TF_VAR_carrier_password=" + officeCarrierPassword},
		check: func(fake *fakeyeastar.Server) error { return checkOffice(fake, n) }})
	if err != nil {
		return peopleRun{}, fmt.Errorf("office of %d people: %w", n, err)
	}
	return run, nil
}

// checkOffice fails unless the fake PBX holds the whole office of n people: every extension,
// every desk phone, one object of each routing kind (two outbound routes), the sales queue with
// its agents, and the trunk with the carrier's password.
func checkOffice(fake *fakeyeastar.Server, n int) error {
	for i := range n {
		if _, found := fake.ExtensionByNumber(strconv.Itoa(firstOfficeNumber + i)); !found {
			return fmt.Errorf("the fake PBX lacks extension %d", firstOfficeNumber+i)
		}
	}
	for _, k := range officeKinds {
		var got int
		switch k.path {
		case "extension":
			continue
		case "phone":
			got = len(fake.Phones())
		default:
			got = len(fake.RoutingObjects(k.path))
		}
		if got != k.count(n) {
			return fmt.Errorf("the fake PBX holds %d %s objects, want %d", got, k.path, k.count(n))
		}
	}
	if !slices.Contains(fake.TrunkPasswords(), officeCarrierPassword) {
		return errors.New("the fake's trunk lacks the carrier's password")
	}
	return nil
}

// officeRow is one N, as a peopleRow is, with the office's targets.
type officeRow peopleRow

func (b *bench) runOffice(guide string, sizes []int, latency time.Duration, runs int) (string, error) {
	var rows []peopleRow
	for _, n := range sizes {
		row, err := measureRow(n, "office", latency, runs,
			func(n int, latency time.Duration, attribute, createReturnsID bool) (peopleRun, error) {
				return b.officeRun(guide, n, latency, attribute, createReturnsID)
			},
			func(row peopleRow, run peopleRun, withID bool) []string {
				return officeRow(row).callMisses(run, withID)
			})
		if err != nil {
			return "", err
		}
		rows = append(rows, row)
	}
	report := formatOfficeReport(rows, latency, runs)
	return report, targetsMissed("office", rows)
}

// callMisses checks one unattributed run against the targets: no more tokens than the
// attributed run found processes; exactly one create per object; at most the kind's create
// calls per object (withID: the fake's creates answered with the new ID) and refresh calls per
// object.
func (r officeRow) callMisses(run peopleRun, withID bool) []string {
	var missed []string
	miss := func(format string, args ...any) {
		missed = append(missed, fmt.Sprintf("N=%d office ", r.n)+fmt.Sprintf(format, args...))
	}
	a, p := run.applied, run.refreshed
	if got := a.stats.GetToken; got > maxTokensPerProcess*r.applyProcesses {
		miss("apply took %d tokens in %d provider processes", got, r.applyProcesses)
	}
	if got := p.stats.GetToken; got > maxTokensPerProcess*r.refreshProcesses {
		miss("plan took %d tokens in %d provider processes", got, r.refreshProcesses)
	}
	for _, k := range officeKinds {
		objects, create := k.count(r.n), k.path+"/create"
		if k.path == "phone" {
			create = "phone/batchcreate"
		}
		if got := a.stats.Endpoints[create]; got != objects {
			miss("apply sent %d %s for %d objects", got, create, objects)
		}
		target := k.createNoID
		if withID {
			target = k.createWithID
		}
		if got := a.createCalls(k); got > target*objects {
			miss("%s creates made %d calls, over %d per object", k.noun, got, target)
		}
		if got := p.refreshCalls(k); got > k.refresh*objects {
			miss("refresh made %d %s calls, over %d per object", got, k.noun, k.refresh)
		}
	}
	return missed
}

// officeFloor is the least wall time a command can take at this latency, from the round trips
// it cannot avoid waiting for one after another: per provider process the token, the longest
// chain of lookups when it made any, and the revocation; then its object calls, in rounds of
// Terraform's parallelism, but never fewer than chain (the longest run of calls that wait for
// one another).
func officeFloor(latency time.Duration, processes int, counts phoneCounts, chain int) time.Duration {
	lookups := 0
	if counts.officeLookups() > 0 {
		lookups = lookupChain
	}
	rounds := (counts.objectCalls() + terraformParallelism - 1) / terraformParallelism
	return latency * time.Duration(processes*(2+lookups)+max(rounds, chain))
}

func formatOfficeReport(rows []peopleRow, latency time.Duration, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "A whole office (the guide \"A whole office in one apply\", its `main.tf` as written, with a generated `staff.csv` of N people: %d at the reception, a quarter in sales, a desk phone each of three models but every %dth, no e-mail address every %dth): "+
		"one `terraform apply -auto-approve` against a new fake PBX and state, then `terraform plan -detailed-exitcode` of it as it exists, which must be empty; fastest of %d per cell, calls as the fastest run at %s made them, the figure in brackets a run whose creates answered without the new ID.\n\n",
		officeReceptionists, officeNoDeskEvery, officeNoEmailEvery, runs, ms(latency))

	b.WriteString("| N people | kind | objects | create calls / object (target) | plan calls / object (target) |\n| ---: | --- | ---: | ---: | ---: |\n")
	for _, r := range rows {
		for _, k := range officeKinds {
			objects := k.count(r.n)
			fmt.Fprintf(&b, "| %d | %s | %d | %s (%s) (≤ %d; ≤ %d) | %s (≤ %d) |\n", r.n, k.noun, objects,
				perPhone(r.applySlow.applied.createCalls(k), objects), perPhone(r.withoutID.applied.createCalls(k), objects),
				k.createWithID, k.createNoID, perPhone(r.refreshSlow.refreshed.refreshCalls(k), objects), k.refresh)
		}
	}

	fmt.Fprintf(&b, "\n| N people | command | provider processes | get_token (revoked) | lookups | object calls | targets met | at 0 ms | at %s | overhead | round-trip floor at %s | wall at %s / floor | provider peak memory |\n", ms(latency), ms(latency), ms(latency))
	b.WriteString("| ---: | --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range rows {
		apply, plan := r.applySlow.applied, r.refreshSlow.refreshed
		applyOverhead, planOverhead := r.applySlow.apply-r.applyFloor.apply, r.refreshSlow.refresh-r.refreshFloor.refresh
		applyFloor := officeFloor(latency, r.applyProcesses, apply, officeChainTrips)
		planFloor := officeFloor(latency, r.refreshProcesses, plan, 1)
		ok := verdict(len(r.missed) == 0)
		fmt.Fprintf(&b, "| %d | apply | %d | %d (%d) | %d | %d | %s | %s | %s | %s | %s | %.2fx | %.1f MiB |\n",
			r.n, r.applyProcesses, apply.stats.GetToken, apply.stats.DelToken, apply.officeLookups(), apply.objectCalls(), ok,
			ms(r.applyFloor.apply), ms(r.applySlow.apply), ms(applyOverhead), ms(applyFloor), float64(r.applySlow.apply)/float64(applyFloor), float64(r.peakKiB)/1024)
		fmt.Fprintf(&b, "| %d | plan | %d | %d (%d) | %d | %d | %s | %s | %s | %s | %s | %.2fx | |\n",
			r.n, r.refreshProcesses, plan.stats.GetToken, plan.stats.DelToken, plan.officeLookups(), plan.objectCalls(), ok,
			ms(r.refreshFloor.refresh), ms(r.refreshSlow.refresh), ms(planOverhead), ms(planFloor), float64(r.refreshSlow.refresh)/float64(planFloor))
	}
	fmt.Fprintf(&b, "\nCreate calls = the create (a phone's batchcreate), the search for the new object's ID when the answer lacks it (a route's also for its position, which only listings carry), and the read-back. "+
		"Lookups are the requests no one object accounts for: the compatibility menus and the listings of each kind that the plan-time checks read once per provider process; object calls are the rest, less the tokens. "+
		"The round-trip floor is the least wall time that the latency alone allows: per provider process the token, the longest chain of lookups (%d) and the revocation, then the object calls in rounds of Terraform's parallelism of %d, "+
		"or for the apply the longest chain of creates that wait for one another (%d round trips: an extension, the reception, the sales queue, the main menu, the inbound route) when that is longer; "+
		"wall / floor is how far above it the command runs, Terraform's own work included (the 0 ms column), and the overhead over 0 ms can be less than the floor, as the round trips overlap that work. "+
		"Peak memory is the highest of the provider processes of the apply and the plan, in a run through the wrapper at 0 ms.\n",
		lookupChain, terraformParallelism, officeChainTrips)
	return b.String()
}
