package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var _ datasource.DataSourceWithConfigure = &PhoneModelsDataSource{}

// NewPhoneModelsDataSource returns the yeastar_phone_models data source.
func NewPhoneModelsDataSource() datasource.DataSource { return &PhoneModelsDataSource{} }

// PhoneModelsDataSource lists the models of one phone vendor.
type PhoneModelsDataSource struct{ dataSourceClient }

type phoneModelsModel struct {
	Vendor       types.String          `tfsdk:"vendor"`
	Models       []catalogueEntryModel `tfsdk:"models"`
	ValuesByName map[string]string     `tfsdk:"values_by_name"`
}

func (d *PhoneModelsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_models"
}

func (d *PhoneModelsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the phone models of one vendor that the PBX can auto-provision (compatibility menu `phone_model`), " +
			"in the order the PBX gives them. A model's `value` is what `yeastar_phone_templates` and `yeastar_autop_method` take as `model`." +
			permissionsNote("", permAutoProvisioning),
		Attributes: map[string]schema.Attribute{
			"vendor": requiredArgument("The vendor's parameter value, as listed in `yeastar_phone_vendors` (for example `Yealink`, or `Ale` " +
				"for Alcatel-Lucent Enterprise). Case-sensitive; a vendor the PBX does not know is an error that lists the known ones."),
			"models": catalogueEntrySchema("model",
				"The vendor's supported models, in the PBX's order.",
				"The model's parameter value, for example `CP920`; pass it as `model` to `yeastar_phone_templates` and `yeastar_autop_method`.",
				"The model's phone type, for example `Deskphone`, `DECT` or `Conferencephone`."),
			"values_by_name": schema.MapAttribute{
				MarkdownDescription: "The models' values keyed by display name, for example `{\"CP920\" = \"CP920\"}`. " +
					"Where two models share a name, the first one listed wins.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

func (d *PhoneModelsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state phoneModelsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	options := d.lookup(ctx, &resp.Diagnostics, yeastar.CompatibilityQuery{Menu: yeastar.MenuPhoneModel, Vendor: state.Vendor.ValueString()})
	if resp.Diagnostics.HasError() {
		return
	}
	state.Models, state.ValuesByName = catalogueEntries(options)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
