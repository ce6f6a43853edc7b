// Package provider is the Terraform side of the Yeastar provider: the provider block, the data
// sources and their diagnostics. Everything that speaks to the PBX lives in package yeastar.
package provider

import (
	"context"
	"errors"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var (
	_ provider.Provider                       = &YeastarProvider{}
	_ provider.ProviderWithConfigValidators   = &YeastarProvider{}
	_ provider.ProviderWithListResources      = &YeastarProvider{}
	_ provider.ProviderWithEphemeralResources = &YeastarProvider{}
	_ provider.ProviderWithFunctions          = &YeastarProvider{}
)

// YeastarProvider is the yeastar provider. One instance serves one provider process.
type YeastarProvider struct {
	// version is the release, stamped at build time; "dev" for a local build, "test" in tests.
	version string

	mu      sync.Mutex
	clients []configuredClient
}

// configuredClient is a client with the context of the Configure call that made it. Close logs
// through that context's loggers: the context main hands Close carries none, so its lines (the
// del_token that revokes the token) would otherwise never reach Terraform's log.
type configuredClient struct {
	client *yeastar.Client
	logCtx context.Context
}

// New returns the provider for providerserver.
func New(version string) *YeastarProvider {
	return &YeastarProvider{version: version}
}

func (p *YeastarProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "yeastar"
	resp.Version = p.version
}

func (p *YeastarProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Yeastar provider manages the extensions of a Yeastar P-Series PBX (Cloud, Software and " +
			"Appliance editions) and the phones on its auto-provisioning list through its OpenAPI, and reads what they need: phone " +
			"vendors, models, provisioning templates, auto-provisioning methods with their provisioning links, and extensions. " +
			"Extension passwords and PINs are write-only and never stored. Every attribute " +
			"can also be set through an environment variable, which the configuration overrides.",
		Attributes: map[string]schema.Attribute{
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The PBX's address: `https://{pbx_domain}` for the Cloud Edition, `https://{pbx_ip}:8088` " +
					"for the Software and Appliance editions. Scheme, host and optional port only; a trailing slash is fine. " +
					"`http://` works but sends the access token in clear text. Required, here or in `" + envBaseURL + "`.",
				Optional:   true,
				Validators: []validator.String{validBaseURL()},
			},
			"api_path": schema.StringAttribute{
				MarkdownDescription: "The path of the OpenAPI under `base_url`. Defaults to `" + yeastar.DefaultAPIPath + "`, " +
					"which every P-Series edition uses. Can also be set with `" + envAPIPath + "`.",
				Optional:   true,
				Validators: []validator.String{validAPIPath()},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "The Client ID of an API application (PBX web portal: Integrations > API). With " +
					"`client_secret`, the provider takes its own access token when a data source first needs one, shares it " +
					"between all data sources and resources, renews it before it expires, and revokes it when Terraform is done with the " +
					"provider. Can also be set with `" + envClientID + "`.",
				Optional: true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "The Client Secret of the API application named by `client_id`. Can also be set with `" + envClientSecret + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "An access token obtained elsewhere, as an alternative to `client_id` and `client_secret`. " +
					"It is used as is: the provider never renews or revokes it, so it must stay valid for the whole run. " +
					"Can also be set with `" + envAccessToken + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a request is repeated after a connection error, a timeout, HTTP 429 or 5xx " +
					"without an errcode, or errcode -2, with exponential backoff and jitter (honouring `Retry-After` on 429 and 503, " +
					"up to 15 seconds), and after errcode 70082 (the PBX is busy and did nothing), honouring `Retry-After` up to 2 " +
					"minutes. Any other errcode is never repeated, and a login only when it never reached the PBX, so a wrong secret " +
					"costs one failed login. A phone add is never repeated blindly: after a lost answer the provider looks the MAC address up " +
					"first, and repeats the add only when the PBX does not hold it, up to this many times. " +
					"From 0 to 10; defaults to 3. Can also be set with `" + envMaxRetries + "`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "How long one attempt of a request may take, as a duration such as `30s` or `2m`. " +
					"Defaults to `30s`. When the answer to a phone add is lost, the look-ups that find out what the PBX did get up to " +
					"2 minutes of their own, counted from when the answer was lost. Can also be set with `" + envRequestTimeout + "`.",
				Optional:   true,
				Validators: []validator.String{validTimeout()},
			},
			"ca_certificate": schema.StringAttribute{
				MarkdownDescription: "PEM-encoded certificate(s) to trust besides the system's, for a PBX with a self-signed " +
					"certificate or a private CA (Software and Appliance editions on port 8088). Give the PEM text, for example " +
					"`file(\"pbx-ca.pem\")`. Can also be set with `" + envCACertificate + "`.",
				Optional:   true,
				Validators: []validator.String{validPEM()},
			},
			"insecure_skip_verify": schema.BoolAttribute{
				MarkdownDescription: "Skip the check of the PBX's TLS certificate. A last resort: anyone on the network path " +
					"could then read the credentials and tokens; prefer `ca_certificate`. Defaults to `false`. Can also be set " +
					"with `" + envInsecureSkipVerify + "`.",
				Optional: true,
			},
		},
	}
}

