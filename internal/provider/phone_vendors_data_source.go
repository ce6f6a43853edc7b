package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var _ datasource.DataSourceWithConfigure = &PhoneVendorsDataSource{}

// NewPhoneVendorsDataSource returns the yeastar_phone_vendors data source.
func NewPhoneVendorsDataSource() datasource.DataSource { return &PhoneVendorsDataSource{} }

// PhoneVendorsDataSource lists the phone vendors the PBX can auto-provision.
type PhoneVendorsDataSource struct{ dataSourceClient }

type phoneVendorsModel struct {
	Vendors      []catalogueEntryModel `tfsdk:"vendors"`
	ValuesByName map[string]string     `tfsdk:"values_by_name"`
}

func (d *PhoneVendorsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_vendors"
}

func (d *PhoneVendorsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the IP phone vendors the PBX can auto-provision (compatibility menu `phone_vendor`), " +
			"in the order the PBX gives them. A vendor's `value` is what `yeastar_phone_models` and `yeastar_autop_method` take as `vendor`." +
			permissionsNote("", permAutoProvisioning),
		Attributes: map[string]schema.Attribute{
			"vendors": catalogueEntrySchema("vendor",
				"The supported vendors, in the PBX's order.",
				"The vendor's parameter value, for example `Ale` for Alcatel-Lucent Enterprise; pass it as `vendor` to the other data sources.",
				"The vendor's phone type, for example `Deskphone`."),
			"values_by_name": schema.MapAttribute{
				MarkdownDescription: "The vendors' values keyed by display name, for example `{\"Alcatel-Lucent Enterprise\" = \"Ale\"}`. " +
					"Where two vendors share a name, the first one listed wins.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

func (d *PhoneVendorsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	options := d.lookup(ctx, &resp.Diagnostics, yeastar.CompatibilityQuery{Menu: yeastar.MenuPhoneVendor})
	if resp.Diagnostics.HasError() {
		return
	}
	var state phoneVendorsModel
	state.Vendors, state.ValuesByName = catalogueEntries(options)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
