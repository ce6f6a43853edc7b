package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var _ list.ListResourceWithConfigure = &ExtensionListResource{}

// NewExtensionListResource returns the yeastar_extension list resource, for `terraform query`.
func NewExtensionListResource() list.ListResource { return &ExtensionListResource{} }

// ExtensionListResource lists the PBX's extensions, so that `terraform query` can adopt an
// existing office's staff into yeastar_extension resources.
type ExtensionListResource struct{ clientHolder }

type extensionListConfigModel struct {
	Search types.String `tfsdk:"search"`
}

func (l *ExtensionListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_extension"
}

func (l *ExtensionListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.setProviderData(req.ProviderData, &resp.Diagnostics)
}

func (l *ExtensionListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists every extension of the PBX, every page of it, for `terraform query`: with " +
			"`-generate-config-out`, each extension becomes a `yeastar_extension` resource block and an import block. No password " +
			"or PIN is read." +
			permissionsNote("system for the names of the user roles", permExtensions, permSystem),
		Attributes: map[string]listschema.Attribute{
			"search": listschema.StringAttribute{
				MarkdownDescription: "A keyword the PBX matches against the extensions' number, name and e-mail address, as its " +
					"extension search does (`10` also finds `1001`). Omit it to list every extension.",
				Optional: true,
			},
		},
	}
}

// List streams the extensions in the PBX's order, each with its identity and a display name.
// With include_resource (which -generate-config-out implies), the extensions are read in full
// with extension/query, in batches, as a refresh would read them, so that the generated
// configuration plans no change.
func (l *ExtensionListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config extensionListConfigModel
	diags := req.Config.Get(ctx, &config)
	if !diags.HasError() {
		l.ready(&diags)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx = withClientLogging(ctx)
	fail := func(err error) {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{apiErrorDiagnostic(err)})
	}
	extensions, err := l.client.SearchExtensions(ctx, config.Search.ValueString())
	if err != nil {
		fail(err)
		return
	}
	if req.Limit > 0 && int64(len(extensions)) > req.Limit {
		extensions = extensions[:req.Limit]
	}
	details := map[int]*yeastar.ExtensionDetail{}
	var roles []yeastar.Option
	if req.IncludeResource && len(extensions) > 0 {
		ids := make([]int, len(extensions))
		for i, e := range extensions {
			ids[i] = e.ID
		}
		read, err := l.client.GetExtensions(ctx, ids)
		if err != nil {
			fail(fmt.Errorf("reading %d extensions: %w", len(ids), err))
			return
		}
		for i := range read {
			details[read[i].ID] = &read[i]
		}
		roles, err = l.client.UserRoles(ctx)
		if err != nil {
			fail(err)
			return
		}
	}

	stream.Results = func(push func(list.ListResult) bool) {
		for _, e := range extensions {
			detail := details[e.ID]
			if req.IncludeResource && detail == nil {
				continue // deleted since the listing
			}
			result := req.NewListResult(ctx)
			result.DisplayName = extensionDisplayName(e)
			id := types.StringValue(strconv.Itoa(e.ID))
			result.Diagnostics.Append(result.Identity.Set(ctx, idIdentityModel{ID: id})...)
			if req.IncludeResource {
				model := extensionResourceModel{ID: id}
				model.fromDetail(detail, roleNameIn(roles, detail.RoleID))
				// Left out of a generated configuration: presence_status, once set, is enforced,
				// and an adopted extension's presence is the person's, as for a new one.
				model.PresenceStatus = types.StringNull()
				result.Diagnostics.Append(result.Resource.Set(ctx, &model)...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// extensionDisplayName says which extension a result is, as a person would recognise it:
// "1001 James Carter".
func extensionDisplayName(e yeastar.Extension) string {
	return strings.TrimSpace(e.Number + " " + e.CallerIDName)
}
