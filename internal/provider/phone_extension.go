package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// How a yeastar_phone names the extension it rings for: by ID (extension_id, typically
// yeastar_extension.x.id) or by number (extension_number, typically a staff list's column). The
// configuration sets one of them (or both, naming the same extension, as a generated
// configuration does); the other is computed.
//
// NOTE: a phone that names its extension by number has no Terraform dependency on the
// yeastar_extension: Terraform orders the destroy of an extension before the update of a phone
// that depends on it, so a phone given from a leaver to a joiner could not move before the
// leaver's extension is deleted, which the PBX refuses while the phone uses it (70091). By
// number, the phone moves while the delete waits for it (releaseExtension), and a phone added
// with a new extension waits for it (resolveExtension).

// planExtensionReference plans the half of the extension reference that the configuration
// leaves to the provider: kept while the half it sets is unchanged, else unknown until apply. It
// fails the plan when the configuration sets neither.
func planExtensionReference(ctx context.Context, config, plan phoneResourceModel, state *phoneResourceModel, resp *resource.ModifyPlanResponse) {
	byID, byNumber := !config.ExtensionID.IsNull(), !config.ExtensionNumber.IsNull()
	switch {
	case !byID && !byNumber:
		resp.Diagnostics.AddAttributeError(path.Root("extension_number"), "Phone needs an extension",
			"A phone rings for an extension, and the PBX adds one only with it. Set extension_number to the extension's number "+
				"(for example each.value.number from a staff list), or extension_id to its ID (yeastar_extension.<name>.id).")
	case byNumber && !byID:
		if state != nil && plan.ExtensionNumber.Equal(state.ExtensionNumber) && !state.ExtensionID.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("extension_id"), state.ExtensionID)...)
		} else {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("extension_id"), types.Int64Unknown())...)
		}
	case byID && !byNumber:
		if state != nil && plan.ExtensionID.Equal(state.ExtensionID) {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("extension_number"), state.ExtensionNumber)...)
		} else {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("extension_number"), types.StringUnknown())...)
		}
	}
}

// checkExtensionNumber checks that extension number exists on the PBX, or that a
// yeastar_extension of this configuration creates it (or moves a person to it) in this plan, and
// that it is the extension with ID id when the configuration names both.
func (r *PhoneResource) checkExtensionNumber(ctx context.Context, number string, id types.Int64, diags *diag.Diagnostics) {
	extensions, err := r.client.AllExtensions(ctx)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	for _, e := range extensions {
		if e.Number != number {
			continue
		}
		if !id.IsNull() && !id.IsUnknown() && id.ValueInt64() != int64(e.ID) {
			diags.AddAttributeError(path.Root("extension_number"), "Extension number and ID disagree",
				fmt.Sprintf("extension_number %s is the extension whose ID is %d, but extension_id is %d. Set one of the two: "+
					"extension_number for a staff list, extension_id for yeastar_extension.<name>.id.", number, e.ID, id.ValueInt64()))
		}
		return
	}
	// Terraform plans the instances concurrently: the yeastar_extension that creates the number
	// may be planned after this phone.
	planned, err := waitFor(ctx, releaseWait, func() (bool, error) {
		return plannedNewExtensions.claimed(r.client, "number", number), nil
	})
	if err != nil || planned {
		return
	}
	// NOTE: the listing is kept for the whole run: an extension created since is found by a search.
	switch found, err := r.client.FindExtension(ctx, number); {
	case err != nil:
		diags.Append(apiErrorDiagnostic(err))
	case found == nil:
		diags.AddAttributeError(path.Root("extension_number"), "Unknown extension number",
			fmt.Sprintf("The PBX has no extension numbered %s, and no yeastar_extension of this configuration creates one. Check "+
				"the number, or add the extension (a yeastar_extension with number = %q).", number, number))
	}
}

// resolveExtension fills the computed half of the phone's extension reference, as the PBX
// holds it now. An extension number is waited for, up to handoverWait, since the
// yeastar_extension that creates it may be applied at the same time.
func (r *PhoneResource) resolveExtension(ctx context.Context, plan *phoneResourceModel) error {
	if !plan.ExtensionID.IsUnknown() && !plan.ExtensionNumber.IsUnknown() {
		return nil
	}
	if plan.ExtensionID.IsUnknown() {
		number := plan.ExtensionNumber.ValueString()
		if id, ok := createdExtensions.agreed(r.client, number); ok {
			// Created by this apply, before this phone: Terraform orders a phone that names
			// its extension through the resource after it.
			plan.ExtensionID = types.Int64Value(int64(id))
			return nil
		}
		var found *yeastar.Extension
		if _, err := waitFor(ctx, handoverWait, func() (bool, error) {
			var err error
			found, err = r.client.FindExtension(ctx, number)
			return found != nil, err
		}); err != nil {
			return fmt.Errorf("looking up extension %s: %w", number, err)
		}
		if found == nil {
			return fmt.Errorf("the PBX has no extension numbered %s (waited %s for one to be created)", number, handoverWait)
		}
		plan.ExtensionID = types.Int64Value(int64(found.ID))
		return nil
	}
	number, err := r.extensionNumberOf(ctx, int(plan.ExtensionID.ValueInt64()))
	if err != nil {
		return err
	}
	plan.ExtensionNumber = number
	return nil
}

// extensionNumberOf is the number of the extension with this ID, null for none (0, or an
// extension the PBX no longer has: an unassigned phone).
func (r *PhoneResource) extensionNumberOf(ctx context.Context, id int) (types.String, error) {
	if id == 0 {
		return types.StringNull(), nil
	}
	extensions, err := r.client.AllExtensions(ctx)
	if err != nil {
		return types.StringNull(), err
	}
	for _, e := range extensions {
		if e.ID == id {
			return types.StringValue(e.Number), nil
		}
	}
	detail, err := r.client.GetExtension(ctx, id)
	switch {
	case yeastar.IsExtensionNotFound(err):
		return types.StringNull(), nil
	case err != nil:
		return types.StringNull(), fmt.Errorf("reading extension ID %d: %w", id, err)
	}
	return types.StringValue(detail.Number), nil
}
