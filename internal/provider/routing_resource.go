package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// This file is the machinery the call-routing resources share (yeastar_ring_group,
// yeastar_queue, yeastar_ivr, and the trunks and routes of the issue "Calls in and out"): create
// through the client's at-most-once Create keyed by number or name, read with drift and a
// disappearance confirmed by a search, update of what changed, delete of what is gone or in use,
// import by key, by id:N and by identity, and the plan-time check that the key is free. Each
// resource adds its schema, its model and the mapping between the model and the client's object
// (a routingSpec), and its own plan-time checks.

// routingSpec is what one routing resource adds to the machinery. M is its model, T the
// client's object.
type routingSpec[M any, T any] struct {
	// typeName is the resource type ("yeastar_ring_group"), kind the client's.
	typeName string
	kind     yeastar.RoutingKind
	calls    func(*yeastar.Client) yeastar.Routing[T]
	schema   func() schema.Schema
	// identity describes the identity's id.
	identity string
	// keyPath is the key attribute ("number" or "name"); validKey tells an import ID that is a
	// key from one that is not, keyExample is one for messages.
	keyPath    string
	validKey   func(string) bool
	keyExample string
	// id and key point into a model.
	id  func(*M) *types.String
	key func(*M) *types.String
	// expand builds the object to send from a plan (or a state, for the prior object of an
	// update); config is the configuration, for attributes whose absence means "leave it".
	expand func(ctx context.Context, plan, config M) (T, diag.Diagnostics)
	// flatten copies what the PBX holds into a model; every attribute is read back, defaults
	// included, so that an import plans no change.
	flatten func(object T, into *M)
	// planChecks adds the kind's own checks against the PBX to a plan (destinations, members);
	// state is nil for a new object.
	planChecks func(ctx context.Context, client *yeastar.Client, plan, config M, state *M, checks *checkGroup)
	// validate checks a configuration without the PBX (rules between attributes); may be nil.
	validate func(ctx context.Context, config M, diags *diag.Diagnostics)
	// validateWriteOnly, when set, checks the write-only arguments of a configuration, knowing
	// whether the CLI supports them (Terraform and OpenTofu 1.11 and later).
	validateWriteOnly func(config M, writeOnlyAllowed bool, diags *diag.Diagnostics)
	// complete, when set, fills in what X/get does not answer (a route's position, which only
	// the listings carry), asking the PBX where it must.
	complete func(ctx context.Context, client *yeastar.Client, object *T) error
	// writeOnly, when set, puts the write-only secrets of the configuration into the object to
	// send: at create (state nil) and when their version changed. It checks them again at apply,
	// for values that were unknown during plan, and must never put a secret in a diagnostic.
	writeOnly func(plan, config M, state *M, into *T, diags *diag.Diagnostics)
}

// routingResource is a routing resource built from its spec.
type routingResource[M any, T any] struct {
	clientHolder
	spec *routingSpec[M, T]
}

var (
	_ resource.ResourceWithConfigure      = &routingResource[struct{}, struct{}]{}
	_ resource.ResourceWithModifyPlan     = &routingResource[struct{}, struct{}]{}
	_ resource.ResourceWithValidateConfig = &routingResource[struct{}, struct{}]{}
	_ resource.ResourceWithImportState    = &routingResource[struct{}, struct{}]{}
	_ resource.ResourceWithIdentity       = &routingResource[struct{}, struct{}]{}
)

// routingNumberPattern is a number of the routing objects: 1 to 7 digits.
var routingNumberPattern = regexp.MustCompile(`^[0-9]{1,7}$`)

// managedRouting records, per kind, the routing objects this run's state holds (see
// stateRegistry), so that a new object whose key one of them has is told apart from one
// outside Terraform.
var managedRouting = &routingRegistries{byKind: map[string]*stateRegistry[int]{}}

type routingRegistries struct {
	mu     sync.Mutex
	byKind map[string]*stateRegistry[int]
}

