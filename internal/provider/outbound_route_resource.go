package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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

const outboundRouteResourceType = "yeastar_outbound_route"

// NewOutboundRouteResource returns the yeastar_outbound_route resource.
func NewOutboundRouteResource() resource.Resource {
	return &routingResource[outboundRouteModel, yeastar.OutboundRoute]{spec: outboundRouteSpec}
}

// outboundRouteModel is one outbound route.
type outboundRouteModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	Position         types.Int64  `tfsdk:"position"`
	DialPatterns     types.List   `tfsdk:"dial_patterns"`
	TrunkIDs         types.List   `tfsdk:"trunk_ids"`
	ExtensionIDs     types.List   `tfsdk:"extension_ids"`
	OutboundCallerID types.String `tfsdk:"outbound_caller_id"`
}

// dialPatternModel is one dial pattern of an outbound route.
type dialPatternModel struct {
	Pattern types.String `tfsdk:"pattern"`
	Strip   types.Int64  `tfsdk:"strip"`
	Prepend types.String `tfsdk:"prepend"`
}

var dialPatternAttrTypes = map[string]attr.Type{"pattern": types.StringType, "strip": types.Int64Type, "prepend": types.StringType}

// maxPrependLength bounds what a dial pattern puts before a number.
const maxPrependLength = 31

