package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &ExtensionDataSource{}

// NewExtensionDataSource returns the yeastar_extension data source.
func NewExtensionDataSource() datasource.DataSource { return &ExtensionDataSource{} }

// ExtensionDataSource finds one extension by its number.
type ExtensionDataSource struct{ dataSourceClient }

type extensionModel struct {
	Number       types.String `tfsdk:"number"`
	ID           types.String `tfsdk:"id"`
	CallerIDName types.String `tfsdk:"caller_id_name"`
	Email        types.String `tfsdk:"email"`
}

func (d *ExtensionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_extension"
}

func (d *ExtensionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds one extension of the PBX by its number, for the `extension_id` of a `yeastar_phone`. " +
			"The number must match exactly: the API's keyword search for `1001` also finds `10010`, which this data source leaves out." +
			permissionsNote("", permExtensions),
		Attributes: map[string]schema.Attribute{
			"number": schema.StringAttribute{
				MarkdownDescription: "The extension's number, for example `\"1001\"`. A number the PBX does not have is an error " +
					"that suggests the closest numbers it has.",
				Required:   true,
				Validators: []validator.String{notBlank()},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "The extension's ID, which `yeastar_phone` takes as `extension_id` and " +
					"`yeastar_extension_credentials` as `id`: a string of digits such as `\"103\"`, as the `id` of a " +
					"`yeastar_extension` is.",
				Computed: true,
			},
			"caller_id_name": schema.StringAttribute{
				MarkdownDescription: "The extension's caller ID name, usually the name of the person or place it belongs to.",
				Computed:            true,
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The extension's email address, empty when it has none.",
				Computed:            true,
			},
		},
	}
}

func (d *ExtensionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state extensionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !d.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	number := state.Number.ValueString()
	extension, err := d.client.FindExtension(ctx, number)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
		return
	}
	if extension == nil {
		detail := fmt.Sprintf("The PBX has no extension numbered %q.", number)
		if all, err := d.client.AllExtensions(ctx); err == nil {
			numbers := make([]string, len(all))
			for i, e := range all {
				numbers[i] = e.Number
			}
			detail = noMatchDetail("number", number, numbers, "Check the number in the PBX web portal under Extension and Trunk > Extension.")
		}
		resp.Diagnostics.AddAttributeError(path.Root("number"), "Unknown extension", detail)
		return
	}
	state.ID = types.StringValue(strconv.Itoa(extension.ID))
	state.CallerIDName = types.StringValue(extension.CallerIDName)
	state.Email = types.StringValue(extension.Email)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
