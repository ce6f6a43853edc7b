package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

const inboundRouteResourceType = "yeastar_inbound_route"

// NewInboundRouteResource returns the yeastar_inbound_route resource.
func NewInboundRouteResource() resource.Resource {
	return &routingResource[inboundRouteModel, yeastar.InboundRoute]{spec: inboundRouteSpec}
}

// inboundRouteModel is one inbound route.
type inboundRouteModel struct {
	ID                            types.String `tfsdk:"id"`
	Name                          types.String `tfsdk:"name"`
	Position                      types.Int64  `tfsdk:"position"`
	DIDPatterns                   types.List   `tfsdk:"did_patterns"`
	CallerIDPatterns              types.List   `tfsdk:"caller_id_patterns"`
	TrunkIDs                      types.List   `tfsdk:"trunk_ids"`
	Destination                   types.Object `tfsdk:"destination"`
	OutsideOfficeHoursDestination types.Object `tfsdk:"outside_office_hours_destination"`
	HolidayDestination            types.Object `tfsdk:"holiday_destination"`
}

// requiredDestinationAttribute is a destination that must be set.
func requiredDestinationAttribute(what string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: what + " " + destinationDocs,
		Required:            true,
		Attributes:          destinationAttributes(),
		Validators:          []validator.Object{destinationRules{}},
	}
}

// optionalDestinationAttribute is a destination whose absence means something of its own.
func optionalDestinationAttribute(what string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: what + " " + destinationDocs,
		Optional:            true,
		Attributes:          destinationAttributes(),
		Validators:          []validator.Object{destinationRules{}},
	}
}

func patternList(description string, required bool) schema.ListAttribute {
	a := schema.ListAttribute{
		MarkdownDescription: description + " The PBX's pattern syntax: digits, `X` (any digit), `Z` (1 to 9), `N` (2 to 9), a " +
			"set such as `[1-5]` or `[135]`, and a final `.` (one or more further digits) or `!` (zero or more), checked during plan.",
		ElementType: types.StringType,
		Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
			listvalidator.ValueStringsAre(validPattern(false))},
	}
	a.Required, a.Optional = required, !required
	return a
}

// optionalDestination reads a destination that may be unset.
func optionalDestination(ctx context.Context, object types.Object) *yeastar.Destination {
	if d, ok := destinationFrom(ctx, object); ok {
		out := d.expand()
		return &out
	}
	return nil
}

func optionalDestinationObject(d *yeastar.Destination) types.Object {
	if d == nil {
		return types.ObjectNull(destinationAttrTypes)
	}
	return destinationObject(flattenDestination(*d))
}

