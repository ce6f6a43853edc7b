package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var (
	_ resource.ResourceWithConfigure   = &PhoneResource{}
	_ resource.ResourceWithModifyPlan  = &PhoneResource{}
	_ resource.ResourceWithImportState = &PhoneResource{}
	_ resource.ResourceWithIdentity    = &PhoneResource{}
)

// NewPhoneResource returns the yeastar_phone resource.
func NewPhoneResource() resource.Resource { return &PhoneResource{} }

// PhoneResource is one phone of the PBX's auto-provisioning list.
type PhoneResource struct{ clientHolder }

type phoneResourceModel struct {
	ID                 types.String `tfsdk:"id"`
	MAC                types.String `tfsdk:"mac"`
	Vendor             types.String `tfsdk:"vendor"`
	Model              types.String `tfsdk:"model"`
	TemplateName       types.String `tfsdk:"template_name"`
	ProvisioningMethod types.String `tfsdk:"provisioning_method"`
	RPSAuthentication  types.Bool   `tfsdk:"rps_authentication"`
	ExtensionID        types.Int64  `tfsdk:"extension_id"`
	ExtensionNumber    types.String `tfsdk:"extension_number"`
	ProvisioningLink   types.String `tfsdk:"provisioning_link"`
}

// phoneIdentityModel is the phone's resource identity (Terraform 1.12 and later): its ID, which
// the PBX assigns and never changes.
type phoneIdentityModel = idIdentityModel

func (r *PhoneResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone"
}

