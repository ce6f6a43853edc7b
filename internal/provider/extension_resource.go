package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var (
	_ resource.ResourceWithConfigure      = &ExtensionResource{}
	_ resource.ResourceWithValidateConfig = &ExtensionResource{}
	_ resource.ResourceWithModifyPlan     = &ExtensionResource{}
	_ resource.ResourceWithImportState    = &ExtensionResource{}
	_ resource.ResourceWithIdentity       = &ExtensionResource{}
)

const (
	extensionResourceType = "yeastar_extension"
	// extensionIDImportPrefix marks an import ID as the PBX's extension ID: a bare number is the
	// extension's number, which is what a person knows.
	extensionIDImportPrefix = "id:"
)

// NewExtensionResource returns the yeastar_extension resource.
func NewExtensionResource() resource.Resource { return &ExtensionResource{} }

// ExtensionResource is one SIP extension of the PBX: a person's number, SIP account, voicemail
// and presence. Its three secrets are write-only: never in a plan or the state.
type ExtensionResource struct{ clientHolder }

type extensionResourceModel struct {
	ID                            types.String `tfsdk:"id"`
	Number                        types.String `tfsdk:"number"`
	FirstName                     types.String `tfsdk:"first_name"`
	LastName                      types.String `tfsdk:"last_name"`
	CallerIDName                  types.String `tfsdk:"caller_id_name"`
	Email                         types.String `tfsdk:"email"`
	MobileNumber                  types.String `tfsdk:"mobile_number"`
	Title                         types.String `tfsdk:"title"`
	CallerID                      types.String `tfsdk:"caller_id"`
	Role                          types.String `tfsdk:"role"`
	PresenceStatus                types.String `tfsdk:"presence_status"`
	ConcurrentRegistrations       types.Int64  `tfsdk:"concurrent_registrations"`
	VoicemailEnabled              types.Bool   `tfsdk:"voicemail_enabled"`
	VoicemailPINRequired          types.Bool   `tfsdk:"voicemail_pin_required"`
	RegistrationName              types.String `tfsdk:"registration_name"`
	UserPasswordWO                types.String `tfsdk:"user_password_wo"`
	UserPasswordWOVersion         types.Int64  `tfsdk:"user_password_wo_version"`
	RegistrationPasswordWO        types.String `tfsdk:"registration_password_wo"`
	RegistrationPasswordWOVersion types.Int64  `tfsdk:"registration_password_wo_version"`
	VoicemailPINWO                types.String `tfsdk:"voicemail_pin_wo"`
	VoicemailPINWOVersion         types.Int64  `tfsdk:"voicemail_pin_wo_version"`
	SendWelcomeEmail              types.Bool   `tfsdk:"send_welcome_email"`
}

func (r *ExtensionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_extension"
	// A new number gives the person a new extension in place, with a new ID (see renumber).
	resp.ResourceBehavior.MutableIdentity = true
}

