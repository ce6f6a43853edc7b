package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var (
	_ resource.ResourceWithConfigure   = &IVRKeyResource{}
	_ resource.ResourceWithModifyPlan  = &IVRKeyResource{}
	_ resource.ResourceWithImportState = &IVRKeyResource{}
)

const ivrKeyResourceType = "yeastar_ivr_key"

// NewIVRKeyResource returns the yeastar_ivr_key resource.
func NewIVRKeyResource() resource.Resource { return &IVRKeyResource{} }

// IVRKeyResource is one key of an IVR whose keys the yeastar_ivr leaves alone, as
// aws_security_group_rule is one rule of a security group. It lets a queue fail over to the
// IVR that sends calls to it without a dependency cycle.
type IVRKeyResource struct{ clientHolder }

type ivrKeyModel struct {
	ID          types.String `tfsdk:"id"`
	IVRID       types.String `tfsdk:"ivr_id"`
	Key         types.String `tfsdk:"key"`
	Destination types.Object `tfsdk:"destination"`
}

func (r *IVRKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ivr_key"
}

func (r *IVRKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.setProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *IVRKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One key of an IVR whose `keys` argument is unset, as `aws_security_group_rule` is one rule of a " +
			"security group. It lets the main menu's key 1 send calls to the sales queue while the queue fails over back to the " +
			"main menu, in one apply and without a dependency cycle: the IVR, then the queue, then the key. Destroying it clears " +
			"the key first, so that nothing is deleted while a key still sends calls to it." +
			routingPermissionsNote(yeastar.KindIVR),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The IVR's ID and the key, joined by a slash: `\"3/1\"`, which is also the import ID.",
				Computed:            true,
				PlanModifiers:       keepState(),
			},
			"ivr_id": schema.StringAttribute{
				MarkdownDescription: "The IVR's ID, the `id` of a `yeastar_ivr` whose `keys` is unset. Changing it replaces the key.",
				Required:            true,
				Validators:          []validator.String{validObjectID("IVR")},
				PlanModifiers:       replace,
			},
			"key": schema.StringAttribute{
				MarkdownDescription: "The key, `\"0\"` to `\"9\"`. A key that already has a destination on the PBX fails the plan, " +
					"naming it and the import command. Changing it replaces the key.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(yeastar.IVRKeys...)},
				PlanModifiers: replace,
			},
			"destination": schema.SingleNestedAttribute{
				MarkdownDescription: "Where a caller who presses the key goes. " + destinationDocs,
				Required:            true,
				Attributes:          destinationAttributes(),
				Validators:          []validator.Object{destinationRules{}},
			},
		},
	}
}

// validObjectID checks the ID of an object of the PBX: a positive number.
func validObjectID(noun string) validator.String {
	return stringCheck{
		description: "must be an ID such as \"3\"",
		summary:     "Invalid " + noun + " ID",
		check: func(s string) error {
			if id, err := strconv.Atoi(s); err != nil || id <= 0 {
				return fmt.Errorf("an %s ID is a positive number such as \"3\" (the id of a %s, not its number); got %q", noun, ivrResourceType, s)
			}
			return nil
		},
	}
}

func ivrKeyID(ivrID, key string) types.String { return types.StringValue(ivrID + "/" + key) }

// ModifyPlan checks against the PBX, where the IVR is known: that its configuration does not
// set keys, that no other resource of this configuration manages the key, that the key has no
// destination yet, and that the destination exists.
func (r *IVRKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan ivrKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = withClientLogging(ctx)
	isNew := req.State.Raw.IsNull()
	var checks checkGroup
	if d, ok := destinationFrom(ctx, plan.Destination); ok {
		checks.run(func(diags *diag.Diagnostics) { checkDestination(ctx, r.client, path.Root("destination"), d, diags) })
	}
	if !plan.IVRID.IsUnknown() && !plan.Key.IsUnknown() {
		ivrID, key := plan.IVRID.ValueString(), plan.Key.ValueString()
		checks.run(func(diags *diag.Diagnostics) { r.checkKey(ctx, ivrID, key, isNew, diags) })
	}
	resp.Diagnostics.Append(checks.wait()...)
}