// of returns the registry of a kind, made on first use.
func (r *routingRegistries) of(kind yeastar.RoutingKind) *stateRegistry[int] {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byKind[kind.Path] == nil {
		r.byKind[kind.Path] = &stateRegistry[int]{}
	}
	return r.byKind[kind.Path]
}

func (r *routingResource[M, T]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + strings.TrimPrefix(r.spec.typeName, "yeastar")
}

func (r *routingResource[M, T]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.setProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *routingResource[M, T]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.spec.schema()
	resp.Schema.MarkdownDescription += routingPermissionsNote(r.spec.kind)
}

// routingPermissionsNote names the permissions a routing resource needs: its kind's, extension
// management for the extensions it names (members, agents, destinations), and system for the
// menus its plan-time checks read (the IDs of ring groups, queues, IVRs and prompts).
func routingPermissionsNote(kind yeastar.RoutingKind) string {
	return permissionsNote("extension management and system for the plan-time checks of the extensions, destinations and "+
		"prompts it names", kind.Permission(), permExtensions, permSystem)
}

func (r *routingResource[M, T]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema(r.spec.identity)
}

func (r *routingResource[M, T]) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if r.spec.validate == nil && r.spec.validateWriteOnly == nil {
		return
	}
	var config M
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.spec.validate != nil {
		r.spec.validate(ctx, config, &resp.Diagnostics)
	}
	if r.spec.validateWriteOnly != nil {
		r.spec.validateWriteOnly(config, req.ClientCapabilities.WriteOnlyAttributesAllowed, &resp.Diagnostics)
	}
}

// objectID is the PBX's ID of the object in a state.
func (r *routingResource[M, T]) objectID(m *M, diags *diag.Diagnostics) (int, bool) {
	given := r.spec.id(m).ValueString()
	id, err := strconv.Atoi(given)
	if err != nil {
		diags.AddAttributeError(path.Root("id"), "Invalid "+r.spec.kind.Noun+" ID",
			fmt.Sprintf("The %s ID in the state, %q, is not a number. Remove the resource from the state and import the %s again.",
				r.spec.kind.Noun, given, r.spec.kind.Noun))
		return 0, false
	}
	return id, true
}

// ModifyPlan checks against the PBX what only it knows: that a new object's key is free in
// the number space (or among the objects of its kind, for a key that is a name) and not taken
// by another resource of the same configuration, and the kind's own checks.
func (r *routingResource[M, T]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state *M
	if !req.State.Raw.IsNull() {
		state = new(M)
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if id, err := strconv.Atoi(r.spec.id(state).ValueString()); err == nil && r.client != nil {
			managedRouting.of(r.spec.kind).inState(r.client, id)
		}
	}
	if req.Plan.Raw.IsNull() {
		return // a destroy
	}
	if state != nil {
		// NOTE: when the object is replaced (a new number, or terraform apply -replace),
		// Terraform plans the new one in a second call without the prior state; the key check
		// must then know that the object holding the key is the one the replacement deletes first.
		replaced, _ := json.Marshal(r.spec.id(state).ValueString())
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedRoutingKey, replaced)...)
	}
	if r.client == nil {
		return // no client to check against: the PBX checks the values at apply
	}
	replacedID := ""
	if raw, diags := req.Private.GetKey(ctx, replacedRoutingKey); !diags.HasError() && raw != nil {
		_ = json.Unmarshal(raw, &replacedID)
	}
	if id, err := strconv.Atoi(replacedID); err == nil && state == nil {
		// For the kinds' own checks (a trunk's host and port, an inbound route's DIDs).
		ctx = context.WithValue(ctx, replacedObjectContext{}, id)
	}
	var plan, config M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = withClientLogging(ctx)
	var checks checkGroup
	if key := r.spec.key(&plan); state == nil && !key.IsUnknown() && !key.IsNull() {
		checks.run(func(diags *diag.Diagnostics) { r.checkKeyIsFree(ctx, key.ValueString(), replacedID, diags) })
	}
	r.spec.planChecks(ctx, r.client, plan, config, state, &checks)
	resp.Diagnostics.Append(checks.wait()...)
}

