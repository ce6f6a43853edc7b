package main

// The people benchmark: `terraform apply` of an office of N people (a yeastar_extension and a
// yeastar_phone ringing for it, as the staff guide does, and per 10 people a ring group and a
// queue of them and an IVR whose keys send calls to both, as the guide "Who answers the
// office's calls" does), in one apply, then `terraform plan` of it as it exists, against the
// fake PBX at 0 ms and at a per-request latency, with the creates answering the new ID and, in
// a further run, without it. It counts the API calls per person, per routing object and per
// provider process, checks them against the targets (one token per provider process; an
// extension's or routing object's create takes at most 2 calls when the answer carries its ID
// and 3 when not; a refresh at most one call per extension and per routing object) and reports
// the provider's peak memory.

import (
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// Targets of the people benchmark.
const (
	maxExtensionCreateCallsWithID = 2 // extension/create, extension/get
	maxExtensionCreateCallsNoID   = 3 // and the exact-number search for the ID
	maxExtensionRefreshCalls      = 1 // extension/get
)

// personTrips is the round trips one person costs one after another: the extension's create
// and get, then (the phone waits for its extension's ID) the phone's batchcreate, search and get.
const personTrips = 2 + createTrips

// firstPersonNumber is the first extension number of the people, clear of the fake's own.
const firstPersonNumber = 5001

// peoplePerTeam is how many people share a ring group, a queue and an IVR; routingPaths are the
// routing objects' API paths, and teamNumbers the first number of each kind (team t has 6000+t,
// 6300+t and 6600+t).
const peoplePerTeam = 10

var (
	routingPaths = []string{"ringgroup", "queue", "ivr"}
	teamNumbers  = map[string]int{"ringgroup": 6000, "queue": 6300, "ivr": 6600}
)

// teams is how many teams (a ring group, a queue and an IVR each) n people make.
func teams(n int) int { return (n + peoplePerTeam - 1) / peoplePerTeam }

// peopleConfig has n people: an extension each (generated passwords, PIN and registration
// name) and a phone whose extension_id is that extension's ID.
func peopleConfig(n int) string {
	var people, teamList strings.Builder
	for i := range n {
		fmt.Fprintf(&people, "    %q = %q\n", strconv.Itoa(firstPersonNumber+i), fmt.Sprintf("80:5E:C0:01:%02X:%02X", i>>8, i&0xff))
	}
	for t := range teams(n) {
		var numbers []string
		for i := t * peoplePerTeam; i < min(n, (t+1)*peoplePerTeam); i++ {
			numbers = append(numbers, strconv.Quote(strconv.Itoa(firstPersonNumber+i)))
		}
		fmt.Fprintf(&teamList, "    %q = [%s]\n", strconv.Itoa(t), strings.Join(numbers, ", "))
	}
	return header + fmt.Sprintf(`
provider "yeastar" {}

locals {
  people = {
%s  }
  teams = {
%s  }
}

resource "yeastar_ring_group" "team" {
  for_each   = local.teams
  number     = tostring(%d + tonumber(each.key))
  name       = "Team ${each.key}"
  strategy   = "sequentially"
  member_ids = [for number in each.value : yeastar_extension.staff[number].id]
}

resource "yeastar_queue" "team" {
  for_each         = local.teams
  number           = tostring(%d + tonumber(each.key))
  name             = "Team ${each.key} queue"
  static_agent_ids = [for number in each.value : yeastar_extension.staff[number].id]
  max_wait_time    = 120
  failover         = { type = "ring_group", id = yeastar_ring_group.team[each.key].id }
}

resource "yeastar_ivr" "team" {
  for_each = local.teams
  number   = tostring(%d + tonumber(each.key))
  name     = "Team ${each.key} menu"
  keys = {
    "1" = { type = "queue", id = yeastar_queue.team[each.key].id }
    "2" = { type = "ring_group", id = yeastar_ring_group.team[each.key].id }
  }
  timeout_destination = { type = "ring_group", id = yeastar_ring_group.team[each.key].id }
}

resource "yeastar_extension" "staff" {
  for_each   = local.people
  number     = each.key
  first_name = "Person"
  last_name  = "N${each.key}"
  email      = "person.${each.key}@example.com"
}

resource "yeastar_phone" "staff" {
  for_each            = local.people
  mac                 = each.value
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
  extension_id        = yeastar_extension.staff[each.key].id
}
`, people.String(), teamList.String(), teamNumbers["ringgroup"], teamNumbers["queue"], teamNumbers["ivr"])
}

// peopleRun is one apply of N people against a new fake PBX, then a plan of them.
type peopleRun struct {
	phoneRun
	// peakKiB is the highest peak resident memory of the provider processes (attributed runs).
	peakKiB int64
}

// extensionCreates is the calls the extension creates made in an apply: each create, the
// search for its ID when the answer had none, and the read-back.
func (p phoneCounts) extensionCreates() int {
	return p.stats.Endpoints["extension/create"] + p.stats.Endpoints["extension/search"] + p.stats.Endpoints["extension/get"]
}

// routingCreates is the calls the routing objects' creates made in an apply: each create, the
// search for its ID when the answer had none, and the read-back.
func (p phoneCounts) routingCreates() int {
	n := 0
	for _, path := range routingPaths {
		n += p.stats.Endpoints[path+"/create"] + p.stats.Endpoints[path+"/search"] + p.stats.Endpoints[path+"/get"]
	}
	return n
}

// routingRefreshes is the per-object routing calls of a plan of an existing office (the
// listings of the plan-time checks are lookups, made once per provider process).
func (p phoneCounts) routingRefreshes() int {
	n := 0
	for _, path := range routingPaths {
		n += p.stats.Endpoints[path+"/get"] + p.stats.Endpoints[path+"/search"] + p.stats.Endpoints[path+"/query"]
	}
	return n
}

// extensionRefreshes is the extension calls of a plan of existing people.
func (p phoneCounts) extensionRefreshes() int {
	n := 0
	for endpoint, calls := range p.stats.Endpoints {
		if strings.HasPrefix(endpoint, "extension/") && endpoint != "extension/list" {
			n += calls
		}
	}
	return n
}

// peopleRun applies n people with a new fake PBX and state, then plans them as they exist.
// attribute runs the provider through the wrapper, which tells its processes apart and records
// their peak memory.
func (b *bench) peopleRun(n int, latency time.Duration, attribute, createReturnsID bool) (peopleRun, error) {
	return b.applyAndPlan(applySpec{config: peopleConfig(n), latency: latency, attribute: attribute, createReturnsID: createReturnsID,
		check: func(fake *fakeyeastar.Server) error {
			for i := range n {
				if _, found := fake.ExtensionByNumber(strconv.Itoa(firstPersonNumber + i)); !found {
					return fmt.Errorf("the fake PBX lacks extension %d", firstPersonNumber+i)
				}
			}
			if got := len(fake.Phones()); got != n {
				return fmt.Errorf("the fake PBX holds %d phones", got)
			}
			for _, path := range routingPaths {
				if got := len(fake.RoutingObjects(path)); got != teams(n) {
					return fmt.Errorf("the fake PBX holds %d %s objects, want %d", got, path, teams(n))
				}
			}
			return nil
		}})
}

// applySpec is one apply-and-plan run: the configuration and the files beside it, the fake's
// latency and whether its creates answer with the new ID, whether the provider runs through the
// wrapper, extra environment for the CLI, and what the fake PBX must hold after the apply.
type applySpec struct {
	config                     string
	files                      map[string]string
	latency                    time.Duration
	attribute, createReturnsID bool
	env                        []string
	check                      func(*fakeyeastar.Server) error
}

// applyAndPlan applies a configuration with a new fake PBX and state, checks the PBX, then
// plans it as it exists (-detailed-exitcode: the run fails unless the plan is empty).
func (b *bench) applyAndPlan(spec applySpec) (peopleRun, error) {
	providerDir, env := filepath.Dir(b.provider), spec.env
	rssFile := filepath.Join(b.work, "rss-of-run")
	if spec.attribute {
		_ = os.Remove(rssFile)
		providerDir = b.wrapDir
		env = append(slices.Clone(env), envWrap+"="+b.provider, envAttribute+"=1", envRSSFile+"="+rssFile)
	}
	dir, err := b.workspace(spec.config, providerDir)
	if err != nil {
		return peopleRun{}, err
	}
	defer os.RemoveAll(dir)
	for name, content := range spec.files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			return peopleRun{}, err
		}
	}
	fake := fakeyeastar.New()
	fake.Latency = spec.latency
	fake.ExtensionCreateReturnsID = spec.createReturnsID
	fake.RoutingCreateReturnsID = spec.createReturnsID
	count := newCounter(fake)
	srv := httptest.NewServer(count)
	defer srv.Close()

	var run peopleRun
	if run.apply, err = b.terraformRun(dir, srv.URL, fake, []string{"apply", "-auto-approve", "-input=false", "-no-color", "-lock=false"}, env...); err != nil {
		return peopleRun{}, err
	}
	run.applied = count.take()
	if err := spec.check(fake); err != nil {
		return peopleRun{}, fmt.Errorf("after the apply %w", err)
	}
	if run.refresh, err = b.terraformRun(dir, srv.URL, fake, []string{"plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"}, env...); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && exitErr.ExitCode() == 2 {
			return peopleRun{}, fmt.Errorf("the plan after the apply is not empty: %w", err)
		}
		return peopleRun{}, err
	}
	run.refreshed = count.take()
	if spec.attribute {
		data, err := os.ReadFile(rssFile)
		if err != nil {
			return peopleRun{}, fmt.Errorf("the wrapped provider recorded no peak memory: %w", err)
		}
		if run.peakKiB, err = strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err != nil {
			return peopleRun{}, err
		}
	}
	return run, nil
}