func (p *YeastarProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	return []provider.ConfigValidator{credentialsExclusive{}}
}

// Configure reads the provider block and the environment, checks them, and hands one client to
// every data source, resource and list resource. It makes no network call: the token is taken when a data source first
// needs one.
func (p *YeastarProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config yeastarProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// NOTE: values that depend on resources not yet applied are unknown during plan. A CLI that
	// supports deferred actions is asked to defer the reads; otherwise the provider stays
	// unconfigured, and a data source read reports it (see unconfigured).
	if unknown := config.unknownAttributes(); len(unknown) > 0 {
		sort.Strings(unknown)
		tflog.Debug(ctx, "Yeastar provider configuration is not known yet", map[string]any{"unknown": strings.Join(unknown, ",")})
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
		}
		resp.DataSourceData = unconfigured{unknown: unknown}
		resp.ResourceData = resp.DataSourceData
		resp.ListResourceData = resp.DataSourceData
		resp.EphemeralResourceData = resp.DataSourceData
		return
	}

	clientConfig, diags := resolveClientConfig(config, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	clientConfig.Logger = tflogAdapter{}

	client, err := yeastar.New(clientConfig)
	if err != nil {
		// resolveClientConfig checks everything New does; this is a safety net.
		resp.Diagnostics.AddError("Invalid Yeastar provider configuration", err.Error())
		return
	}
	p.mu.Lock()
	p.clients = append(p.clients, configuredClient{client: client, logCtx: context.WithoutCancel(ctx)})
	p.mu.Unlock()

	tflog.Debug(ctx, "Yeastar provider configured", map[string]any{
		"endpoint": client.Endpoint(), "provider_version": p.version,
		"auth": map[bool]string{true: "access_token", false: "client_credentials"}[clientConfig.AccessToken != ""],
	})
	resp.DataSourceData = client
	resp.ResourceData = client
	resp.ListResourceData = client
	resp.EphemeralResourceData = client
}

// Close revokes the access tokens the provider's clients took, so that a finished run does not
// hold one of the PBX's 8 tokens for the next 30 minutes. main calls it when Terraform stops the
// provider process.
//
// Terraform still reads the provider's log until the process exits, so the del_token line,
// logged through the loggers of the Configure call, reaches TF_LOG and TF_LOG_PATH.
//
// NOTE: Terraform's StopProvider (sent on Ctrl-C) does not reach the provider: the framework
// answers it by cancelling the contexts of the calls in flight and offers no hook. Close runs only
// once Serve returns, when Terraform shuts the plugin down after the interrupted operation ends;
// yeastar.Client.Close then waits, within ctx, for a login still under way, so that the token it
// brings is revoked before the process exits.
func (p *YeastarProvider) Close(ctx context.Context) error {
	p.mu.Lock()
	clients := p.clients
	p.clients = nil
	p.mu.Unlock()

	var errs []error
	for _, c := range clients {
		forgetClient(c.client)
		errs = append(errs, c.client.Close(withClientLogging(valuesOf{Context: ctx, values: c.logCtx})))
	}
	return errors.Join(errs...)
}

// valuesOf is a context with the deadline and cancellation of its Context and the values (the
// tflog loggers) of values.
type valuesOf struct {
	context.Context
	values context.Context
}

func (v valuesOf) Value(key any) any { return v.values.Value(key) }

func (p *YeastarProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewPhoneResource,
		NewExtensionResource,
		NewRingGroupResource,
		NewQueueResource,
		NewIVRResource,
		NewIVRKeyResource,
		NewSIPTrunkResource,
		NewInboundRouteResource,
		NewOutboundRouteResource,
	}
}

func (p *YeastarProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewPhoneListResource,
		NewExtensionListResource,
		NewRingGroupListResource,
		NewQueueListResource,
		NewIVRListResource,
		NewSIPTrunkListResource,
		NewInboundRouteListResource,
		NewOutboundRouteListResource,
	}
}

func (p *YeastarProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewExtensionCredentialsEphemeralResource,
	}
}

func (p *YeastarProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewNormalizeMACFunction,
	}
}

func (p *YeastarProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewPhoneVendorsDataSource,
		NewPhoneModelsDataSource,
		NewPhoneTemplatesDataSource,
		NewAutopMethodDataSource,
		NewPhonesDataSource,
		NewExtensionDataSource,
		NewRingGroupDataSource,
		NewQueueDataSource,
		NewIVRDataSource,
		NewSIPTrunkDataSource,
		NewInboundRouteDataSource,
		NewOutboundRouteDataSource,
	}
}
