package main

// The phone benchmark: `terraform apply` of N new yeastar_phone resources, then `terraform plan`
// of the N phones as they exist, against the fake PBX at 0 ms and at a per-request latency. It
// counts the API calls per phone and per provider process, checks them against the targets (one
// token per provider process; a create takes at most 3 calls; a refresh at most one phone/get
// per phone and no search), and compares the overhead with the round trips it should cost.

import (
	"errors"
	"fmt"
	"log"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// Targets of the phone benchmark.
const (
	maxTokensPerProcess = 1
	maxCreateCalls      = 3 // phone/batchcreate, the phone/search for its MAC address, phone/get
	maxRefreshGets      = 1
	maxRefreshSearches  = 0
)

// Round trips one after another per round of Terraform's parallelism: a create is batchcreate,
// then the search for its ID, then the phone/get; a refresh is one phone/get.
const (
	createTrips  = 3
	refreshTrips = 1
)

// lookupChain is the longest chain of plan-time lookups for one vendor and model, which the
// first resources of a process wait for: the vendors, then the vendor's models, then the model's
// templates and methods at once. The pages of extension/list (2) and the phone listing (1) go
// alongside, as the checks run concurrently.
const lookupChain = 3

// processPrefix starts the path segment under which an attributed provider process calls the
// PBX ("/pid-1234/openapi/v1.0/get_token").
const processPrefix = "pid-"

// attributeAPIPath is the API path the wrapper gives the provider process it starts.
func attributeAPIPath(pid int) string {
	return processPrefix + strconv.Itoa(pid) + strings.TrimSuffix(fakeyeastar.DefaultAPIPath, "/")
}

// counter sits in front of the fake PBX. The fake counts requests by path only, and phone/search
// serves two different needs: the listing of every phone that the plan-time MAC check makes
// once per provider process, and the search for one MAC address that a create makes to learn
// the new phone's ID. In attributed runs it also counts requests per provider process, from the
// path prefix the wrapper gives each one, and strips the prefix before the fake sees it.
type counter struct {
	fake *fakeyeastar.Server

	mu        sync.Mutex
	listings  int                       // phone/search without search_value
	byMAC     int                       // phone/search with one
	processes map[string]map[string]int // by process, requests by endpoint
}

func newCounter(fake *fakeyeastar.Server) *counter {
	return &counter{fake: fake, processes: map[string]map[string]int{}}
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	process := ""
	if rest, ok := strings.CutPrefix(r.URL.Path, "/"+processPrefix); ok {
		var path string
		process, path, _ = strings.Cut(rest, "/")
		r.URL.Path, r.URL.RawPath = "/"+path, ""
	}
	endpoint := strings.TrimPrefix(r.URL.Path, c.fake.APIPath)
	c.mu.Lock()
	if endpoint == "phone/search" {
		if r.URL.Query().Get("search_value") == "" {
			c.listings++
		} else {
			c.byMAC++
		}
	}
	if process != "" {
		if c.processes[process] == nil {
			c.processes[process] = map[string]int{}
		}
		c.processes[process][endpoint]++
	}
	c.mu.Unlock()
	c.fake.ServeHTTP(w, r)
}

// phoneCounts is what one Terraform command asked of the PBX.
type phoneCounts struct {
	stats           fakeyeastar.Stats
	listings, byMAC int
	// processes are the provider processes that called the PBX, by the tokens each took; known
	// in attributed runs only.
	processes []int
}

// take returns the counts so far and starts counting afresh.
func (c *counter) take() phoneCounts {
	c.mu.Lock()
	defer c.mu.Unlock()
	counts := phoneCounts{stats: c.fake.Stats(), listings: c.listings, byMAC: c.byMAC}
	for _, endpoints := range c.processes {
		counts.processes = append(counts.processes, endpoints["get_token"])
	}
	c.fake.ResetStats()
	c.listings, c.byMAC, c.processes = 0, 0, map[string]map[string]int{}
	return counts
}

// creates is the calls the creates made: each phone's batchcreate, its search and its get.
func (p phoneCounts) creates() int {
	return p.stats.Endpoints["phone/batchcreate"] + p.byMAC + p.stats.Endpoints["phone/get"]
}

// lookups is the plan-time checks' requests (compatibility menus, pages of extension/list, pages
// of the phone listing). Each provider process makes them once, one after another, whatever N.
func (p phoneCounts) lookups() int {
	return p.stats.Compatibility + p.stats.Endpoints["extension/list"] + p.listings
}

// phoneRun is one apply of N new phones against a new fake PBX, then a plan of them.
type phoneRun struct {
	apply, refresh     time.Duration
	applied, refreshed phoneCounts
}

// phoneConfig has n yeastar_phone resources with distinct MAC addresses, assigned in turn to
// the fake's extensions by literal ID (a data source lookup would add calls to what is counted).
func phoneConfig(n int) string {
	extensions := fakeyeastar.DefaultExtensions()
	var phones strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&phones, "    %q = %d\n", fmt.Sprintf("80:5E:C0:00:%02X:%02X", i>>8, i&0xff), extensions[(i-1)%len(extensions)].ID)
	}
	return header + fmt.Sprintf(`
provider "yeastar" {}

locals {
  phones = {
%s  }
}

resource "yeastar_phone" "p" {
  for_each            = local.phones
  mac                 = each.key
  extension_id        = each.value
  vendor              = "Yealink"
  model               = "CP920"
  template_name       = "YSDP_YealinkCP"
  provisioning_method = "rps"
}
`, phones.String())
}

