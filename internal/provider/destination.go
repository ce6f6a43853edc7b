package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// A destination is where a call goes next: a ring group's or queue's failover, an IVR key, an
// inbound route's destination. It is one nested attribute everywhere, with one validator
// (destinationRules), one expand (destinationModel.expand) and one flatten (flattenDestination),
// and one plan-time check against the PBX (checkDestination).

// destinationModel is one destination.
type destinationModel struct {
	Type   types.String `tfsdk:"type"`
	ID     types.String `tfsdk:"id"`
	Number types.String `tfsdk:"number"`
	Prefix types.String `tfsdk:"prefix"`
	Prompt types.String `tfsdk:"prompt"`
	Repeat types.Int64  `tfsdk:"repeat"`
}

// destinationAttrTypes are the attribute types of a destination object.
var destinationAttrTypes = map[string]attr.Type{
	"type": types.StringType, "id": types.StringType, "number": types.StringType,
	"prefix": types.StringType, "prompt": types.StringType, "repeat": types.Int64Type,
}

const (
	// minRepeat and maxRepeat bound how many times a play_greeting destination plays its prompt.
	minRepeat, maxRepeat = 1, 10
	// destinationDocs names the docs section that describes a destination, for descriptions.
	destinationDocs = "A destination: `type` says where the call goes and the other attributes say which one (see " +
		"[Destinations](../guides/who-answers#destinations))."
)

var externalNumberPattern = regexp.MustCompile(`^[0-9+*#]{1,31}$`)

// destinationAttributes are the attributes of a destination object.
func destinationAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"type": schema.StringAttribute{
			MarkdownDescription: "Where the call goes, one of `" + strings.Join(yeastar.DestinationTypes, "`, `") + "` (the PBX's " +
				"own names): `end_call` hangs up; `extension` rings an extension and `ext_vm` sends the call to its voicemail; " +
				"`group_vm`, `ivr`, `ring_group`, `queue` and `conference` send it to that object; `external_num` dials an " +
				"outside number; `play_greeting` plays a custom prompt.",
			Required:   true,
			Validators: []validator.String{stringvalidator.OneOf(yeastar.DestinationTypes...)},
		},
		"id": schema.StringAttribute{
			MarkdownDescription: "The target's ID on the PBX, for `extension`, `ext_vm`, `group_vm`, `ivr`, `ring_group`, " +
				"`queue` and `conference`: for example `yeastar_queue.sales.id`. An ID the PBX knows, but as another type, fails the plan.",
			Optional: true,
		},
		"number": schema.StringAttribute{
			MarkdownDescription: "For `external_num`: the outside number to dial, of digits, `+`, `*` and `#`.",
			Optional:            true,
		},
		"prefix": schema.StringAttribute{
			MarkdownDescription: "For `external_num`: the dial-out prefix of the outbound route to dial it through; unset, none.",
			Optional:            true,
		},
		"prompt": schema.StringAttribute{
			MarkdownDescription: "For `play_greeting`: the file name of a custom prompt the PBX lists (PBX web portal: Call " +
				"Features > Voice Prompt > Custom Prompt).",
			Optional: true,
		},
		"repeat": schema.Int64Attribute{
			MarkdownDescription: fmt.Sprintf("For `play_greeting`: how many times the prompt plays, %d to %d. Defaults to 1.", minRepeat, maxRepeat),
			Optional:            true, Computed: true,
			Validators:    []validator.Int64{int64validator.Between(minRepeat, maxRepeat)},
			PlanModifiers: []planmodifier.Int64{repeatDefault{}},
		},
	}
}

// destinationAttribute is an optional destination that defaults to end_call.
func destinationAttribute(what string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: what + " " + destinationDocs + " Defaults to `{ type = \"end_call\" }`.",
		Optional:            true, Computed: true,
		Attributes: destinationAttributes(),
		Default:    objectdefault.StaticValue(destinationObject(flattenDestination(yeastar.Destination{Type: yeastar.DestEndCall}))),
		Validators: []validator.Object{destinationRules{}},
	}
}