var inboundRouteSpec = &routingSpec[inboundRouteModel, yeastar.InboundRoute]{
	typeName: inboundRouteResourceType,
	kind:     yeastar.KindInboundRoute,
	calls:    (*yeastar.Client).InboundRoutes,
	identity: "The inbound route's ID on the PBX, a number such as \"3\" (not its name).",
	keyPath:  "name", validKey: validRoutingName, keyExample: "Main number",
	id:  func(m *inboundRouteModel) *types.String { return &m.ID },
	key: func(m *inboundRouteModel) *types.String { return &m.Name },
	schema: func() schema.Schema {
		return schema.Schema{
			MarkdownDescription: "One inbound route of the PBX: the calls that come in on some trunks for some numbers (DIDs), " +
				"and where they go, all the time or by the PBX's business hours, such as the office's main number to the main menu " +
				"during office hours and to voicemail after. Every value is checked during `terraform plan`, including the " +
				"patterns, the trunks, every destination, and that no other route takes the same number on the same trunk, so " +
				"that bad input fails the plan before anything changes. Everything changes in place.",
			Attributes: map[string]schema.Attribute{
				"id": namedRoutingIDAttribute("inbound route", ""),
				"name": schema.StringAttribute{
					MarkdownDescription: fmt.Sprintf("The route's name, unique among the PBX's inbound routes (at most %d "+
						"characters): the key by which the provider finds the route after a lost answer and for `terraform import`.",
						yeastar.MaxRoutingNameLength),
					Required:   true,
					Validators: []validator.String{notBlank(), stringvalidator.LengthAtMost(yeastar.MaxRoutingNameLength)},
				},
				"position": routePositionAttribute("inbound route"),
				"did_patterns": patternList("The called numbers (DIDs) this route takes, such as `5551234` or `555123X`. Two "+
					"inbound routes with the same pattern on the same trunk fail the plan, naming the other route (where the "+
					"trunks are known during plan).", true),
				"caller_id_patterns": patternList("The callers this route takes, by their numbers; unset, every caller.", false),
				"trunk_ids":          trunkIDsAttribute("The trunks this route takes calls in on."),
				"destination": requiredDestinationAttribute("Where calls go: all the time, or during office hours when " +
					"`outside_office_hours_destination` or `holiday_destination` is set."),
				"outside_office_hours_destination": optionalDestinationAttribute("Where calls go outside the PBX's business hours " +
					"(its global time condition, set in the PBX web portal). Setting it, or `holiday_destination`, turns the time " +
					"condition on; unset, calls outside office hours go to `destination`. It must differ from `destination`."),
				"holiday_destination": optionalDestinationAttribute("Where calls go on the PBX's holidays. Setting it turns the time " +
					"condition on too; unset, holiday calls go where calls outside office hours go. It must differ from that."),
			},
		}
	},
	validate: func(ctx context.Context, config inboundRouteModel, diags *diag.Diagnostics) {
		d, dOK := destinationFrom(ctx, config.Destination)
		outside, outsideOK := destinationFrom(ctx, config.OutsideOfficeHoursDestination)
		holiday, holidayOK := destinationFrom(ctx, config.HolidayDestination)
		if !dOK || !fullyKnown(d) {
			return
		}
		if outsideOK && fullyKnown(outside) && outside.expand() == d.expand() {
			diags.AddAttributeError(path.Root("outside_office_hours_destination"), "Destination given twice",
				"outside_office_hours_destination is the same as destination, which is where calls outside office hours go "+
					"when it is unset. Remove it, or point it elsewhere.")
		}
		fallback, fallbackName := d, "destination"
		if outsideOK {
			fallback, fallbackName = outside, "outside_office_hours_destination"
		}
		if holidayOK && fullyKnown(holiday) && fullyKnown(fallback) && holiday.expand() == fallback.expand() {
			diags.AddAttributeError(path.Root("holiday_destination"), "Destination given twice",
				fmt.Sprintf("holiday_destination is the same as %s, which is where holiday calls go when it is unset. Remove it, or "+
					"point it elsewhere.", fallbackName))
		}
	},
	expand: func(ctx context.Context, plan, _ inboundRouteModel) (yeastar.InboundRoute, diag.Diagnostics) {
		var diags diag.Diagnostics
		r := yeastar.InboundRoute{Name: plan.Name.ValueString(),
			DIDPatterns:      stringsFrom(ctx, plan.DIDPatterns, &diags),
			CallerIDPatterns: stringsFrom(ctx, plan.CallerIDPatterns, &diags),
			TrunkIDs:         idsFrom(ctx, plan.TrunkIDs, &diags),
		}
		r.ID, _ = strconv.Atoi(plan.ID.ValueString())
		if d, ok := destinationFrom(ctx, plan.Destination); ok {
			r.Destination = d.expand()
		}
		r.OutsideOfficeHours = optionalDestination(ctx, plan.OutsideOfficeHoursDestination)
		r.Holiday = optionalDestination(ctx, plan.HolidayDestination)
		return r, diags
	},
	flatten: func(r yeastar.InboundRoute, m *inboundRouteModel) {
		m.ID, m.Name = types.StringValue(strconv.Itoa(r.ID)), types.StringValue(r.Name)
		m.Position = types.Int64Value(int64(r.Position))
		m.DIDPatterns = stringList(r.DIDPatterns)
		m.CallerIDPatterns = stringListOrNull(r.CallerIDPatterns)
		ids := make([]string, len(r.TrunkIDs))
		for i, id := range r.TrunkIDs {
			ids[i] = strconv.Itoa(id)
		}
		m.TrunkIDs = stringList(ids)
		m.Destination = destinationObject(flattenDestination(r.Destination))
		m.OutsideOfficeHoursDestination = optionalDestinationObject(r.OutsideOfficeHours)
		m.HolidayDestination = optionalDestinationObject(r.Holiday)
	},
	complete: func(ctx context.Context, client *yeastar.Client, r *yeastar.InboundRoute) error {
		if r.Position > 0 {
			return nil
		}
		var err error
		r.Position, err = routePosition(ctx, client, yeastar.KindInboundRoute, r.ID, r.Name)
		return err
	},
	planChecks: func(ctx context.Context, client *yeastar.Client, plan, _ inboundRouteModel, state *inboundRouteModel, checks *checkGroup) {
		checks.run(func(diags *diag.Diagnostics) { checkTrunks(ctx, client, path.Root("trunk_ids"), plan.TrunkIDs, diags) })
		for name, object := range map[string]types.Object{"destination": plan.Destination,
			"outside_office_hours_destination": plan.OutsideOfficeHoursDestination, "holiday_destination": plan.HolidayDestination} {
			if d, ok := destinationFrom(ctx, object); ok {
				checks.run(func(diags *diag.Diagnostics) { checkDestination(ctx, client, path.Root(name), d, diags) })
			}
		}
		checks.run(func(diags *diag.Diagnostics) { checkDIDsAreFree(ctx, client, plan, state, diags) })
	},
}

