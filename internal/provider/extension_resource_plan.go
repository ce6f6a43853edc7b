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
	"time"

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
	callerIDPattern        = regexp.MustCompile(`^[0-9A-Za-z\[\]().\-+*#]{1,31}$`)
)

func validCallerID() validator.String {
	return stringCheck{
		description: "must be at most 31 digits, letters and [ ] ( ) . - + * #",
		summary:     "Invalid caller ID",
		check: func(s string) error {
			if !callerIDPattern.MatchString(s) {
				return fmt.Errorf("%q is not a caller ID the PBX takes: 1 to 31 digits, letters and [ ] ( ) . - + * #, without spaces", s)
			}
			return nil
		},
	}
}

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
			if strings.TrimSpace(s) == "" {
				// NOTE: "" is not taken as unset: the framework keeps "" and null apart, and the
				// PBX's answer for an empty address is unconfirmed. null is the way to say "none".
				return fmt.Errorf("%q is not an e-mail address. To leave the address unset, use null; for a CSV column that "+
					"may be empty: email = row.email != \"\" ? row.email : null", s)
			}
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
// extension is being replaced (terraform apply -replace, or a tainted extension), which
// extension the replacement replaces: its ID and the number the new one has. Terraform passes
// it to the plan of the create half, whose checks then know that the number and e-mail address
// are not in the way, and to the delete half, which then hands the extension to the create half
// instead of deleting it (a phone may still use it, and the number cannot exist twice).
const replacedExtensionKey = "replaced_extension"

type replacementMarker struct {
	ID     string `json:"id"`
	Number string `json:"number"`
}

func readReplacementMarker(ctx context.Context, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}) replacementMarker {
	var m replacementMarker
	if private == nil {
		return m
	}
	if raw, diags := private.GetKey(ctx, replacedExtensionKey); !diags.HasError() && len(raw) > 0 {
		if json.Unmarshal(raw, &m) != nil {
			// Written as a bare ID by earlier releases.
			_ = json.Unmarshal(raw, &m.ID)
		}
	}
	return m
}

func readTakeoverMarker(ctx context.Context, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}) replacementMarker {
	var m replacementMarker
	if private == nil {
		return m
	}
	if raw, diags := private.GetKey(ctx, takeoverKey); !diags.HasError() && len(raw) > 0 {
		_ = json.Unmarshal(raw, &m)
	}
	return m
}

// releaseKey names a number or an e-mail address that an extension gives up in plannedReleases.
func releaseKey(kind, value string) string { return kind + "\x00" + strings.ToLower(value) }

// plannedReleases records, per client, the numbers and e-mail addresses that the extensions of
// this plan give up: a destroy gives up both, a new number the old one, a new address the old
// one. Terraform plans instances concurrently, so a value held by one of them is free for
// another when the holder's plan gives it up.
var plannedReleases = &stateRegistry[string]{}

// plannedDestroys records, per client, the number and e-mail address of each extension whose
// destroy is planned. A new extension with both is the same person under a new resource
// address (a renamed resource, a new for_each key), which needs a moved block: without one the
// person would get a new extension and new secrets.
var plannedDestroys = &stateRegistry[string]{}

func personKey(number, email string) string { return number + "\x00" + strings.ToLower(email) }