// fastestRuns makes runs runs at 0 ms and at latency, interleaved so that drift in the machine's
// load hits both alike, passes each to seen, and returns the fastest apply and plan at each.
func fastestRuns(runs int, latency time.Duration, run func(time.Duration) (peopleRun, error), seen func(peopleRun)) (applyFloor, applySlow, refreshFloor, refreshSlow peopleRun, err error) {
	var floors, slows []peopleRun
	for range runs {
		for _, lat := range []time.Duration{0, latency} {
			r, err := run(lat)
			if err != nil {
				return applyFloor, applySlow, refreshFloor, refreshSlow, err
			}
			seen(r)
			if lat == 0 {
				floors = append(floors, r)
			} else {
				slows = append(slows, r)
			}
		}
	}
	byApply := func(a, b peopleRun) int { return int(a.apply - b.apply) }
	byRefresh := func(a, b peopleRun) int { return int(a.refresh - b.refresh) }
	return slices.MinFunc(floors, byApply), slices.MinFunc(slows, byApply), slices.MinFunc(floors, byRefresh), slices.MinFunc(slows, byRefresh), nil
}

// peopleRow is one N: the attributed run, the fastest apply and plan at each latency, the run
// whose creates were answered without an ID, and what the runs broke.
type peopleRow struct {
	n                                int
	applyProcesses, refreshProcesses int
	peakKiB                          int64
	applyFloor, applySlow            peopleRun
	refreshFloor, refreshSlow        peopleRun
	withoutID                        peopleRun
	missed                           []string
}