// destinationObject is a destination as an object value.
func destinationObject(d destinationModel) types.Object {
	object, _ := types.ObjectValueFrom(context.Background(), destinationAttrTypes, d)
	return object
}

// destinationFrom reads a destination object; ok is false when it is null or not fully known.
func destinationFrom(ctx context.Context, object types.Object) (destinationModel, bool) {
	var d destinationModel
	if object.IsNull() || object.IsUnknown() {
		return d, false
	}
	if diags := object.As(ctx, &d, basetypes.ObjectAsOptions{}); diags.HasError() {
		return d, false
	}
	return d, true
}

// expand turns a destination into the PBX's three fields. A repeat not known yet is 1.
func (d destinationModel) expand() yeastar.Destination {
	out := yeastar.Destination{Type: d.Type.ValueString()}
	switch out.Type {
	case yeastar.DestExternal:
		out.Value, out.Prefix = d.Number.ValueString(), d.Prefix.ValueString()
	case yeastar.DestPlayGreeting:
		out.Value, out.Prefix = d.Prompt.ValueString(), "1"
		if !d.Repeat.IsNull() && !d.Repeat.IsUnknown() {
			out.Prefix = strconv.FormatInt(d.Repeat.ValueInt64(), 10)
		}
	default:
		if yeastar.DestinationTakesID(out.Type) {
			out.Value = d.ID.ValueString()
		}
	}
	return out
}

// flattenDestination reads the PBX's three fields back into the same shape: every attribute
// the type does not use is null.
func flattenDestination(d yeastar.Destination) destinationModel {
	m := destinationModel{Type: types.StringValue(d.Type), ID: types.StringNull(), Number: types.StringNull(),
		Prefix: types.StringNull(), Prompt: types.StringNull(), Repeat: types.Int64Null()}
	switch {
	case d.Type == yeastar.DestExternal:
		m.Number = types.StringValue(d.Value)
		if d.Prefix != "" {
			m.Prefix = types.StringValue(d.Prefix)
		}
	case d.Type == yeastar.DestPlayGreeting:
		m.Prompt = types.StringValue(d.Value)
		repeat, err := strconv.ParseInt(d.Prefix, 10, 64)
		if err != nil || repeat < 1 {
			repeat = 1
		}
		m.Repeat = types.Int64Value(repeat)
	case yeastar.DestinationTakesID(d.Type):
		m.ID = types.StringValue(d.Value)
	}
	return m
}

// destinationRules checks that a destination sets exactly the attributes its type needs.
type destinationRules struct{}

var _ validator.Object = destinationRules{}

func (destinationRules) Description(context.Context) string {
	return "must set exactly the attributes its type needs"
}

