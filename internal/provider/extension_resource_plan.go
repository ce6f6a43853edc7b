package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// Plan-time checks of yeastar_extension: the rules the PBX documents, checked without the PBX
// in ValidateConfig, and what only the PBX knows (a free number and e-mail address, a known
// role), checked concurrently in ModifyPlan.

var (
	extensionNumberPattern = regexp.MustCompile(`^[0-9]{1,8}$`)
	mobileNumberPattern    = regexp.MustCompile(`^[0-9A-Za-z().\-+*#]{1,31}$`)
)

func validExtensionNumber() validator.String {
	return stringCheck{
		description: "must be 1 to 8 digits",
		summary:     "Invalid extension number",
		check: func(s string) error {
			if !extensionNumberPattern.MatchString(s) {
				return fmt.Errorf("an extension number is 1 to 8 digits, such as \"1001\"; got %q", s)
			}
			return nil
		},
	}
}

func validEmail() validator.String {
	return stringCheck{
		description: "must be an e-mail address such as jane.doe@example.com",
		summary:     "Invalid e-mail address",
		check: func(s string) error {
			addr, err := mail.ParseAddress(s)
			if err != nil || addr.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
				return fmt.Errorf("%q is not an e-mail address: write the address alone, such as jane.doe@example.com", s)
			}
			return nil
		},
	}
}

func validMobileNumber() validator.String {
	return stringCheck{
		description: "must be at most 31 digits, letters and ( ) . - + * #",
		summary:     "Invalid mobile number",
		check: func(s string) error {
			if !mobileNumberPattern.MatchString(s) {
				return fmt.Errorf("%q is not a mobile number the PBX takes: 1 to 31 digits, letters and ( ) . - + * #, without spaces", s)
			}
			return nil
		},
	}
}

// ValidateConfig checks the write-only secrets against the PBX's rules, which depend on the
// number and the names, and tells a CLI without write-only support what to do instead.
func (r *ExtensionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config extensionResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if config.SendWelcomeEmail.ValueBool() && config.Email.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("send_welcome_email"), "Welcome e-mail without an address",
			"send_welcome_email sends the Linkus welcome e-mail to the extension's email, which is not set. Set email, or leave "+
				"send_welcome_email out.")
	}
	if !req.ClientCapabilities.WriteOnlyAttributesAllowed {
		for name, value := range map[string]types.String{
			"user_password_wo": config.UserPasswordWO, "registration_password_wo": config.RegistrationPasswordWO, "voicemail_pin_wo": config.VoicemailPINWO,
		} {
			if !value.IsNull() {
				// Not an attribute error either (see checkExtensionSecrets).
				resp.Diagnostics.AddError("Write-only argument needs Terraform 1.11 or later",
					fmt.Sprintf("%s is a write-only argument, which this Terraform or OpenTofu CLI does not support (Terraform and "+
						"OpenTofu 1.11 and later do). Remove %s: the provider then generates a strong secret that meets the PBX's rules, sends it and "+
						"forgets it, and changing %s_version generates a new one. Or upgrade the CLI.", name, name, name))
			}
		}
		return
	}
	resp.Diagnostics.Append(checkExtensionSecrets(config)...)
}

// checkExtensionSecrets checks each known write-only secret. The client's checks never put
// the value in their message, and neither does this.
func checkExtensionSecrets(config extensionResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if config.Number.IsUnknown() || config.FirstName.IsUnknown() || config.LastName.IsUnknown() {
		return nil // checked once they are known, at apply, before anything is sent
	}
	number := config.Number.ValueString()
	check := func(attribute string, value types.String, rule func(string) error, advice string) {
		if value.IsNull() || value.IsUnknown() {
			return
		}
		if err := rule(value.ValueString()); err != nil {
			// NOTE: not an attribute error: Terraform would print the attribute's line of the
			// configuration under it, which holds the secret when it is written literally.
			diags.AddError("Invalid "+attribute,
				fmt.Sprintf("%s: %v. (The value is not shown.) %s Or leave %s out, and the provider generates one that meets "+
					"the rules.", attribute, err, advice, attribute))
		}
	}
	check("user_password_wo", config.UserPasswordWO, func(s string) error {
		return yeastar.CheckUserPassword(s, number, config.FirstName.ValueString(), config.LastName.ValueString())
	}, "The PBX wants 10 to 63 characters mixing digits, upper-case and lower-case letters, without 4 sequential or identical "+
		"digits, and not holding the extension number or the first or last name.")
	check("registration_password_wo", config.RegistrationPasswordWO, yeastar.CheckRegistrationPassword,
		"The PBX wants 8 to 63 printable ASCII characters without spaces, without 4 sequential or identical digits.")
	check("voicemail_pin_wo", config.VoicemailPINWO, func(s string) error { return yeastar.CheckVoicemailPIN(s, number) },
		"The PBX wants 4 to 16 digits, without 4 sequential or identical digits, and not the extension number.")
	return diags
}