func (r *PhoneResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.setProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *PhoneResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One phone on the PBX's Auto Provisioning phone list, identified by its MAC address and assigned to an " +
			"extension. The PBX gives the phone its configuration through the `provisioning_link`. Vendor, model, template, " +
			"provisioning method and RPS authentication cannot be changed on the PBX, so changing one replaces the phone; the " +
			"extension is changed in place. Every value is checked against the PBX during `terraform plan`, so a bad value fails the " +
			"plan before any phone is added." +
			permissionsNote("extension management for the plan's check of `extension_id`", permAutoProvisioning, permExtensions),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone's ID on the PBX, a number such as `\"17\"`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"mac": schema.StringAttribute{
				MarkdownDescription: "The phone's MAC address, in any common notation: `80:5E:C0:11:22:33`, `80-5e-c0-11-22-33`, " +
					"`805e.c011.2233` or `805ec0112233`. It is sent to the PBX upper-case and colon-separated. Writing the same " +
					"address in another notation changes nothing; another address replaces the phone.",
				Required:      true,
				Validators:    []validator.String{validMAC()},
				PlanModifiers: []planmodifier.String{keepMACNotation{}, stringplanmodifier.RequiresReplace()},
			},
			"vendor": schema.StringAttribute{
				MarkdownDescription: "The vendor's parameter value, as `yeastar_phone_vendors` lists it (for example `Yealink`). " +
					"Changing it replaces the phone.",
				Required: true, Validators: []validator.String{notBlank()}, PlanModifiers: replace,
			},
			"model": schema.StringAttribute{
				MarkdownDescription: "The model's parameter value, as `yeastar_phone_models` lists it (for example `CP920`). " +
					"Changing it replaces the phone.",
				Required: true, Validators: []validator.String{notBlank()}, PlanModifiers: replace,
			},
			"template_name": schema.StringAttribute{
				MarkdownDescription: "The name of one of the model's provisioning templates, as `yeastar_phone_templates` lists it " +
					"(for example `YSDP_YealinkCP`): the name, not the ID. Changing it replaces the phone.",
				Required: true, Validators: []validator.String{notBlank()}, PlanModifiers: replace,
			},
			"provisioning_method": schema.StringAttribute{
				MarkdownDescription: "The auto-provisioning method, one of the `method` values `yeastar_autop_method` lists for the " +
					"vendor and model: `rps` on every edition; `pnp`, `dhcp` and `rps_fqdn` on the Software and Appliance editions. " +
					"Changing it replaces the phone.",
				Required: true, Validators: []validator.String{notBlank()}, PlanModifiers: replace,
			},
			"rps_authentication": schema.BoolAttribute{
				MarkdownDescription: "Whether the phone must authenticate when it fetches its configuration through the RPS " +
					"(`enb_rps_auth`). Defaults to `false`. Changing it replaces the phone.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"extension_id": schema.Int64Attribute{
				MarkdownDescription: "The ID (not the number) of the extension the phone rings for: the `id` of a `yeastar_extension` " +
					"resource, or of the `yeastar_extension` data source to find one by number. Set this or `extension_number` " +
					"(or both, naming the same extension); the one not set is filled in from the PBX. Changing it reassigns the " +
					"phone in place. Every new phone needs an extension: the PBX adds a phone only with one, so `0` fails the plan " +
					"of a phone to be added (or replaced). `0` stands only for a phone already on the PBX that it lists as " +
					"Unassigned (its extension deleted or unassigned in the web portal): such a phone reads, imports and stays as " +
					"it is with `extension_id = 0`. Setting `0` on a phone that has an extension unassigns it by sending " +
					"`phone/batchupdate` with `ext_id` 0, which Yeastar's reference leaves unconfirmed, so the plan warns: a PBX " +
					"that refuses it fails the apply and the phone keeps its extension (unassign it in the web portal instead).",
				Optional: true, Computed: true,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"extension_number": schema.StringAttribute{
				MarkdownDescription: "The number of the extension the phone rings for, such as `\"1201\"`: the other way to name it, " +
					"resolved when the phone is added or changed (waiting for an extension that the same apply creates). A phone " +
					"named by number has no Terraform dependency on a `yeastar_extension`, so a desk phone can move from a leaver's " +
					"extension to a joiner's in the same apply that deletes the leaver's (see the staff guide's \"Joiners, movers " +
					"and leavers\"). Set this or `extension_id`; the one not set is filled in from the PBX. Null for a phone the " +
					"PBX lists as Unassigned.",
				Optional: true, Computed: true,
				Validators: []validator.String{validExtensionNumber()},
			},
			"provisioning_link": schema.StringAttribute{
				MarkdownDescription: "The link the phone fetches its configuration from, for DHCP option 66 or the vendor's " +
					"redirection service. The PBX gives one link per vendor, model and provisioning method (the link " +
					"`yeastar_autop_method` lists), so a phone replaced for a new template or RPS authentication keeps it, and a new " +
					"model brings that model's link.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *PhoneResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The phone's ID on the PBX, a number such as \"17\".")
}

// replacedMACKey is the private state key under which ModifyPlan remembers, while a phone is
// being replaced, the MAC address of the phone that the replacement deletes first.
const replacedMACKey = "replaced_mac"