// replacedRoutingKey is the private state key under which ModifyPlan remembers, while an
// object is being replaced, the ID of the object that the replacement deletes first.
const replacedRoutingKey = "replaced_object"

// replacedObjectContext carries that ID to the kinds' own plan checks.
type replacedObjectContext struct{}

// replacedObjectID is the ID of the object that the object being planned replaces, or 0.
func replacedObjectID(ctx context.Context) int {
	id, _ := ctx.Value(replacedObjectContext{}).(int)
	return id
}

// checkKeyIsFree fails the plan of a new object whose key another resource of this
// configuration claims, or that the PBX already has (naming the holder, and for an object of
// this kind the import command). replacedID is the object this one replaces, which is deleted
// first and so not in the way.
func (r *routingResource[M, T]) checkKeyIsFree(ctx context.Context, key, replacedID string, diags *diag.Diagnostics) {
	kind, at := r.spec.kind, path.Root(r.spec.keyPath)
	claim := kind.KeyField
	if kind.KeyField == "name" {
		claim = kind.Path + " name" // names are unique per kind only
	}
	if other, free := plannedNewExtensions.claimAs(r.client, claim, key, r.spec.typeName); !free {
		diags.AddAttributeError(at, "Duplicate "+kind.KeyField,
			fmt.Sprintf("Another resource of this configuration (%s) also creates %s %s, and %s. Give each its own %s.",
				other, map[bool]string{true: "number", false: "a " + kind.Noun + " named"}[kind.KeyField == "number"], key,
				map[bool]string{true: "a number of the PBX's dial plan can belong to one extension, ring group, queue or IVR only", false: "names are unique"}[kind.KeyField == "number"],
				kind.KeyField))
		return
	}
	if kind.KeyField == "number" {
		holder, err := r.client.NumberHolder(ctx, key)
		switch {
		case err != nil:
			diags.Append(apiErrorDiagnostic(err))
		case holder != nil && holder.Kind == kind.Noun && strconv.Itoa(holder.ID) == replacedID:
		case holder != nil && holder.Kind == kind.Noun:
			r.objectExists(ctx, holder.ID, key, diags)
		case holder != nil:
			diags.AddAttributeError(at, "Number already taken", numberTakenDetail(key, *holder))
		}
		return
	}
	all, err := r.client.AllRouting(ctx, kind)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	for _, s := range all {
		if s.Key() == key {
			found, err := r.client.FindRoutingOne(ctx, kind, key)
			switch {
			case err != nil:
				diags.Append(apiErrorDiagnostic(err))
			case found != nil && strconv.Itoa(found.ID) != replacedID:
				r.objectExists(ctx, found.ID, key, diags)
			}
			return
		}
	}
}

// objectExists explains a key that an object of this kind on the PBX holds: managed under
// another address (a moved block), or outside Terraform (an import).
func (r *routingResource[M, T]) objectExists(ctx context.Context, id int, key string, diags *diag.Diagnostics) {
	kind, at := r.spec.kind, path.Root(r.spec.keyPath)
	if managedRouting.of(kind).seenSoon(ctx, r.client, id) {
		diags.AddAttributeError(at, strings.ToUpper(kind.Noun[:1])+kind.Noun[1:]+" already managed under another address",
			fmt.Sprintf("The PBX's %s %s (ID %d) is already managed by this configuration under another address, and Terraform "+
				"plans to destroy it there and create it again here. If the resource was renamed or its for_each key changed, add a "+
				"moved block from the old address (`terraform state list -id=%d` shows it) to this one rather than importing it.",
				kind.Noun, key, id, id))
		return
	}
	diags.AddAttributeError(at, strings.ToUpper(kind.Noun[:1])+kind.Noun[1:]+" already on the PBX", r.existsDetail(key, id))
}

