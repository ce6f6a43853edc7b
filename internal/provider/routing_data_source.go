package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// routingDataSource finds one routing object by its exact number, for pointing a destination
// at an object that the configuration does not manage.
type routingDataSource struct {
	dataSourceClient
	kind     yeastar.RoutingKind
	typeName string
	// portal says where the PBX web portal lists the objects, for messages.
	portal string
	// usedAs says what takes the ID, for kinds no destination names ("a route takes in trunk_ids").
	usedAs string
}

var _ datasource.DataSourceWithConfigure = &routingDataSource{}

// NewRingGroupDataSource, NewQueueDataSource and NewIVRDataSource return the data sources of
// the routing kinds.
func NewRingGroupDataSource() datasource.DataSource {
	return &routingDataSource{kind: yeastar.KindRingGroup, typeName: ringGroupResourceType, portal: "Call Features > Ring Group"}
}

func NewQueueDataSource() datasource.DataSource {
	return &routingDataSource{kind: yeastar.KindQueue, typeName: queueResourceType, portal: "Call Features > Queue"}
}

func NewIVRDataSource() datasource.DataSource {
	return &routingDataSource{kind: yeastar.KindIVR, typeName: ivrResourceType, portal: "Call Features > IVR"}
}

// NewSIPTrunkDataSource returns the data source of SIP trunks, which finds one by its name.
func NewSIPTrunkDataSource() datasource.DataSource {
	return &routingDataSource{kind: yeastar.KindTrunk, typeName: sipTrunkResourceType, portal: "Extensions and Trunks > Trunks",
		usedAs: "a route takes in `trunk_ids`"}
}

// NewInboundRouteDataSource and NewOutboundRouteDataSource return the data sources of the
// routes, which find one by its name.
func NewInboundRouteDataSource() datasource.DataSource {
	return &routingDataSource{kind: yeastar.KindInboundRoute, typeName: inboundRouteResourceType, portal: "Call Control > Inbound Routes",
		usedAs: "identifies the route (for example in an import block)"}
}

func NewOutboundRouteDataSource() datasource.DataSource {
	return &routingDataSource{kind: yeastar.KindOutboundRoute, typeName: outboundRouteResourceType, portal: "Call Control > Outbound Routes",
		usedAs: "identifies the route (for example in an import block)"}
}

type routingDataModel struct {
	Number types.String `tfsdk:"number"`
	ID     types.String `tfsdk:"id"`
	Name   types.String `tfsdk:"name"`
}

// namedRoutingDataModel is the model of a kind found by its name (trunks and routes).
type namedRoutingDataModel struct {
	Name types.String `tfsdk:"name"`
	ID   types.String `tfsdk:"id"`
}

func (d *routingDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + strings.TrimPrefix(d.typeName, "yeastar")
}

func (d *routingDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	noun := d.kind.Noun
	if d.kind.KeyField == "name" {
		resp.Schema = schema.Schema{
			MarkdownDescription: fmt.Sprintf("Finds one %s of the PBX by its exact name, for the ID that %s, where this "+
				"configuration does not manage the %s.", noun, d.usedAs, noun) + permissionsNote("", d.kind.Permission()),
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					MarkdownDescription: fmt.Sprintf("The %s's name, matched exactly (case included). A name the PBX does not have is "+
						"an error that suggests the closest names it has.", noun),
					Required:   true,
					Validators: []validator.String{notBlank()},
				},
				"id": schema.StringAttribute{
					MarkdownDescription: fmt.Sprintf("The %s's ID, which %s.", noun, d.usedAs),
					Computed:            true,
				},
			},
		}
		return
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Finds one %s of the PBX by its number, for the `id` of a destination that sends calls to "+
			"a %s this configuration does not manage. The number must match exactly: the API's keyword search for `630` also "+
			"finds `6300`, which this data source leaves out.", noun, noun) + permissionsNote("", d.kind.Permission()),
		Attributes: map[string]schema.Attribute{
			"number": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The %s's number, for example `\"6300\"`. A number the PBX does not have is an error "+
					"that suggests the closest numbers it has.", noun),
				Required:   true,
				Validators: []validator.String{notBlank()},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The %s's ID, which a destination takes as `id` with `type = %q`.", noun, d.kind.DestType),
				Computed:            true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The %s's name, as the PBX web portal shows it.", noun),
				Computed:            true,
			},
		},
	}
}

func (d *routingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.kind.KeyField == "name" {
		d.readNamed(ctx, req, resp)
		return
	}
	var state routingDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !d.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	number := state.Number.ValueString()
	found, err := d.client.FindRoutingOne(ctx, d.kind, number)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
		return
	}
	if found == nil {
		detail := fmt.Sprintf("The PBX has no %s numbered %q.", d.kind.Noun, number)
		if all, err := d.client.AllRouting(ctx, d.kind); err == nil {
			numbers := make([]string, len(all))
			for i, s := range all {
				numbers[i] = s.Number
			}
			detail = noMatchDetail(d.kind.Noun+" number", number, numbers,
				fmt.Sprintf("Check the number in the PBX web portal under %s.", d.portal))
		}
		resp.Diagnostics.AddAttributeError(path.Root("number"), "Unknown "+d.kind.Noun, detail)
		return
	}
	state.ID = types.StringValue(strconv.Itoa(found.ID))
	state.Name = types.StringValue(found.Name)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// readNamed is Read for a kind found by its name.
func (d *routingDataSource) readNamed(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state namedRoutingDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !d.ready(&resp.Diagnostics) {
		return
	}
	ctx = withClientLogging(ctx)
	name := state.Name.ValueString()
	found, err := d.client.FindRoutingOne(ctx, d.kind, name)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(err))
		return
	}
	if found == nil {
		detail := fmt.Sprintf("The PBX has no %s named %q.", d.kind.Noun, name)
		if all, err := d.client.AllRouting(ctx, d.kind); err == nil {
			names := make([]string, len(all))
			for i, s := range all {
				names[i] = s.Name
			}
			detail = noMatchDetail(d.kind.Noun+" name", name, names, fmt.Sprintf("Check the name in the PBX web portal under %s.", d.portal))
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Unknown "+d.kind.Noun, detail)
		return
	}
	state.ID = types.StringValue(strconv.Itoa(found.ID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
