package provider

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// Joiners, movers and leavers. The staff list names a person by their e-mail address, so one
// edit of it can move an extension number or an e-mail address from one yeastar_extension to
// another: a new person on a leaver's number, two people swapping numbers, a leaver's address
// given to a joiner. Terraform applies the instances concurrently and in no order that helps
// (it may start deleting the leaver's extension before it updates the phone that uses it), and
// the PBX holds a number and an address once. So, within one apply:
//
//   - a number that an instance wants and another gives up passes between them through
//     extensionHandover: the extension that held it is not deleted but taken over, and reset in
//     place (every field from the configuration, every secret new, the same PBX ID, its phones
//     kept), so that nothing waits for a delete that waits for a phone that waits for a create;
//   - a value still held by another extension is waited for, up to handoverWait, since the
//     instance that gives it up may be applied at the same time;
//   - plan-time checks count a value that another instance gives up in the same plan
//     (plannedReleases) as free.
//
// Everything here lives in one provider process: Terraform runs each plan and each apply in a
// new one, so nothing is carried from the plan to the apply.

// handoverWait bounds how long an apply waits for another extension of the same apply to let go
// of a number or an e-mail address, or for a phone to move off an extension being deleted. It
// only delays an apply that fails anyway.
var handoverWait = 60 * time.Second

// phoneMoveWait bounds how long a renumber waits for the phones of the person's old extension to
// move off it on their own (a phone that names its extension by number), before it moves them.
var phoneMoveWait = 10 * time.Second

// plannedPhoneMoves records, per client, the phones (by ID) whose extension a yeastar_phone of
// this process plans to change: a renumber waits for those to move off the person's old
// extension on their own, and moves the others itself at once.
var plannedPhoneMoves = &stateRegistry[int]{}

// releaseWait bounds how long a plan (or the plan Terraform makes again at apply) waits for
// another instance to show that it gives up a number or address; it only delays a plan that
// fails anyway.
var releaseWait = 10 * time.Second

type handoverKey struct {
	client *yeastar.Client
	number string
}

// numberHandover passes extension numbers between the instances of one apply.
type numberHandover struct {
	mu sync.Mutex
	// wanted counts, per number, the instances waiting to create or take it.
	wanted map[handoverKey]int
	// offered holds the ID of the extension that an instance gave up, per number, until an
	// instance that wants the number takes it.
	offered map[handoverKey]int
}

var extensionHandover = &numberHandover{wanted: map[handoverKey]int{}, offered: map[handoverKey]int{}}

// want records that an instance waits for number; the returned function ends the wait.
func (h *numberHandover) want(c *yeastar.Client, number string) (done func()) {
	key := handoverKey{c, number}
	h.mu.Lock()
	h.wanted[key]++
	h.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			if h.wanted[key]--; h.wanted[key] <= 0 {
				delete(h.wanted, key)
			}
		})
	}
}

// isWanted reports whether an instance waits for number.
func (h *numberHandover) isWanted(c *yeastar.Client, number string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.wanted[handoverKey{c, number}] > 0
}

// offer gives up extension id, which holds number, to the instance that wants the number.
func (h *numberHandover) offer(c *yeastar.Client, number string, id int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.offered[handoverKey{c, number}] = id
}

// isOffered reports whether an extension holding number has been given up.
func (h *numberHandover) isOffered(c *yeastar.Client, number string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	_, ok := h.offered[handoverKey{c, number}]
	return ok
}

// isGivenUp reports whether extension id has been given up under any number: whoever takes it
// resets its e-mail address too.
func (h *numberHandover) isGivenUp(c *yeastar.Client, id int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for key, offered := range h.offered {
		if key.client == c && offered == id {
			return true
		}
	}
	return false
}

// offeredID returns the ID of the extension given up under number, without claiming it: 0 for
// none.
func (h *numberHandover) offeredID(c *yeastar.Client, number string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.offered[handoverKey{c, number}]
}

// withdraw takes back extension id, given up under number, unless an instance has taken it: it
// reports whether the extension is still the caller's.
func (h *numberHandover) withdraw(c *yeastar.Client, number string, id int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := handoverKey{c, number}
	if offered, ok := h.offered[key]; ok && offered == id {
		delete(h.offered, key)
		return true
	}
	return false
}

// take claims the extension given up under number, if there is one.
func (h *numberHandover) take(c *yeastar.Client, number string) (int, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := handoverKey{c, number}
	id, ok := h.offered[key]
	delete(h.offered, key)
	return id, ok
}