func (r *routingResource[M, T]) existsDetail(key string, id int) string {
	kind := r.spec.kind
	return fmt.Sprintf("The PBX already has %s %s %s (ID %d), and a %s can exist only once. ", kind.Noun, kind.KeyField, key, id, kind.KeyField) +
		importAdvice(r.spec.typeName, key) + fmt.Sprintf(" Otherwise choose another %s, or delete that %s in the PBX web portal.", kind.KeyField, kind.Noun)
}

// numberTakenDetail explains a number that another kind of object holds.
func numberTakenDetail(number string, holder yeastar.NumberHolder) string {
	return fmt.Sprintf("Number %s is %s, and extensions, ring groups, queues and IVRs share the PBX's one dial plan: a number "+
		"belongs to one of them only. Choose another number, or give that %s another one first.", number, holder, holder.Kind)
}

func (r *routingResource[M, T]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedRoutingKey, nil)...)
	want, diags := r.spec.expand(ctx, plan, config)
	resp.Diagnostics.Append(diags...)
	if r.spec.writeOnly != nil {
		r.spec.writeOnly(plan, config, nil, &want, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	key := r.spec.key(&plan).ValueString()
	created, err := r.spec.calls(r.client).Create(ctx, want)
	var notRead *yeastar.AddedNotReadError
	switch {
	case errors.As(err, &notRead):
		// The PBX holds it: the state must too, or the next apply would find its key taken.
		*r.spec.id(&plan) = types.StringValue(strconv.Itoa(notRead.ID))
		r.spec.flatten(want, &plan)
		*r.spec.id(&plan) = types.StringValue(strconv.Itoa(notRead.ID))
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.Append(resp.Identity.Set(ctx, idIdentityModel{ID: types.StringValue(strconv.Itoa(notRead.ID))})...)
		resp.Diagnostics.AddWarning(fmt.Sprintf("%s created, but not read back", upperFirst(r.spec.kind.Noun)),
			fmt.Sprintf("The PBX created %s %s as ID %d, but reading it back failed. The next terraform plan or apply reads it.\n\n%v",
				r.spec.kind.Noun, key, notRead.ID, err))
		return
	case err != nil:
		resp.Diagnostics.Append(r.createDiagnostic(key, err))
		return
	}
	if err := r.completed(ctx, &created); err != nil {
		resp.Diagnostics.AddWarning(fmt.Sprintf("%s created, but not read back in full", upperFirst(r.spec.kind.Noun)),
			fmt.Sprintf("The PBX created %s %s, but reading what its get does not answer failed. The next terraform plan or apply reads it.\n\n%v",
				r.spec.kind.Noun, key, err))
	}
	var read M
	r.spec.flatten(created, &read)
	fillUnknown(&plan, read)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, idIdentityModel{ID: *r.spec.id(&plan)})...)
}

// createDiagnostic explains a failed create: the key taken by an object of this kind (at create
// or found after a lost answer), a number another kind holds, or any other failure.
func (r *routingResource[M, T]) createDiagnostic(key string, err error) diag.Diagnostic {
	kind, at := r.spec.kind, path.Root(r.spec.keyPath)
	var exists *yeastar.RoutingExistsError
	var taken *yeastar.NumberTakenError
	switch {
	case errors.As(err, &exists):
		detail := r.existsDetail(key, exists.ID)
		if len(exists.Differences) > 0 {
			detail = fmt.Sprintf("The answer to creating %s %s was lost, and the PBX now has one as ID %d, but it could not be "+
				"confirmed as this configuration's: %s. Nothing else was created. ", kind.Noun, key, exists.ID,
				strings.Join(exists.Differences, ", ")) + detail
		}
		return diag.NewAttributeErrorDiagnostic(at, upperFirst(kind.Noun)+" already on the PBX", detail)
	case errors.As(err, &taken) && taken.Holder.ID == 0 && taken.Holder.Kind != "":
		return diag.NewAttributeErrorDiagnostic(at, "Number already taken",
			fmt.Sprintf("The PBX refused number %s at create: it is %s, which the API does not list, so the plan could not "+
				"check it. Choose another number. Nothing was created.\n\n%v", key, taken.Holder, err))
	case errors.As(err, &taken) && taken.Holder.Kind != "":
		return diag.NewAttributeErrorDiagnostic(at, "Number already taken", numberTakenDetail(key, taken.Holder)+"\n\n"+err.Error())
	case errors.As(err, &taken):
		return diag.NewAttributeErrorDiagnostic(at, "Number already taken",
			fmt.Sprintf("The PBX refused number %s as taken by an object this provider does not list (a conference room or a paging "+
				"group, say). Choose another number.\n\n%v", key, err))
	}
	return apiErrorDiagnostic(fmt.Errorf("creating %s %s: %w", kind.Noun, key, err))
}

