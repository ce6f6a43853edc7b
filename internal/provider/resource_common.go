package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// This file holds what the resources share: concurrent plan-time checks, the identity that
// names a resource by the PBX's ID, and the advice to import what is already on the PBX.

// checkGroup runs plan-time checks concurrently and gathers their diagnostics in the order the
// checks were started, so that the output does not depend on which answer came first.
type checkGroup struct {
	wg      sync.WaitGroup
	results []*diag.Diagnostics
}

func (g *checkGroup) run(check func(*diag.Diagnostics)) {
	diags := &diag.Diagnostics{}
	g.results = append(g.results, diags)
	g.wg.Go(func() { check(diags) })
}

func (g *checkGroup) wait() diag.Diagnostics {
	g.wg.Wait()
	var all diag.Diagnostics
	for _, d := range g.results {
		all.Append(*d...)
	}
	return all
}

// idIdentityModel is the resource identity (Terraform 1.12 and later) of a resource the PBX
// gives an ID that never changes: that ID, as a string.
type idIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// idIdentitySchema is the identity schema of idIdentityModel; description says what the ID is.
func idIdentitySchema(description string) identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{Description: description, RequiredForImport: true},
	}}
}

// importedIdentityID reads the ID of an import by resource identity. what names the resource's
// object ("phone") and example where to find an ID, for the diagnostic of an ID that is not a
// number.
func importedIdentityID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics, what, example string) (string, bool) {
	var identity idIdentityModel
	diags.Append(req.Identity.Get(ctx, &identity)...)
	if diags.HasError() {
		return "", false
	}
	given := identity.ID.ValueString()
	if id, err := strconv.Atoi(given); err != nil || id <= 0 {
		diags.AddAttributeError(path.Root("id"), fmt.Sprintf("Invalid %s identity", what),
			fmt.Sprintf("The identity's id is a %s ID such as \"17\" (%s); got %q.", what, example, given))
		return "", false
	}
	return given, true
}

// importAdvice tells how to bring an object the PBX already holds under Terraform; importID is
// what the resource's import takes (an ID, a MAC address, an extension number).
func importAdvice(resourceType, importID string) string {
	return fmt.Sprintf("To manage it with Terraform, import it: an import block (import { to = %s.NAME, id = %q }) or "+
		"terraform import %s.NAME %s.", resourceType, importID, resourceType, shellWord(importID))
}

// shellWord quotes an import ID for a shell command line where it needs it (a name with spaces).
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:@+/-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// stateRegistry records, per client (one per provider configuration, so per PBX), the keys of
// the objects of one resource type that this run's state holds, as Terraform shows them to
// the provider: Read (refresh, import) and ModifyPlan with a prior state, the plan of a destroy
// included. The phone resource keeps one of PBX IDs (managedPhones, whose comment tells its
// limits), the extension resource another (managedExtensions), and plannedReleases records the
// numbers and e-mail addresses that the extensions of a plan give up.
type stateRegistry[K comparable] struct {
	mu   sync.Mutex
	keys map[*yeastar.Client]map[K]bool
}

// inState records a key that the state holds.
func (r *stateRegistry[K]) inState(c *yeastar.Client, key K) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.keys == nil {
		r.keys = map[*yeastar.Client]map[K]bool{}
	}
	if r.keys[c] == nil {
		r.keys[c] = map[K]bool{}
	}
	r.keys[c][key] = true
}

// managed reports whether the state holds the object.
func (r *stateRegistry[K]) managed(c *yeastar.Client, key K) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.keys[c][key]
}

// forget drops what was recorded with a client that is closed.
func (r *stateRegistry[K]) forget(c *yeastar.Client) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.keys, c)
}

// seenWithin is how long seenSoon waits for Terraform to show the provider the instance that
// holds an object, since it refreshes and plans instances concurrently. It only delays a plan
// that fails anyway.
const seenWithin = 1500 * time.Millisecond

// seenSoon reports whether the state holds the object, waiting up to seenWithin for Terraform,
// which refreshes and plans instances concurrently, to show it to the provider. It only delays
// a plan that fails anyway.
func (r *stateRegistry[K]) seenSoon(ctx context.Context, c *yeastar.Client, key K) bool {
	deadline := time.Now().Add(seenWithin)
	for !r.managed(c, key) {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

// disappearance is what Read needs to confirm that an object the PBX called unknown is gone.
// The vendor leaves that answer unconfirmed, so the object leaves the state only once a search
// by its key (a phone's MAC address, an extension's number) agrees.
type disappearance struct {
	// getCall names the read that called the ID unknown, e.g. "phone/get".
	getCall, kind string
	id            int
	// key is the object's key in the state; empty after an import by an ID the PBX does not
	// know, when there is nothing to search for.
	key string
	// find searches the PBX by key: the ID it holds the key under and the key as it lists it,
	// or found false.
	find func(ctx context.Context) (foundID int, listedKey string, found bool, err error)
	// listedAs says how the search lists the key, e.g. "with MAC address 80:5E:C0:11:22:33".
	listedAs func(listedKey string) string
	// recreated is the warning for a key the PBX now holds under another ID.
	recreated func(foundID int, listedKey string) (summary, detail string)
}

// confirmGone removes the object from the state when a search agrees that it is gone. Found
// under its own ID, the PBX answered inconsistently and nothing changes; found under another
// ID, it was re-added outside Terraform: it leaves the state with a warning saying how to
// manage the new one.
func confirmGone(ctx context.Context, resp *resource.ReadResponse, d disappearance) {
	if d.key == "" {
		resp.State.RemoveResource(ctx)
		return
	}
	foundID, listedKey, found, err := d.find(ctx)
	switch {
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
	case !found:
		resp.State.RemoveResource(ctx)
	case foundID == d.id:
		resp.Diagnostics.AddError("Yeastar PBX answered inconsistently",
			fmt.Sprintf("%s said %s ID %d does not exist, but a search lists it %s. Nothing was changed; try again.",
				d.getCall, d.kind, d.id, d.listedAs(listedKey)))
	default:
		resp.Diagnostics.AddWarning(d.recreated(foundID, listedKey))
		resp.State.RemoveResource(ctx)
	}
}
