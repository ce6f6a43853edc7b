package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// unconfigured is the provider data when the provider block held values not known yet.
type unconfigured struct{ unknown []string }

// clientHolder is embedded in every data source and resource: it receives the provider's
// shared client and runs compatibility queries with uniform diagnostics.
type clientHolder struct {
	client  *yeastar.Client
	unknown []string
}

// setProviderData keeps what the provider's Configure handed over.
func (h *clientHolder) setProviderData(providerData any, diags *diag.Diagnostics) {
	switch data := providerData.(type) {
	case nil:
		// The framework configures data sources and resources before the provider during validation.
	case *yeastar.Client:
		h.client = data
	case unconfigured:
		h.unknown = data.unknown
	default:
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *yeastar.Client, got %T. This is a bug in the provider; please report it.", providerData))
	}
}

// ready reports whether the client can be used, and says why not otherwise.
func (h *clientHolder) ready(diags *diag.Diagnostics) bool {
	if h.client != nil {
		return true
	}
	if len(h.unknown) == 0 {
		diags.AddError("Yeastar provider is not configured",
			"The provider was used before it was configured. This is a bug in the provider; please report it.")
		return false
	}
	diags.AddError("Yeastar provider is not configured yet",
		fmt.Sprintf("The provider block's %s depend(s) on values known only after apply, so the PBX cannot be queried during this plan. "+
			"Give the provider values known at plan time (variables, locals or environment variables), or apply the resources they come from first "+
			"(terraform apply -target=...).", strings.Join(h.unknown, ", ")))
	return false
}

// dataSourceClient is the clientHolder of a data source.
type dataSourceClient struct{ clientHolder }

func (d *dataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.setProviderData(req.ProviderData, &resp.Diagnostics)
}

// lookup answers one compatibility query for a Read. An empty answer is an error that says which
// argument matched nothing and which values exist, since an empty list would only fail later,
// far from its cause, with "Invalid index".
func (h *clientHolder) lookup(ctx context.Context, diags *diag.Diagnostics, q yeastar.CompatibilityQuery) []yeastar.Option {
	if !h.ready(diags) {
		return nil
	}
	ctx = withClientLogging(ctx)
	options, err := h.client.Compatibility(ctx, q)
	if err != nil {
		diags.Append(apiErrorDiagnostic(err))
		return nil
	}
	if len(options) == 0 {
		diags.Append(h.explainNoMatch(ctx, q))
		return nil
	}
	return options
}

// explainNoMatch finds which argument of an empty query matched nothing and what would match.
func (h *clientHolder) explainNoMatch(ctx context.Context, q yeastar.CompatibilityQuery) diag.Diagnostic {
	if q.Vendor != "" {
		vendors, err := h.client.PhoneVendors(ctx)
		if err == nil && !contains(values(vendors), q.Vendor) {
			return diag.NewAttributeErrorDiagnostic(path.Root("vendor"), "Unknown phone vendor",
				noMatchDetail("vendor", q.Vendor, values(vendors), "Use a value attribute of data.yeastar_phone_vendors."))
		}
	}
	switch q.Menu {
	case yeastar.MenuPhoneModel:
		return diag.NewAttributeErrorDiagnostic(path.Root("vendor"), "No phone models for this vendor",
			fmt.Sprintf("The PBX lists vendor %q but no models for it, so there is nothing to provision.", q.Vendor))
	case yeastar.MenuPhoneTemplate, yeastar.MenuAutopMethod:
		known := h.knownModels(ctx, q.Vendor)
		if !contains(known, q.Model) {
			detail := noMatchDetail("model", q.Model, known, "Use a value attribute of data.yeastar_phone_models.")
			if q.Vendor != "" {
				detail = fmt.Sprintf("Vendor %q has no model %q. ", q.Vendor, q.Model) + detail
			}
			return diag.NewAttributeErrorDiagnostic(path.Root("model"), "Unknown phone model", detail)
		}
		what := "provisioning templates"
		if q.Menu == yeastar.MenuAutopMethod {
			what = "auto-provisioning methods"
		}
		return diag.NewAttributeErrorDiagnostic(path.Root("model"), "No "+what+" for this phone model",
			fmt.Sprintf("The PBX knows model %q but lists no %s for it. Check the PBX's firmware supports this model for auto provisioning.", q.Model, what))
	}
	return diag.NewErrorDiagnostic("The PBX lists no phone vendors",
		"The compatibility endpoint answered with an empty list of vendors. Check that auto provisioning is available on this PBX edition.")
}

