package provider

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

const ivrResourceType = "yeastar_ivr"

// NewIVRResource returns the yeastar_ivr resource.
func NewIVRResource() resource.Resource {
	return &routingResource[ivrModel, yeastar.IVR]{spec: ivrSpec}
}

// ivrModel is one IVR (auto attendant).
type ivrModel struct {
	ID                 types.String `tfsdk:"id"`
	Number             types.String `tfsdk:"number"`
	Name               types.String `tfsdk:"name"`
	Prompt             types.String `tfsdk:"prompt"`
	PromptRepeat       types.Int64  `tfsdk:"prompt_repeat"`
	ResponseTimeout    types.Int64  `tfsdk:"response_timeout"`
	DigitTimeout       types.Int64  `tfsdk:"digit_timeout"`
	Keys               types.Map    `tfsdk:"keys"`
	TimeoutDestination types.Object `tfsdk:"timeout_destination"`
	InvalidDestination types.Object `tfsdk:"invalid_destination"`
	DialExtensions     types.Bool   `tfsdk:"dial_extensions"`
}

// Defaults of an IVR's timers.
const (
	defaultPromptRepeat    = 3
	defaultResponseTimeout = 5
	defaultDigitTimeout    = 3
)

// destinationObjectType is the type of a destination object, the element type of keys.
var destinationObjectType = types.ObjectType{AttrTypes: destinationAttrTypes}

// ivrsManagingKeys records, per client, the IVRs already on the PBX whose configuration sets
// keys, so that a yeastar_ivr_key of one of them fails its plan: Terraform plans the IVR
// before the key resources that refer to it.
var ivrsManagingKeys = &ivrKeyOwners{ids: map[*yeastar.Client]map[int]string{}}

type ivrKeyOwners struct {
	mu  sync.Mutex
	ids map[*yeastar.Client]map[int]string
}

func (o *ivrKeyOwners) record(c *yeastar.Client, id int, number string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ids[c] == nil {
		o.ids[c] = map[int]string{}
	}
	o.ids[c][id] = number
}

// owner returns the number of the IVR with this ID when its configuration sets keys.
func (o *ivrKeyOwners) owner(c *yeastar.Client, id int) (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	number, found := o.ids[c][id]
	return number, found
}

// validPrompt checks an IVR's prompt: "default", or up to 5 prompt names joined by commas.
func validPrompt() validator.String {
	return stringCheck{
		description: fmt.Sprintf("must be \"default\" or up to %d custom prompt names joined by commas", yeastar.MaxIVRPrompts),
		summary:     "Invalid prompt",
		check: func(s string) error {
			if s == yeastar.DefaultPrompt {
				return nil
			}
			names := strings.Split(s, ",")
			if len(names) > yeastar.MaxIVRPrompts {
				return fmt.Errorf("an IVR plays at most %d custom prompts, and %q names %d", yeastar.MaxIVRPrompts, s, len(names))
			}
			for _, name := range names {
				if name == "" || strings.TrimSpace(name) != name {
					return fmt.Errorf("%q is not a list of prompt names: write them joined by commas, without spaces around them, "+
						"such as \"welcome.wav,main-menu.wav\"", s)
				}
			}
			return nil
		},
	}
}

func ivrSeconds(description string, defaultValue int64) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("%s, %d to %d seconds. Defaults to %d.", description, yeastar.MinIVRTimeout, yeastar.MaxIVRTimeout, defaultValue),
		Optional:            true, Computed: true,
		Default:    int64default.StaticInt64(defaultValue),
		Validators: []validator.Int64{int64validator.Between(yeastar.MinIVRTimeout, yeastar.MaxIVRTimeout)},
	}
}