// replacedExtensionKey is the private state key under which ModifyPlan remembers, while an
// extension is being replaced, the ID of the extension that the replacement deletes first: its
// e-mail address is not in the way of the new one.
const replacedExtensionKey = "replaced_extension"

// ModifyPlan plans the caller ID name and checks against the PBX what only it knows: that a new
// extension's number and e-mail address are free (and not taken by another resource of the same
// configuration), and that the role exists.
func (r *ExtensionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state *extensionResourceModel
	if !req.State.Raw.IsNull() {
		state = &extensionResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		// Recorded before a destroy returns: under -refresh=false the plan of a renamed
		// resource's destroy is the only place the new address can learn it is a move.
		if id, err := strconv.Atoi(state.ID.ValueString()); err == nil && r.client != nil {
			managedExtensions.inState(r.client, id)
		}
	}
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan extensionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state != nil {
		// The PBX forms the caller ID name from the names: it changes only with them.
		if plan.FirstName.Equal(state.FirstName) && plan.LastName.Equal(state.LastName) {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("caller_id_name"), state.CallerIDName)...)
		} else {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("caller_id_name"), types.StringUnknown())...)
		}
		// NOTE: when a new number forces replacement, Terraform plans the new extension in a
		// second call without the prior state; the e-mail check must then know that the
		// extension holding the address is the one the replacement deletes first.
		replaced, _ := json.Marshal(state.ID.ValueString())
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedExtensionKey, replaced)...)
	}
	if r.client == nil {
		// Without a client (a provider configuration not known yet) there is nothing to check
		// against; the PBX checks the values at apply.
		return
	}
	ctx = withClientLogging(ctx)

	var prior extensionResourceModel
	if state != nil {
		prior = *state
	}
	changed := func(planned, before types.String) bool {
		return !planned.IsUnknown() && !planned.IsNull() && planned.ValueString() != "" && (state == nil || !planned.Equal(before))
	}
	replacedID := ""
	if raw, diags := req.Private.GetKey(ctx, replacedExtensionKey); !diags.HasError() && raw != nil {
		_ = json.Unmarshal(raw, &replacedID)
	}
	if state != nil {
		replacedID = state.ID.ValueString()
	}

	// The checks ask different questions of the PBX, so they run at once.
	var checks checkGroup
	if changed(plan.Role, prior.Role) {
		role := plan.Role.ValueString()
		checks.run(func(diags *diag.Diagnostics) {
			if _, err := r.roleID(ctx, role); err != nil {
				diags.Append(roleDiagnostic(role, err))
			}
		})
	}
	if state == nil && changed(plan.Number, prior.Number) {
		number := plan.Number.ValueString()
		checks.run(func(diags *diag.Diagnostics) { r.checkNumberIsFree(ctx, number, replacedID, diags) })
	}
	if changed(plan.Email, prior.Email) {
		email := plan.Email.ValueString()
		checks.run(func(diags *diag.Diagnostics) { r.checkEmailIsFree(ctx, email, replacedID, state == nil, diags) })
	}
	resp.Diagnostics.Append(checks.wait()...)
}

// checkNumberIsFree fails the plan of a new extension whose number the PBX or another new
// extension of this configuration already has. replacedID is the extension this one replaces
// (terraform apply -replace), which is deleted first and so not in the way.
func (r *ExtensionResource) checkNumberIsFree(ctx context.Context, number, replacedID string, diags *diag.Diagnostics) {
	if other, free := plannedNewExtensions.claimAs(r.client, "number", number, extensionResourceType); !free {
		what := "extension " + number
		if other != extensionResourceType {
			what = "number " + number + " (extensions, ring groups, queues and IVRs share one number space)"
		}
		diags.AddAttributeError(path.Root("number"), "Duplicate extension number",
			fmt.Sprintf("Another %s of this configuration also creates %s, and an extension number can "+
				"exist only once on the PBX. Give each extension its own number.", other, what))
		return
	}
	all, err := r.client.AllExtensions(ctx)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	for _, e := range all {
		if e.Number == number {
			// NOTE: the listing is kept for the whole run: only a search as of now can fail the
			// plan (the extension may have been deleted since, by a replacement in this apply).
			found, err := r.client.FindExtension(ctx, number)
			switch {
			case err != nil:
				diags.Append(apiErrorDiagnostic(err))
			case found != nil && strconv.Itoa(found.ID) != replacedID:
				if managedExtensions.seenSoon(ctx, r.client, found.ID) {
					diags.AddAttributeError(path.Root("number"), "Extension already managed under another address", extensionMovedDetail(found.Number, found.ID))
					return
				}
				diags.AddAttributeError(path.Root("number"), "Extension already on the PBX", extensionExistsDetail(found.Number, found.ID))
			}
			return
		}
	}
	// One number space: a ring group, queue or IVR may hold the number too.
	holder, err := r.client.RoutingNumberHolder(ctx, number)
	switch {
	case err != nil:
		diags.Append(apiErrorDiagnostic(err))
	case holder != nil:
		diags.AddAttributeError(path.Root("number"), "Number already taken", numberTakenDetail(number, *holder))
	}
}