// knownModels lists the model values of one vendor, or of every vendor when vendor is empty.
// It runs only to explain an error; its queries are answered from the client's cache when the
// configuration asked them already.
func (h *clientHolder) knownModels(ctx context.Context, vendor string) []string {
	vendors := []string{vendor}
	if vendor == "" {
		options, err := h.client.PhoneVendors(ctx)
		if err != nil {
			return nil
		}
		vendors = values(options)
	}
	var models []string
	for _, v := range vendors {
		options, err := h.client.PhoneModels(ctx, v)
		if err != nil {
			return nil
		}
		models = append(models, values(options)...)
	}
	return models
}

func values(options []yeastar.Option) []string {
	out := make([]string, len(options))
	for i, o := range options {
		out[i] = o.Value
	}
	return out
}

func names(options []yeastar.Option) []string {
	out := make([]string, len(options))
	for i, o := range options {
		out[i] = o.Text
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// noMatchDetail says that a value matched nothing, suggests the closest known values, lists
// the others and ends with hint, a sentence saying where to find the right value.
func noMatchDetail(attribute, value string, known []string, hint string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The PBX knows no %s %q", attribute, value)
	// Case matters only to letters: for an extension number it would be noise.
	if strings.ToUpper(value) != strings.ToLower(value) {
		b.WriteString(" (values are case-sensitive)")
	}
	b.WriteString(".")
	if near := closest(value, known, 3); len(near) > 0 {
		fmt.Fprintf(&b, " Did you mean %s?", quoteJoin(near, " or "))
	}
	if len(known) > 0 {
		shown := known
		if len(shown) > 30 {
			shown = shown[:30]
		}
		fmt.Fprintf(&b, " Known %s values: %s", attribute, quoteJoin(shown, ", "))
		if len(known) > len(shown) {
			fmt.Fprintf(&b, " and %d more", len(known)-len(shown))
		}
		b.WriteString(".")
	}
	b.WriteString(" " + hint)
	return b.String()
}

func quoteJoin(list []string, sep string) string {
	quoted := make([]string, len(list))
	for i, s := range list {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, sep)
}

// closest returns up to n known values nearest to value: equal but for case first, then by edit
// distance, leaving out anything too far off to be a typo.
func closest(value string, known []string, n int) []string {
	type candidate struct {
		value    string
		distance int
	}
	var candidates []candidate
	lower := strings.ToLower(value)
	for _, k := range known {
		kl := strings.ToLower(k)
		d := levenshtein(lower, kl)
		if strings.Contains(kl, lower) || strings.Contains(lower, kl) {
			d = min(d, 1)
		}
		if d <= max(2, len(value)/3) {
			candidates = append(candidates, candidate{k, d})
		}
	}
	sort.SliceStable(candidates, func(i, j int) bool { return candidates[i].distance < candidates[j].distance })
	var out []string
	for _, c := range candidates {
		if len(out) == n {
			break
		}
		if !contains(out, c.value) {
			out = append(out, c.value)
		}
	}
	return out
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// catalogueEntryModel is one vendor or model: both menus answer with the same three fields.
type catalogueEntryModel struct {
	Name  types.String `tfsdk:"name"`
	Value types.String `tfsdk:"value"`
	Type  types.String `tfsdk:"type"`
}

// catalogueEntries maps vendor or model options and indexes their values by name.
func catalogueEntries(options []yeastar.Option) ([]catalogueEntryModel, map[string]string) {
	entries := make([]catalogueEntryModel, len(options))
	for i, o := range options {
		entries[i] = catalogueEntryModel{Name: types.StringValue(o.Text), Value: types.StringValue(o.Value), Type: types.StringValue(o.Type)}
	}
	return entries, indexFirst(options, optionText, optionValue)
}

func optionText(o yeastar.Option) string  { return o.Text }
func optionValue(o yeastar.Option) string { return o.Value }

// indexFirst builds a convenience map of the options; where two share a key, the first listed
// wins, as the attributes' descriptions say.
func indexFirst(options []yeastar.Option, key, value func(yeastar.Option) string) map[string]string {
	index := make(map[string]string, len(options))
	for _, o := range options {
		if _, seen := index[key(o)]; !seen {
			index[key(o)] = value(o)
		}
	}
	return index
}

// catalogueEntrySchema describes a list of vendors or models; what names the kind ("vendor").
func catalogueEntrySchema(what, listDescription, valueDescription, typeDescription string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: listDescription,
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					MarkdownDescription: fmt.Sprintf("The %s's display name, from the API's `text` field.", what),
					Computed:            true,
				},
				"value": schema.StringAttribute{MarkdownDescription: valueDescription, Computed: true},
				"type":  schema.StringAttribute{MarkdownDescription: typeDescription, Computed: true},
			},
		},
	}
}

// requiredArgument is a vendor or model argument.
func requiredArgument(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description,
		Required:            true,
		Validators:          []validator.String{notBlank()},
	}
}