// ModifyPlan checks everything a new phone needs against the PBX, so that a bad value fails
// the plan before any phone is added: the vendor, model, template and method (from the same
// cached compatibility answers the data sources use), the extension ID, and that no other phone
// holds the MAC address.
func (r *PhoneResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state *phoneResourceModel
	if !req.State.Raw.IsNull() {
		state = &phoneResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if id, err := strconv.Atoi(state.ID.ValueString()); err == nil && r.client != nil {
			managedPhones.inState(r.client, id)
		}
	}
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config phoneResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if planExtensionReference(ctx, config, plan, state, resp); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if state != nil && r.client != nil && (!plan.ExtensionID.Equal(state.ExtensionID) || !plan.ExtensionNumber.Equal(state.ExtensionNumber)) {
		if id, err := strconv.Atoi(state.ID.ValueString()); err == nil {
			plannedPhoneMoves.inState(r.client, id)
		}
	}

	replacedMAC := ""
	if state != nil {
		// NOTE: when a change forces replacement, Terraform plans the new phone in a second call
		// without the prior state, and with this call's private state. The MAC address check must
		// then know that the phone holding the address is the one the replacement deletes first.
		mac, _ := json.Marshal(state.MAC.ValueString())
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedMACKey, mac)...)
	} else if raw, diags := req.Private.GetKey(ctx, replacedMACKey); !diags.HasError() && raw != nil {
		_ = json.Unmarshal(raw, &replacedMAC)
	}

	// These need no PBX, so they hold even while the provider configuration is not known yet.
	if state == nil {
		requireExtension(plan.ExtensionID, replacedMAC != "", &resp.Diagnostics)
	} else if isUnassigning(plan.ExtensionID, state.ExtensionID) {
		resp.Diagnostics.AddAttributeWarning(path.Root("extension_id"), "Unassigning a phone is unconfirmed", unassignDetail(*state))
	}
	if resp.Diagnostics.HasError() || r.client == nil {
		// Without a client (a provider configuration not known yet) there is nothing to check
		// against; the PBX checks the values at apply.
		return
	}
	ctx = withClientLogging(ctx)

	changed := func(planned, prior attr.Value) bool { return state == nil || !planned.Equal(prior) }
	var prior phoneResourceModel
	if state != nil {
		prior = *state
	}
	// The three checks ask different questions of the PBX, so they run at once: a plan waits
	// for the longest chain of round trips (vendors, models, then templates and methods), not
	// for the sum of them.
	var checks checkGroup
	if changed(plan.Vendor, prior.Vendor) || changed(plan.Model, prior.Model) ||
		changed(plan.TemplateName, prior.TemplateName) || changed(plan.ProvisioningMethod, prior.ProvisioningMethod) {
		checks.run(func(diags *diag.Diagnostics) { r.checkCatalogue(ctx, plan, diags) })
	}
	if changed(plan.ExtensionID, prior.ExtensionID) {
		checks.run(func(diags *diag.Diagnostics) { r.checkExtension(ctx, plan.ExtensionID, diags) })
	}
	if number := plan.ExtensionNumber; !number.IsUnknown() && !number.IsNull() && changed(number, prior.ExtensionNumber) {
		checks.run(func(diags *diag.Diagnostics) {
			r.checkExtensionNumber(ctx, number.ValueString(), plan.ExtensionID, diags)
		})
	}
	if state == nil && !plan.MAC.IsUnknown() {
		if other, free := plannedPhones.claim(r.client, "mac", canonicalMAC(plan.MAC.ValueString()), replacedMAC, plan.MAC.ValueString()); !free {
			resp.Diagnostics.AddAttributeError(path.Root("mac"), "Duplicate MAC address",
				fmt.Sprintf("Two yeastar_phone resources of this configuration add the MAC address %s: one writes it %s, the other %s. "+
					"A MAC address is one phone, on the PBX once, whatever the notation. Remove one of them (in a CSV, the row "+
					"written twice).", canonicalMAC(plan.MAC.ValueString()), other, plan.MAC.ValueString()))
		} else {
			checks.run(func(diags *diag.Diagnostics) { r.checkMACIsFree(ctx, plan.MAC.ValueString(), replacedMAC, diags) })
		}
	}
	resp.Diagnostics.Append(checks.wait()...)
}