func (r *ExtensionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.setProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *ExtensionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	optionalString := func(description string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Optional: true, Validators: validators}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One SIP extension of the PBX: a person's number, name, e-mail address, SIP account, voicemail and " +
			"presence. Its three secrets (the user's login password, the SIP registration password and the voicemail PIN) are " +
			"write-only arguments: Terraform sends them to the PBX and never keeps them in a plan or the state. A secret that is " +
			"not given is generated at random, sent once and forgotten. Every value is checked during `terraform plan`, including " +
			"whether the number and the e-mail address are free on the PBX, so that bad input fails the plan before any extension " +
			"is created. Everything changes in place, `number` included (a new number gives the person a new extension, " +
			"with a new `id`); `terraform apply -replace` resets the extension in place." +
			permissionsNote("system for the names of the user roles; with "+permAutoProvisioning+" too, a delete refused because "+
				"phones use the extension names those phones, and a new number moves the phones of the old extension", permExtensions, permSystem),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The extension's ID on the PBX, a number such as `\"42\"` (not the extension number). " +
					"`yeastar_phone` takes it as `extension_id`.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"number": schema.StringAttribute{
				MarkdownDescription: "The extension number, 1 to 8 digits such as `\"1001\"`. A number the PBX already has fails the " +
					"plan, naming the extension that holds it and how to import it, unless another extension of the same plan gives it " +
					"up (a leaver's number given to a joiner). A number cannot change on the PBX, so changing it gives the person a new " +
					"extension in place: the phones assigned to the old one move to it, the old one is deleted, `id` changes, and every " +
					"secret not set in the configuration is generated anew (see the staff guide's \"Joiners, movers and leavers\").",
				Required:   true,
				Validators: []validator.String{validExtensionNumber()},
			},
			"first_name": optionalString("The person's first name, at most 63 characters.",
				stringvalidator.LengthAtMost(maxNameLength)),
			"last_name": optionalString("The person's last name, at most 63 characters.",
				stringvalidator.LengthAtMost(maxNameLength)),
			"caller_id_name": schema.StringAttribute{
				MarkdownDescription: "The caller ID name the PBX forms from `first_name` and `last_name`.",
				Computed:            true,
			},
			"email": optionalString("The person's e-mail address, which the PBX needs for the Linkus welcome e-mail and voicemail "+
				"notifications. The PBX wants it unique: an address another extension holds fails the plan, naming that extension. "+
				"An empty string is refused at plan time: leave the attribute out or set it to `null` for no address (from a CSV "+
				"column that may be empty: `email = row.email != \"\" ? row.email : null`).",
				validEmail()),
			"mobile_number": optionalString("The person's mobile number: digits, letters and `( ) . - + * #`, at most 31 characters.",
				validMobileNumber()),
			"title": optionalString("The person's job title, at most 63 characters.", stringvalidator.LengthAtMost(maxNameLength)),
			"caller_id": schema.StringAttribute{
				MarkdownDescription: "The outbound caller ID number: at most 31 digits, letters and `[ ] ( ) . - + * #`. The PBX's " +
					"default is the extension number.",
				Optional: true, Computed: true,
				Validators:    []validator.String{notBlank(), validCallerID()},
				PlanModifiers: keep,
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "The name of the user role, such as `Employee`, as the PBX lists it under **User Roles**. An " +
					"unknown name fails the plan and suggests the closest ones. Unset, the extension keeps the role the PBX gives it.",
				Optional: true, Computed: true,
				Validators:    []validator.String{notBlank()},
				PlanModifiers: keep,
			},
			"presence_status": schema.StringAttribute{
				MarkdownDescription: "The person's presence: one of `" + strings.Join(yeastar.PresenceStatuses, "`, `") + "`. " +
					"Unset, a new extension starts `" + yeastar.PresenceAvailable + "` and the presence is then left to the person: " +
					"a change to `lunch` or `away` is not drift. An imported extension whose configuration leaves it unset keeps it " +
					"out of the state (null), so that `-generate-config-out` does not write the presence of the day into the " +
					"configuration (Terraform 1.5 and OpenTofu write `presence_status = null`, which is the same as leaving it out). " +
					"Set, it is enforced.",
				Optional: true, Computed: true,
				Validators:    []validator.String{stringvalidator.OneOf(yeastar.PresenceStatuses...)},
				PlanModifiers: []planmodifier.String{presenceLeftToThePerson{}},
			},
			"concurrent_registrations": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many devices may register with the extension at once, from 1 to %d. Defaults to 1.",
					yeastar.MaxConcurrentRegistrations),
				Optional: true, Computed: true,
				Default:    int64default.StaticInt64(1),
				Validators: []validator.Int64{int64validator.Between(1, yeastar.MaxConcurrentRegistrations)},
			},
			"voicemail_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the extension has voicemail. Defaults to `true`.",
				Optional:            true, Computed: true, Default: booldefault.StaticBool(true),
			},
			"voicemail_pin_required": schema.BoolAttribute{
				MarkdownDescription: "Whether voicemail asks for the PIN. Defaults to `true`.",
				Optional:            true, Computed: true, Default: booldefault.StaticBool(true),
			},
			"registration_name": schema.StringAttribute{
				MarkdownDescription: "The SIP registration name (user name), at most 63 characters. Unset, a random name of ten " +
					"lower-case letters and digits is generated at create, as the PBX web portal does, so that the SIP user name is " +
					"not the guessable extension number; it is then kept.",
				Optional: true, Computed: true,
				Validators:    []validator.String{notBlank(), stringvalidator.LengthAtMost(maxNameLength)},
				PlanModifiers: keep,
			},
			"user_password_wo": writeOnlySecret("The user's password for the web portal and the Linkus apps: 10 to 63 characters " +
				"mixing digits, upper-case and lower-case letters, without 4 sequential or identical digits, and not holding the " +
				"extension number or a name. " + writeOnlyNote("user_password_wo_version", "a random 24-character password") +
				" The person sets their own from the welcome e-mail or the web portal."),
			"user_password_wo_version": secretVersion("user_password_wo", " Where `user_password_wo` is unset, changing it "+
				"replaces the password the person chose after the welcome e-mail with a random one that nobody can read: they can no "+
				"longer log in to the web portal or the Linkus apps until they are sent the welcome e-mail again or given a new "+
				"password in the web portal. Change it without `user_password_wo` only when that is what you want."),
			"registration_password_wo": writeOnlySecret("The SIP registration password: 8 to 63 printable ASCII characters " +
				"without spaces, without 4 sequential or identical digits. " + writeOnlyNote("registration_password_wo_version",
				"a random 24-character password") + " The `yeastar_extension_credentials` ephemeral resource reads it for one run."),
			"registration_password_wo_version": secretVersion("registration_password_wo", ""),
			"voicemail_pin_wo": writeOnlySecret("The voicemail PIN: 4 to 16 digits, without 4 sequential or identical digits, and " +
				"not the extension number. " + writeOnlyNote("voicemail_pin_wo_version", "a random 6-digit PIN") +
				" The `yeastar_extension_credentials` ephemeral resource reads it for one run."),
			"voicemail_pin_wo_version": secretVersion("voicemail_pin_wo", ""),
			"send_welcome_email": schema.BoolAttribute{
				MarkdownDescription: "Whether to send the Linkus welcome e-mail to `email` once the extension is created. It is sent " +
					"once, after create, and never on an update: setting it to `true` on an existing extension (an imported one, say) " +
					"sends nothing, and the plan warns so. Defaults to `false`.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			},
		},
	}
}

const maxNameLength = 63

