package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

const queueResourceType = "yeastar_queue"

// NewQueueResource returns the yeastar_queue resource.
func NewQueueResource() resource.Resource {
	return &routingResource[queueModel, yeastar.Queue]{spec: queueSpec}
}

// queueModel is one call queue.
type queueModel struct {
	ID              types.String `tfsdk:"id"`
	Number          types.String `tfsdk:"number"`
	Name            types.String `tfsdk:"name"`
	Strategy        types.String `tfsdk:"strategy"`
	StaticAgentIDs  types.List   `tfsdk:"static_agent_ids"`
	DynamicAgentIDs types.List   `tfsdk:"dynamic_agent_ids"`
	MaxWaitTime     types.Int64  `tfsdk:"max_wait_time"`
	AgentTimeout    types.Int64  `tfsdk:"agent_timeout"`
	RetryTime       types.Int64  `tfsdk:"retry_time"`
	WrapUpTime      types.Int64  `tfsdk:"wrap_up_time"`
	Failover        types.Object `tfsdk:"failover"`
}

// maxQueueSeconds bounds agent_timeout, retry_time and wrap_up_time.
const maxQueueSeconds = 9999

func agentList(description string) schema.ListAttribute {
	return schema.ListAttribute{
		MarkdownDescription: description + " Give the extensions' IDs (the `id` of a `yeastar_extension`, not its number); each " +
			"must be an extension, checked during plan where the ID is known, and may be listed once. Defaults to none.",
		ElementType: types.StringType,
		Optional:    true, Computed: true,
		Default:    listdefault.StaticValue(types.ListValueMust(types.StringType, nil)),
		Validators: []validator.List{listvalidator.UniqueValues(), listvalidator.ValueStringsAre(validExtensionID())},
	}
}

func queueSeconds(description string, minimum int64) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("%s, %d to %d. Unset, the queue keeps the PBX's value.", description, minimum, maxQueueSeconds),
		Optional:            true, Computed: true,
		Validators:    []validator.Int64{int64validator.Between(minimum, maxQueueSeconds)},
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