// checkCatalogue checks vendor, model, template name and method against the PBX's
// compatibility menus, stopping at the first that matches nothing (the later ones depend on it).
func (r *PhoneResource) checkCatalogue(ctx context.Context, plan phoneResourceModel, diags *diag.Diagnostics) {
	vendor, model := plan.Vendor, plan.Model
	if vendor.IsUnknown() {
		return
	}
	check := func(attribute, summary, value string, known []string, hint string, err error) bool {
		switch {
		case err != nil:
			diags.Append(apiErrorDiagnostic(err))
			return false
		case !contains(known, value):
			diags.AddAttributeError(path.Root(attribute), summary, noMatchDetail(attribute, value, known, hint))
			return false
		}
		return true
	}
	vendors, err := r.client.PhoneVendors(ctx)
	if !check("vendor", "Unknown phone vendor", vendor.ValueString(), values(vendors),
		"Use a value attribute of data.yeastar_phone_vendors.", err) || model.IsUnknown() {
		return
	}
	models, err := r.client.PhoneModels(ctx, vendor.ValueString())
	if !check("model", "Unknown phone model", model.ValueString(), values(models),
		fmt.Sprintf("Use a value attribute of data.yeastar_phone_models for vendor %q.", vendor.ValueString()), err) {
		return
	}
	// Templates and methods depend on the model only: both are asked at once.
	var templates, methods []yeastar.Option
	var templatesErr, methodsErr error
	var wg sync.WaitGroup
	wg.Go(func() { templates, templatesErr = r.client.PhoneTemplates(ctx, model.ValueString()) })
	methods, methodsErr = r.client.AutopMethods(ctx, vendor.ValueString(), model.ValueString())
	wg.Wait()
	if !plan.TemplateName.IsUnknown() {
		check("template_name", "Unknown provisioning template", plan.TemplateName.ValueString(), names(templates),
			fmt.Sprintf("Use a template name (not its ID) from data.yeastar_phone_templates for model %q.", model.ValueString()), templatesErr)
	}
	if !plan.ProvisioningMethod.IsUnknown() {
		check("provisioning_method", "Unknown provisioning method", plan.ProvisioningMethod.ValueString(), values(methods),
			fmt.Sprintf("Use a method attribute of data.yeastar_autop_method for vendor %q and model %q.", vendor.ValueString(), model.ValueString()), methodsErr)
	}
}

// requireExtension fails the plan (or, when the ID was not known until then, the apply) of a
// phone to be added without an extension: phone/batchcreate requires ext_id for every phone,
// so 0 can only describe a phone that is already on the PBX, unassigned there. replacing says
// that the phone to be added replaces one (a change that cannot be made in place).
func requireExtension(id types.Int64, replacing bool, diags *diag.Diagnostics) {
	if id.IsUnknown() || id.IsNull() || id.ValueInt64() != 0 {
		return
	}
	why := "This phone is to be added to the PBX"
	if replacing {
		why = "This change replaces the phone (vendor, model, template, provisioning method and RPS authentication " +
			"cannot be changed on the PBX), so the phone is deleted and added again"
	}
	diags.AddAttributeError(path.Root("extension_id"), "Phone needs an extension",
		why+", and the PBX adds a phone only with an extension it rings for: phone/batchcreate requires an extension ID "+
			"(ext_id) for every phone, so extension_id = 0 (no extension) cannot be added. Set extension_id to the ID of an "+
			"extension: yeastar_extension.<name>.id for one this configuration manages, or data.yeastar_extension.<name>.id "+
			"to find one by number. extension_id = 0 only describes a phone already on the PBX that it lists as Unassigned, "+
			"which can be imported as it is.")
}

// isUnassigning reports whether the plan takes a phone's extension away, a change that rests on
// phone/batchupdate accepting ext_id 0.
func isUnassigning(planned, prior types.Int64) bool {
	return !planned.IsUnknown() && !planned.IsNull() && planned.ValueInt64() == 0 && prior.ValueInt64() != 0
}

func unassignDetail(state phoneResourceModel) string {
	return fmt.Sprintf("extension_id = 0 unassigns phone ID %s (MAC address %s) from extension ID %d by sending phone/batchupdate "+
		"with ext_id 0. Yeastar's reference does not say whether the PBX accepts that: if it refuses, the apply fails with "+
		"the PBX's message and the phone keeps its extension. Assign it another extension instead, or unassign it in the "+
		"web portal (Auto Provisioning > Phones) and keep extension_id = 0, which then plans no change.",
		state.ID.ValueString(), state.MAC.ValueString(), state.ExtensionID.ValueInt64())
}

