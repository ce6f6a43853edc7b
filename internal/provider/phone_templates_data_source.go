package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var _ datasource.DataSourceWithConfigure = &PhoneTemplatesDataSource{}

// NewPhoneTemplatesDataSource returns the yeastar_phone_templates data source.
func NewPhoneTemplatesDataSource() datasource.DataSource { return &PhoneTemplatesDataSource{} }

// PhoneTemplatesDataSource lists the provisioning templates of one phone model.
type PhoneTemplatesDataSource struct{ dataSourceClient }

type phoneTemplatesModel struct {
	Model     types.String      `tfsdk:"model"`
	Templates []templateModel   `tfsdk:"templates"`
	Names     []string          `tfsdk:"names"`
	IDsByName map[string]string `tfsdk:"ids_by_name"`
}

type templateModel struct {
	Name types.String `tfsdk:"name"`
	ID   types.String `tfsdk:"id"`
}

func (d *PhoneTemplatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_templates"
}

func (d *PhoneTemplatesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the provisioning templates available for one phone model (compatibility menu `phone_template`), " +
			"in the order the PBX gives them. A template's `name` is what `yeastar_phone` takes as `template_name`; its `id` is " +
			"the PBX's own ID of the template, which no argument of this provider takes. Name the template you want rather than " +
			"take the first: a model may have several (on the project's fake PBX a SIP-T46U lists the expansion-module template " +
			"`YSDP_YealinkT4x_EXP` before `YSDP_YealinkT4x`), and `names` shows them all." +
			permissionsNote("", permAutoProvisioning),
		Attributes: map[string]schema.Attribute{
			"model": requiredArgument("The model's parameter value, as listed in `yeastar_phone_models` (for example `CP920`). " +
				"Case-sensitive; a model the PBX does not know is an error that suggests the closest known ones."),
			"templates": schema.ListNestedAttribute{
				MarkdownDescription: "The model's provisioning templates, in the PBX's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							MarkdownDescription: "The template's name, for example `YSDP_YealinkCP`, from the API's `text` field: " +
								"the value of `template_name` of a `yeastar_phone`.",
							Computed: true,
						},
						"id": schema.StringAttribute{
							MarkdownDescription: "The template's unique ID on the PBX, a string such as `\"24\"` (the API's `value` " +
								"field). `yeastar_phone` takes the template's `name`, not this ID.",
							Computed: true,
						},
					},
				},
			},
			"names": schema.ListAttribute{
				MarkdownDescription: "The templates' names in the PBX's order, for example `[\"YSDP_YealinkCP\"]`: the values " +
					"`template_name` of a `yeastar_phone` takes.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"ids_by_name": schema.MapAttribute{
				MarkdownDescription: "The templates' IDs keyed by template name, for example `{\"YSDP_YealinkCP\" = \"24\"}`. " +
					"Where two templates share a name, the first one listed wins.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

func (d *PhoneTemplatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state phoneTemplatesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	options := d.lookup(ctx, &resp.Diagnostics, yeastar.CompatibilityQuery{Menu: yeastar.MenuPhoneTemplate, Model: state.Model.ValueString()})
	if resp.Diagnostics.HasError() {
		return
	}
	state.Templates = make([]templateModel, len(options))
	state.Names = make([]string, len(options))
	for i, o := range options {
		state.Templates[i] = templateModel{Name: types.StringValue(o.Text), ID: types.StringValue(o.Value)}
		state.Names[i] = o.Text
	}
	state.IDsByName = indexFirst(options, optionText, optionValue)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