var outboundRouteSpec = &routingSpec[outboundRouteModel, yeastar.OutboundRoute]{
	typeName: outboundRouteResourceType,
	kind:     yeastar.KindOutboundRoute,
	calls:    (*yeastar.Client).OutboundRoutes,
	identity: "The outbound route's ID on the PBX, a number such as \"3\" (not its name).",
	keyPath:  "name", validKey: validRoutingName, keyExample: "Dial out",
	id:  func(m *outboundRouteModel) *types.String { return &m.ID },
	key: func(m *outboundRouteModel) *types.String { return &m.Name },
	schema: func() schema.Schema {
		return schema.Schema{
			MarkdownDescription: "One outbound route of the PBX: the numbers the extensions dial out, how each is rewritten, " +
				"and the trunks that carry the call, such as `9.` with the 9 stripped through the carrier's trunk. Every value is " +
				"checked during `terraform plan`, including the patterns and the digits they strip, the trunks and the " +
				"extensions, so that bad input fails the plan before anything changes; where Terraform can know the order, a " +
				"route that an earlier one shadows is a plan warning. Everything changes in place.",
			Attributes: map[string]schema.Attribute{
				"id": namedRoutingIDAttribute("outbound route", ""),
				"name": schema.StringAttribute{
					MarkdownDescription: fmt.Sprintf("The route's name, unique among the PBX's outbound routes (at most %d "+
						"characters): the key by which the provider finds the route after a lost answer and for `terraform import`.",
						yeastar.MaxRoutingNameLength),
					Required:   true,
					Validators: []validator.String{notBlank(), stringvalidator.LengthAtMost(yeastar.MaxRoutingNameLength)},
				},
				"position": schema.Int64Attribute{
					MarkdownDescription: routePositionAttribute("outbound route").MarkdownDescription + " The first route whose " +
						"pattern matches a dialled number takes the call: where the order is known during plan (routes already on " +
						"the PBX, and a new route, which comes after them), an earlier route whose patterns catch every number a " +
						"later one's do is a plan warning naming both.",
					Computed:      true,
					PlanModifiers: routePositionAttribute("outbound route").PlanModifiers,
				},
				"dial_patterns": schema.ListNestedAttribute{
					MarkdownDescription: "The numbers this route takes, each with how it is rewritten before it goes out.",
					Required:            true,
					NestedObject: schema.NestedAttributeObject{
						Attributes: map[string]schema.Attribute{
							"pattern": schema.StringAttribute{
								MarkdownDescription: "The pattern, in the PBX's syntax: digits, `*`, `#`, `+`, `X` (any digit), `Z` " +
									"(1 to 9), `N` (2 to 9), a set such as `[1-5]`, and a final `.` (one or more further digits) or " +
									"`!` (zero or more), such as `9.` or `911`; checked during plan.",
								Required:   true,
								Validators: []validator.String{validPattern(true)},
							},
							"strip": schema.Int64Attribute{
								MarkdownDescription: "How many leading digits to remove before the number goes out, such as 1 for " +
									"the 9 of `9.`: no more than the pattern is sure to match (each digit, `X`, `Z`, `N`, `*`, `#`, `+` " +
									"or `[...]` counts one, a final `.` one, a final `!` none). Defaults to 0.",
								Optional: true, Computed: true,
								Default:    int64default.StaticInt64(0),
								Validators: []validator.Int64{int64validator.AtLeast(0)},
							},
							"prepend": schema.StringAttribute{
								MarkdownDescription: fmt.Sprintf("Digits to put before the number once stripped, such as a "+
									"carrier's prefix: at most %d digits, `*`, `#` and `+`. Defaults to none.", maxPrependLength),
								Optional: true, Computed: true,
								Default: stringdefault.StaticString(""),
								Validators: []validator.String{stringvalidator.LengthAtMost(maxPrependLength),
									stringvalidator.RegexMatches(prependPattern, "must be digits, *, # and + only")},
							},
						},
					},
					Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues()},
				},
				"trunk_ids": trunkIDsAttribute("The trunks this route sends calls out through, tried in this order."),
				"extension_ids": schema.ListAttribute{
					MarkdownDescription: "The extensions that may use this route (the `id` of a `yeastar_extension`, not its " +
						"number), each checked during plan where the ID is known; unset, every extension may (the PBX's empty " +
						"`ext_list`).",
					ElementType: types.StringType,
					Optional:    true,
					Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
						listvalidator.ValueStringsAre(validExtensionID())},
				},
				"outbound_caller_id": optionalTextAttribute("The caller ID number that calls through this route show (the PBX's "+
					"`outbound_cid`): at most 31 digits, letters and `[ ] ( ) . - + * #`. Unset, the trunk's or the extension's.",
					validOutboundCallerID()),
			},
		}
	},
	validate: func(ctx context.Context, config outboundRouteModel, diags *diag.Diagnostics) {
		for i, p := range dialPatternsFrom(ctx, config.DialPatterns) {
			if p.Pattern.IsUnknown() || p.Strip.IsUnknown() || p.Strip.IsNull() {
				continue
			}
			tokens, err := parsePattern(p.Pattern.ValueString(), true)
			if err != nil {
				continue // the pattern's own validator says so
			}
			if n := matchedDigits(tokens); p.Strip.ValueInt64() > int64(n) {
				diags.AddAttributeError(path.Root("dial_patterns").AtListIndex(i).AtName("strip"), "Strip longer than the pattern",
					fmt.Sprintf("dial_patterns[%d]: strip is %d, but the pattern %q is sure to match only %d digit(s), so the PBX could "+
						"strip digits the caller never dialled. Strip at most %d.", i, p.Strip.ValueInt64(), p.Pattern.ValueString(), n, n))
			}
		}
	},
	expand: func(ctx context.Context, plan, _ outboundRouteModel) (yeastar.OutboundRoute, diag.Diagnostics) {
		var diags diag.Diagnostics
		r := yeastar.OutboundRoute{Name: plan.Name.ValueString(), TrunkIDs: idsFrom(ctx, plan.TrunkIDs, &diags),
			ExtensionIDs: idsFrom(ctx, plan.ExtensionIDs, &diags), OutboundCallerID: plan.OutboundCallerID.ValueString(),
			DialPatterns: []yeastar.DialPattern{}}
		r.ID, _ = strconv.Atoi(plan.ID.ValueString())
		for _, p := range dialPatternsFrom(ctx, plan.DialPatterns) {
			r.DialPatterns = append(r.DialPatterns, yeastar.DialPattern{Pattern: p.Pattern.ValueString(), Strip: int(p.Strip.ValueInt64()),
				Prepend: p.Prepend.ValueString()})
		}
		return r, diags
	},
	flatten: func(r yeastar.OutboundRoute, m *outboundRouteModel) {
		m.ID, m.Name = types.StringValue(strconv.Itoa(r.ID)), types.StringValue(r.Name)
		m.Position = types.Int64Value(int64(r.Position))
		patterns := make([]attr.Value, len(r.DialPatterns))
		for i, p := range r.DialPatterns {
			patterns[i] = types.ObjectValueMust(dialPatternAttrTypes, map[string]attr.Value{"pattern": types.StringValue(p.Pattern),
				"strip": types.Int64Value(int64(p.Strip)), "prepend": types.StringValue(p.Prepend)})
		}
		m.DialPatterns = types.ListValueMust(types.ObjectType{AttrTypes: dialPatternAttrTypes}, patterns)
		trunks, extensions := make([]string, len(r.TrunkIDs)), make([]string, len(r.ExtensionIDs))
		for i, id := range r.TrunkIDs {
			trunks[i] = strconv.Itoa(id)
		}
		for i, id := range r.ExtensionIDs {
			extensions[i] = strconv.Itoa(id)
		}
		m.TrunkIDs, m.ExtensionIDs = stringList(trunks), stringListOrNull(extensions)
		m.OutboundCallerID = textOrNull(r.OutboundCallerID)
	},
	complete: func(ctx context.Context, client *yeastar.Client, r *yeastar.OutboundRoute) error {
		if r.Position > 0 {
			return nil
		}
		var err error
		r.Position, err = routePosition(ctx, client, yeastar.KindOutboundRoute, r.ID, r.Name)
		return err
	},
	planChecks: func(ctx context.Context, client *yeastar.Client, plan, _ outboundRouteModel, state *outboundRouteModel, checks *checkGroup) {
		checks.run(func(diags *diag.Diagnostics) { checkTrunks(ctx, client, path.Root("trunk_ids"), plan.TrunkIDs, diags) })
		checks.run(func(diags *diag.Diagnostics) {
			checkMembers(ctx, client, path.Root("extension_ids"), plan.ExtensionIDs, diags)
		})
		checks.run(func(diags *diag.Diagnostics) { warnShadowedRoutes(ctx, client, plan, state, diags) })
	},
}