var queueSpec = &routingSpec[queueModel, yeastar.Queue]{
	typeName: queueResourceType,
	kind:     yeastar.KindQueue,
	calls:    (*yeastar.Client).Queues,
	identity: "The queue's ID on the PBX, a number such as \"3\" (not its number).",
	keyPath:  "number", validKey: routingNumberPattern.MatchString, keyExample: "6400",
	id:  func(m *queueModel) *types.String { return &m.ID },
	key: func(m *queueModel) *types.String { return &m.Number },
	schema: func() schema.Schema {
		return schema.Schema{
			MarkdownDescription: "One call queue of the PBX: callers wait, with music, until an agent answers, such as a sales " +
				"line. Every value is checked during `terraform plan`, including whether the number is free in the PBX's number " +
				"space and whether the agents are extensions, so that bad input fails the plan before anything changes. Changing " +
				"`number` replaces the queue; everything else changes in place.",
			Attributes: map[string]schema.Attribute{
				"id":     routingIDAttribute("queue", "A destination takes it as `id` with `type = \"queue\"`."),
				"number": routingNumberAttribute("queue"),
				"name":   routingNameAttribute("queue"),
				"strategy": schema.StringAttribute{
					MarkdownDescription: "How the queue picks agents: `ring_all` (all at once), `least_recent` (the one who answered " +
						"least recently), `fewest_calls`, `random`, `rrmemory` (round robin, remembering where it stopped) or `linear` " +
						"(in the order of the agent lists). Defaults to `ring_all`.",
					Optional: true, Computed: true,
					Default:    stringdefault.StaticString("ring_all"),
					Validators: []validator.String{stringvalidator.OneOf(yeastar.QueueStrategies...)},
				},
				"static_agent_ids": agentList("The static agents, who are always logged in to the queue."),
				"dynamic_agent_ids": agentList("The dynamic agents, who may log in to the queue and out of it themselves (with a " +
					"feature code or the Linkus app); whether they are logged in is theirs and never shows as a change. An extension " +
					"is a static or a dynamic agent, not both."),
				"max_wait_time": schema.Int64Attribute{
					MarkdownDescription: fmt.Sprintf("How many seconds a caller waits at most before the call goes to `failover`, 0 to "+
						"%d; 0 means no limit. Defaults to 0.", yeastar.MaxQueueWaitTime),
					Optional: true, Computed: true,
					Default:    int64default.StaticInt64(0),
					Validators: []validator.Int64{int64validator.Between(0, yeastar.MaxQueueWaitTime)},
				},
				"agent_timeout": queueSeconds("How many seconds an agent's phone rings before the queue tries the next agent", 1),
				"retry_time":    queueSeconds("How many seconds the queue waits before it rings the agents again", 0),
				"wrap_up_time":  queueSeconds("How many seconds an agent has after a call before the queue sends the next one", 0),
				"failover":      destinationAttribute("Where a call goes after `max_wait_time`."),
			},
		}
	},
	validate: func(ctx context.Context, config queueModel, diags *diag.Diagnostics) {
		if config.StaticAgentIDs.IsUnknown() || config.DynamicAgentIDs.IsUnknown() {
			return
		}
		var static, dynamic []types.String
		diags.Append(config.StaticAgentIDs.ElementsAs(ctx, &static, false)...)
		diags.Append(config.DynamicAgentIDs.ElementsAs(ctx, &dynamic, false)...)
		for i, d := range dynamic {
			if !d.IsUnknown() && slices.ContainsFunc(static, func(s types.String) bool { return !s.IsUnknown() && s.Equal(d) }) {
				diags.AddAttributeError(path.Root("dynamic_agent_ids").AtListIndex(i), "Agent both static and dynamic",
					fmt.Sprintf("Extension ID %s is in both static_agent_ids and dynamic_agent_ids. An extension is either a static agent "+
						"(always logged in) or a dynamic one (logs in and out itself) of a queue: remove it from one of the lists.", d.ValueString()))
			}
		}
	},
	expand: func(ctx context.Context, plan, _ queueModel) (yeastar.Queue, diag.Diagnostics) {
		var diags diag.Diagnostics
		q := yeastar.Queue{Number: plan.Number.ValueString(), Name: plan.Name.ValueString(), Strategy: plan.Strategy.ValueString(),
			MaxWaitTime: int(plan.MaxWaitTime.ValueInt64())}
		q.ID, _ = strconv.Atoi(plan.ID.ValueString())
		q.StaticAgentIDs = memberIDsFrom(ctx, plan.StaticAgentIDs, path.Root("static_agent_ids"), &diags)
		q.DynamicAgentIDs = memberIDsFrom(ctx, plan.DynamicAgentIDs, path.Root("dynamic_agent_ids"), &diags)
		seconds := func(v types.Int64) *int {
			if v.IsNull() || v.IsUnknown() {
				return nil
			}
			n := int(v.ValueInt64())
			return &n
		}
		q.AgentTimeout, q.RetryTime, q.WrapUpTime = seconds(plan.AgentTimeout), seconds(plan.RetryTime), seconds(plan.WrapUpTime)
		if d, ok := destinationFrom(ctx, plan.Failover); ok {
			q.Failover = d.expand()
		}
		return q, diags
	},
	flatten: func(q yeastar.Queue, m *queueModel) {
		m.ID = types.StringValue(strconv.Itoa(q.ID))
		m.Number, m.Name, m.Strategy = types.StringValue(q.Number), types.StringValue(q.Name), types.StringValue(q.Strategy)
		m.StaticAgentIDs, m.DynamicAgentIDs = memberIDList(q.StaticAgentIDs), memberIDList(q.DynamicAgentIDs)
		m.MaxWaitTime = types.Int64Value(int64(q.MaxWaitTime))
		seconds := func(v *int) types.Int64 {
			if v == nil {
				return types.Int64Null()
			}
			return types.Int64Value(int64(*v))
		}
		m.AgentTimeout, m.RetryTime, m.WrapUpTime = seconds(q.AgentTimeout), seconds(q.RetryTime), seconds(q.WrapUpTime)
		m.Failover = destinationObject(flattenDestination(q.Failover))
	},
	planChecks: func(ctx context.Context, client *yeastar.Client, plan, _ queueModel, _ *queueModel, checks *checkGroup) {
		checks.run(func(diags *diag.Diagnostics) {
			checkMembers(ctx, client, path.Root("static_agent_ids"), plan.StaticAgentIDs, diags)
			checkMembers(ctx, client, path.Root("dynamic_agent_ids"), plan.DynamicAgentIDs, diags)
		})
		if d, ok := destinationFrom(ctx, plan.Failover); ok {
			checks.run(func(diags *diag.Diagnostics) { checkDestination(ctx, client, path.Root("failover"), d, diags) })
		}
	},
}
