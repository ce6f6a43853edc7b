// Command trivialprovider is the smallest useful framework provider: no configuration, one data
// source that returns a constant. The plan benchmark times its start-up beside the Yeastar
// provider's, so that what the Yeastar provider adds at start-up is measured, not guessed.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type trivialProvider struct{}

func (trivialProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "trivial"
}

func (trivialProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (trivialProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (trivialProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (trivialProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return constant{} }}
}

type constant struct{}

func (constant) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "trivial_constant"
}

func (constant) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dsschema.Schema{Attributes: map[string]dsschema.Attribute{"value": dsschema.StringAttribute{Computed: true}}}
}

func (constant) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("value"), types.StringValue("42"))...)
}

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return trivialProvider{} }, providerserver.ServeOpts{
		Address:         "registry.terraform.io/pbx-iac/trivial",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