func (r *routingResource[M, T]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	// NOTE: set before anything can return early (see ExtensionResource.Read).
	resp.Diagnostics.Append(resp.Identity.Set(ctx, idIdentityModel{ID: *r.spec.id(&state)})...)
	id, ok := r.objectID(&state, &resp.Diagnostics)
	if !ok {
		return
	}
	object, err := r.spec.calls(r.client).Get(ctx, id)
	if yeastar.IsRoutingNotFound(err) {
		r.confirmGone(ctx, id, r.spec.key(&state).ValueString(), resp)
		return
	}
	if err == nil {
		err = r.completed(ctx, &object)
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
		return
	}
	managedRouting.of(r.spec.kind).inState(r.client, id)
	r.spec.flatten(object, &state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// confirmGone removes an object the PBX called unknown from the state once a search by its key
// agrees.
func (r *routingResource[M, T]) confirmGone(ctx context.Context, id int, key string, resp *resource.ReadResponse) {
	kind := r.spec.kind
	confirmGone(ctx, resp, disappearance{
		getCall: kind.Path + "/get", kind: kind.Noun, id: id, key: key,
		find: func(ctx context.Context) (int, string, bool, error) {
			found, err := r.client.FindRoutingOne(ctx, kind, key)
			if err != nil || found == nil {
				return 0, "", false, err
			}
			return found.ID, found.Key(), true, nil
		},
		listedAs: func(key string) string { return fmt.Sprintf("with %s %s", kind.KeyField, key) },
		recreated: func(foundID int, key string) (string, string) {
			return upperFirst(kind.Noun) + " was re-created on the PBX under another ID",
				fmt.Sprintf("%s ID %d is gone, and the PBX now has %s %s as ID %d, created outside Terraform. It was removed from the "+
					"state, so the next plan creates it and fails because the %s is taken. To manage the new one instead, import it: "+
					"terraform import <address> %s.", upperFirst(kind.Noun), id, kind.Noun, key, foundID, kind.KeyField, key)
		},
	})
}

func (r *routingResource[M, T]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedRoutingKey, nil)...)
	id, ok := r.objectID(&state, &resp.Diagnostics)
	if !ok {
		return
	}
	want, diags := r.spec.expand(ctx, plan, config)
	resp.Diagnostics.Append(diags...)
	prior, diags := r.spec.expand(ctx, state, state)
	resp.Diagnostics.Append(diags...)
	if r.spec.writeOnly != nil {
		r.spec.writeOnly(plan, config, &state, &want, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	calls := r.spec.calls(r.client)
	key := r.spec.key(&state).ValueString()
	if err := calls.Update(ctx, id, prior, want); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Errorf("updating %s %s (ID %d): %w", r.spec.kind.Noun, key, id, err)))
		return
	}
	if !fullyKnown(plan) {
		object, err := calls.Get(ctx, id)
		if err == nil {
			err = r.completed(ctx, &object)
		}
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Errorf("reading %s %s (ID %d) back after the update: %w", r.spec.kind.Noun, key, id, err)))
			return
		}
		var read M
		r.spec.flatten(object, &read)
		fillUnknown(&plan, read)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, idIdentityModel{ID: *r.spec.id(&state)})...)
}

