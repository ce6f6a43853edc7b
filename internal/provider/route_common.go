package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// What the inbound and outbound routes share: their position in the PBX's evaluation order,
// their trunks, and their patterns.

// routeOrderDocs says how routes are ordered, for descriptions.
const routeOrderDocs = "Routes are tried in the order they were created, and no API call reorders them: to create " +
	"routes in a given order, make each later one `depends_on` the one before it; to put a new route before routes that " +
	"exist, the later ones must be replaced in the same apply, after it: the resource page shows how, with a `terraform_data` " +
	"that lists the routes in order."

func routePositionAttribute(noun string) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("The %s's place in the order the PBX tries its %ss, from 1 (the PBX's `pos`). %s", noun, noun, routeOrderDocs),
		Computed:            true,
		PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

// routePosition finds a route's position, which only the listings carry: in the listing this
// run read first, else (a route created since) in a search by its name.
func routePosition(ctx context.Context, client *yeastar.Client, kind yeastar.RoutingKind, id int, name string) (int, error) {
	all, err := client.AllRouting(ctx, kind)
	if err != nil {
		return 0, err
	}
	for _, s := range all {
		if s.ID == id && s.Position > 0 {
			return s.Position, nil
		}
	}
	found, err := client.FindRouting(ctx, kind, name)
	if err != nil {
		return 0, err
	}
	for _, s := range found {
		if s.ID == id {
			return s.Position, nil
		}
	}
	return 0, nil
}

func trunkIDsAttribute(description string) schema.ListAttribute {
	return schema.ListAttribute{
		MarkdownDescription: description + " Give the trunks' IDs (the `id` of a `yeastar_sip_trunk` or of the data source); " +
			"each must be a trunk, checked during plan where the ID is known, and may be listed once.",
		ElementType: types.StringType,
		Required:    true,
		Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
			listvalidator.ValueStringsAre(validRouteObjectID("trunk"))},
	}
}

func validRouteObjectID(what string) validator.String {
	return stringCheck{
		description: "must be an ID: a number such as \"3\"",
		summary:     "Invalid " + what + " ID",
		check: func(s string) error {
			if id, err := strconv.Atoi(s); err != nil || id <= 0 {
				return fmt.Errorf("%q is not a %s ID: use the id attribute of the %s's resource or data source (a number such as \"3\")", s, what, what)
			}
			return nil
		},
	}
}

// idsFrom reads a list of IDs; nil while any is unknown.
func idsFrom(ctx context.Context, list types.List, diags *diag.Diagnostics) []int {
	if list.IsNull() {
		return []int{}
	}
	if list.IsUnknown() {
		return nil
	}
	var values []types.String
	diags.Append(list.ElementsAs(ctx, &values, false)...)
	ids := make([]int, 0, len(values))
	for _, v := range values {
		if v.IsUnknown() {
			return nil
		}
		if id, err := strconv.Atoi(v.ValueString()); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// knownStrings reads the known strings of a list, with their indexes; nothing while the list is
// unknown.
func knownStrings(ctx context.Context, list types.List) map[int]string {
	out := map[int]string{}
	if list.IsNull() || list.IsUnknown() {
		return out
	}
	var values []types.String
	if list.ElementsAs(ctx, &values, false).HasError() {
		return out
	}
	for i, v := range values {
		if !v.IsUnknown() && !v.IsNull() {
			out[i] = v.ValueString()
		}
	}
	return out
}

// checkTrunks checks, at plan, that every known ID of a trunk list is a trunk the PBX has.
func checkTrunks(ctx context.Context, client *yeastar.Client, at path.Path, list types.List, diags *diag.Diagnostics) {
	given := knownStrings(ctx, list)
	if len(given) == 0 {
		return
	}
	all, err := client.AllRouting(ctx, yeastar.KindTrunk)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return
	}
	known := map[string]bool{}
	var names []string
	for _, s := range all {
		known[strconv.Itoa(s.ID)] = true
		names = append(names, fmt.Sprintf("%d (%s)", s.ID, s.Name))
	}
	for i := range len(list.Elements()) {
		id, ok := given[i]
		if !ok || known[id] {
			continue
		}
		detail := fmt.Sprintf("%s: the PBX has no SIP trunk with ID %q.", at.AtListIndex(i), id)
		if len(names) == 0 {
			detail += " The PBX has no trunk yet."
		} else {
			detail += " The trunks it has are: " + strings.Join(names, ", ") + "."
		}
		diags.AddAttributeError(at.AtListIndex(i), "Unknown SIP trunk", detail+" Use the id attribute of a yeastar_sip_trunk or of the yeastar_sip_trunk data source.")
	}
}

// stringList is a list of strings as the state holds it.
func stringList(values []string) types.List {
	out := make([]types.String, len(values))
	for i, v := range values {
		out[i] = types.StringValue(v)
	}
	list, _ := types.ListValueFrom(context.Background(), types.StringType, out)
	return list
}

// stringListOrNull is a list that the configuration leaves unset when empty.
func stringListOrNull(values []string) types.List {
	if len(values) == 0 {
		return types.ListNull(types.StringType)
	}
	return stringList(values)
}

// stringsFrom reads a list of known strings; nil while any is unknown.
func stringsFrom(ctx context.Context, list types.List, diags *diag.Diagnostics) []string {
	if list.IsNull() {
		return []string{}
	}
	if list.IsUnknown() {
		return nil
	}
	var values []types.String
	diags.Append(list.ElementsAs(ctx, &values, false)...)
	out := make([]string, 0, len(values))
	for _, v := range values {
		if v.IsUnknown() {
			return nil
		}
		out = append(out, v.ValueString())
	}
	return out
}

// validPattern checks a route's pattern syntax; outbound allows * # +.
func validPattern(outbound bool) validator.String {
	return stringCheck{
		description: "must be a pattern of the PBX's syntax",
		summary:     "Invalid pattern",
		check: func(s string) error {
			_, err := parsePattern(s, outbound)
			return err
		},
	}
}
