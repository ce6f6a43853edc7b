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

// routingListResource lists the PBX's objects of one routing kind for `terraform query`, so
// that an office made in the web portal can be adopted: with -generate-config-out, each object
// becomes a resource block and an import block whose configuration plans no change.
type routingListResource[M any, T any] struct {
	clientHolder
	spec *routingSpec[M, T]
}

var _ list.ListResourceWithConfigure = &routingListResource[struct{}, struct{}]{}

// NewRingGroupListResource, NewQueueListResource and NewIVRListResource return the list
// resources of the routing kinds.
func NewRingGroupListResource() list.ListResource {
	return &routingListResource[ringGroupModel, yeastar.RingGroup]{spec: ringGroupSpec}
}

func NewQueueListResource() list.ListResource {
	return &routingListResource[queueModel, yeastar.Queue]{spec: queueSpec}
}

func NewIVRListResource() list.ListResource {
	return &routingListResource[ivrModel, yeastar.IVR]{spec: ivrSpec}
}

type routingListConfigModel struct {
	Search types.String `tfsdk:"search"`
}

func (l *routingListResource[M, T]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + strings.TrimPrefix(l.spec.typeName, "yeastar")
}

func (l *routingListResource[M, T]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.setProviderData(req.ProviderData, &resp.Diagnostics)
}

func (l *routingListResource[M, T]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	noun := l.spec.kind.Noun
	resp.Schema = listschema.Schema{
		MarkdownDescription: fmt.Sprintf("Lists every %s of the PBX, every page of it, for `terraform query`, each with a display "+
			"name such as `6400 Sales`: with `-generate-config-out`, each %s becomes a `%s` resource block and an import block, "+
			"whose configuration plans no change.", noun, noun, l.spec.typeName) + permissionsNote("", l.spec.kind.Permission()),
		Attributes: map[string]listschema.Attribute{
			"search": listschema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("A keyword the PBX matches against the %ss' number and name, as its search does "+
					"(`63` also finds `6300`). Omit it to list every %s.", noun, noun),
				Optional: true,
			},
		},
	}
}

// List streams the objects in the PBX's order. With include_resource (which
// -generate-config-out implies), they are read in full with X/query, as a refresh reads them.
func (l *routingListResource[M, T]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config routingListConfigModel
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
	found, err := l.client.SearchRouting(ctx, l.spec.kind, config.Search.ValueString())
	if err != nil {
		fail(err)
		return
	}
	if req.Limit > 0 && int64(len(found)) > req.Limit {
		found = found[:req.Limit]
	}
	objects := map[string]T{}
	if req.IncludeResource && len(found) > 0 {
		ids := make([]int, len(found))
		for i, s := range found {
			ids[i] = s.ID
		}
		read, err := l.spec.calls(l.client).Query(ctx, ids)
		if err != nil {
			fail(fmt.Errorf("reading %d %ss: %w", len(ids), l.spec.kind.Noun, err))
			return
		}
		for _, object := range read {
			var model M
			l.spec.flatten(object, &model)
			objects[l.spec.id(&model).ValueString()] = object
		}
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for _, s := range found {
			id := strconv.Itoa(s.ID)
			object, read := objects[id]
			if req.IncludeResource && !read {
				continue // deleted since the listing
			}
			result := req.NewListResult(ctx)
			result.DisplayName = strings.TrimSpace(s.Number + " " + s.Name)
			result.Diagnostics.Append(result.Identity.Set(ctx, idIdentityModel{ID: types.StringValue(id)})...)
			if req.IncludeResource {
				var model M
				l.spec.flatten(object, &model)
				result.Diagnostics.Append(result.Resource.Set(ctx, &model)...)
			}
			if !push(result) {
				return
			}
		}
	}
}