// presenceLeftToThePerson plans an unset presence_status as the state holds it, null included:
// an imported extension's presence is read into the state only when the configuration sets it
// (see fromDetail), so an adopted person's presence, like a new one's, is theirs, and the
// configuration -generate-config-out writes for it does not enforce the presence of the day.
// A new extension's presence is unknown until the PBX gives it.
type presenceLeftToThePerson struct{}

var _ planmodifier.String = presenceLeftToThePerson{}

func (presenceLeftToThePerson) Description(context.Context) string {
	return "Unset, the presence stays as the state holds it: the person's."
}

func (m presenceLeftToThePerson) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (presenceLeftToThePerson) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || !req.ConfigValue.IsNull() {
		return
	}
	resp.PlanValue = req.StateValue
}

// writeOnlySecret is a write-only argument: Terraform 1.11 and later send it to the provider
// and keep it out of the plan and the state.
func writeOnlySecret(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Optional: true, Sensitive: true, WriteOnly: true}
}

func writeOnlyNote(version, generated string) string {
	return "Write-only (Terraform 1.11 and later): never stored in the plan or the state. It is sent at create and again " +
		"whenever `" + version + "` changes. Unset, the provider generates " + generated + " that meets the PBX's rules, " +
		"sends it and forgets it. The value is checked during plan, and a diagnostic never shows it."
}

// secretVersion is the version argument of the write-only secret; warning (a sentence or "")
// says what a rotation costs where it is more than the new value.
func secretVersion(secret, warning string) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: "Any number; changing it sends `" + secret + "` to the PBX again, or, where `" + secret + "` is unset, " +
			"a newly generated one (rotation). Terraform cannot see a change of the write-only value itself." + warning,
		Optional: true,
	}
}

func (r *ExtensionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The extension's ID on the PBX, a number such as \"42\" (not the extension number).")
}

func (r *ExtensionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config extensionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedExtensionKey, nil)...)

	spec, diags := r.extensionSpec(ctx, plan, config)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	got, err := r.obtainExtension(ctx, spec, nil)
	if got.detail == nil {
		resp.Diagnostics.Append(createExtensionDiagnostic(spec.Number, err))
		return
	}
	// An extension the PBX now holds is kept in the state, whatever happens next.
	r.settle(ctx, &plan, spec, got, err, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, idIdentityModel{ID: plan.ID})...)
	r.sendWelcomeEmail(ctx, plan, got.detail.ID, &resp.Diagnostics)
}

// extensionSpec is what the PBX is sent for a new extension, or for one taken over: the planned
// values and the secrets, each the configuration's write-only value or a newly generated one.
func (r *ExtensionResource) extensionSpec(ctx context.Context, plan, config extensionResourceModel) (yeastar.NewExtension, diag.Diagnostics) {
	var diags diag.Diagnostics
	// NOTE: a value unknown during plan (taken from a resource created in the same run) could
	// not be checked then; it is checked here, before anything is sent.
	if diags.Append(checkExtensionSecrets(config)...); diags.HasError() {
		return yeastar.NewExtension{}, diags
	}
	userPassword, registrationPassword, pin, err := secretsToSend(config, plan, true, true, true)
	if err != nil {
		diags.AddError("Could not generate a password", fmt.Sprintf("Generating a random secret failed: %v. Nothing was sent to the PBX.", err))
		return yeastar.NewExtension{}, diags
	}
	spec := yeastar.NewExtension{
		Number:                  plan.Number.ValueString(),
		FirstName:               plan.FirstName.ValueString(),
		LastName:                plan.LastName.ValueString(),
		Email:                   plan.Email.ValueString(),
		MobileNumber:            plan.MobileNumber.ValueString(),
		Title:                   plan.Title.ValueString(),
		CallerID:                knownString(plan.CallerID),
		PresenceStatus:          knownString(plan.PresenceStatus),
		ConcurrentRegistrations: int(plan.ConcurrentRegistrations.ValueInt64()),
		VoicemailEnabled:        plan.VoicemailEnabled.ValueBool(),
		VoicemailPINRequired:    plan.VoicemailPINRequired.ValueBool(),
		RegistrationName:        knownString(plan.RegistrationName),
		UserPassword:            userPassword,
		RegistrationPassword:    registrationPassword,
		VoicemailPIN:            pin,
	}
	if spec.RegistrationName == "" {
		if spec.RegistrationName, err = yeastar.GenerateRegistrationName(); err != nil {
			diags.AddError("Could not generate a registration name", fmt.Sprintf("%v. Nothing was sent to the PBX.", err))
			return spec, diags
		}
	}
	if role := knownString(plan.Role); role != "" {
		if spec.RoleID, err = r.roleID(ctx, role); err != nil {
			diags.Append(roleDiagnostic(role, err))
		}
	}
	return spec, diags
}

