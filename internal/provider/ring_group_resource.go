package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

const ringGroupResourceType = "yeastar_ring_group"

// NewRingGroupResource returns the yeastar_ring_group resource.
func NewRingGroupResource() resource.Resource {
	return &routingResource[ringGroupModel, yeastar.RingGroup]{spec: ringGroupSpec}
}

// ringGroupModel is one ring group: the extensions that ring for one number.
type ringGroupModel struct {
	ID          types.String `tfsdk:"id"`
	Number      types.String `tfsdk:"number"`
	Name        types.String `tfsdk:"name"`
	Strategy    types.String `tfsdk:"strategy"`
	RingTimeout types.Int64  `tfsdk:"ring_timeout"`
	MemberIDs   types.List   `tfsdk:"member_ids"`
	Failover    types.Object `tfsdk:"failover"`
}

const defaultRingTimeout = 60

var ringGroupSpec = &routingSpec[ringGroupModel, yeastar.RingGroup]{
	typeName: ringGroupResourceType,
	kind:     yeastar.KindRingGroup,
	calls:    (*yeastar.Client).RingGroups,
	identity: "The ring group's ID on the PBX, a number such as \"3\" (not its number).",
	keyPath:  "number", validKey: routingNumberPattern.MatchString, keyExample: "6300",
	id:  func(m *ringGroupModel) *types.String { return &m.ID },
	key: func(m *ringGroupModel) *types.String { return &m.Number },
	schema: func() schema.Schema {
		return schema.Schema{
			MarkdownDescription: "One ring group of the PBX: a number that rings a list of extensions at once or in turn, " +
				"such as the reception. Every value is checked during `terraform plan`, including whether the number is free in " +
				"the PBX's number space and whether the members are extensions, so that bad input fails the plan before anything " +
				"changes. Changing `number` replaces the ring group; everything else changes in place.",
			Attributes: map[string]schema.Attribute{
				"id":     routingIDAttribute("ring group", "A destination takes it as `id` with `type = \"ring_group\"`."),
				"number": routingNumberAttribute("ring group"),
				"name":   routingNameAttribute("ring group"),
				"strategy": schema.StringAttribute{
					MarkdownDescription: "How the members ring: `ring_all` (all at once), `sequentially` (one after the other, in the " +
						"order of `member_ids`) or `memory_hunt` (the first, then the first two, and so on). Defaults to `ring_all`.",
					Optional: true, Computed: true,
					Default:    stringdefault.StaticString("ring_all"),
					Validators: []validator.String{stringvalidator.OneOf(yeastar.RingGroupStrategies...)},
				},
				"ring_timeout": schema.Int64Attribute{
					MarkdownDescription: fmt.Sprintf("How many seconds the members ring before the call goes to `failover` (for "+
						"`sequentially`, how long each member rings), %d to %d. Defaults to %d.", yeastar.MinRingTimeout, yeastar.MaxRingTimeout, defaultRingTimeout),
					Optional: true, Computed: true,
					Default:    int64default.StaticInt64(defaultRingTimeout),
					Validators: []validator.Int64{int64validator.Between(yeastar.MinRingTimeout, yeastar.MaxRingTimeout)},
				},
				"member_ids": schema.ListAttribute{
					MarkdownDescription: "The IDs of the member extensions (the `id` of a `yeastar_extension`, not its number), in " +
						"ring order. Each must be an extension, checked during plan where the ID is known; the same ID twice is an " +
						"error. A member whose extension is deleted leaves the list, which then shows as a change.",
					ElementType: types.StringType,
					Required:    true,
					Validators:  []validator.List{listvalidator.UniqueValues(), listvalidator.ValueStringsAre(validExtensionID())},
				},
				"failover": destinationAttribute("Where a call goes when no member answers within `ring_timeout`."),
			},
		}
	},
	expand: func(ctx context.Context, plan, _ ringGroupModel) (yeastar.RingGroup, diag.Diagnostics) {
		var diags diag.Diagnostics
		g := yeastar.RingGroup{Number: plan.Number.ValueString(), Name: plan.Name.ValueString(), Strategy: plan.Strategy.ValueString(),
			RingTimeout: int(plan.RingTimeout.ValueInt64())}
		g.ID, _ = strconv.Atoi(plan.ID.ValueString())
		g.MemberIDs = memberIDsFrom(ctx, plan.MemberIDs, path.Root("member_ids"), &diags)
		if d, ok := destinationFrom(ctx, plan.Failover); ok {
			g.Failover = d.expand()
		}
		return g, diags
	},
	flatten: func(g yeastar.RingGroup, m *ringGroupModel) {
		m.ID = types.StringValue(strconv.Itoa(g.ID))
		m.Number, m.Name, m.Strategy = types.StringValue(g.Number), types.StringValue(g.Name), types.StringValue(g.Strategy)
		m.RingTimeout = types.Int64Value(int64(g.RingTimeout))
		m.MemberIDs = memberIDList(g.MemberIDs)
		m.Failover = destinationObject(flattenDestination(g.Failover))
	},
	planChecks: func(ctx context.Context, client *yeastar.Client, plan, _ ringGroupModel, _ *ringGroupModel, checks *checkGroup) {
		checks.run(func(diags *diag.Diagnostics) {
			checkMembers(ctx, client, path.Root("member_ids"), plan.MemberIDs, diags)
		})
		if d, ok := destinationFrom(ctx, plan.Failover); ok {
			checks.run(func(diags *diag.Diagnostics) { checkDestination(ctx, client, path.Root("failover"), d, diags) })
		}
	},
}
