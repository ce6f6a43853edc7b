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

// NewInboundRouteListResource and NewOutboundRouteListResource return the list resources of
// the routes.
func NewInboundRouteListResource() list.ListResource {
	return &routingListResource[inboundRouteModel, yeastar.InboundRoute]{spec: inboundRouteSpec}
}

func NewOutboundRouteListResource() list.ListResource {
	return &routingListResource[outboundRouteModel, yeastar.OutboundRoute]{spec: outboundRouteSpec}
}

// NewSIPTrunkListResource returns the list resource of SIP trunks.
func NewSIPTrunkListResource() list.ListResource {
	return &routingListResource[sipTrunkModel, yeastar.Trunk]{spec: sipTrunkSpec}
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
	display, matched, example := "`6400 Sales`", "number and name", "(`63` also finds `6300`)"
	if l.spec.kind.KeyField == "name" {
		display, matched, example = "`"+l.spec.keyExample+"`", "name", fmt.Sprintf("(`%s` also finds `%s`)", l.spec.keyExample[:3], l.spec.keyExample)
	}
	resp.Schema = listschema.Schema{
		MarkdownDescription: fmt.Sprintf("Lists every %s of the PBX, every page of it, for `terraform query`, each with a display "+
			"name such as %s: with `-generate-config-out`, each %s becomes a `%s` resource block and an import block, "+
			"whose configuration plans no change.", noun, display, noun, l.spec.typeName) + permissionsNote("", l.spec.kind.Permission()),
		Attributes: map[string]listschema.Attribute{
			"search": listschema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("A keyword the PBX matches against the %ss' %s, as its search does "+
					"%s. Omit it to list every %s.", noun, matched, example, noun),
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
		for i := range read {
			if l.spec.complete != nil {
				if err := l.spec.complete(ctx, l.client, &read[i]); err != nil {
					fail(err)
					return
				}
			}
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