var ivrSpec = &routingSpec[ivrModel, yeastar.IVR]{
	typeName: ivrResourceType,
	kind:     yeastar.KindIVR,
	calls:    (*yeastar.Client).IVRs,
	identity: "The IVR's ID on the PBX, a number such as \"3\" (not its number).",
	keyPath:  "number", validKey: routingNumberPattern.MatchString, keyExample: "6500",
	id:  func(m *ivrModel) *types.String { return &m.ID },
	key: func(m *ivrModel) *types.String { return &m.Number },
	schema: func() schema.Schema {
		return schema.Schema{
			MarkdownDescription: "One IVR (auto attendant) of the PBX: a menu that greets callers and sends them on by the key " +
				"they press, such as the main menu \"press 1 for sales\". Its keys are either set here, in `keys`, or one by one with " +
				"`yeastar_ivr_key` (which lets a queue fail over back to the menu that sends calls to it without a cycle). Every " +
				"value is checked during `terraform plan`, including the number, the prompts and every destination, so that bad " +
				"input fails the plan before anything changes. Changing `number` replaces the IVR; everything else changes in place.",
			Attributes: map[string]schema.Attribute{
				"id":     routingIDAttribute("IVR", "A destination takes it as `id` with `type = \"ivr\"`, and `yeastar_ivr_key` as `ivr_id`."),
				"number": routingNumberAttribute("IVR"),
				"name":   routingNameAttribute("IVR"),
				"prompt": schema.StringAttribute{
					MarkdownDescription: fmt.Sprintf("What the IVR plays: `default` (the PBX's own greeting), or up to %d custom "+
						"prompts joined by commas, such as `\"welcome.wav,main-menu.wav\"`, each one the PBX lists (PBX web portal: Call "+
						"Features > Voice Prompt > Custom Prompt), checked during plan. Defaults to `default`.", yeastar.MaxIVRPrompts),
					Optional: true, Computed: true,
					Default:    stringdefault.StaticString(yeastar.DefaultPrompt),
					Validators: []validator.String{validPrompt()},
				},
				"prompt_repeat": schema.Int64Attribute{
					MarkdownDescription: fmt.Sprintf("How many times the prompt plays while the caller presses nothing, %d to %d. "+
						"Defaults to %d.", yeastar.MinPromptRepeat, yeastar.MaxPromptRepeat, defaultPromptRepeat),
					Optional: true, Computed: true,
					Default:    int64default.StaticInt64(defaultPromptRepeat),
					Validators: []validator.Int64{int64validator.Between(yeastar.MinPromptRepeat, yeastar.MaxPromptRepeat)},
				},
				"response_timeout": ivrSeconds("How long the IVR waits for a key after the prompt (the PBX's `resp_timeout`)", defaultResponseTimeout),
				"digit_timeout":    ivrSeconds("How long the IVR waits for the next digit of a number the caller dials", defaultDigitTimeout),
				"keys": schema.MapNestedAttribute{
					MarkdownDescription: "The destinations of the keys, keyed `\"0\"` to `\"9\"`: " + destinationDocs + " When set " +
						"(even to `{}`), the IVR's keys are exactly these: a key left out has no destination. When unset, this " +
						"resource leaves the keys alone, for `yeastar_ivr_key` resources, and its state shows what the PBX has, so " +
						"that an import plans no change either way. Removing `keys` from a configuration stops managing them: the " +
						"keys stay as they are on the PBX. Setting `keys` on an IVR that also has `yeastar_ivr_key` resources fails " +
						"the plan where Terraform can know it (the IVR exists already).",
					Optional: true, Computed: true,
					NestedObject: schema.NestedAttributeObject{
						Attributes: destinationAttributes(),
						Validators: []validator.Object{destinationRules{}},
					},
					Validators:    []validator.Map{mapvalidator.KeysAre(stringvalidator.OneOf(yeastar.IVRKeys...))},
					PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
				},
				"timeout_destination": destinationAttribute("Where a caller who presses nothing goes once the prompt has played " +
					"`prompt_repeat` times."),
				"invalid_destination": destinationAttribute("Where a caller who presses a key without a destination goes."),
				"dial_extensions": schema.BoolAttribute{
					MarkdownDescription: "Whether callers may dial an extension's number from the menu (the PBX's `dial_ext_option` " +
						"`all`; `false` sends `disable`). Defaults to `false`.",
					Optional: true, Computed: true,
					Default: booldefault.StaticBool(false),
				},
			},
		}
	},
	expand: func(ctx context.Context, plan, config ivrModel) (yeastar.IVR, diag.Diagnostics) {
		var diags diag.Diagnostics
		v := yeastar.IVR{Number: plan.Number.ValueString(), Name: plan.Name.ValueString(), Prompt: plan.Prompt.ValueString(),
			PromptRepeat: int(plan.PromptRepeat.ValueInt64()), ResponseTimeout: int(plan.ResponseTimeout.ValueInt64()),
			DigitTimeout: int(plan.DigitTimeout.ValueInt64()), DialExtensions: plan.DialExtensions.ValueBool()}
		v.ID, _ = strconv.Atoi(plan.ID.ValueString())
		if d, ok := destinationFrom(ctx, plan.TimeoutDestination); ok {
			v.TimeoutDestination = d.expand()
		}
		if d, ok := destinationFrom(ctx, plan.InvalidDestination); ok {
			v.InvalidDestination = d.expand()
		}
		// Keys unset in the configuration are left alone (nil); the state's keys, as the prior
		// object of an update, are what the PBX had.
		if !config.Keys.IsNull() && !plan.Keys.IsUnknown() {
			v.Keys = map[string]yeastar.Destination{}
			for key, element := range plan.Keys.Elements() {
				object, isObject := element.(types.Object)
				if d, ok := destinationFrom(ctx, object); isObject && ok {
					v.Keys[key] = d.expand()
				}
			}
		}
		return v, diags
	},
	flatten: func(v yeastar.IVR, m *ivrModel) {
		m.ID = types.StringValue(strconv.Itoa(v.ID))
		m.Number, m.Name, m.Prompt = types.StringValue(v.Number), types.StringValue(v.Name), types.StringValue(v.Prompt)
		m.PromptRepeat = types.Int64Value(int64(v.PromptRepeat))
		m.ResponseTimeout, m.DigitTimeout = types.Int64Value(int64(v.ResponseTimeout)), types.Int64Value(int64(v.DigitTimeout))
		m.TimeoutDestination = destinationObject(flattenDestination(v.TimeoutDestination))
		m.InvalidDestination = destinationObject(flattenDestination(v.InvalidDestination))
		m.DialExtensions = types.BoolValue(v.DialExtensions)
		keys := map[string]attr.Value{}
		for key, d := range v.Keys {
			keys[key] = destinationObject(flattenDestination(d))
		}
		m.Keys = types.MapValueMust(destinationObjectType, keys)
	},
	planChecks: func(ctx context.Context, client *yeastar.Client, plan, config ivrModel, state *ivrModel, checks *checkGroup) {
		if state != nil && !config.Keys.IsNull() {
			if id, err := strconv.Atoi(state.ID.ValueString()); err == nil {
				ivrsManagingKeys.record(client, id, state.Number.ValueString())
			}
		}
		if prompt := plan.Prompt; !prompt.IsUnknown() && prompt.ValueString() != yeastar.DefaultPrompt {
			checks.run(func(diags *diag.Diagnostics) {
				checkPrompts(ctx, client, path.Root("prompt"), strings.Split(prompt.ValueString(), ","), diags)
			})
		}
		destinations := map[string]types.Object{"timeout_destination": plan.TimeoutDestination, "invalid_destination": plan.InvalidDestination}
		checks.run(func(diags *diag.Diagnostics) {
			for _, name := range []string{"timeout_destination", "invalid_destination"} {
				if d, ok := destinationFrom(ctx, destinations[name]); ok {
					checkDestination(ctx, client, path.Root(name), d, diags)
				}
			}
			if config.Keys.IsNull() || plan.Keys.IsUnknown() {
				return
			}
			keys := make([]string, 0, len(plan.Keys.Elements()))
			for key := range plan.Keys.Elements() {
				keys = append(keys, key)
			}
			sort.Strings(keys)
			for _, key := range keys {
				if object, isObject := plan.Keys.Elements()[key].(types.Object); isObject {
					if d, ok := destinationFrom(ctx, object); ok {
						checkDestination(ctx, client, path.Root("keys").AtMapKey(key), d, diags)
					}
				}
			}
		})
	},
}