func (r *routingResource[M, T]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	id, ok := r.objectID(&state, &resp.Diagnostics)
	if !ok {
		return
	}
	kind, key := r.spec.kind, r.spec.key(&state).ValueString()
	err := r.client.DeleteRouting(withClientLogging(ctx), kind, id)
	var inUse *yeastar.RoutingInUseError
	switch {
	case errors.As(err, &inUse):
		resp.Diagnostics.AddError(upperFirst(kind.Noun)+" still in use", routingInUseDetail(kind, key, id, inUse))
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Errorf("deleting %s %s (ID %d): %w", kind.Noun, key, id, err)))
	}
}

func routingInUseDetail(kind yeastar.RoutingKind, key string, id int, inUse *yeastar.RoutingInUseError) string {
	var b strings.Builder
	if kind.Path == yeastar.KindTrunk.Path {
		fmt.Fprintf(&b, "The PBX refused to delete %s %s (ID %d) because a route still takes calls through it", kind.Noun, key, id)
		if len(inUse.UsedBy) > 0 {
			fmt.Fprintf(&b, ": %s. ", strings.Join(inUse.UsedBy, "; "))
		} else {
			b.WriteString(" (an inbound or outbound route of the PBX). ")
		}
		b.WriteString("Remove the trunk from those routes' trunk_ids first (or delete the routes), in Terraform or in the PBX web " +
			"portal, then run terraform destroy (or apply) again. Nothing was deleted.")
		fmt.Fprintf(&b, "\n\n%v", inUse.Err)
		return b.String()
	}
	fmt.Fprintf(&b, "The PBX refused to delete %s %s (ID %d) because something still sends calls to it", kind.Noun, key, id)
	if len(inUse.UsedBy) > 0 {
		fmt.Fprintf(&b, ": %s. ", strings.Join(inUse.UsedBy, "; "))
	} else {
		b.WriteString(" (an inbound route, an IVR key, a failover or another object of the PBX). ")
	}
	b.WriteString("Point those destinations elsewhere first, in Terraform (a destination's type and id) or in the PBX web portal, " +
		"then run terraform destroy (or apply) again. Nothing was deleted.")
	fmt.Fprintf(&b, "\n\n%v", inUse.Err)
	return b.String()
}

// ImportState takes the object's key (a number such as 6400), its ID with the prefix id:
// (id:3), or an identity.
func (r *routingResource[M, T]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	kind := r.spec.kind
	given := strings.TrimSpace(req.ID)
	if req.ID == "" && req.Identity != nil {
		id, ok := importedIdentityID(ctx, req, &resp.Diagnostics, kind.Noun, "the id attribute of a "+r.spec.typeName+", not its "+kind.KeyField)
		if ok {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		}
		return
	}
	if rest, ok := strings.CutPrefix(given, extensionIDImportPrefix); ok {
		if id, err := strconv.Atoi(rest); err != nil || id <= 0 {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("After %q comes a %s ID, a number such as id:3; got %q.", extensionIDImportPrefix, kind.Noun, req.ID))
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), rest)...)
		return
	}
	if !r.spec.validKey(given) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Import a %s by its %s (for example %s) or by its ID with the prefix %q (for example %s3); got %q.",
				r.spec.typeName, kind.KeyField, r.spec.keyExample, extensionIDImportPrefix, extensionIDImportPrefix, req.ID))
		return
	}
	if !r.ready(&resp.Diagnostics) {
		return
	}
	found, err := r.client.FindRoutingOne(withClientLogging(ctx), kind, given)
	switch {
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
	case found == nil:
		resp.Diagnostics.AddError("No "+kind.Noun+" with this "+kind.KeyField,
			fmt.Sprintf("The PBX has no %s with %s %s. Check it, or import by ID with the prefix %q (for example %s3).",
				kind.Noun, kind.KeyField, given, extensionIDImportPrefix, extensionIDImportPrefix))
	default:
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.Itoa(found.ID))...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(r.spec.keyPath), found.Key())...)
	}
}