// checkExtension checks that the PBX has an extension with this ID, including one created
// earlier in the same apply.
func (r *PhoneResource) checkExtension(ctx context.Context, id types.Int64, diags *diag.Diagnostics) {
	// 0 names no extension, so there is nothing to look up: requireExtension refuses it for a
	// phone to be added, and for a phone on the PBX it stays unassigned or is unassigned.
	if id.IsUnknown() || id.IsNull() || id.ValueInt64() == 0 {
		return
	}
	extensions, err := r.client.AllExtensions(ctx)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	want := int(id.ValueInt64())
	for _, e := range extensions {
		if e.ID == want {
			return
		}
	}
	// NOTE: the listing is kept for the whole run, and may have been taken before a
	// yeastar_extension of this run created the extension: a miss is confirmed by reading it.
	switch _, err := r.client.GetExtension(ctx, want); {
	case err == nil:
		return
	case !yeastar.IsExtensionNotFound(err):
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	diags.AddAttributeError(path.Root("extension_id"), "Unknown extension", unknownExtensionIDDetail("extension_id", want, extensions))
}

// unknownExtensionIDDetail says that attr takes an extension's ID, not its number, naming the
// extension whose number is want when there is one.
func unknownExtensionIDDetail(attr string, want int, extensions []yeastar.Extension) string {
	detail := fmt.Sprintf("The PBX has no extension with ID %d. %s takes an extension's ID, not its number: "+
		"look the ID up by number with data.yeastar_extension (for example number = \"1001\").", want, attr)
	for _, e := range extensions {
		if e.Number == strconv.Itoa(want) {
			detail += fmt.Sprintf(" %d is the number of the extension whose ID is %d.", want, e.ID)
		}
	}
	return detail
}

// checkMACIsFree fails the plan of a new phone whose MAC address another phone holds, naming
// that phone so that it can be imported instead. replacedMAC is the address of a phone that
// this plan replaces (deleting it first), which is not in the way.
func (r *PhoneResource) checkMACIsFree(ctx context.Context, mac, replacedMAC string, diags *diag.Diagnostics) {
	if yeastar.SameMAC(mac, replacedMAC) {
		return
	}
	phones, err := r.client.AllPhones(ctx)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	for _, p := range phones {
		if yeastar.SameMAC(p.MAC, mac) {
			// NOTE: the listing is kept for the whole run, and during apply a replacement deletes
			// its old phone before this check runs again: only a search as of now can fail the plan.
			found, err := r.client.FindPhoneByMAC(ctx, mac)
			switch {
			case err != nil:
				diags.Append(apiErrorDiagnostic(err))
			case found != nil:
				diags.AddAttributeError(path.Root("mac"), "Phone already on the PBX", r.phoneTakenDetail(ctx, found.ID, mac))
			}
			return
		}
	}
}

func (r *PhoneResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan phoneResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	if err := r.resolveExtension(ctx, &plan); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("extension_number"), "Extension not found",
			fmt.Sprintf("Phone %s was not added: %v. Nothing was added.", plan.MAC.ValueString(), err))
		return
	}
	// An extension ID that was unknown at plan time is known now: 0 is refused before anything is sent.
	requireExtension(plan.ExtensionID, false, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedMACKey, nil)...)

	phone, err := r.client.AddPhone(ctx, yeastar.NewPhone{
		MAC:                plan.MAC.ValueString(),
		Vendor:             plan.Vendor.ValueString(),
		Model:              plan.Model.ValueString(),
		TemplateName:       plan.TemplateName.ValueString(),
		ProvisioningMethod: plan.ProvisioningMethod.ValueString(),
		RPSAuth:            plan.RPSAuthentication.ValueBool(),
		ExtensionID:        int(plan.ExtensionID.ValueInt64()),
	})
	if phone != nil {
		// A phone the PBX now holds is kept in the state, whatever happens next.
		plan.ID = types.StringValue(strconv.Itoa(phone.ID))
		plan.ProvisioningLink = types.StringValue(phone.ProvisioningLink)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.Append(resp.Identity.Set(ctx, phoneIdentityModel{ID: plan.ID})...)
		if err != nil {
			// Added but not read back: not an error, which would taint the phone and replace it.
			resp.Diagnostics.AddWarning("Phone added, but not read back",
				fmt.Sprintf("The PBX added phone %s as phone ID %d, but reading it back failed, so its provisioning link is not known yet. "+
					"The next terraform plan or apply reads it.\n\n%v", plan.MAC.ValueString(), phone.ID, err))
			return
		}
	}
	if err != nil {
		var exists *yeastar.PhoneExistsError
		if errors.As(err, &exists) {
			detail := r.phoneTakenDetail(ctx, exists.ID, exists.MAC)
			if len(exists.Differences) > 0 {
				detail = fmt.Sprintf("The answer to adding the phone was lost, and the PBX now has phone ID %d with MAC address %s, "+
					"but it could not be confirmed as this configuration's phone: %s. Nothing else was added. ", exists.ID, exists.MAC, strings.Join(exists.Differences, ", ")) + detail
			}
			resp.Diagnostics.AddAttributeError(path.Root("mac"), "Phone already on the PBX", detail)
			return
		}
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Errorf("adding phone %s: %w", plan.MAC.ValueString(), err)))
	}
}