func (v destinationRules) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (destinationRules) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var d destinationModel
	if diags := req.ConfigValue.As(ctx, &d, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true}); diags.HasError() {
		return
	}
	if d.Type.IsUnknown() || d.Type.IsNull() {
		return
	}
	destType := d.Type.ValueString()
	var needs []string
	allowed := map[string]bool{}
	switch {
	case destType == yeastar.DestEndCall:
	case destType == yeastar.DestExternal:
		needs, allowed["prefix"] = []string{"number"}, true
	case destType == yeastar.DestPlayGreeting:
		needs, allowed["repeat"] = []string{"prompt"}, true
	case yeastar.DestinationTakesID(destType):
		needs = []string{"id"}
	default:
		return // the type's own validator names it
	}
	set := map[string]bool{
		"id": !d.ID.IsNull(), "number": !d.Number.IsNull(), "prefix": !d.Prefix.IsNull(), "prompt": !d.Prompt.IsNull(), "repeat": !d.Repeat.IsNull(),
	}
	for _, name := range needs {
		allowed[name] = true
		if !set[name] {
			resp.Diagnostics.AddAttributeError(req.Path.AtName(name), "Incomplete destination",
				fmt.Sprintf("%s: a destination of type %q needs %s: %s.", req.Path, destType, name, destinationNeeds(destType)))
		}
	}
	for _, name := range []string{"id", "number", "prefix", "prompt", "repeat"} {
		if set[name] && !allowed[name] {
			resp.Diagnostics.AddAttributeError(req.Path.AtName(name), "Attribute not allowed in this destination",
				fmt.Sprintf("%s: a destination of type %q takes no %s (%s). Remove %s, or change the type.",
					req.Path, destType, name, destinationNeeds(destType), name))
		}
	}
	if destType == yeastar.DestExternal && !d.Number.IsNull() && !d.Number.IsUnknown() && !externalNumberPattern.MatchString(d.Number.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path.AtName("number"), "Invalid outside number",
			fmt.Sprintf("%s: %q is not an outside number the PBX dials: 1 to 31 digits, +, * and #, without spaces.", req.Path.AtName("number"), d.Number.ValueString()))
	}
	if !d.ID.IsNull() && !d.ID.IsUnknown() {
		if id, err := strconv.Atoi(d.ID.ValueString()); err != nil || id <= 0 {
			resp.Diagnostics.AddAttributeError(req.Path.AtName("id"), "Invalid destination ID",
				fmt.Sprintf("%s: %q is not an ID: the PBX's IDs are numbers such as \"3\", the id attribute of the target's resource or "+
					"data source (not its number).", req.Path.AtName("id"), d.ID.ValueString()))
		}
	}
}

// destinationNeeds says what a destination type takes, for messages.
func destinationNeeds(destType string) string {
	switch destType {
	case yeastar.DestEndCall:
		return "end_call takes no other attribute"
	case yeastar.DestExternal:
		return "external_num takes number and, optionally, prefix"
	case yeastar.DestPlayGreeting:
		return "play_greeting takes prompt and, optionally, repeat"
	}
	return destType + " takes id, the target's ID"
}

// destinationTarget is the kind of object a destination type's id names.
func destinationTarget(destType string) (yeastar.RoutingKind, bool) {
	for _, kind := range []yeastar.RoutingKind{yeastar.KindRingGroup, yeastar.KindQueue, yeastar.KindIVR} {
		if kind.DestType == destType {
			return kind, true
		}
	}
	return yeastar.RoutingKind{}, false
}