// completed runs the spec's complete, when it has one.
func (r *routingResource[M, T]) completed(ctx context.Context, object *T) error {
	if r.spec.complete == nil {
		return nil
	}
	return r.spec.complete(ctx, r.client, object)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// fullyKnown reports whether every attribute of a model is known, nested values included.
func fullyKnown[M any](m M) bool {
	v := reflect.ValueOf(m)
	for i := range v.NumField() {
		if value, ok := v.Field(i).Interface().(attr.Value); ok && !valueKnown(value) {
			return false
		}
	}
	return true
}

// fillUnknown sets every attribute of plan that is not fully known to read's value: the
// computed values the PBX chose, and only those.
func fillUnknown[M any](plan *M, read M) {
	p, r := reflect.ValueOf(plan).Elem(), reflect.ValueOf(read)
	for i := range p.NumField() {
		if value, ok := p.Field(i).Interface().(attr.Value); ok && !valueKnown(value) {
			p.Field(i).Set(r.Field(i))
		}
	}
}

func valueKnown(v attr.Value) bool {
	if v.IsUnknown() {
		return false
	}
	tv, err := v.ToTerraformValue(context.Background())
	return err == nil && tv.IsFullyKnown()
}

// memberIDsFrom reads a list of extension IDs; nil while any is unknown.
func memberIDsFrom(ctx context.Context, list types.List, at path.Path, diags *diag.Diagnostics) []int {
	if list.IsNull() {
		return []int{}
	}
	if list.IsUnknown() {
		return nil
	}
	var values []types.String
	diags.Append(list.ElementsAs(ctx, &values, false)...)
	ids := make([]int, 0, len(values))
	for i, v := range values {
		if v.IsUnknown() {
			return nil
		}
		id, err := strconv.Atoi(v.ValueString())
		if err != nil || id <= 0 {
			diags.AddAttributeError(at.AtListIndex(i), "Invalid extension ID",
				fmt.Sprintf("%s: %q is not an extension ID: use the id attribute of a yeastar_extension or of the yeastar_extension "+
					"data source (not the extension number).", at.AtListIndex(i), v.ValueString()))
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// memberIDList is a list of extension IDs as the state holds it.
func memberIDList(ids []int) types.List {
	values := make([]attr.Value, len(ids))
	for i, id := range ids {
		values[i] = types.StringValue(strconv.Itoa(id))
	}
	return types.ListValueMust(types.StringType, values)
}

// checkMembers checks, at plan, that every known extension ID of a member list is an extension
// the PBX has.
func checkMembers(ctx context.Context, client *yeastar.Client, at path.Path, list types.List, diags *diag.Diagnostics) {
	if list.IsNull() || list.IsUnknown() {
		return
	}
	var values []types.String
	if list.ElementsAs(ctx, &values, false).HasError() {
		return
	}
	all, err := client.AllExtensions(ctx)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	known := map[string]bool{}
	for _, e := range all {
		known[strconv.Itoa(e.ID)] = true
	}
	for i, v := range values {
		if id, err := strconv.Atoi(v.ValueString()); v.IsUnknown() || v.IsNull() || err != nil || id <= 0 || known[v.ValueString()] {
			continue // unknown until apply, or not an ID (validExtensionID says so)
		}
		detail := fmt.Sprintf("%s: the PBX has no extension with ID %q.", at.AtListIndex(i), v.ValueString())
		if holder := otherHolderOfID(ctx, client, "", v.ValueString()); holder != "" {
			detail += fmt.Sprintf(" (ID %s is %s: members are extensions only.)", v.ValueString(), holder)
		}
		diags.AddAttributeError(at.AtListIndex(i), "Unknown extension", detail+
			" Use the id attribute of a yeastar_extension or of the yeastar_extension data source, not the extension number.")
	}
}