// phoneRun applies n new phones with a new fake PBX and state, then plans them as they exist.
// attribute runs the provider through the wrapper, which tells its processes apart.
func (b *bench) phoneRun(n int, latency time.Duration, attribute bool) (phoneRun, error) {
	providerDir, env := filepath.Dir(b.provider), []string(nil)
	if attribute {
		providerDir, env = b.wrapDir, []string{envWrap + "=" + b.provider, envAttribute + "=1"}
	}
	dir, err := b.workspace(phoneConfig(n), providerDir)
	if err != nil {
		return phoneRun{}, err
	}
	defer os.RemoveAll(dir)
	fake := fakeyeastar.New()
	fake.Latency = latency
	count := newCounter(fake)
	srv := httptest.NewServer(count)
	defer srv.Close()

	var run phoneRun
	// One apply, as a user runs it: Terraform plans and applies in one command.
	if run.apply, err = b.terraformRun(dir, srv.URL, fake, []string{"apply", "-auto-approve", "-input=false", "-no-color", "-lock=false"}, env...); err != nil {
		return phoneRun{}, err
	}
	run.applied = count.take()
	if got := len(fake.Phones()); got != n {
		return phoneRun{}, fmt.Errorf("n=%d: after the apply the fake PBX holds %d phones", n, got)
	}
	// -detailed-exitcode fails the run when the plan of what was just applied is not empty.
	if run.refresh, err = b.terraformRun(dir, srv.URL, fake, []string{"plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"}, env...); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && exitErr.ExitCode() == 2 {
			return phoneRun{}, fmt.Errorf("n=%d: the plan after the apply is not empty: %w", n, err)
		}
		return phoneRun{}, err
	}
	run.refreshed = count.take()
	return run, nil
}

// phoneRow is one N: the fastest apply and plan at each latency, and what the runs broke.
type phoneRow struct {
	n                                int
	applyProcesses, refreshProcesses int // provider processes that called the PBX
	applyFloor, applySlow            phoneRun
	refreshFloor, refreshSlow        phoneRun
	missed                           []string
}