// forget drops what was recorded with a client that is closed.
func (h *numberHandover) forget(c *yeastar.Client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for key := range h.wanted {
		if key.client == c {
			delete(h.wanted, key)
		}
	}
	for key := range h.offered {
		if key.client == c {
			delete(h.offered, key)
		}
	}
}

// A new person on a leaver's number, agreed at plan. The desk phones and the teams refer to the
// extensions, and the guides make the extensions create_before_destroy, so that Terraform moves a
// leaver's phones and takes them out of their teams before it deletes their extension (which the
// PBX refuses while something uses it). The joiner who takes the leaver's number over must then
// not wait for the leaver's delete: the plan makes the agreement instead. The leaver's destroy is
// planned with a takeover marker in its private state when a new extension of the same plan
// claims the number, and the joiner's plan gets the leaver's extension ID as its own planned
// id. Its teams and phones then plan no change, and so nothing orders the leaver's delete after
// the joiner's create; at apply the delete hands the extension over (waiting for the joiner to
// take it) instead of deleting it.

// takeoverKey is the private state key of a destroy whose number a new extension takes over.
const takeoverKey = "takeover"

// plannedTakeovers records, per client and number, the extension whose destroy this plan turns
// into a takeover by a new extension.
var plannedTakeovers = &numberIDs{ids: map[handoverKey]int{}}

// createdExtensions records, per client and number, the extension that an instance of this
// apply created or took over, so that a desk phone that names it by number needs no search.
var createdExtensions = &numberIDs{ids: map[handoverKey]int{}}

// numberIDs maps extension numbers to extension IDs, per client.
type numberIDs struct {
	mu  sync.Mutex
	ids map[handoverKey]int
}

func (t *numberIDs) agree(c *yeastar.Client, number string, id int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ids[handoverKey{c, number}] = id
}

func (t *numberIDs) agreed(c *yeastar.Client, number string) (int, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	id, ok := t.ids[handoverKey{c, number}]
	return id, ok
}

func (t *numberIDs) forget(c *yeastar.Client) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for key := range t.ids {
		if key.client == c {
			delete(t.ids, key)
		}
	}
}

// lastExtensionPlan is when the latest plan of an extension began (Unix nanoseconds).
var lastExtensionPlan atomic.Int64

// planQuiet and claimWait bound how long the plan of a destroy waits for a new extension of the
// same plan to claim its number: until no extension plan has begun for planQuiet (Terraform
// plans the instances concurrently, and has then planned every one it could), or claimWait.
const (
	planQuiet = 250 * time.Millisecond
	claimWait = 3 * time.Second
)

// awaitNewHolder reports whether a new extension of this plan claims number, waiting while
// other extensions are still being planned.
func awaitNewHolder(ctx context.Context, c *yeastar.Client, number string) bool {
	deadline := time.Now().Add(claimWait)
	for {
		if plannedNewExtensions.claimed(c, "number", number) {
			return true
		}
		quiet := time.Since(time.Unix(0, lastExtensionPlan.Load())) >= planQuiet
		if quiet || time.Now().After(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// waitFor calls check with a growing pause (100 ms to 1 s) until it reports done or fails, or
// until within has passed or ctx is done; it reports whether check was done.
func waitFor(ctx context.Context, within time.Duration, check func() (done bool, err error)) (bool, error) {
	deadline := time.Now().Add(within)
	pause := 100 * time.Millisecond
	for {
		done, err := check()
		if done || err != nil {
			return done, err
		}
		if time.Now().Add(pause).After(deadline) {
			return false, nil
		}
		select {
		case <-ctx.Done():
			return false, nil
		case <-time.After(pause):
		}
		pause = min(pause*2, time.Second)
	}
}

// extensionReads records the extension IDs that Read has read with each client: Terraform reads
// each instance once per run, so an ID read twice is held at two addresses.
var extensionReads = &planClaims{}

// forgetClient drops everything the resources recorded for a client that is closed.
func forgetClient(c *yeastar.Client) {
	plannedNewExtensions.forget(c)
	plannedTakeovers.forget(c)
	createdExtensions.forget(c)
	plannedPhoneMoves.forget(c)
	plannedPhones.forget(c)
	extensionReads.forget(c)
	plannedReleases.forget(c)
	plannedDestroys.forget(c)
	extensionHandover.forget(c)
	managedExtensions.forget(c)
	managedPhones.forget(c)
}