func (r *PhoneResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state phoneResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	// NOTE: the identity is set before anything can return early, RemoveResource included: a
	// CLI older than Terraform 1.12 sends none, and the framework refuses a Read without one.
	resp.Diagnostics.Append(resp.Identity.Set(ctx, phoneIdentityModel{ID: state.ID})...)
	id, ok := state.phoneID(&resp.Diagnostics)
	if !ok {
		return
	}
	managedPhones.inState(r.client, id)
	phone, err := r.client.GetPhone(ctx, id)
	if yeastar.IsPhoneNotFound(err) {
		r.confirmGone(ctx, id, state, resp)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
		return
	}
	state.fromPhone(phone)
	if state.ExtensionNumber, err = r.extensionNumberOf(ctx, phone.ExtensionID); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// confirmGone handles a phone ID the PBX says it does not know. The vendor leaves that answer
// unconfirmed, so the phone leaves the state only when a search for its MAC address agrees.
func (r *PhoneResource) confirmGone(ctx context.Context, id int, state phoneResourceModel, resp *resource.ReadResponse) {
	confirmGone(ctx, resp, disappearance{
		getCall: "phone/get", kind: "phone", id: id, key: state.MAC.ValueString(),
		find: func(ctx context.Context) (int, string, bool, error) {
			found, err := r.client.FindPhoneByMAC(ctx, state.MAC.ValueString())
			if err != nil || found == nil {
				return 0, "", false, err
			}
			return found.ID, found.MAC, true, nil
		},
		listedAs: func(mac string) string { return "with MAC address " + mac },
		recreated: func(foundID int, mac string) (string, string) {
			return "Phone was re-added on the PBX under another ID",
				fmt.Sprintf("Phone ID %d is gone, and the PBX now has MAC address %s as phone ID %d, added outside Terraform. "+
					"The phone was removed from the state. To manage the new one, import it: terraform import <address> %d.", id, mac, foundID, foundID)
		},
	})
}

// phoneID is the PBX's ID of the phone in the state.
func (m *phoneResourceModel) phoneID(diags *diag.Diagnostics) (int, bool) {
	id, err := strconv.Atoi(m.ID.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("id"), "Invalid phone ID",
			fmt.Sprintf("The phone ID in the state, %q, is not a number. Remove the resource from the state and import the phone again.", m.ID.ValueString()))
		return 0, false
	}
	return id, true
}