// settle fills the plan's unknown values from the extension obtained (read back, or, when
// reading it back failed, from what was asked), and warns when it could not be read back:
// not an error, which would taint the extension and replace it.
func (r *ExtensionResource) settle(ctx context.Context, plan *extensionResourceModel, spec yeastar.NewExtension, got obtained, err error, diags *diag.Diagnostics) {
	plan.ID = types.StringValue(strconv.Itoa(got.detail.ID))
	createdExtensions.agree(r.client, spec.Number, got.detail.ID)
	readBack := got.detail
	if err != nil || got.detail.Number == "" {
		readBack = &yeastar.ExtensionDetail{ID: got.detail.ID, Number: spec.Number, CallerIDName: strings.TrimSpace(spec.FirstName + " " + spec.LastName),
			CallerID: spec.CallerID, PresenceStatus: spec.PresenceStatus, RegistrationName: spec.RegistrationName}
		if readBack.CallerID == "" {
			readBack.CallerID = spec.Number
		}
		if readBack.PresenceStatus == "" {
			readBack.PresenceStatus = yeastar.PresenceAvailable
		}
	}
	plan.fillUnknown(readBack, r.roleName(ctx, readBack.RoleID, plan.Role))
	if err != nil {
		verb := "created"
		if got.tookOver {
			verb = "reset for this configuration"
		}
		diags.AddWarning("Extension "+verb+", but not read back",
			fmt.Sprintf("The PBX %s extension %s as extension ID %d, but reading it back failed, so its caller ID name and role "+
				"may not be known yet. The next terraform plan or apply reads them.\n\n%v", verb, spec.Number, got.detail.ID, err))
	}
}

// obtained is the extension obtainExtension gave an instance: a new one, or one it took over.
type obtained struct {
	detail   *yeastar.ExtensionDetail
	tookOver bool
}

// obtainExtension gives an instance an extension numbered spec.Number: the one that another
// instance of this apply gives up under that number, taken over and reset (ResetExtension), or a
// new one (CreateExtension, which never adds one twice). A number or an e-mail address that
// another extension holds is waited for, up to handoverWait, since the instance that lets go of
// it (a leaver, a renumbered person) may be applied at the same time. whileWaiting, when set, is called
// at every look meanwhile. On error, detail is nil unless the PBX holds the extension all the
// same (created or reset, but not read back).
func (r *ExtensionResource) obtainExtension(ctx context.Context, spec yeastar.NewExtension, whileWaiting func()) (obtained, error) {
	defer extensionHandover.want(r.client, spec.Number)()
	deadline := time.Now().Add(handoverWait)
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			// A search that lags behind the PBX may call free what a create still finds taken.
			select {
			case <-ctx.Done():
			case <-time.After(min(time.Duration(attempt)*250*time.Millisecond, 2*time.Second)):
			}
		}
		if id, ok := extensionHandover.take(r.client, spec.Number); ok {
			if err := r.client.ResetExtension(ctx, id, spec); err != nil {
				return obtained{}, fmt.Errorf("taking over extension %s (ID %d), which this apply gives up: %w", spec.Number, id, err)
			}
			detail, err := r.client.GetExtension(ctx, id)
			if err != nil {
				return obtained{detail: &yeastar.ExtensionDetail{ID: id}, tookOver: true}, err
			}
			return obtained{detail: detail, tookOver: true}, nil
		}
		created, err := r.client.CreateExtension(ctx, spec)
		var exists *yeastar.ExtensionExistsError
		if err == nil || !errors.As(err, &exists) || len(exists.Differences) > 0 || time.Now().After(deadline) {
			if created == nil {
				return obtained{}, err
			}
			return obtained{detail: created}, err
		}
		// Taken: wait for the holder to let go, or to be given up.
		_, waitErr := waitFor(ctx, time.Until(deadline), func() (bool, error) {
			if whileWaiting != nil {
				whileWaiting()
			}
			if extensionHandover.isOffered(r.client, spec.Number) {
				return true, nil
			}
			if exists.Field == "email" {
				// NOTE: a renumbered person's old extension (self) gave the address up first.
				holder, err := r.client.FindExtensionByEmail(ctx, spec.Email)
				return holder == nil, err
			}
			holder, err := r.client.FindExtension(ctx, spec.Number)
			return holder == nil, err
		})
		if waitErr != nil || ctx.Err() != nil {
			return obtained{}, err
		}
	}
}

// sendWelcomeEmail sends the Linkus welcome e-mail once, after create, when asked to. A failure
// is a warning: the extension exists, and an error would replace it.
func (r *ExtensionResource) sendWelcomeEmail(ctx context.Context, plan extensionResourceModel, id int, diags *diag.Diagnostics) {
	if !plan.SendWelcomeEmail.ValueBool() {
		return
	}
	err := r.client.SendWelcomeEmail(ctx, id)
	switch {
	case yeastar.AnswerLost(err):
		diags.AddWarning("Welcome e-mail may have been sent",
			fmt.Sprintf("Extension %s (ID %d) was created, but the answer to sending its Linkus welcome e-mail was lost: the PBX may "+
				"have sent it already. The provider sends it only once, after create. Ask the person whether it arrived before "+
				"sending it again from the PBX web portal (Extension and Trunk > Extension, select the extension, Email Welcome "+
				"Email), so that they do not get it twice.\n\n%v", plan.Number.ValueString(), id, err))
	case err != nil:
		diags.AddWarning("Welcome e-mail not sent",
			fmt.Sprintf("Extension %s (ID %d) was created, but sending its Linkus welcome e-mail failed, and the provider sends it only "+
				"once, after create. Send it from the PBX web portal (Extension and Trunk > Extension, select the extension, "+
				"Email Welcome Email).\n\n%v", plan.Number.ValueString(), id, err))
	}
}

