package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/sync/errgroup"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var _ list.ListResourceWithConfigure = &PhoneListResource{}

// phoneReadConcurrency bounds the phone/get calls a listing with include_resource makes at once,
// as Terraform's default parallelism bounds a refresh.
const phoneReadConcurrency = 10

// NewPhoneListResource returns the yeastar_phone list resource, for `terraform query`.
func NewPhoneListResource() list.ListResource { return &PhoneListResource{} }

// PhoneListResource lists the phones on the PBX's auto-provisioning list, so that `terraform
// query` can adopt an existing office into yeastar_phone resources.
type PhoneListResource struct{ clientHolder }

type phoneListConfigModel struct {
	Search types.String `tfsdk:"search"`
}

func (l *PhoneListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone"
}

func (l *PhoneListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.setProviderData(req.ProviderData, &resp.Diagnostics)
}

func (l *PhoneListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists every phone on the PBX's Auto Provisioning phone list, every page of it, for `terraform query`: " +
			"with `-generate-config-out`, each phone becomes a `yeastar_phone` resource block and an import block." +
			permissionsNote("", permAutoProvisioning),
		Attributes: map[string]listschema.Attribute{
			"search": listschema.StringAttribute{
				MarkdownDescription: "A keyword the PBX matches against the phones' fields (MAC address, vendor, model, extension, ...), " +
					"as in `yeastar_phones`. Omit it to list every phone.",
				Optional: true,
			},
		},
	}
}

// List streams the phones in the PBX's order, each with its identity and a display name. With
// include_resource (which -generate-config-out implies), each phone is read with phone/get, as
// a refresh would, so that the generated configuration plans no change.
func (l *PhoneListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config phoneListConfigModel
	diags := req.Config.Get(ctx, &config)
	if !diags.HasError() {
		l.ready(&diags)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx = withClientLogging(ctx)
	phones, err := l.client.SearchPhones(ctx, config.Search.ValueString())
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{apiErrorDiagnostic(err)})
		return
	}
	if req.Limit > 0 && int64(len(phones)) > req.Limit {
		phones = phones[:req.Limit]
	}
	var details []*yeastar.Phone
	if req.IncludeResource {
		if details, err = l.readPhones(ctx, phones); err != nil {
			stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{apiErrorDiagnostic(err)})
			return
		}
	}

	stream.Results = func(push func(list.ListResult) bool) {
		for i, p := range phones {
			if req.IncludeResource && details[i] == nil {
				continue
			}
			result := req.NewListResult(ctx)
			result.DisplayName = phoneDisplayName(p)
			id := types.StringValue(strconv.Itoa(p.ID))
			result.Diagnostics.Append(result.Identity.Set(ctx, phoneIdentityModel{ID: id})...)
			if req.IncludeResource {
				var model phoneResourceModel
				model.fromPhone(details[i])
				result.Diagnostics.Append(result.Resource.Set(ctx, &model)...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// readPhones reads each listed phone in full, a bounded number at a time. A phone deleted
// since the listing is left nil.
func (l *PhoneListResource) readPhones(ctx context.Context, phones []yeastar.PhoneSummary) ([]*yeastar.Phone, error) {
	details := make([]*yeastar.Phone, len(phones))
	group, ctx := errgroup.WithContext(ctx)
	group.SetLimit(phoneReadConcurrency)
	for i, p := range phones {
		group.Go(func() error {
			phone, err := l.client.GetPhone(ctx, p.ID)
			if yeastar.IsPhoneNotFound(err) {
				return nil // deleted since the listing: left out of the results
			}
			if err != nil {
				return fmt.Errorf("reading phone ID %d (%s): %w", p.ID, p.MAC, err)
			}
			details[i] = phone
			return nil
		})
	}
	return details, group.Wait()
}

// phoneDisplayName says which phone a result is, as a person would recognise it.
func phoneDisplayName(p yeastar.PhoneSummary) string {
	name := fmt.Sprintf("%s %s %s", p.MAC, p.Vendor, p.Model)
	if p.ExtensionNumber != "" && p.ExtensionNumber != "Unassigned" {
		name += fmt.Sprintf(", extension %s", p.ExtensionNumber)
		if p.ExtensionName != "" {
			name += fmt.Sprintf(" (%s)", p.ExtensionName)
		}
	}
	return name
}
