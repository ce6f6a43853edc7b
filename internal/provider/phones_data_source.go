package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &PhonesDataSource{}

// NewPhonesDataSource returns the yeastar_phones data source.
func NewPhonesDataSource() datasource.DataSource { return &PhonesDataSource{} }

// PhonesDataSource lists the phones of the PBX's auto-provisioning list.
type PhonesDataSource struct{ dataSourceClient }

type phonesModel struct {
	Search types.String   `tfsdk:"search"`
	Phones []phoneSummary `tfsdk:"phones"`
}

type phoneSummary struct {
	ID                 types.String `tfsdk:"id"`
	MAC                types.String `tfsdk:"mac"`
	Vendor             types.String `tfsdk:"vendor"`
	Model              types.String `tfsdk:"model"`
	TemplateName       types.String `tfsdk:"template_name"`
	Firmware           types.String `tfsdk:"firmware"`
	ExtensionNumber    types.String `tfsdk:"extension_number"`
	ExtensionName      types.String `tfsdk:"extension_name"`
	RegistrationStatus types.String `tfsdk:"registration_status"`
}

func (d *PhonesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phones"
}

func (d *PhonesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the phones on the PBX's Auto Provisioning phone list (`phone/search`), every page of them, " +
			"in the PBX's order, optionally narrowed by a keyword." +
			permissionsNote("", permAutoProvisioning),
		Attributes: map[string]schema.Attribute{
			"search": schema.StringAttribute{
				MarkdownDescription: "A keyword the PBX matches against the phones' fields (MAC address, vendor, model, extension, ...). " +
					"It is the API's keyword search, so `1001` also finds a phone of extension `10010`. Omit it to list every phone.",
				Optional: true,
			},
			"phones": schema.ListNestedAttribute{
				MarkdownDescription: "The phones, in the PBX's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":            computed("The phone's ID, which `yeastar_phone` takes for import."),
					"mac":           computed("The phone's MAC address, as the PBX writes it."),
					"vendor":        computed("The vendor's parameter value, for example `Yealink`."),
					"model":         computed("The model's parameter value, for example `CP920`."),
					"template_name": computed("The name of the phone's provisioning template, for example `YSDP_YealinkCP`."),
					"firmware":      computed("The firmware version the phone reported, empty when it has not reported one."),
					"extension_number": computed("The number of the extension assigned to the phone, or `Unassigned` when it has " +
						"none."),
					"extension_name": computed("The name of the extension assigned to the phone, or `Unassigned` when it has none."),
					"registration_status": computed("Whether the phone's extension is registered: `Registered` or " +
						"`Unregistered`."),
				}},
			},
		},
	}
}

func (d *PhonesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state phonesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !d.ready(&resp.Diagnostics) {
		return
	}
	phones, err := d.client.SearchPhones(withClientLogging(ctx), state.Search.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
		return
	}
	state.Phones = make([]phoneSummary, len(phones))
	for i, p := range phones {
		state.Phones[i] = phoneSummary{
			ID: types.StringValue(strconv.Itoa(p.ID)), MAC: types.StringValue(p.MAC), Vendor: types.StringValue(p.Vendor),
			Model: types.StringValue(p.Model), TemplateName: types.StringValue(p.TemplateName), Firmware: types.StringValue(p.Firmware),
			ExtensionNumber: types.StringValue(p.ExtensionNumber), ExtensionName: types.StringValue(p.ExtensionName),
			RegistrationStatus: types.StringValue(p.RegistrationStatus),
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