// fromPhone copies what the PBX says of a phone into the model. A MAC address the PBX writes in
// another notation keeps the configuration's notation, so that it is not shown as a change.
func (m *phoneResourceModel) fromPhone(p *yeastar.Phone) {
	if m.ID.ValueString() == "" {
		// Otherwise the ID stays the one asked for: it is the phone's identity.
		m.ID = types.StringValue(strconv.Itoa(p.ID))
	}
	if !yeastar.SameMAC(m.MAC.ValueString(), p.MAC) {
		m.MAC = types.StringValue(p.MAC)
	}
	m.Vendor = types.StringValue(p.Vendor)
	m.Model = types.StringValue(p.Model)
	m.TemplateName = types.StringValue(p.TemplateName)
	m.ProvisioningMethod = types.StringValue(p.ProvisioningMethod)
	m.RPSAuthentication = types.BoolValue(p.RPSAuth)
	m.ExtensionID = types.Int64Value(int64(p.ExtensionID))
	m.ProvisioningLink = types.StringValue(p.ProvisioningLink)
}

func (r *PhoneResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state phoneResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedMACKey, nil)...)
	id, ok := state.phoneID(&resp.Diagnostics)
	if !ok {
		return
	}
	if err := r.resolveExtension(ctx, &plan); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("extension_number"), "Extension not found",
			fmt.Sprintf("Phone ID %d (MAC address %s) was not changed: %v.", id, state.MAC.ValueString(), err))
		return
	}
	// Only the extension can change in place; everything else replaces the phone.
	if err := r.client.SetPhoneExtension(ctx, id, state.MAC.ValueString(), int(plan.ExtensionID.ValueInt64())); err != nil {
		doing := fmt.Sprintf("assigning extension ID %d to phone ID %d", plan.ExtensionID.ValueInt64(), id)
		if plan.ExtensionID.ValueInt64() == 0 {
			doing = fmt.Sprintf("unassigning phone ID %d from extension ID %d", id, state.ExtensionID.ValueInt64())
		}
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Errorf("%s: %w", doing, err)))
		return
	}
	// The ID and provisioning link are planned as they were; the next refresh reads the phone.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, phoneIdentityModel{ID: state.ID})...)
}

func (r *PhoneResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state phoneResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	id, ok := state.phoneID(&resp.Diagnostics)
	if !ok {
		return
	}
	if err := r.client.DeletePhone(withClientLogging(ctx), id); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Errorf("deleting phone ID %d: %w", id, err)))
	}
}

// ImportState takes a phone ID (`17`), a MAC address in any notation, or an identity.
func (r *PhoneResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := strings.TrimSpace(req.ID)
	if req.ID == "" && req.Identity != nil {
		var ok bool
		if given, ok = importedIdentityID(ctx, req, &resp.Diagnostics, "phone", "see data.yeastar_phones"); !ok {
			return
		}
	}
	mac, macErr := yeastar.NormalizeMAC(given)
	if _, err := strconv.Atoi(given); err == nil && (macErr != nil || req.ID == "") {
		// A phone ID. Twelve digits without separators read as a MAC address, which they are
		// far more likely to be.
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), given)...)
		return
	}
	if macErr != nil {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Import a yeastar_phone by its phone ID (for example 17) or its MAC address (for example 80:5E:C0:11:22:33); got %q.", req.ID))
		return
	}
	if !r.ready(&resp.Diagnostics) {
		return
	}
	found, err := r.client.FindPhoneByMAC(withClientLogging(ctx), mac)
	switch {
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
	case found == nil:
		resp.Diagnostics.AddError("No phone with this MAC address",
			fmt.Sprintf("The PBX's auto-provisioning list has no phone with MAC address %s. Check the address, or list the phones with data.yeastar_phones.", mac))
	default:
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.Itoa(found.ID))...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("mac"), given)...)
	}
}

// keepMACNotation plans no change when the configuration writes the address of the phone in
// the state in another notation.
type keepMACNotation struct{}

func (keepMACNotation) Description(context.Context) string {
	return "A MAC address written in another notation is the same address."
}
func (m keepMACNotation) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (keepMACNotation) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsUnknown() || req.PlanValue.IsNull() {
		return
	}
	if yeastar.SameMAC(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
