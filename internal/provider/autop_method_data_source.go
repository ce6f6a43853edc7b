package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var _ datasource.DataSourceWithConfigure = &AutopMethodDataSource{}

// NewAutopMethodDataSource returns the yeastar_autop_method data source.
func NewAutopMethodDataSource() datasource.DataSource { return &AutopMethodDataSource{} }

// AutopMethodDataSource lists the auto-provisioning methods and links of one phone model.
type AutopMethodDataSource struct{ dataSourceClient }

type autopMethodModel struct {
	Vendor        types.String       `tfsdk:"vendor"`
	Model         types.String       `tfsdk:"model"`
	Methods       []autopMethodEntry `tfsdk:"methods"`
	LinksByMethod map[string]string  `tfsdk:"links_by_method"`
}

type autopMethodEntry struct {
	Method           types.String `tfsdk:"method"`
	Type             types.String `tfsdk:"type"`
	ProvisioningLink types.String `tfsdk:"provisioning_link"`
}

func (d *AutopMethodDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_autop_method"
}

func (d *AutopMethodDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the auto-provisioning methods the PBX supports for one vendor's phone model, with each " +
			"method's provisioning link (compatibility menu `autop_method`), in the order the PBX gives them." +
			permissionsNote("", permAutoProvisioning),
		Attributes: map[string]schema.Attribute{
			"vendor": requiredArgument("The vendor's parameter value, as listed in `yeastar_phone_vendors` (for example `Yealink`). " +
				"Case-sensitive; a vendor the PBX does not know is an error that lists the known ones."),
			"model": requiredArgument("The model's parameter value, as listed in `yeastar_phone_models` for this vendor (for example `CP920`). " +
				"Case-sensitive; a model the vendor does not have is an error that lists the vendor's models."),
			"methods": schema.ListNestedAttribute{
				MarkdownDescription: "The supported auto-provisioning methods, in the PBX's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"method": schema.StringAttribute{
							MarkdownDescription: "The provisioning method, from the API's `value` field: `rps` (the vendor's redirection " +
								"service) on every edition; `pnp`, `dhcp` and `rps_fqdn` also on the Software and Appliance editions.",
							Computed: true,
						},
						"type": schema.StringAttribute{
							MarkdownDescription: "The provisioning type, for example `full`.",
							Computed:            true,
						},
						"provisioning_link": schema.StringAttribute{
							MarkdownDescription: "The provisioning link (the API's `text` field), for example " +
								"`yeastardocs.example.yeastarcloud.com:443/api/autoprovision/6gEzigLFhMGntjd8`. It goes into the phone's " +
								"provisioning server URL, or into DHCP option 66 for the `dhcp` method.",
							Computed: true,
						},
					},
				},
			},
			"links_by_method": schema.MapAttribute{
				MarkdownDescription: "The provisioning links keyed by method, for example `{\"rps\" = \"...:443/api/autoprovision/...\"}`. " +
					"Where a method is listed twice, the first link wins.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

func (d *AutopMethodDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state autopMethodModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	options := d.lookup(ctx, &resp.Diagnostics, yeastar.CompatibilityQuery{
		Menu: yeastar.MenuAutopMethod, Vendor: state.Vendor.ValueString(), Model: state.Model.ValueString(),
	})
	if resp.Diagnostics.HasError() {
		return
	}
	state.Methods = make([]autopMethodEntry, len(options))
	for i, o := range options {
		state.Methods[i] = autopMethodEntry{Method: types.StringValue(o.Value), Type: types.StringValue(o.Type), ProvisioningLink: types.StringValue(o.Text)}
	}
	// For autop_method the value is the method and the text its provisioning link.
	state.LinksByMethod = indexFirst(options, optionValue, optionText)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
