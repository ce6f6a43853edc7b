package provider

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// stringCheck adapts a check function to a plan-time validator for a string attribute. The
// same functions check values that come from environment variables in Configure.
type stringCheck struct {
	description string
	check       func(string) error
	summary     string
}

var _ validator.String = stringCheck{}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, fmt.Sprintf("%s: %s.", req.Path, err))
	}
}

func validBaseURL() validator.String {
	return stringCheck{
		description: "must be an http:// or https:// URL with a host and optional port, and no path or query",
		summary:     "Invalid Yeastar base URL",
		check: func(s string) error {
			_, err := yeastar.ParseBaseURL(s)
			return err
		},
	}
}

func validMAC() validator.String {
	return stringCheck{
		description: "must be a MAC address: 12 hexadecimal digits, optionally separated by colons, dashes or dots",
		summary:     "Invalid MAC address",
		check: func(s string) error {
			_, err := yeastar.NormalizeMAC(s)
			return err
		},
	}
}

func validAPIPath() validator.String {
	return stringCheck{
		description: "must be a path such as openapi/v1.0, without a query",
		summary:     "Invalid Yeastar API path",
		check:       yeastar.CheckAPIPath,
	}
}

func validTimeout() validator.String {
	return stringCheck{
		description: "must be a positive duration such as 30s or 2m",
		summary:     "Invalid request_timeout",
		check: func(s string) error {
			_, err := parseTimeout(s)
			return err
		},
	}
}

func validPEM() validator.String {
	return stringCheck{
		description: "must hold at least one PEM-encoded certificate",
		summary:     "Invalid ca_certificate",
		check:       checkPEM,
	}
}

func checkPEM(s string) error {
	rest := []byte(s)
	found := false
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Errorf("a PEM block does not hold a valid certificate: %w", err)
		}
		found = true
	}
	if !found {
		return errors.New("no PEM-encoded certificate (-----BEGIN CERTIFICATE-----) was found")
	}
	return nil
}

// credentialsExclusive rejects a provider block that sets access_token together with client_id
// or client_secret, at validate time.
type credentialsExclusive struct{}

var _ provider.ConfigValidator = credentialsExclusive{}

func (credentialsExclusive) Description(context.Context) string {
	return "access_token cannot be combined with client_id or client_secret"
}

func (v credentialsExclusive) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (credentialsExclusive) ValidateProvider(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var m yeastarProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.AccessToken.IsNull() || (m.ClientID.IsNull() && m.ClientSecret.IsNull()) {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("access_token"), "Conflicting Yeastar credentials",
		"The provider block sets access_token ("+envAccessToken+") and also client_id or client_secret ("+envClientID+", "+envClientSecret+"). "+
			"Set either client_id and client_secret, so that the provider manages its own token, or access_token alone.")
}

// notBlank rejects an empty value and one with surrounding whitespace: the PBX matches vendor
// and model values exactly, so " CP920" would silently match nothing.
func notBlank() validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^\S(.*\S)?$`),
		"must be a non-empty value without leading or trailing whitespace")
}