// checkDestination checks, at plan, what only the PBX knows of a destination whose values are
// known: that the target exists and is of the type (listing the PBX's objects of that type),
// and that a prompt is one the PBX lists. at is the destination's path.
func checkDestination(ctx context.Context, client *yeastar.Client, at path.Path, d destinationModel, diags *diag.Diagnostics) {
	destType := d.Type.ValueString()
	if d.Type.IsUnknown() {
		return
	}
	if destType == yeastar.DestPlayGreeting && !d.Prompt.IsNull() && !d.Prompt.IsUnknown() {
		checkPrompts(ctx, client, at.AtName("prompt"), []string{d.Prompt.ValueString()}, diags)
		return
	}
	if !yeastar.DestinationTakesID(destType) || d.ID.IsNull() || d.ID.IsUnknown() {
		return
	}
	id := d.ID.ValueString()
	var known []string
	found := false
	switch destType {
	case yeastar.DestExtension, yeastar.DestExtVoicemail:
		all, err := client.AllExtensions(ctx)
		if err != nil {
			diags.Append(apiErrorDiagnostic(err))
			return
		}
		for _, e := range all {
			found = found || strconv.Itoa(e.ID) == id
			known = append(known, fmt.Sprintf("%d (%s)", e.ID, strings.TrimSpace(e.Number+" "+e.CallerIDName)))
		}
	case yeastar.DestGroupVM, yeastar.DestConference:
		menu := yeastar.MenuGroupVM
		if destType == yeastar.DestConference {
			menu = yeastar.MenuConference
		}
		options, err := client.MenuOptions(ctx, menu)
		if err != nil {
			diags.Append(apiErrorDiagnostic(err))
			return
		}
		for _, o := range options {
			found = found || o.Value == id
			known = append(known, fmt.Sprintf("%s (%s)", o.Value, o.Text))
		}
	default:
		kind, _ := destinationTarget(destType)
		all, err := client.AllRouting(ctx, kind)
		if err != nil {
			diags.Append(apiErrorDiagnostic(err))
			return
		}
		for _, s := range all {
			found = found || strconv.Itoa(s.ID) == id
			known = append(known, fmt.Sprintf("%d (%s)", s.ID, strings.TrimSpace(s.Number+" "+s.Name)))
		}
	}
	if found {
		return
	}
	detail := fmt.Sprintf("%s: the PBX has no %s with ID %s.", at, destType, id)
	if other := otherHolderOfID(ctx, client, destType, id); other != "" {
		detail = fmt.Sprintf("%s: ID %s is %s, not of type %q.", at, id, other, destType)
	}
	if len(known) == 0 {
		detail += fmt.Sprintf(" The PBX has nothing of type %q.", destType)
	} else {
		detail += fmt.Sprintf(" The IDs of type %q the PBX has are: %s.", destType, strings.Join(known, ", "))
	}
	diags.AddAttributeError(at.AtName("id"), "Unknown destination", detail+" Point id at the id attribute of the target's resource or data source.")
}

// otherHolderOfID names the object of another routing kind that has this ID, to explain an ID
// given with the wrong type; "" when none is found.
func otherHolderOfID(ctx context.Context, client *yeastar.Client, destType, id string) string {
	for _, kind := range []yeastar.RoutingKind{yeastar.KindRingGroup, yeastar.KindQueue, yeastar.KindIVR} {
		if kind.DestType == destType {
			continue
		}
		all, err := client.AllRouting(ctx, kind)
		if err != nil {
			continue
		}
		if i := slices.IndexFunc(all, func(s yeastar.RoutingSummary) bool { return strconv.Itoa(s.ID) == id }); i >= 0 {
			return all[i].String()
		}
	}
	return ""
}

// checkPrompts checks that every prompt is a custom prompt the PBX lists.
func checkPrompts(ctx context.Context, client *yeastar.Client, at path.Path, prompts []string, diags *diag.Diagnostics) {
	options, err := client.MenuOptions(ctx, yeastar.MenuCustomPrompt)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	known := make([]string, len(options))
	for i, o := range options {
		known[i] = o.Value
	}
	for _, prompt := range prompts {
		if !slices.Contains(known, prompt) {
			diags.AddAttributeError(at, "Unknown custom prompt", noMatchDetail("custom prompt", prompt, known,
				"Upload the prompt in the PBX web portal (Call Features > Voice Prompt > Custom Prompt), or use one it lists."))
		}
	}
}

// repeatDefault plans an unset repeat: 1 for a play_greeting destination, null for any other,
// so that it is never unknown (a computed nested value would otherwise show as "known after
// apply" whenever anything else of the resource changes).
type repeatDefault struct{}

func (repeatDefault) Description(context.Context) string {
	return "defaults to 1 for play_greeting and is null for other types"
}

func (m repeatDefault) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (repeatDefault) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if !req.ConfigValue.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var destType types.String
	if diags := req.Plan.GetAttribute(ctx, req.Path.ParentPath().AtName("type"), &destType); diags.HasError() || destType.IsUnknown() {
		return
	}
	if destType.ValueString() == yeastar.DestPlayGreeting {
		resp.PlanValue = types.Int64Value(1)
		return
	}
	resp.PlanValue = types.Int64Null()
}

// keepState is the plan modifier of a computed string that the PBX sets once.
func keepState() []planmodifier.String {
	return []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
}
