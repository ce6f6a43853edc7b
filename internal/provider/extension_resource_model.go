package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// How yeastar_extension maps between its model and the client: the PBX's record, the secrets to
// send, and role names.

// extensionID is the PBX's ID of the extension in the state.
func (m *extensionResourceModel) extensionID(diags *diag.Diagnostics) (int, bool) {
	id, err := strconv.Atoi(m.ID.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("id"), "Invalid extension ID",
			fmt.Sprintf("The extension ID in the state, %q, is not a number. Remove the resource from the state and import the extension again.", m.ID.ValueString()))
		return 0, false
	}
	return id, true
}

// versionBumped reports whether a secret's version was set to a new value, which sends the
// secret again. Removing the version sends nothing.
func versionBumped(planned, prior types.Int64) bool {
	return !planned.IsNull() && !planned.IsUnknown() && !planned.Equal(prior)
}

// secretsToSend returns the secrets to send, each only when asked for: the configuration's
// write-only value, or a newly generated one where the configuration has none. A generated
// secret is never kept anywhere.
func secretsToSend(config, plan extensionResourceModel, user, registration, pin bool) (string, string, string, error) {
	number := plan.Number.ValueString()
	pick := func(wanted bool, given types.String, generate func() (string, error)) (string, error) {
		if !wanted {
			return "", nil
		}
		if !given.IsNull() && !given.IsUnknown() {
			return given.ValueString(), nil
		}
		return generate()
	}
	u, err := pick(user, config.UserPasswordWO, func() (string, error) {
		return yeastar.GenerateUserPassword(number, plan.FirstName.ValueString(), plan.LastName.ValueString())
	})
	if err != nil {
		return "", "", "", err
	}
	rp, err := pick(registration, config.RegistrationPasswordWO, yeastar.GenerateRegistrationPassword)
	if err != nil {
		return "", "", "", err
	}
	p, err := pick(pin, config.VoicemailPINWO, func() (string, error) { return yeastar.GenerateVoicemailPIN(number) })
	return u, rp, p, err
}

// fromDetail copies what the PBX says of an extension into the model. An optional text the PBX
// holds empty stays null when the model has it null, so that an unset argument is no change.
func (m *extensionResourceModel) fromDetail(d *yeastar.ExtensionDetail, roleName string) {
	if m.ID.ValueString() == "" {
		m.ID = types.StringValue(strconv.Itoa(d.ID))
	}
	m.Number = types.StringValue(d.Number)
	m.FirstName = optionalText(m.FirstName, d.FirstName)
	m.LastName = optionalText(m.LastName, d.LastName)
	m.Email = optionalText(m.Email, d.Email)
	m.MobileNumber = optionalText(m.MobileNumber, d.MobileNumber)
	m.Title = optionalText(m.Title, d.Title)
	m.CallerIDName = types.StringValue(d.CallerIDName)
	m.CallerID = types.StringValue(d.CallerID)
	m.Role = types.StringValue(roleName)
	if !m.PresenceStatus.IsNull() {
		// Null only for an adopted extension whose configuration leaves the presence unset
		// (see presenceLeftToThePerson): it stays the person's, out of the state.
		m.PresenceStatus = types.StringValue(d.PresenceStatus)
	}
	m.ConcurrentRegistrations = types.Int64Value(int64(d.ConcurrentRegistrations))
	m.VoicemailEnabled = types.BoolValue(d.VoicemailEnabled)
	m.VoicemailPINRequired = types.BoolValue(d.VoicemailPINRequired)
	m.RegistrationName = types.StringValue(d.RegistrationName)
	if m.SendWelcomeEmail.IsNull() {
		// Imported: the e-mail is sent only after a create, so the default is what the
		// configuration will hold.
		m.SendWelcomeEmail = types.BoolValue(false)
	}
	// The secrets are never read: ExtensionDetail has none, and the write-only values stay null.
}

func optionalText(current types.String, fromPBX string) types.String {
	if fromPBX == "" && (current.IsNull() || current.ValueString() == "") {
		return current
	}
	return types.StringValue(fromPBX)
}

// fillUnknown sets the computed values that the plan left unknown from what the PBX holds.
func (m *extensionResourceModel) fillUnknown(d *yeastar.ExtensionDetail, roleName string) {
	set := func(v *types.String, value string) {
		if v.IsUnknown() {
			*v = types.StringValue(value)
		}
	}
	set(&m.CallerIDName, d.CallerIDName)
	set(&m.CallerID, d.CallerID)
	set(&m.Role, roleName)
	set(&m.PresenceStatus, d.PresenceStatus)
	set(&m.RegistrationName, d.RegistrationName)
}

func (m *extensionResourceModel) hasUnknown() bool {
	for _, v := range []types.String{m.CallerIDName, m.CallerID, m.Role, m.PresenceStatus, m.RegistrationName} {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// knownString is a planned value, or "" when it is unknown or null.
func knownString(v types.String) string {
	if v.IsUnknown() || v.IsNull() {
		return ""
	}
	return v.ValueString()
}

// roleID resolves a user role's name to its ID.
func (r *ExtensionResource) roleID(ctx context.Context, name string) (int, error) {
	roles, err := r.client.UserRoles(ctx)
	if err != nil {
		return 0, err
	}
	for _, o := range roles {
		if o.Text == name {
			id, err := strconv.Atoi(o.Value)
			if err != nil {
				return 0, fmt.Errorf("the PBX lists role %q with the ID %q, which is not a number", name, o.Value)
			}
			return id, nil
		}
	}
	return 0, &unknownRoleError{name: name, known: names(roles)}
}

type unknownRoleError struct {
	name  string
	known []string
}

func (e *unknownRoleError) Error() string { return fmt.Sprintf("the PBX has no user role %q", e.name) }

func roleDiagnostic(name string, err error) diag.Diagnostic {
	var unknown *unknownRoleError
	if errors.As(err, &unknown) {
		return diag.NewAttributeErrorDiagnostic(path.Root("role"), "Unknown user role",
			noMatchDetail("role", name, unknown.known, "Use a role name as the PBX web portal lists it under Extension and Trunk > User Roles."))
	}
	return apiErrorDiagnostic(fmt.Errorf("resolving user role %q: %w", name, err))
}

// roleNameOf is the name of the role with this ID (see roleNameIn), from the PBX's role list.
func (r *ExtensionResource) roleNameOf(ctx context.Context, id int) (string, error) {
	if id == 0 {
		return "", nil
	}
	roles, err := r.client.UserRoles(ctx)
	if err != nil {
		return "", err
	}
	return roleNameIn(roles, id), nil
}

// roleNameIn is the name of the role with this ID among roles: "" for none, the ID itself for a
// role the PBX does not list or lists without a name (so that a configured name shows as a
// change).
func roleNameIn(roles []yeastar.Option, id int) string {
	if id == 0 {
		return ""
	}
	value := strconv.Itoa(id)
	for _, o := range roles {
		if o.Value == value && o.Text != "" {
			return o.Text
		}
	}
	return value
}

// roleName is the name for a computed role after a create or update: the planned name when it
// is known, else the PBX's (the role list is answered from the client's cache).
func (r *ExtensionResource) roleName(ctx context.Context, id int, planned types.String) string {
	if !planned.IsUnknown() {
		return planned.ValueString()
	}
	name, err := r.roleNameOf(ctx, id)
	if err != nil {
		return strconv.Itoa(id)
	}
	return name
}
