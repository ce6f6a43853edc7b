package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// TestDiagnosticsSayWhatToDo checks what a user reads for each documented failure: a summary
// naming it and a detail naming what to check or change.
func TestDiagnosticsSayWhatToDo(t *testing.T) {
	apiErr := func(code int, request string) error {
		return &yeastar.APIError{Request: request, Code: code, Message: "X"}
	}
	const compat = "GET /openapi/v1.0/auto_provisioning/compatibility?menu=phone_vendor"
	const login = "POST /openapi/v1.0/get_token"
	for _, tc := range []struct {
		err     error
		summary string
		detail  []string
	}{
		{apiErr(-1, login), "rejected the Client ID or Client Secret", []string{"client_secret", envClientSecret, "5 failed logins"}},
		{apiErr(70004, login), "blocked this IP address", []string{"Security > Security Rules > Blocked IPs"}},
		{apiErr(70087, login), "may not use the Yeastar API", []string{"allowed list", "Integrations > API"}},
		{apiErr(10005, compat), "lacks a permission", []string{"Integrations > API"}},
		{apiErr(60002, login), "refused another access token", []string{"8 valid access tokens", "access_token", "did not retry"}},
		{apiErr(10003, login), "does not offer this API", []string{"api_path"}},
		{apiErr(10001, compat), "does not offer this API", []string{"base_url"}},
		{apiErr(40002, compat), "rejected a query parameter", []string{"parameters"}},
		{apiErr(-2, compat), "internal error", []string{"max_retries"}},
		{yeastar.ErrStaticTokenExpiry, "access token has expired", []string{envAccessToken, "client_id"}},
		{&yeastar.ResponseError{Request: compat, HTTPStatus: 502, Problem: "unexpected HTTP status"}, "Unexpected response", []string{"proxy", "HTTP status 502"}},
		{&yeastar.RequestError{Request: compat, Err: errors.New("connection refused")}, "Could not reach", []string{"base_url", "ca_certificate", "connection refused"}},
		{fmt.Errorf("reading: %w", context.Canceled), "cancelled", nil},
	} {
		d := apiErrorDiagnostic(tc.err)
		if !strings.Contains(d.Summary(), tc.summary) {
			t.Errorf("%v: summary %q, want it to mention %q", tc.err, d.Summary(), tc.summary)
		}
		for _, want := range tc.detail {
			if !strings.Contains(d.Detail(), want) {
				t.Errorf("%v: detail %q does not mention %q", tc.err, d.Detail(), want)
			}
		}
	}
}
