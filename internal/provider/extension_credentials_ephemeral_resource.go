package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var _ ephemeral.EphemeralResourceWithConfigure = &ExtensionCredentialsEphemeralResource{}

// NewExtensionCredentialsEphemeralResource returns the yeastar_extension_credentials ephemeral
// resource.
func NewExtensionCredentialsEphemeralResource() ephemeral.EphemeralResource {
	return &ExtensionCredentialsEphemeralResource{}
}

// ExtensionCredentialsEphemeralResource reads an extension's SIP registration password and
// voicemail PIN for the length of one Terraform run, never into a plan or the state.
type ExtensionCredentialsEphemeralResource struct{ clientHolder }

type extensionCredentialsModel struct {
	ID                   types.String `tfsdk:"id"`
	RegistrationPassword types.String `tfsdk:"registration_password"`
	VoicemailPIN         types.String `tfsdk:"voicemail_pin"`
}

func (e *ExtensionCredentialsEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_extension_credentials"
}

func (e *ExtensionCredentialsEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.setProviderData(req.ProviderData, &resp.Diagnostics)
}

func (e *ExtensionCredentialsEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an extension's SIP registration password and voicemail PIN (Terraform 1.10 and later, OpenTofu " +
			"1.11 and later) for the " +
			"length of one run: for another provider's write-only argument, a provisioner, or a phone's configuration. The values " +
			"are never stored in a plan or the state. They are the ones the PBX holds, including those `yeastar_extension` " +
			"generated." +
			permissionsNote("", permExtensions),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The extension's ID (not its number), such as `yeastar_extension.jane.id` or " +
					"`data.yeastar_extension.lobby.id`.",
				Required:   true,
				Validators: []validator.String{validExtensionID()},
			},
			"registration_password": schema.StringAttribute{
				MarkdownDescription: "The extension's SIP registration password.",
				Computed:            true,
				Sensitive:           true,
			},
			"voicemail_pin": schema.StringAttribute{
				MarkdownDescription: "The extension's voicemail PIN.",
				Computed:            true,
				Sensitive:           true,
			},
		},
	}
}

func validExtensionID() validator.String {
	return stringCheck{
		description: "must be an extension ID, a positive number",
		summary:     "Invalid extension ID",
		check: func(s string) error {
			if id, err := strconv.Atoi(s); err != nil || id <= 0 {
				return fmt.Errorf("an extension ID is a positive number such as \"42\" (the id of a yeastar_extension, not its number); got %q", s)
			}
			return nil
		},
	}
}

func (e *ExtensionCredentialsEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var config extensionCredentialsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !e.ready(&resp.Diagnostics) {
		return
	}
	id, err := strconv.Atoi(config.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid extension ID",
			fmt.Sprintf("id: an extension ID is a positive number such as \"42\"; got %q.", config.ID.ValueString()))
		return
	}
	ctx = withClientLogging(ctx)
	secrets, err := e.client.ExtensionSecrets(ctx, id)
	if yeastar.IsExtensionNotFound(err) {
		// An ephemeral resource is never in the state: the usual advice for a vanished object
		// (-refresh-only) does not apply. The likely mistake is a number given for the ID.
		extensions, listErr := e.client.AllExtensions(ctx)
		if listErr == nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Unknown extension", unknownExtensionIDDetail("id", id, extensions))
			return
		}
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Errorf("reading the credentials of extension ID %d: %w", id, err)))
		return
	}
	config.RegistrationPassword = types.StringValue(secrets.RegistrationPassword)
	config.VoicemailPIN = types.StringValue(secrets.VoicemailPIN)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &config)...)
}
