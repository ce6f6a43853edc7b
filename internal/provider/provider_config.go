package provider

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// Environment variables that stand in for provider attributes left out of the configuration.
const (
	envBaseURL            = "YEASTAR_BASE_URL"
	envAPIPath            = "YEASTAR_API_PATH"
	envClientID           = "YEASTAR_CLIENT_ID"
	envClientSecret       = "YEASTAR_CLIENT_SECRET"
	envAccessToken        = "YEASTAR_ACCESS_TOKEN"
	envMaxRetries         = "YEASTAR_MAX_RETRIES"
	envRequestTimeout     = "YEASTAR_REQUEST_TIMEOUT"
	envCACertificate      = "YEASTAR_CA_CERTIFICATE"
	envInsecureSkipVerify = "YEASTAR_INSECURE_SKIP_VERIFY"

	maxRetriesLimit = 10
)

// yeastarProviderModel maps the provider block.
type yeastarProviderModel struct {
	BaseURL            types.String `tfsdk:"base_url"`
	APIPath            types.String `tfsdk:"api_path"`
	ClientID           types.String `tfsdk:"client_id"`
	ClientSecret       types.String `tfsdk:"client_secret"`
	AccessToken        types.String `tfsdk:"access_token"`
	MaxRetries         types.Int64  `tfsdk:"max_retries"`
	RequestTimeout     types.String `tfsdk:"request_timeout"`
	CACertificate      types.String `tfsdk:"ca_certificate"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
}

// unknownAttributes names the attributes whose values are not known yet (they depend on a
// resource that has not been applied).
func (m yeastarProviderModel) unknownAttributes() []string {
	var unknown []string
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"base_url": m.BaseURL, "api_path": m.APIPath, "client_id": m.ClientID,
		"client_secret": m.ClientSecret, "access_token": m.AccessToken, "max_retries": m.MaxRetries,
		"request_timeout": m.RequestTimeout, "ca_certificate": m.CACertificate,
		"insecure_skip_verify": m.InsecureSkipVerify,
	} {
		if v.IsUnknown() {
			unknown = append(unknown, name)
		}
	}
	return unknown
}

// settingsResolver fills each setting from the configuration, else from its environment
// variable, and checks it, reporting problems against the attribute.
type settingsResolver struct {
	getenv func(string) string
	diags  diag.Diagnostics
}

func (r *settingsResolver) str(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return strings.TrimSpace(r.getenv(env))
}

// source says where a value came from, for diagnostics.
func source(attr string, v interface{ IsNull() bool }, env string) string {
	if v.IsNull() {
		return fmt.Sprintf("the %s environment variable", env)
	}
	return fmt.Sprintf("the %q attribute", attr)
}

func (r *settingsResolver) fail(attr, summary, detail string) {
	r.diags.AddAttributeError(path.Root(attr), summary, detail)
}

// resolveClientConfig turns the provider block and the environment into a client
// configuration, or into attribute errors that say what to fix. It makes no network call.
func resolveClientConfig(m yeastarProviderModel, getenv func(string) string) (yeastar.Config, diag.Diagnostics) {
	r := &settingsResolver{getenv: getenv}
	var cfg yeastar.Config

	cfg.BaseURL = r.str(m.BaseURL, envBaseURL)
	switch u, err := yeastar.ParseBaseURL(cfg.BaseURL); {
	case cfg.BaseURL == "":
		r.fail("base_url", "Missing Yeastar base URL",
			"Set base_url in the provider block, or the "+envBaseURL+" environment variable, to the PBX's address: "+
				"https://{pbx_domain} for the Cloud Edition, https://{pbx_ip}:8088 for the Software and Appliance editions.")
	case err != nil:
		r.fail("base_url", "Invalid Yeastar base URL",
			fmt.Sprintf("The base URL from %s is not usable: %s. Use a URL such as https://pbx.example.com or https://192.0.2.10:8088.",
				source("base_url", m.BaseURL, envBaseURL), err))
	case u.Scheme == "http":
		r.diags.AddAttributeWarning(path.Root("base_url"), "Yeastar base URL uses plain HTTP",
			"The access token travels in every request's query string, so over http:// it crosses the network in clear text. "+
				"Use https:// (with ca_certificate for a self-signed certificate) unless the network between here and the PBX is trusted.")
	}

	cfg.APIPath = r.str(m.APIPath, envAPIPath)
	if cfg.APIPath != "" {
		if err := yeastar.CheckAPIPath(cfg.APIPath); err != nil {
			r.fail("api_path", "Invalid Yeastar API path",
				fmt.Sprintf("The API path from %s is not usable: %s. Leave it unset for the default %q.",
					source("api_path", m.APIPath, envAPIPath), err, yeastar.DefaultAPIPath))
		}
	}

	// NOTE: the configuration wins over the environment for the kind of credentials too: an
	// access_token in the provider block ignores YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET, and
	// a client_id or client_secret in it ignores YEASTAR_ACCESS_TOKEN.
	configuresToken := !m.AccessToken.IsNull()
	configuresClient := !m.ClientID.IsNull() || !m.ClientSecret.IsNull()
	if !configuresToken {
		cfg.ClientID = r.str(m.ClientID, envClientID)
		cfg.ClientSecret = r.str(m.ClientSecret, envClientSecret)
	}
	if !configuresClient {
		cfg.AccessToken = r.str(m.AccessToken, envAccessToken)
	}
	switch {
	case cfg.AccessToken != "" && (cfg.ClientID != "" || cfg.ClientSecret != ""):
		// Only the environment can get here: the provider block's own conflict is caught by
		// its config validators.
		r.fail("access_token", "Conflicting Yeastar credentials",
			"The environment sets both "+envAccessToken+" and "+envClientID+" or "+envClientSecret+". "+
				"Unset one kind: either the Client ID and Secret, so that the provider manages its own token, or the access token alone.")
	case cfg.AccessToken != "":
	case cfg.ClientID == "" && cfg.ClientSecret == "":
		r.fail("client_id", "Missing Yeastar credentials",
			"Set client_id and client_secret (or the "+envClientID+" and "+envClientSecret+" environment variables) "+
				"to the Client ID and Client Secret of an API application (PBX web portal: Integrations > API), "+
				"or set access_token ("+envAccessToken+") to a token obtained elsewhere.")
	case cfg.ClientID == "":
		r.fail("client_id", "Missing Yeastar Client ID",
			"client_secret is set but client_id is not. Set client_id or the "+envClientID+" environment variable to the API application's Client ID.")
	case cfg.ClientSecret == "":
		r.fail("client_secret", "Missing Yeastar Client Secret",
			"client_id is set but client_secret is not. Set client_secret or the "+envClientSecret+" environment variable to the API application's Client Secret.")
	}

	cfg.MaxRetries = yeastar.DefaultMaxRetries
	if raw := r.str(types.StringNull(), envMaxRetries); !m.MaxRetries.IsNull() || raw != "" {
		n := m.MaxRetries.ValueInt64()
		if m.MaxRetries.IsNull() {
			var err error
			if n, err = strconv.ParseInt(raw, 10, 64); err != nil {
				n = -1
			}
		}
		if n < 0 || n > maxRetriesLimit {
			r.fail("max_retries", "Invalid max_retries",
				fmt.Sprintf("The value from %s must be a whole number from 0 to %d.", source("max_retries", m.MaxRetries, envMaxRetries), maxRetriesLimit))
		}
		cfg.MaxRetries = int(n)
		if n == 0 {
			cfg.MaxRetries = -1 // the client reads 0 as "default"
		}
	}

	if raw := r.str(m.RequestTimeout, envRequestTimeout); raw != "" {
		d, err := parseTimeout(raw)
		if err != nil {
			r.fail("request_timeout", "Invalid request_timeout",
				fmt.Sprintf("The value from %s: %s.", source("request_timeout", m.RequestTimeout, envRequestTimeout), err))
		}
		cfg.RequestTimeout = d
	}

	cfg.CACertificatePEM = r.str(m.CACertificate, envCACertificate)
	if cfg.CACertificatePEM != "" {
		if err := checkPEM(cfg.CACertificatePEM); err != nil {
			r.fail("ca_certificate", "Invalid ca_certificate",
				fmt.Sprintf("The value from %s: %s. Give the certificate's PEM text (for example with file(\"pbx-ca.pem\")), not a path.",
					source("ca_certificate", m.CACertificate, envCACertificate), err))
		}
	}

	cfg.InsecureSkipVerify = m.InsecureSkipVerify.ValueBool()
	if m.InsecureSkipVerify.IsNull() {
		if raw := strings.TrimSpace(getenv(envInsecureSkipVerify)); raw != "" {
			b, err := strconv.ParseBool(raw)
			if err != nil {
				r.fail("insecure_skip_verify", "Invalid "+envInsecureSkipVerify,
					"The "+envInsecureSkipVerify+" environment variable must be true or false.")
			}
			cfg.InsecureSkipVerify = b
		}
	}
	if cfg.InsecureSkipVerify {
		r.diags.AddAttributeWarning(path.Root("insecure_skip_verify"), "TLS certificate verification is off",
			"The provider does not check the PBX's certificate, so anyone on the network path could read the credentials and tokens. "+
				"Prefer ca_certificate with the PBX's certificate.")
	}
	return cfg, r.diags
}

// parseTimeout reads a Go duration such as "30s" or "2m".
func parseTimeout(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%q is not a duration; use a number with a unit, such as \"30s\" or \"2m\"", raw)
	case d <= 0:
		return 0, fmt.Errorf("%q must be longer than zero", raw)
	}
	return d, nil
}