// checkEmailIsFree fails the plan when another extension, on the PBX or (for a new extension)
// in this configuration, has the e-mail address. replacedID is the extension this one replaces
// or is, which may keep its address.
func (r *ExtensionResource) checkEmailIsFree(ctx context.Context, email, replacedID string, isNew bool, diags *diag.Diagnostics) {
	if isNew && !plannedNewExtensions.claim(r.client, "email", strings.ToLower(email)) {
		diags.AddAttributeError(path.Root("email"), "Duplicate e-mail address",
			fmt.Sprintf("Another yeastar_extension of this configuration also creates an extension with the e-mail address %s, and "+
				"the PBX wants each extension's address to be unique. Give each extension its own address.", email))
		return
	}
	all, err := r.client.AllExtensions(ctx)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	for _, e := range all {
		if strings.EqualFold(e.Email, email) {
			found, err := r.client.FindExtensionByEmail(ctx, email)
			switch {
			case err != nil:
				diags.Append(apiErrorDiagnostic(err))
			case found != nil && strconv.Itoa(found.ID) != replacedID:
				diags.AddAttributeError(path.Root("email"), "E-mail address already in use", emailTakenDetail(email, found.Number, found.ID))
			}
			return
		}
	}
}

// plannedNewExtensions remembers the numbers and e-mail addresses of the new extensions planned
// with each client. A provider configuration gets a client per Terraform operation (plan,
// apply), so this catches two resources of one configuration that would create the same
// extension, before either is created.
var plannedNewExtensions = &extensionClaims{taken: map[*yeastar.Client]map[string]string{}}

type extensionClaims struct {
	mu sync.Mutex
	// taken holds, per client, the resource type that claimed each kind and value.
	taken map[*yeastar.Client]map[string]string
}

// claim records kind and value for client on behalf of a yeastar_extension, and reports
// whether they were free.
func (c *extensionClaims) claim(client *yeastar.Client, kind, value string) bool {
	_, free := c.claimAs(client, kind, value, extensionResourceType)
	return free
}

// claimAs records kind and value for client on behalf of a resource of type owner, and reports
// whether they were free, or else the type of the resource that claimed them first. The
// routing resources claim numbers here too, since extensions, ring groups, queues and IVRs
// share the PBX's one number space.
func (c *extensionClaims) claimAs(client *yeastar.Client, kind, value, owner string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.taken[client] == nil {
		c.taken[client] = map[string]string{}
	}
	key := kind + "\x00" + value
	if first, claimed := c.taken[client][key]; claimed {
		return first, false
	}
	c.taken[client][key] = owner
	return "", true
}

// forget drops what was claimed with a client that is closed.
func (c *extensionClaims) forget(client *yeastar.Client) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.taken, client)
}

// managedExtensions records the extensions this run's state holds, so that a new extension
// whose number one of them has is told apart from one outside Terraform: a resource that was
// renamed, or whose for_each key changed, needs a moved block, not an import (which would
// delete the extension when the old address is destroyed).
var managedExtensions = &stateRegistry{ids: map[*yeastar.Client]map[int]bool{}}

func extensionMovedDetail(number string, id int) string {
	return fmt.Sprintf("The PBX's extension %s (extension ID %d) is already managed by this configuration: the state holds it, and "+
		"Terraform plans to destroy it there and to create it again here, but an extension number can exist only once. If the "+
		"resource was renamed or its for_each key (or count index) changed, tell Terraform that it moved, rather than importing "+
		"it (an import here would delete the extension when the old address is destroyed): add\n\n"+
		"  moved {\n    from = <old address>\n    to   = <new address>\n  }\n\n"+
		"where `terraform state list -id=%d` shows the old address. If two resources of the configuration mean this extension, "+
		"remove one of them.", number, id, id)
}