func (b *bench) runPeople(sizes []int, latency time.Duration, runs int) (string, error) {
	var rows []peopleRow
	for _, n := range sizes {
		row, err := measureRow(n, "people", latency, runs, b.peopleRun, func(row peopleRow, run peopleRun, withID bool) []string {
			if withID {
				return row.callMisses(run, maxExtensionCreateCallsWithID)
			}
			return row.callMisses(run, maxExtensionCreateCallsNoID)
		})
		if err != nil {
			return "", err
		}
		rows = append(rows, row)
	}
	report := formatPeopleReport(rows, latency, runs)
	return report, targetsMissed("people", rows)
}

// measureRow measures one N: a run through the wrapper at 0 ms (the provider processes, their
// tokens and peak memory), the fastest of runs at 0 ms and at latency, and a run whose creates
// are answered without the new ID, each checked with misses. run applies and plans N with a
// latency, through the wrapper or not (attribute), the creates answering with the ID or not.
func measureRow(n int, what string, latency time.Duration, runs int,
	run func(n int, latency time.Duration, attribute, createReturnsID bool) (peopleRun, error),
	misses func(row peopleRow, run peopleRun, withID bool) []string) (peopleRow, error) {
	row := peopleRow{n: n}
	attributed, err := run(n, 0, true, true)
	if err != nil {
		return row, err
	}
	row.applyProcesses, row.refreshProcesses = len(attributed.applied.processes), len(attributed.refreshed.processes)
	row.peakKiB = attributed.peakKiB
	row.missed = append(row.missed, tokenMisses(n, what+" apply", attributed.applied.processes)...)
	row.missed = append(row.missed, tokenMisses(n, what+" plan", attributed.refreshed.processes)...)

	row.applyFloor, row.applySlow, row.refreshFloor, row.refreshSlow, err = fastestRuns(runs, latency,
		func(lat time.Duration) (peopleRun, error) { return run(n, lat, false, true) },
		func(r peopleRun) { row.missed = append(row.missed, misses(row, r, true)...) })
	if err != nil {
		return row, err
	}
	if row.withoutID, err = run(n, 0, false, false); err != nil {
		return row, err
	}
	row.missed = dedupe(append(row.missed, misses(row, row.withoutID, false)...))
	log.Printf("%s N=%d done", what, n)
	return row, nil
}