// ModifyPlan plans the computed values that a change of names or number changes, records what
// the extension gives up, and checks against the PBX what only it knows: that a number and an
// e-mail address this extension takes are free (or given up by another extension of this plan,
// and not taken by another resource of the same configuration), and that the role exists.
func (r *ExtensionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	lastExtensionPlan.Store(time.Now().UnixNano())
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
		if state != nil && r.client != nil {
			// Decided before the number counts as given up, so that a joiner who waits for it
			// learns of the takeover too.
			number := state.Number.ValueString()
			if id, err := strconv.Atoi(state.ID.ValueString()); err == nil && awaitNewHolder(ctx, r.client, number) {
				marker, _ := json.Marshal(replacementMarker{ID: state.ID.ValueString(), Number: number})
				resp.Diagnostics.Append(resp.Private.SetKey(ctx, takeoverKey, marker)...)
				plannedTakeovers.agree(r.client, number, id)
			}
			plannedReleases.inState(r.client, releaseKey("number", number))
			if email := state.Email.ValueString(); email != "" {
				plannedReleases.inState(r.client, releaseKey("email", email))
			}
			plannedDestroys.inState(r.client, personKey(state.Number.ValueString(), state.Email.ValueString()))
		}
		return // destroy
	}
	var plan, config extensionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	renumbered := state != nil && !plan.Number.IsUnknown() && !plan.Number.Equal(state.Number)
	if state != nil {
		// The PBX forms the caller ID name from the names: it changes only with them.
		if plan.FirstName.Equal(state.FirstName) && plan.LastName.Equal(state.LastName) {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("caller_id_name"), state.CallerIDName)...)
		} else {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("caller_id_name"), types.StringUnknown())...)
		}
		if renumbered {
			// NOTE: a number cannot change on the PBX: the apply gives the person a new
			// extension (see renumber), with a new ID, and what the PBX derives from the number
			// anew unless the configuration sets it.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringUnknown())...)
			for _, name := range []string{"caller_id", "registration_name"} {
				var configured types.String
				resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &configured)...)
				if configured.IsNull() {
					resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), types.StringUnknown())...)
				}
			}
		}
		// NOTE: should Terraform replace this extension, it plans the new one in a second call
		// without the prior state, which gets this private state: see replacedExtensionKey.
		marker, _ := json.Marshal(replacementMarker{ID: state.ID.ValueString(), Number: state.Number.ValueString()})
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedExtensionKey, marker)...)
		if plan.SendWelcomeEmail.ValueBool() && !state.SendWelcomeEmail.ValueBool() && plan.Number.Equal(state.Number) {
			resp.Diagnostics.AddAttributeWarning(path.Root("send_welcome_email"), "No welcome e-mail for an existing extension",
				fmt.Sprintf("send_welcome_email sends the Linkus welcome e-mail once, after the provider creates the extension (or gives the person a new one for a new number). "+
					"Extension %s exists already (imported, or created without the e-mail), so this change only records the "+
					"setting in the state and sends nothing. Send the e-mail from the PBX web portal's extension list instead, "+
					"or leave send_welcome_email out to plan no change.", state.Number.ValueString()))
		}
	}
	replaced := readReplacementMarker(ctx, req.Private)
	if state == nil && replaced.ID != "" {
		// The create half of a replacement: tell the delete half which number it takes.
		replaced.Number = plan.Number.ValueString()
		marker, _ := json.Marshal(replaced)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedExtensionKey, marker)...)
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
		if renumbered {
			plannedReleases.inState(r.client, releaseKey("number", state.Number.ValueString()))
		}
		if old := state.Email.ValueString(); old != "" && !strings.EqualFold(old, plan.Email.ValueString()) && !plan.Email.IsUnknown() {
			plannedReleases.inState(r.client, releaseKey("email", old))
		}
	}
	changed := func(planned, before types.String) bool {
		return !planned.IsUnknown() && !planned.IsNull() && planned.ValueString() != "" && (state == nil || !planned.Equal(before))
	}
	// self is the extension that may keep what it holds: this one, or the one it replaces.
	self := replaced.ID
	if state != nil {
		self = state.ID.ValueString()
	}
	who := plan.person()

	// The checks ask different questions of the PBX, so they run at once.
	var checks checkGroup
	// takeover is the extension that a new extension takes over (a new person on a leaver's
	// number), agreed in this plan: its ID is the new one's.
	takeover := 0
	if changed(plan.Role, prior.Role) {
		role := plan.Role.ValueString()
		checks.run(func(diags *diag.Diagnostics) {
			if _, err := r.roleID(ctx, role); err != nil {
				diags.Append(roleDiagnostic(role, err))
			}
		})
	}
	if (state == nil || renumbered) && changed(plan.Number, prior.Number) {
		number := plan.Number.ValueString()
		moved := ""
		if state == nil && replaced.ID == "" {
			moved = personKey(number, knownString(plan.Email))
		}
		checks.run(func(diags *diag.Diagnostics) { takeover = r.checkNumberIsFree(ctx, number, self, who, moved, diags) })
	}
	if changed(plan.Email, prior.Email) && !strings.EqualFold(plan.Email.ValueString(), prior.Email.ValueString()) {
		email := plan.Email.ValueString()
		checks.run(func(diags *diag.Diagnostics) { r.checkEmailIsFree(ctx, email, self, who, diags) })
	}
	resp.Diagnostics.Append(checks.wait()...)
	if takeover != 0 && state == nil && replaced.ID == "" {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringValue(strconv.Itoa(takeover)))...)
	}
}