// plannedDIDs is the claim kind of a DID pattern on a trunk among the inbound routes of one plan.
const plannedDIDs = "inbound DID"

// checkDIDsAreFree fails the plan of an inbound route that takes a DID pattern on a trunk that
// another route takes too: one of this configuration (whichever is planned second names the
// first), or one on the PBX that this configuration does not manage (a managed route that keeps
// the pattern claims it itself in its own plan; one that gives it up is no clash).
func checkDIDsAreFree(ctx context.Context, client *yeastar.Client, plan inboundRouteModel, state *inboundRouteModel, diags *diag.Diagnostics) {
	patterns, trunks := knownStrings(ctx, plan.DIDPatterns), knownStrings(ctx, plan.TrunkIDs)
	if len(patterns) == 0 || len(trunks) == 0 || plan.Name.IsUnknown() {
		return
	}
	name := plan.Name.ValueString()
	at := path.Root("did_patterns")
	clashes := false
	for i := range len(plan.DIDPatterns.Elements()) {
		pattern, known := patterns[i]
		if !known {
			continue
		}
		for j := range len(plan.TrunkIDs.Elements()) {
			trunk, known := trunks[j]
			if !known {
				continue
			}
			if other, free := plannedNewExtensions.claimAs(client, plannedDIDs, trunk+"\x00"+pattern, name); !free && other != name {
				clashes = true
				diags.AddAttributeError(at.AtListIndex(i), "DID pattern of another inbound route",
					fmt.Sprintf("The inbound route %q of this configuration also takes %s on trunk ID %s, and the PBX would send "+
						"every such call to the route tried first. Give the pattern to one route only.", other, pattern, trunk))
			}
		}
	}
	if clashes {
		return
	}
	if state != nil && plan.DIDPatterns.Equal(state.DIDPatterns) && plan.TrunkIDs.Equal(state.TrunkIDs) {
		return // unchanged: claimed above against the configuration's other routes, and checked when it changed
	}
	own := 0
	if state != nil {
		own, _ = strconv.Atoi(state.ID.ValueString())
	}
	all, err := client.SearchRouting(ctx, yeastar.KindInboundRoute, "")
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	ids := make([]int, 0, len(all))
	for _, s := range all {
		if s.ID != own && s.ID != replacedObjectID(ctx) {
			ids = append(ids, s.ID)
		}
	}
	if len(ids) == 0 {
		return
	}
	routes, err := client.InboundRoutes().Query(ctx, ids)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	for _, route := range routes {
		var shared []string
		for i := range len(plan.DIDPatterns.Elements()) {
			pattern, known := patterns[i]
			if !known || !slices.Contains(route.DIDPatterns, pattern) {
				continue
			}
			for _, trunk := range trunks {
				if id, err := strconv.Atoi(trunk); err == nil && slices.Contains(route.TrunkIDs, id) {
					shared = append(shared, fmt.Sprintf("%s on trunk ID %s", pattern, trunk))
				}
			}
		}
		if len(shared) == 0 || managedRouting.of(yeastar.KindInboundRoute).seenSoon(ctx, client, route.ID) {
			continue
		}
		diags.AddAttributeError(at, "DID pattern of another inbound route",
			fmt.Sprintf("The PBX's inbound route %s (ID %d) already takes %s, and the PBX would send every such call to the route "+
				"tried first. Take the pattern out of that route in the PBX web portal, or manage that route here instead: %s",
				route.Name, route.ID, strings.Join(shared, ", "), importAdvice(inboundRouteResourceType, route.Name)))
	}
}