// targetsMissed is an error naming every target the rows missed, or nil.
func targetsMissed(what string, rows []peopleRow) error {
	var missed []string
	for _, r := range rows {
		missed = append(missed, r.missed...)
	}
	if len(missed) > 0 {
		return fmt.Errorf("%s targets missed: %s", what, strings.Join(missed, "; "))
	}
	return nil
}

// callMisses checks one unattributed run against the targets: no more tokens than the
// attributed run found processes; exactly one extension/create and one batchcreate per person;
// at most maxCreate calls per extension create and 3 per phone create; a refresh with at most
// one extension call per extension.
func (r peopleRow) callMisses(run peopleRun, maxCreate int) []string {
	var missed []string
	miss := func(format string, args ...any) {
		missed = append(missed, fmt.Sprintf("N=%d people ", r.n)+fmt.Sprintf(format, args...))
	}
	a, p := run.applied, run.refreshed
	if got := a.stats.GetToken; got > maxTokensPerProcess*r.applyProcesses {
		miss("apply took %d tokens in %d provider processes", got, r.applyProcesses)
	}
	if got := p.stats.GetToken; got > maxTokensPerProcess*r.refreshProcesses {
		miss("plan took %d tokens in %d provider processes", got, r.refreshProcesses)
	}
	if got := a.stats.Endpoints["extension/create"]; got != r.n {
		miss("apply sent %d extension/create for %d people", got, r.n)
	}
	if got := a.extensionCreates(); got > maxCreate*r.n {
		miss("extension creates made %d calls, over %d per extension", got, maxCreate)
	}
	if got := a.stats.Endpoints["phone/batchcreate"]; got != r.n {
		miss("apply sent %d phone/batchcreate for %d people", got, r.n)
	}
	if got := a.creates(); got > maxCreateCalls*r.n {
		miss("phone creates made %d calls, over %d per phone", got, maxCreateCalls)
	}
	if got := p.extensionRefreshes(); got > maxExtensionRefreshCalls*r.n {
		miss("refresh made %d extension calls, over %d per extension", got, maxExtensionRefreshCalls)
	}
	objects := len(routingPaths) * teams(r.n)
	for _, path := range routingPaths {
		if got := a.stats.Endpoints[path+"/create"]; got != teams(r.n) {
			miss("apply sent %d %s/create for %d teams", got, path, teams(r.n))
		}
	}
	if got := a.routingCreates(); got > maxCreate*objects {
		miss("routing creates made %d calls, over %d per object", got, maxCreate)
	}
	if got := p.routingRefreshes(); got > maxExtensionRefreshCalls*objects {
		miss("refresh made %d routing calls, over %d per object", got, maxExtensionRefreshCalls)
	}
	return missed
}