// createExtensionDiagnostic explains a failed create: a number or e-mail address another
// extension holds (at create, or found after a lost answer), or any other failure.
func createExtensionDiagnostic(number string, err error) diag.Diagnostic {
	var exists *yeastar.ExtensionExistsError
	if !errors.As(err, &exists) {
		return apiErrorDiagnostic(fmt.Errorf("creating extension %s: %w", number, err))
	}
	if exists.Field == "email" {
		return diag.NewAttributeErrorDiagnostic(path.Root("email"), "E-mail address already in use", emailTakenDetail(exists.Value, exists.Number, exists.ID))
	}
	detail := extensionExistsDetail(exists.Number, exists.ID)
	if len(exists.Differences) > 0 {
		detail = fmt.Sprintf("The answer to creating extension %s was lost, and the PBX now has extension %s as extension ID %d, but it "+
			"could not be confirmed as this configuration's extension: %s. Nothing else was created. ",
			number, exists.Number, exists.ID, strings.Join(exists.Differences, ", ")) + detail
	}
	return diag.NewAttributeErrorDiagnostic(path.Root("number"), "Extension already on the PBX", detail)
}

func extensionExistsDetail(number string, id int) string {
	return fmt.Sprintf("The PBX already has extension %s (extension ID %d), and an extension number can exist only once. ", number, id) +
		importAdvice(extensionResourceType, number) +
		" Otherwise choose another number, or delete that extension in the PBX web portal (Extension and Trunk > Extension). " +
		fmt.Sprintf("If this configuration already manages it under another address (`terraform state list -id=%d` shows it), "+
			"add a moved block from that address to this one instead of importing it.", id)
}

func emailTakenDetail(email, number string, id int) string {
	holder := "Extension " + number
	if id != 0 {
		holder += fmt.Sprintf(" (extension ID %d)", id)
	}
	return fmt.Sprintf("%s already has the e-mail address %s, and the PBX wants each extension's address "+
		"to be unique. Give this extension another address, or remove it from extension %s first; to manage extension %s with "+
		"Terraform instead, import it: terraform import %s.NAME %s.", holder, email, number, number, extensionResourceType, number)
}

func (r *ExtensionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state extensionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	// NOTE: the identity is set before anything can return early, RemoveResource included: a
	// CLI older than Terraform 1.12 sends none, and the framework refuses a Read without one.
	resp.Diagnostics.Append(resp.Identity.Set(ctx, idIdentityModel{ID: state.ID})...)
	id, ok := state.extensionID(&resp.Diagnostics)
	if !ok {
		return
	}
	detail, err := r.client.GetExtension(ctx, id)
	if yeastar.IsExtensionNotFound(err) {
		r.confirmGone(ctx, id, state, resp)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
		return
	}
	roleName, err := r.roleNameOf(ctx, detail.RoleID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
		return
	}
	managedExtensions.inState(r.client, id)
	if _, first := extensionReads.claim(r.client, "id", strconv.Itoa(id), "", ""); !first {
		// NOTE: Terraform reads each instance once per run, so a second read of one ID is a
		// second address: `terraform import` cannot see the rest of the state, and took it.
		resp.Diagnostics.AddError("Extension managed at two addresses",
			fmt.Sprintf("This configuration's state holds extension %s (ID %d) at two addresses (`terraform state list -id=%d` "+
				"prints both), so destroying either would delete it for the other. Remove one of them from the state with "+
				"terraform state rm <address> (the extension stays on the PBX), and its resource block from the configuration.",
				detail.Number, id, id))
		return
	}
	state.fromDetail(detail, roleName)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// confirmGone handles an extension ID the PBX says it does not know: the extension leaves the
// state only when a search for its number agrees.
func (r *ExtensionResource) confirmGone(ctx context.Context, id int, state extensionResourceModel, resp *resource.ReadResponse) {
	number := state.Number.ValueString()
	confirmGone(ctx, resp, disappearance{
		getCall: "extension/get", kind: "extension", id: id, key: number,
		find: func(ctx context.Context) (int, string, bool, error) {
			found, err := r.client.FindExtension(ctx, number)
			if err != nil || found == nil {
				return 0, "", false, err
			}
			return found.ID, found.Number, true, nil
		},
		listedAs: func(number string) string { return "as extension " + number },
		recreated: func(foundID int, number string) (string, string) {
			return "Extension was re-created on the PBX under another ID",
				fmt.Sprintf("Extension ID %d is gone, and the PBX now has extension %s as extension ID %d, created outside Terraform. "+
					"The extension was removed from the state, so the next plan creates it and fails because the number is taken. To manage "+
					"the new one instead, run terraform apply -refresh-only, which drops the gone extension from the saved state, then "+
					"terraform import <address> %s (the address is the one this warning is shown for). To keep the new one outside "+
					"Terraform, give this resource another number.", id, number, foundID, number)
		},
	})
}

func (r *ExtensionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config extensionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacedExtensionKey, nil)...)
	id, ok := state.extensionID(&resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(checkExtensionSecrets(config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.Number.Equal(state.Number) {
		r.renumber(ctx, plan, state, config, id, resp)
		return
	}

	changes, err := r.changes(ctx, plan, state, config)
	if err != nil {
		resp.Diagnostics.Append(err...)
		return
	}
	if changes != (yeastar.ExtensionChanges{}) {
		if err := r.updateExtension(ctx, id, changes, state.Email.ValueString()); err != nil {
			resp.Diagnostics.Append(updateExtensionDiagnostic(state.Number.ValueString(), id, changes, err))
			return
		}
	}
	if plan.hasUnknown() {
		// The PBX forms the caller ID name from the names: read it back.
		detail, err := r.client.GetExtension(ctx, id)
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Errorf("reading extension %s (ID %d) back after the update: %w", state.Number.ValueString(), id, err)))
			return
		}
		plan.fillUnknown(detail, r.roleName(ctx, detail.RoleID, plan.Role))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, idIdentityModel{ID: state.ID})...)
}