func (r *IVRKeyResource) checkKey(ctx context.Context, ivrID, key string, isNew bool, diags *diag.Diagnostics) {
	id, err := strconv.Atoi(ivrID)
	if err != nil {
		return // validObjectID says so
	}
	if number, managed := ivrsManagingKeys.owner(r.client, id); managed {
		diags.AddAttributeError(path.Root("ivr_id"), "IVR keys managed twice",
			fmt.Sprintf("The yeastar_ivr of IVR %s (ID %d) sets keys, which makes its keys exactly those, and this yeastar_ivr_key "+
				"sets key %s of it too: the two would undo each other on every apply. Either remove keys from the yeastar_ivr (its "+
				"keys are then left to the yeastar_ivr_key resources), or move this key into its keys and remove this resource.",
				number, id, key))
		return
	}
	if !isNew {
		return
	}
	if other, free := plannedNewExtensions.claimAs(r.client, "ivr key", ivrID+"/"+key, ivrKeyResourceType); !free {
		diags.AddAttributeError(path.Root("key"), "Duplicate IVR key",
			fmt.Sprintf("Another resource of this configuration (%s) also sets key %s of IVR ID %s. Give each key one resource.", other, key, ivrID))
		return
	}
	ivr, err := r.client.IVRs().Get(ctx, id)
	switch {
	case yeastar.IsRoutingNotFound(err):
		diags.AddAttributeError(path.Root("ivr_id"), "Unknown IVR",
			fmt.Sprintf("The PBX has no IVR with ID %d. Use the id attribute of a yeastar_ivr or of the yeastar_ivr data source (not its number).", id))
	case err != nil:
		diags.Append(apiErrorDiagnostic(err))
	default:
		if d, set := ivr.Keys[key]; set {
			diags.AddAttributeError(path.Root("key"), "IVR key already set on the PBX",
				fmt.Sprintf("Key %s of IVR %s (ID %d) already sends calls to %s on the PBX. ", key, ivr.Number, id, describeDestination(d))+
					importAdvice(ivrKeyResourceType, fmt.Sprintf("%d/%s", id, key))+
					" Otherwise clear the key in the PBX web portal first.")
		}
	}
}

// describeDestination says where a destination sends calls: `queue ID 3`, `end_call`.
func describeDestination(d yeastar.Destination) string {
	parts := []string{d.Type}
	if d.Value != "" {
		parts = append(parts, d.Value)
	}
	return strings.Join(parts, " ")
}

func (r *IVRKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan ivrKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	r.set(withClientLogging(ctx), &plan, &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	}
}

func (r *IVRKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan ivrKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	r.set(withClientLogging(ctx), &plan, &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	}
}

// set sends the key's destination (setting a key twice does no harm) and reads it back.
func (r *IVRKeyResource) set(ctx context.Context, plan *ivrKeyModel, diags *diag.Diagnostics) {
	id, err := strconv.Atoi(plan.IVRID.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("ivr_id"), "Invalid IVR ID", fmt.Sprintf("%q is not an IVR ID.", plan.IVRID.ValueString()))
		return
	}
	key := plan.Key.ValueString()
	d, _ := destinationFrom(ctx, plan.Destination)
	if err := r.client.SetIVRKey(ctx, id, key, d.expand()); err != nil {
		diags.Append(apiErrorDiagnostic(fmt.Errorf("setting key %s of IVR ID %d: %w", key, id, err)))
		return
	}
	plan.ID = ivrKeyID(plan.IVRID.ValueString(), key)
	ivr, err := r.client.IVRs().Get(ctx, id)
	if err != nil {
		diags.Append(apiErrorDiagnostic(fmt.Errorf("reading IVR ID %d back after setting key %s: %w", id, key, err)))
		return
	}
	var read ivrKeyModel
	read.Destination = destinationObject(flattenDestination(ivr.Keys[key]))
	fillUnknown(plan, read)
}

func (r *IVRKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state ivrKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	id, err := strconv.Atoi(state.IVRID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("ivr_id"), "Invalid IVR ID",
			fmt.Sprintf("The IVR ID in the state, %q, is not a number. Remove the resource from the state and import it again.", state.IVRID.ValueString()))
		return
	}
	key := state.Key.ValueString()
	ivr, err := r.client.IVRs().Get(ctx, id)
	if yeastar.IsRoutingNotFound(err) {
		// NOTE: the IVR's own resource confirms a disappearance with a search; a key of an IVR
		// the PBX does not know has nothing to be set on either way.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
		return
	}
	d, set := ivr.Keys[key]
	if !set {
		resp.State.RemoveResource(ctx) // cleared in the portal: the next plan sets it again
		return
	}
	state.ID = ivrKeyID(state.IVRID.ValueString(), key)
	state.Destination = destinationObject(flattenDestination(d))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *IVRKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state ivrKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	id, err := strconv.Atoi(state.IVRID.ValueString())
	if err != nil {
		return // nothing the PBX could hold
	}
	err = r.client.SetIVRKey(withClientLogging(ctx), id, state.Key.ValueString(), yeastar.Destination{})
	if err != nil && !yeastar.IsRoutingNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Errorf("clearing key %s of IVR ID %d: %w", state.Key.ValueString(), id, err)))
	}
}

// ImportState takes "IVR_ID/KEY", such as 3/1.
func (r *IVRKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ivrID, key, found := strings.Cut(strings.TrimSpace(req.ID), "/")
	if id, err := strconv.Atoi(ivrID); !found || err != nil || id <= 0 || !validIVRKey(key) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Import a yeastar_ivr_key by the IVR's ID and the key, joined by a slash, such as 3/1; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("ivr_id"), ivrID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key"), key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ivrID+"/"+key)...)
}

func validIVRKey(key string) bool {
	for _, k := range yeastar.IVRKeys {
		if k == key {
			return true
		}
	}
	return false
}