func formatPeopleReport(rows []peopleRow, latency time.Duration, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "People (the staff guide's shape: a `yeastar_extension` with generated secrets and a `yeastar_phone` whose `extension_id` is that extension's ID, for N people, and per %d people a `yeastar_ring_group` and a `yeastar_queue` of them and a `yeastar_ivr` whose keys send calls to both, in one `terraform apply -auto-approve` against a new fake PBX and state, then `terraform plan` of it as it exists); fastest of %d per cell, calls as the fastest run at %s made them.\n\n", peoplePerTeam, runs, ms(latency))
	fmt.Fprintf(&b, "| N people | provider processes | get_token (revoked) | extension create calls / extension (≤ %d; ≤ %d without ID in the answer) | phone create calls / phone (≤ %d) | routing create calls / object (≤ %d; ≤ %d without ID) | plan-time lookups | targets met | apply at 0 ms (floor) | apply at %s | overhead | expected overhead | overhead / expected | provider peak memory |\n",
		maxExtensionCreateCallsWithID, maxExtensionCreateCallsNoID, maxCreateCalls, maxExtensionCreateCallsWithID, maxExtensionCreateCallsNoID, ms(latency))
	b.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range rows {
		a, noID := r.applySlow.applied, r.withoutID.applied
		overhead := r.applySlow.apply - r.applyFloor.apply
		expected := expectedOverhead(latency, r.n, r.applyProcesses, a, personTrips)
		objects := len(routingPaths) * teams(r.n)
		fmt.Fprintf(&b, "| %d | %d | %d (%d) | %s (%s) | %s | %s (%s) | %d | %s | %s | %s | %s | %s | %.2fx | %.1f MiB |\n",
			r.n, r.applyProcesses, a.stats.GetToken, a.stats.DelToken, perPhone(a.extensionCreates(), r.n), perPhone(noID.extensionCreates(), r.n),
			perPhone(a.creates(), r.n), perPhone(a.routingCreates(), objects), perPhone(noID.routingCreates(), objects), a.lookups(), verdict(len(r.missed) == 0),
			ms(r.applyFloor.apply), ms(r.applySlow.apply), ms(overhead), ms(expected), float64(overhead)/float64(expected), float64(r.peakKiB)/1024)
	}
	fmt.Fprintf(&b, "\n| N existing people | provider processes | get_token (revoked) | extension calls / extension (≤ %d) | phone/get / phone (≤ %d) | routing calls / object (≤ %d) | plan at 0 ms (floor) | plan at %s | overhead | expected overhead | overhead / expected |\n",
		maxExtensionRefreshCalls, maxRefreshGets, maxExtensionRefreshCalls, ms(latency))
	b.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range rows {
		p := r.refreshSlow.refreshed
		overhead := r.refreshSlow.refresh - r.refreshFloor.refresh
		// Extensions, phones and routing objects are refreshed alike, each with one call.
		expected := expectedOverhead(latency, 2*r.n+len(routingPaths)*teams(r.n), r.refreshProcesses, p, refreshTrips)
		fmt.Fprintf(&b, "| %d | %d | %d (%d) | %s | %s | %s | %s | %s | %s | %s | %.2fx |\n",
			r.n, r.refreshProcesses, p.stats.GetToken, p.stats.DelToken, perPhone(p.extensionRefreshes(), r.n), perPhone(p.stats.Endpoints["phone/get"], r.n),
			perPhone(p.routingRefreshes(), len(routingPaths)*teams(r.n)),
			ms(r.refreshFloor.refresh), ms(r.refreshSlow.refresh), ms(overhead), ms(expected), float64(overhead)/float64(expected))
	}
	fmt.Fprintf(&b, "\nExtension create calls = extension/create + the exact-number search for the new ID (only when the answer lacks it: the figure in brackets is a run with the fake's create answering without `id`) + extension/get; routing create calls likewise for ringgroup/, queue/ and ivr/. "+
		"Peak memory is the highest of the provider processes of the apply and the plan, in a run through the wrapper at 0 ms. "+
		"Expected overhead as for the phones, with %d round trips per person one after another (the extension's create and get, then the phone's three calls, since the phone waits for its extension's ID) "+
		"per round of %d, and for the plan one call per resource.\n", personTrips, terraformParallelism)
	return b.String()
}