// updateExtension sends the changes. A new e-mail address that another extension still holds
// may be one that another instance of this apply gives up (two people swapping addresses, a
// leaver's address given on): this extension then gives up its own address first, so that the
// other can take it, and waits up to handoverWait for the new one to be let go.
func (r *ExtensionResource) updateExtension(ctx context.Context, id int, changes yeastar.ExtensionChanges, oldEmail string) error {
	err := r.client.UpdateExtension(ctx, id, changes)
	if _, _, taken := yeastar.DuplicateField(err, "email_addr"); !taken || changes.Email == nil {
		return err
	}
	none := ""
	if giveUp := r.client.UpdateExtension(ctx, id, yeastar.ExtensionChanges{Email: &none}); giveUp != nil {
		return err
	}
	_, err = waitFor(ctx, handoverWait, func() (bool, error) {
		holder, err := r.client.FindExtensionByEmail(ctx, *changes.Email)
		return holder == nil || holder.ID == id, err
	})
	if err == nil {
		err = r.client.UpdateExtension(ctx, id, changes)
	}
	if err != nil && oldEmail != "" {
		// Nothing changed after all: the extension keeps its address (best effort).
		_ = r.client.UpdateExtension(context.WithoutCancel(ctx), id, yeastar.ExtensionChanges{Email: &oldEmail})
	}
	return err
}

func updateExtensionDiagnostic(number string, id int, changes yeastar.ExtensionChanges, err error) diag.Diagnostic {
	if _, _, taken := yeastar.DuplicateField(err, "email_addr"); taken && changes.Email != nil {
		return diag.NewAttributeErrorDiagnostic(path.Root("email"), "E-mail address already in use",
			fmt.Sprintf("Another extension still has the e-mail address %s, which extension %s (ID %d) was to take: it did not let go "+
				"of it within %s. The PBX wants each extension's address to be unique. Give this extension another address, or "+
				"remove it from the other extension first, then apply again.", *changes.Email, number, id, handoverWait))
	}
	return apiErrorDiagnostic(fmt.Errorf("updating extension %s (ID %d): %w", number, id, err))
}

// renumber gives the person of this instance a new number. A number cannot change on the PBX,
// so the person gets another extension: the one that another instance of this apply gives up
// under the new number (taken over and reset), or a new one. The old extension gives up its
// e-mail address first, for the new one; then the phones assigned to it move to the new one, and
// it is deleted, unless another instance of this apply wants its number (two people swapping
// numbers), which then takes it over.
func (r *ExtensionResource) renumber(ctx context.Context, plan, state, config extensionResourceModel, oldID int, resp *resource.UpdateResponse) {
	oldNumber, email := state.Number.ValueString(), state.Email.ValueString()
	spec, diags := r.extensionSpec(ctx, plan, config)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	none := ""
	if email != "" {
		if err := r.client.UpdateExtension(ctx, oldID, yeastar.ExtensionChanges{Email: &none}); err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Errorf("giving up the e-mail address of extension %s (ID %d) for its new "+
				"number %s: %w. Nothing else was changed", oldNumber, oldID, spec.Number, err)))
			return
		}
	}
	handedOver := false
	giveUpOld := func() {
		if !handedOver && extensionHandover.isWanted(r.client, oldNumber) {
			extensionHandover.offer(r.client, oldNumber, oldID)
			handedOver = true
		}
	}
	got, err := r.obtainExtension(ctx, spec, giveUpOld)
	if got.detail == nil {
		if !handedOver && email != "" {
			_ = r.client.UpdateExtension(context.WithoutCancel(ctx), oldID, yeastar.ExtensionChanges{Email: &email})
		}
		resp.Diagnostics.Append(createExtensionDiagnostic(spec.Number, err))
		return
	}
	// The person's extension is the new one from now on, whatever happens to the old one.
	r.settle(ctx, &plan, spec, got, err, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, idIdentityModel{ID: plan.ID})...)
	if giveUpOld(); !handedOver {
		r.retire(ctx, oldID, oldNumber, got.detail.ID, spec.Number, &resp.Diagnostics)
	}
	r.sendWelcomeEmail(ctx, plan, got.detail.ID, &resp.Diagnostics)
}