func (b *bench) runPhones(sizes []int, latency time.Duration, runs int) (string, error) {
	var rows []phoneRow
	for _, n := range sizes {
		row := phoneRow{n: n}
		// A first run through the wrapper counts the provider processes and each one's tokens:
		// Terraform's apply starts the provider for its plan walk and again for its apply walk.
		attributed, err := b.phoneRun(n, 0, true)
		if err != nil {
			return "", err
		}
		row.applyProcesses, row.refreshProcesses = len(attributed.applied.processes), len(attributed.refreshed.processes)
		row.missed = append(row.missed, tokenMisses(n, "apply", attributed.applied.processes)...)
		row.missed = append(row.missed, tokenMisses(n, "plan", attributed.refreshed.processes)...)

		var floors, slows []phoneRun
		for r := 0; r < runs; r++ {
			// Interleaved, so that drift in the machine's load hits both columns alike.
			for _, lat := range []time.Duration{0, latency} {
				run, err := b.phoneRun(n, lat, false)
				if err != nil {
					return "", err
				}
				row.missed = append(row.missed, row.callMisses(run)...)
				if lat == 0 {
					floors = append(floors, run)
				} else {
					slows = append(slows, run)
				}
			}
		}
		byApply := func(a, b phoneRun) int { return int(a.apply - b.apply) }
		byRefresh := func(a, b phoneRun) int { return int(a.refresh - b.refresh) }
		row.applyFloor, row.applySlow = slices.MinFunc(floors, byApply), slices.MinFunc(slows, byApply)
		row.refreshFloor, row.refreshSlow = slices.MinFunc(floors, byRefresh), slices.MinFunc(slows, byRefresh)
		row.missed = dedupe(row.missed)
		rows = append(rows, row)
		log.Printf("phones N=%d done", n)
	}
	report := formatPhoneReport(rows, latency, runs)
	var missed []string
	for _, r := range rows {
		missed = append(missed, r.missed...)
	}
	if len(missed) > 0 {
		return report, fmt.Errorf("phone targets missed: %s", strings.Join(missed, "; "))
	}
	return report, nil
}

// tokenMisses names the provider processes of an attributed command that took more than one
// token. Every process that called the PBX took one, so a command's total is its processes'.
func tokenMisses(n int, command string, processes []int) []string {
	var missed []string
	for _, tokens := range processes {
		if tokens > maxTokensPerProcess {
			missed = append(missed, fmt.Sprintf("N=%d %s: a provider process took %d tokens", n, command, tokens))
		}
	}
	return missed
}

// callMisses checks one unattributed run against the targets: no more tokens than the
// attributed run found processes, at most 3 create calls and exactly one batchcreate per phone,
// and a refresh with at most one phone/get and no search per phone.
func (r phoneRow) callMisses(run phoneRun) []string {
	var missed []string
	miss := func(format string, args ...any) {
		missed = append(missed, fmt.Sprintf("N=%d ", r.n)+fmt.Sprintf(format, args...))
	}
	a, p := run.applied, run.refreshed
	if got := a.stats.GetToken; got > maxTokensPerProcess*r.applyProcesses {
		miss("apply took %d tokens in %d provider processes", got, r.applyProcesses)
	}
	if got := p.stats.GetToken; got > maxTokensPerProcess*r.refreshProcesses {
		miss("plan took %d tokens in %d provider processes", got, r.refreshProcesses)
	}
	if got := a.stats.Endpoints["phone/batchcreate"]; got != r.n {
		miss("apply sent %d phone/batchcreate for %d phones", got, r.n)
	}
	if got := a.creates(); got > maxCreateCalls*r.n {
		miss("creates made %d calls, over %d per phone", got, maxCreateCalls)
	}
	if got := p.stats.Endpoints["phone/get"]; got > maxRefreshGets*r.n {
		miss("refresh made %d phone/get, over %d per phone", got, maxRefreshGets)
	}
	if got := p.stats.Endpoints["phone/search"]; got > maxRefreshSearches*r.n {
		miss("refresh made %d phone/search", got)
	}
	return missed
}

func dedupe(list []string) []string {
	slices.Sort(list)
	return slices.Compact(list)
}

// expectedOverhead is the round trips a command should wait for, one after another: per
// provider process, the token, the longest chain of plan-time lookups when it made any (cached:
// only the first resources wait for them) and the revocation at exit; and the trips of each
// round of Terraform's parallelism.
func expectedOverhead(latency time.Duration, n, processes int, counts phoneCounts, trips int) time.Duration {
	rounds := int(math.Ceil(float64(n) / terraformParallelism))
	chain := 0
	if counts.lookups() > 0 {
		chain = lookupChain
	}
	return latency * time.Duration(processes*(2+chain)+trips*rounds)
}