// person describes the extension for messages about another resource of the configuration,
// whose address the provider cannot know: its number, name and e-mail address as planned.
func (m extensionResourceModel) person() string {
	who := strings.TrimSpace(knownString(m.FirstName) + " " + knownString(m.LastName))
	if e := knownString(m.Email); e != "" {
		who = strings.TrimSpace(who + " <" + e + ">")
	}
	number := knownString(m.Number)
	switch {
	case who == "":
		return "the yeastar_extension numbered " + number
	case number == "":
		return "the yeastar_extension for " + who
	}
	return fmt.Sprintf("the yeastar_extension for %s (number %s)", who, number)
}

// checkNumberIsFree fails the plan of an extension that takes a number (a new extension, or a
// new number) that another resource of this configuration also takes, or that an extension on
// the PBX holds and does not give up in this plan. self is the extension that may hold it;
// moved, for a new extension, is its personKey, to tell a resource whose address changed.
//
// It returns the ID of the extension that holds the number and that this plan agrees to hand
// over to this one (see plannedTakeovers), or 0.
func (r *ExtensionResource) checkNumberIsFree(ctx context.Context, number, self, who, moved string, diags *diag.Diagnostics) (takeover int) {
	if other, free := plannedNewExtensions.claim(r.client, "number", number, self, who); !free {
		detail := fmt.Sprintf("Both %s and %s of this configuration take extension number %s, and an extension number can exist "+
			"only once on the PBX. Give each extension its own number.", other, who, number)
		if !strings.HasPrefix(other, "the "+extensionResourceType) {
			detail = fmt.Sprintf("Both a %s and %s of this configuration take number %s, and extensions, ring groups, queues and IVRs "+
				"share the PBX's one number space. Give each its own number.", other, who, number)
		}
		diags.AddAttributeError(path.Root("number"), "Duplicate extension number", detail)
		return
	}
	all, err := r.client.AllExtensions(ctx)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	for _, e := range all {
		if e.Number == number {
			if moved != "" && plannedDestroys.seenSoon(ctx, r.client, moved) {
				diags.AddAttributeError(path.Root("number"), "Extension already managed under another address", extensionMovedDetail(e.Number, e.ID))
				return
			}
			// NOTE: the listing is kept for the whole run: only a search as of now can fail the
			// plan (the extension may have been deleted since, by a replacement in this apply).
			return r.awaitRelease(ctx, "number", number, self, func(ctx context.Context) (*yeastar.Extension, error) {
				return r.client.FindExtension(ctx, number)
			}, diags)
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
	return 0
}

// checkEmailIsFree fails the plan when another resource of this configuration takes the same
// e-mail address, or another extension on the PBX holds it and does not give it up in this
// plan. self is the extension that may hold it.
func (r *ExtensionResource) checkEmailIsFree(ctx context.Context, email, self, who string, diags *diag.Diagnostics) {
	if other, free := plannedNewExtensions.claim(r.client, "email", strings.ToLower(email), self, who); !free {
		diags.AddAttributeError(path.Root("email"), "Duplicate e-mail address",
			fmt.Sprintf("Both %s and %s of this configuration take the e-mail address %s, and the PBX wants each extension's "+
				"address to be unique. Give each extension its own address.", other, who, email))
		return
	}
	all, err := r.client.AllExtensions(ctx)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	for _, e := range all {
		if strings.EqualFold(e.Email, email) {
			_ = r.awaitRelease(ctx, "email", email, self, func(ctx context.Context) (*yeastar.Extension, error) {
				return r.client.FindExtensionByEmail(ctx, email)
			}, diags)
			return
		}
	}
}

// awaitRelease decides about a number or e-mail address (kind "number" or "email") that the
// cached listing shows taken. It is free when a search as of now finds no holder, or self; when
// the holder gives it up in this plan (plannedReleases); or, in the plan Terraform makes again
// at apply, when the holder has been given up or has let go meanwhile (a delete, a renumber).
// Otherwise it waits up to releaseWait for one of those, since Terraform plans and applies the
// instances concurrently, and then fails, telling a holder this configuration manages from one
// outside Terraform. For a number, it returns the holder's ID when the holder is handed over to
// this extension (agreed in this plan, or given up in this apply), else 0.
func (r *ExtensionResource) awaitRelease(ctx context.Context, kind, value, self string, find func(context.Context) (*yeastar.Extension, error), diags *diag.Diagnostics) (takeover int) {
	if kind == "number" {
		// A delete in the same apply hands its extension over rather than deleting it.
		defer extensionHandover.want(r.client, value)()
	}
	started := time.Now()
	var holder *yeastar.Extension
	keeps := false
	free, err := waitFor(ctx, releaseWait, func() (bool, error) {
		found, err := find(ctx)
		switch {
		case err != nil:
			return false, err
		case found == nil || strconv.Itoa(found.ID) == self:
			return true, nil
		case plannedReleases.managed(r.client, releaseKey(kind, value)):
			if id, agreed := plannedTakeovers.agreed(r.client, value); agreed && kind == "number" && id == found.ID {
				takeover = id
			}
			return true, nil
		case kind == "number" && extensionHandover.isOffered(r.client, value):
			if id := extensionHandover.offeredID(r.client, value); id == found.ID {
				takeover = id
			}
			return true, nil
		case extensionHandover.isGivenUp(r.client, found.ID):
			return true, nil
		}
		holder = found
		if time.Since(started) >= seenWithin && managedExtensions.managed(r.client, found.ID) {
			keeps = true
			return true, nil
		}
		return false, nil
	})
	switch {
	case err != nil:
		diags.Append(apiErrorDiagnostic(err))
	case free && !keeps:
	case keeps && kind == "number":
		diags.AddAttributeError(path.Root("number"), "Extension number taken by another resource of this configuration",
			managedHolderDetail("the extension number "+value, holder))
	case keeps:
		diags.AddAttributeError(path.Root("email"), "E-mail address taken by another resource of this configuration",
			managedHolderDetail("the e-mail address "+value, holder))
	case kind == "number":
		diags.AddAttributeError(path.Root("number"), "Extension already on the PBX", extensionExistsDetail(holder.Number, holder.ID)+
			"\n\nIf it is the extension of a person this configuration removes in the same apply (a new person on a leaver's number), "+
			"Terraform deletes the leaver's extension only after this one is created when the apply also changes phones or teams that use "+
			"the extensions: apply the leaver's removal first, then the new person. If it is this extension, replaced (terraform apply "+
			"-replace) while it is create_before_destroy, Terraform creates the replacement before it deletes the extension, which the "+
			"number does not allow: rotate its secrets with the _wo_version arguments instead, and put the state back with "+
			"terraform state rm ADDRESS and terraform import ADDRESS "+holder.Number+" (the failed replacement left the extension "+
			"in the state as a deposed object).")
	default:
		diags.AddAttributeError(path.Root("email"), "E-mail address already in use", emailTakenDetail(value, holder.Number, holder.ID))
	}
	if err != nil || !free || keeps {
		return 0
	}
	return takeover
}

func managedHolderDetail(what string, holder *yeastar.Extension) string {
	return fmt.Sprintf("The PBX's extension %s (extension ID %d) holds %s, and it is managed by this configuration under another "+
		"address (`terraform state list -id=%d` prints it), which keeps it in this plan. A number and an e-mail address can "+
		"each belong to one extension only. Change one of the two resources so that only one of them has it; where the "+
		"staff list names a person by their e-mail address, a person is one row.", holder.Number, holder.ID, what, holder.ID)
}

// plannedNewExtensions remembers the numbers and e-mail addresses that the extensions planned
// with each client take (new extensions, new numbers, new addresses), and by whom. A provider
// configuration gets a client per Terraform operation (plan, apply), so this catches two
// resources of one configuration that would take the same value, before either is created.
var plannedNewExtensions = &planClaims{}

// planClaims records values that the resources planned with a client take, and who took them.
type planClaims struct {
	mu    sync.Mutex
	taken map[*yeastar.Client]map[string]claimedBy
}

type claimedBy struct{ claimant, who string }

// claim records kind and value for client, claimed by who, and reports whether they were free;
// when not, other describes who claimed them first. claimant, when not empty, names the object
// claiming (the extension ID a plan changes or replaces): Terraform plans a replacement in two
// calls, and the second may claim what the first did.
func (c *planClaims) claim(client *yeastar.Client, kind, value, claimant, who string) (other string, free bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.taken == nil {
		c.taken = map[*yeastar.Client]map[string]claimedBy{}
	}
	if c.taken[client] == nil {
		c.taken[client] = map[string]claimedBy{}
	}
	key := kind + "\x00" + value
	if first, taken := c.taken[client][key]; taken && (claimant == "" || first.claimant != claimant) {
		return first.who, false
	}
	c.taken[client][key] = claimedBy{claimant: claimant, who: who}
	return "", true
}

// claimAs records kind and value for client on behalf of a resource of type owner (a routing
// object's number, an IVR key), and reports whether they were free, or else who claimed them
// first. The routing resources claim numbers here too, since extensions, ring groups, queues
// and IVRs share the PBX's one number space.
func (c *planClaims) claimAs(client *yeastar.Client, kind, value, owner string) (string, bool) {
	return c.claim(client, kind, value, "", owner)
}

// claimed reports whether kind and value were claimed with client.
func (c *planClaims) claimed(client *yeastar.Client, kind, value string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, taken := c.taken[client][kind+"\x00"+value]
	return taken
}

// forget drops what was claimed with a client that is closed.
func (c *planClaims) forget(client *yeastar.Client) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.taken, client)
}

// managedExtensions records the extensions this run's state holds, so that a new extension
// whose number one of them has is told apart from one outside Terraform: a resource that was
// renamed, or whose for_each key changed, needs a moved block, not an import (which would
// delete the extension when the old address is destroyed).
var managedExtensions = &stateRegistry[int]{}

func extensionMovedDetail(number string, id int) string {
	return fmt.Sprintf("The PBX's extension %s (extension ID %d) is already managed by this configuration: the state holds it, and "+
		"Terraform plans to destroy it there and to create an extension with the same number and e-mail address (the same "+
		"person) here, which would give the person a new extension and new secrets. If the resource was renamed or its "+
		"for_each key (or count index) changed, tell Terraform that it moved, rather than importing it (an import here would "+
		"delete the extension when the old address is destroyed): add\n\n"+
		"  moved {\n    from = <old address>\n    to   = <new address>\n  }\n\n"+
		"where `terraform state list -id=%d` shows the old address. If two resources of the configuration mean this extension, "+
		"remove one of them; if a new person takes over this number, give them their own e-mail address.", number, id, id)
}