// retire deletes a renumbered person's old extension. A phone whose yeastar_phone plans a new
// extension may be moving off it in this apply, so those phones are waited for, up to
// phoneMoveWait; the others (a phone outside Terraform, one whose plan comes after this update,
// or one that has not moved in time) follow the person to their new extension.
func (r *ExtensionResource) retire(ctx context.Context, oldID int, oldNumber string, newID int, newNumber string, diags *diag.Diagnostics) {
	var phones []yeastar.PhoneSummary
	_, err := waitFor(ctx, phoneMoveWait, func() (bool, error) {
		var err error
		phones, err = r.client.PhonesAssignedTo(ctx, oldNumber)
		return !slices.ContainsFunc(phones, func(p yeastar.PhoneSummary) bool { return plannedPhoneMoves.managed(r.client, p.ID) }), err
	})
	for _, p := range phones {
		if err == nil {
			err = r.client.SetPhoneExtension(ctx, p.ID, p.MAC, newID)
		}
	}
	if err != nil {
		diags.AddError("Old extension left on the PBX",
			fmt.Sprintf("The person now has extension %s (ID %d), but moving the phones of their old extension %s (ID %d) to it "+
				"failed, so the old one is still on the PBX, outside Terraform. Assign those phones to extension %s, then delete "+
				"extension %s in the PBX web portal (Extension and Trunk > Extension).\n\n%v", newNumber, newID, oldNumber, oldID,
				newNumber, oldNumber, err))
		return
	}
	r.releaseExtension(ctx, oldID, oldNumber, "", diags)
}

// changes holds only what differs between the plan and the state, and each secret whose
// version changed.
func (r *ExtensionResource) changes(ctx context.Context, plan, state, config extensionResourceModel) (yeastar.ExtensionChanges, diag.Diagnostics) {
	var c yeastar.ExtensionChanges
	str := func(planned, prior types.String) *string {
		if planned.IsUnknown() || planned.Equal(prior) {
			return nil
		}
		v := planned.ValueString()
		return &v
	}
	c.FirstName, c.LastName = str(plan.FirstName, state.FirstName), str(plan.LastName, state.LastName)
	c.Email, c.MobileNumber, c.Title = str(plan.Email, state.Email), str(plan.MobileNumber, state.MobileNumber), str(plan.Title, state.Title)
	c.CallerID, c.PresenceStatus, c.RegistrationName = str(plan.CallerID, state.CallerID), str(plan.PresenceStatus, state.PresenceStatus), str(plan.RegistrationName, state.RegistrationName)
	if !plan.ConcurrentRegistrations.Equal(state.ConcurrentRegistrations) {
		v := int(plan.ConcurrentRegistrations.ValueInt64())
		c.ConcurrentRegistrations = &v
	}
	if !plan.VoicemailEnabled.Equal(state.VoicemailEnabled) {
		v := plan.VoicemailEnabled.ValueBool()
		c.VoicemailEnabled = &v
	}
	if !plan.VoicemailPINRequired.Equal(state.VoicemailPINRequired) {
		v := plan.VoicemailPINRequired.ValueBool()
		c.VoicemailPINRequired = &v
	}
	if role := str(plan.Role, state.Role); role != nil {
		id, err := r.roleID(ctx, *role)
		if err != nil {
			return c, diag.Diagnostics{roleDiagnostic(*role, err)}
		}
		c.RoleID = &id
	}
	user, registration, pin, err := secretsToSend(config, plan,
		versionBumped(plan.UserPasswordWOVersion, state.UserPasswordWOVersion),
		versionBumped(plan.RegistrationPasswordWOVersion, state.RegistrationPasswordWOVersion),
		versionBumped(plan.VoicemailPINWOVersion, state.VoicemailPINWOVersion))
	if err != nil {
		return c, diag.Diagnostics{diag.NewErrorDiagnostic("Could not generate a password",
			fmt.Sprintf("Generating a random secret failed: %v. Nothing was sent to the PBX.", err))}
	}
	for _, s := range []struct {
		value string
		field **string
	}{{user, &c.UserPassword}, {registration, &c.RegistrationPassword}, {pin, &c.VoicemailPIN}} {
		if s.value != "" {
			v := s.value
			*s.field = &v
		}
	}
	return c, nil
}

func (r *ExtensionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state extensionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	id, ok := state.extensionID(&resp.Diagnostics)
	if !ok {
		return
	}
	ctx = withClientLogging(ctx)
	number := state.Number.ValueString()
	if m := readReplacementMarker(ctx, req.Private); m.ID == state.ID.ValueString() && m.Number == number {
		// NOTE: the delete half of a replacement (terraform apply -replace) that keeps the
		// number: the create half takes this extension over and resets it in place, since the
		// number cannot exist twice and a phone that uses it cannot be unassigned.
		extensionHandover.offer(r.client, number, id)
		return
	}
	if m := readTakeoverMarker(ctx, req.Private); m.ID == state.ID.ValueString() && m.Number == number {
		// A new person on this leaver's number, agreed at plan (see plannedTakeovers): the
		// joiner's plan is this extension's ID, so it is handed over, not deleted, unless the
		// joiner never comes for it.
		extensionHandover.offer(r.client, number, id)
		_, _ = waitFor(ctx, handoverWait, func() (bool, error) {
			return extensionHandover.offeredID(r.client, number) != id, nil
		})
		if !extensionHandover.withdraw(r.client, number, id) {
			return
		}
	}
	r.releaseExtension(ctx, id, number, state.Email.ValueString(), &resp.Diagnostics)
}