func perPhone(calls, n int) string {
	return strconv.FormatFloat(float64(calls)/float64(n), 'f', 2, 64)
}

func verdict(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

func formatPhoneReport(rows []phoneRow, latency time.Duration, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "`yeastar_phone` resources (for_each over N MAC addresses): `terraform apply -auto-approve` of N new phones against a new fake PBX and state, then `terraform plan` of the N phones as they exist; fastest of %d per cell, calls as the fastest run at %s made them.\n\n", runs, ms(latency))
	fmt.Fprintf(&b, "| N new phones | provider processes | get_token (revoked) | batchcreate / phone | search by MAC / phone | phone/get / phone | create calls / phone (≤ %d) | plan-time lookups | targets met | apply at 0 ms (floor) | apply at %s | overhead | expected overhead | overhead / expected |\n", maxCreateCalls, ms(latency))
	b.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range rows {
		a := r.applySlow.applied
		overhead := r.applySlow.apply - r.applyFloor.apply
		expected := expectedOverhead(latency, r.n, r.applyProcesses, a, createTrips)
		fmt.Fprintf(&b, "| %d | %d | %d (%d) | %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %.2fx |\n",
			r.n, r.applyProcesses, a.stats.GetToken, a.stats.DelToken, perPhone(a.stats.Endpoints["phone/batchcreate"], r.n), perPhone(a.byMAC, r.n),
			perPhone(a.stats.Endpoints["phone/get"], r.n), perPhone(a.creates(), r.n), a.lookups(), verdict(len(r.missed) == 0),
			ms(r.applyFloor.apply), ms(r.applySlow.apply), ms(overhead), ms(expected), float64(overhead)/float64(expected))
	}
	fmt.Fprintf(&b, "\n| N existing phones | provider processes | get_token (revoked) | phone/get / phone (≤ %d) | phone/search / phone (%d) | plan at 0 ms (floor) | plan at %s | overhead | expected overhead | overhead / expected |\n", maxRefreshGets, maxRefreshSearches, ms(latency))
	b.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range rows {
		p := r.refreshSlow.refreshed
		overhead := r.refreshSlow.refresh - r.refreshFloor.refresh
		expected := expectedOverhead(latency, r.n, r.refreshProcesses, p, refreshTrips)
		fmt.Fprintf(&b, "| %d | %d | %d (%d) | %s | %s | %s | %s | %s | %s | %.2fx |\n",
			r.n, r.refreshProcesses, p.stats.GetToken, p.stats.DelToken, perPhone(p.stats.Endpoints["phone/get"], r.n), perPhone(p.stats.Endpoints["phone/search"], r.n),
			ms(r.refreshFloor.refresh), ms(r.refreshSlow.refresh), ms(overhead), ms(expected), float64(overhead)/float64(expected))
	}
	fmt.Fprintf(&b, "\nProvider processes are those that called the PBX, counted in a separate run through a wrapper; each must take at most one token, and revokes it as it exits. "+
		"Create calls = batchcreate + the search for the new phone's MAC address + phone/get. Plan-time lookups are the requests of the checks "+
		"that fail a bad plan early (compatibility menus, pages of extension/list, pages of the phone listing), cached per process and run concurrently; "+
		"Terraform's apply makes them in its plan walk and again in its apply walk. "+
		"Expected overhead = latency x (processes x (2 + %d when it made lookups) + %d per create or %d per refresh x ceil(N / %d)): "+
		"per process the token, the longest chain of lookups (vendors, models, then templates and methods) and the revocation; "+
		"then the calls of each round of %d resources. Latency hides partly behind Terraform's own work for large N, so the ratio may fall below 1.\n",
		lookupChain, createTrips, refreshTrips, terraformParallelism, terraformParallelism)
	return b.String()
}