var prependPattern = regexp.MustCompile(`^[0-9*#+]*$`)

// dialPatternsFrom reads the dial patterns of a list; none while it is unknown.
func dialPatternsFrom(ctx context.Context, list types.List) []dialPatternModel {
	var out []dialPatternModel
	if list.IsNull() || list.IsUnknown() {
		return nil
	}
	if list.ElementsAs(ctx, &out, false).HasError() {
		return nil
	}
	return out
}

// routePatterns are the parsed patterns of a route, for the shadowing warning.
type routePatterns struct {
	name     string
	id       int
	position int
	texts    []string
	patterns [][]patternToken
}

// shadows reports whether every pattern of later is caught by one of r's.
func (r routePatterns) shadows(later routePatterns) bool {
	if len(later.patterns) == 0 {
		return false
	}
	for _, p := range later.patterns {
		caught := false
		for _, q := range r.patterns {
			caught = caught || patternCovers(q, p)
		}
		if !caught {
			return false
		}
	}
	return true
}

func parsedRoute(name string, id, position int, texts []string) routePatterns {
	r := routePatterns{name: name, id: id, position: position}
	for _, text := range texts {
		if tokens, err := parsePattern(text, true); err == nil {
			r.texts = append(r.texts, text)
			r.patterns = append(r.patterns, tokens)
		}
	}
	return r
}

// warnShadowedRoutes warns, where the order is known during plan, of an earlier outbound route
// whose patterns catch every number a later one's do: the later route never gets a call. A new
// route comes after every route on the PBX; routes new in the same plan are not compared, since
// their order is not known.
func warnShadowedRoutes(ctx context.Context, client *yeastar.Client, plan outboundRouteModel, state *outboundRouteModel, diags *diag.Diagnostics) {
	if state != nil && plan.DialPatterns.Equal(state.DialPatterns) {
		// Unchanged: checked when it changed. A route created or changed since, which can only
		// come after this one or be the earlier one, warns in its own plan.
		return
	}
	var texts []string
	for _, p := range dialPatternsFrom(ctx, plan.DialPatterns) {
		if p.Pattern.IsUnknown() {
			return
		}
		texts = append(texts, p.Pattern.ValueString())
	}
	if len(texts) == 0 {
		return
	}
	all, err := client.SearchRouting(ctx, yeastar.KindOutboundRoute, "")
	if err != nil || len(all) == 0 {
		return // best effort: a warning, never a failed plan
	}
	own, position := 0, 0
	if state != nil {
		own, _ = strconv.Atoi(state.ID.ValueString())
	}
	ids := make([]int, 0, len(all))
	positions := map[int]int{}
	for i, s := range all {
		if s.Position == 0 {
			s.Position = i + 1
		}
		positions[s.ID] = s.Position
		position = max(position, s.Position)
		if s.ID != own {
			ids = append(ids, s.ID)
		}
	}
	if own != 0 {
		position = positions[own]
	} else {
		position++
	}
	routes, err := client.OutboundRoutes().Query(ctx, ids)
	if err != nil {
		return
	}
	this := parsedRoute(plan.Name.ValueString(), own, position, texts)
	for _, other := range routes {
		texts := make([]string, len(other.DialPatterns))
		for i, p := range other.DialPatterns {
			texts[i] = p.Pattern
		}
		o := parsedRoute(other.Name, other.ID, positions[other.ID], texts)
		switch {
		case o.position < this.position && o.shadows(this):
			diags.AddAttributeWarning(path.Root("dial_patterns"), "Outbound route shadowed by an earlier one",
				fmt.Sprintf("The PBX tries outbound route %q (position %d, patterns %s) before this route %q (position %d, patterns %s), "+
					"and its patterns catch every number this route's do: this route would never take a call. %s",
					o.name, o.position, strings.Join(o.texts, ", "), this.name, this.position, strings.Join(this.texts, ", "), routeOrderDocs))
		case o.position > this.position && this.shadows(o):
			diags.AddAttributeWarning(path.Root("dial_patterns"), "Outbound route shadows a later one",
				fmt.Sprintf("This route %q (position %d, patterns %s) comes before outbound route %q (position %d, patterns %s), and its "+
					"patterns catch every number that route's do: that route would never take a call. %s",
					this.name, this.position, strings.Join(this.texts, ", "), o.name, o.position, strings.Join(o.texts, ", "), routeOrderDocs))
		}
	}
}