// releaseExtension ends an instance's hold on an extension: it gives the extension up to another
// instance of this apply that wants its number (a new person on a leaver's number), or deletes
// it. A phone that still uses it may be moving to another extension in this apply (a leaver's
// desk phone given to a joiner): the delete is tried again until the phone has moved, up to
// handoverWait, and the extension gives up its e-mail address meanwhile, for a joiner who takes
// it (the address is given back if the extension stays).
func (r *ExtensionResource) releaseExtension(ctx context.Context, id int, number, email string, diags *diag.Diagnostics) {
	giveUp := func() bool {
		if extensionHandover.isWanted(r.client, number) {
			extensionHandover.offer(r.client, number, id)
			return true
		}
		return false
	}
	if giveUp() {
		return
	}
	err := r.client.DeleteExtension(ctx, id)
	var inUse *yeastar.ExtensionInUseError
	if errors.As(err, &inUse) {
		none := ""
		gaveUpEmail := email != "" && r.client.UpdateExtension(ctx, id, yeastar.ExtensionChanges{Email: &none}) == nil
		handedOver := false
		_, _ = waitFor(ctx, handoverWait, func() (bool, error) {
			if handedOver = giveUp(); handedOver {
				return true, nil
			}
			err = r.client.DeleteExtension(ctx, id)
			return !errors.As(err, &inUse), nil
		})
		if handedOver {
			return
		}
		if gaveUpEmail && errors.As(err, &inUse) {
			_ = r.client.UpdateExtension(context.WithoutCancel(ctx), id, yeastar.ExtensionChanges{Email: &email})
		}
	}
	switch {
	case errors.As(err, &inUse):
		diags.AddError("Extension still in use", extensionInUseDetail(number, id, inUse.PhoneIDs, inUse.Err))
	case err != nil:
		diags.Append(apiErrorDiagnostic(fmt.Errorf("deleting extension %s (ID %d): %w", number, id, err)))
	}
}

func extensionInUseDetail(number string, id int, phoneIDs []int, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The PBX refused to delete extension %s (ID %d) because something still uses it", number, id)
	if len(phoneIDs) > 0 {
		ids := make([]string, len(phoneIDs))
		for i, p := range phoneIDs {
			ids[i] = strconv.Itoa(p)
		}
		fmt.Fprintf(&b, ": it is assigned to phone ID %s on the auto-provisioning list. Unassign or delete those phones first: "+
			"for a yeastar_phone in Terraform, change its extension_id or remove the resource; otherwise in the PBX web portal "+
			"(Auto Provisioning > Phones). ", strings.Join(ids, ", "))
	} else {
		b.WriteString(" (a phone on the auto-provisioning list, a ring group, a queue or another object of the PBX). Remove the " +
			"extension from it first, in Terraform or in the PBX web portal. ")
	}
	b.WriteString("Then run terraform destroy (or apply) again. Nothing was deleted.")
	if err != nil {
		fmt.Fprintf(&b, "\n\n%v", err)
	}
	return b.String()
}

// ImportState takes an extension number (`1001`), an extension ID with the prefix `id:`
// (`id:42`), or an identity. An extension that this configuration's state already holds at
// another address is refused: two addresses for one extension would delete it when one of them
// is destroyed.
func (r *ExtensionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importState(ctx, req, resp)
	var id string
	if resp.Diagnostics.HasError() || r.client == nil || resp.State.GetAttribute(ctx, path.Root("id"), &id).HasError() {
		return
	}
	if n, err := strconv.Atoi(id); err == nil && managedExtensions.seenSoon(ctx, r.client, n) {
		resp.Diagnostics.AddError("Extension already managed under another address",
			fmt.Sprintf("This configuration's state already holds extension ID %d at another address (`terraform state list -id=%d` "+
				"prints it). Importing it here as well would give one extension two addresses, and destroying either would delete "+
				"it. To manage it at this address instead, add a moved block from the old address to this one, and remove the "+
				"import.", n, n))
	}
}

func (r *ExtensionResource) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := strings.TrimSpace(req.ID)
	if req.ID == "" && req.Identity != nil {
		id, ok := importedIdentityID(ctx, req, &resp.Diagnostics, "extension", "the id attribute of a yeastar_extension, not its number")
		if ok {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		}
		return
	}
	if rest, ok := strings.CutPrefix(given, extensionIDImportPrefix); ok {
		if id, err := strconv.Atoi(rest); err != nil || id <= 0 {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("After %q comes an extension ID, a number such as id:42; got %q.", extensionIDImportPrefix, req.ID))
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), rest)...)
		return
	}
	if extensionNumberPattern.MatchString(given) {
		if !r.ready(&resp.Diagnostics) {
			return
		}
		found, err := r.client.FindExtension(withClientLogging(ctx), given)
		switch {
		case err != nil:
			resp.Diagnostics.Append(apiErrorDiagnostic(err))
		case found == nil:
			resp.Diagnostics.AddError("No extension with this number",
				fmt.Sprintf("The PBX has no extension numbered %s. Check the number, or import by extension ID with the prefix %q (for example %s42).",
					given, extensionIDImportPrefix, extensionIDImportPrefix))
		default:
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.Itoa(found.ID))...)
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("number"), found.Number)...)
		}
		return
	}
	resp.Diagnostics.AddError("Invalid import ID",
		fmt.Sprintf("Import a yeastar_extension by its number (for example 1001) or by its extension ID with the prefix %q "+
			"(for example %s42); got %q.", extensionIDImportPrefix, extensionIDImportPrefix, req.ID))
}
