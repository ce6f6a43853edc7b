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
	wrongScheme := &yeastar.WrongSchemeError{Request: login, Use: "https", BaseURL: "https://192.0.2.10:8088", Evidence: "a 400"}
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
		{&yeastar.APIError{Request: "POST /openapi/v1.0/extension/create", Code: 40002, InBody: true,
			InvalidParams: []yeastar.InvalidParam{{Field: "mobile_number", ValidationType: "format"}}},
			"rejected a field of the request body", []string{"request's body", `body field "mobile_number"`}},
		{wrongScheme, "Wrong scheme in the Yeastar base URL", []string{"base_url", envBaseURL, "https://192.0.2.10:8088", "issued no token"}},
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

// TestEveryErrcodeHasItsOwnAdvice checks that no errcode of the shared list falls through to
// the generic diagnostic, and that the client's own outcomes say what happened on the PBX.
func TestEveryErrcodeHasItsOwnAdvice(t *testing.T) {
	codes := []int{-2, -1, 1, 2, 10001, 10002, 10003, 10004, 10005, 10009, 40001, 40002, 40003, 40004,
		60001, 60002, 60101, 70004, 70082, 70084, 70087, 70091, 70103, 70120}
	const search = "GET /openapi/v1.0/phone/search?page=1"
	for _, code := range codes {
		d := apiErrorDiagnostic(&yeastar.APIError{Request: search, Code: code, Message: "X"})
		if d.Summary() == "Yeastar API request failed" || !strings.Contains(d.Detail(), fmt.Sprintf("errcode %d", code)) {
			t.Errorf("errcode %d: %q / %q, want advice of its own and the errcode", code, d.Summary(), d.Detail())
		}
	}
	for _, tc := range []struct {
		err     error
		summary string
		detail  []string
	}{
		{&yeastar.APIError{Request: "GET /openapi/v1.0/extension/search", Code: 10005, Permission: "extension management"},
			"lacks a permission", []string{"access to extension management"}},
		{&yeastar.APIError{Request: "GET /openapi/v1.0/phone/search", Code: 10009, Permission: "auto provisioning"},
			"refused the operation", []string{"auto provisioning", "switched off"}},
		{fmt.Errorf("the PBX stayed busy through 4 attempts: %w", &yeastar.APIError{Code: 70082}), "is busy", []string{"Try again later", "max_retries"}},
		{&yeastar.APIError{Code: 40003, DuplicateFields: []yeastar.DuplicateFieldEntry{{Field: "email_addr", Value: "a@example.com"}}},
			"already taken", []string{`"a@example.com" of email_addr`}},
		{&yeastar.LoginLostError{Err: &yeastar.RequestError{Err: errors.New("timeout")}}, "login was lost", []string{"30 minutes", "does not repeat"}},
		{&yeastar.NotCreatedError{Kind: "phone", Interrupted: true, Err: &yeastar.RequestError{Err: errors.New("EOF")}},
			"Interrupted: nothing was added", []string{"state agrees with the PBX"}},
		{&yeastar.NotCreatedError{Kind: "phone", Attempts: 4, Err: &yeastar.RequestError{Err: errors.New("EOF")}},
			"did not add", []string{"nothing is left behind", "max_retries"}},
		{fmt.Errorf("phone/search: %w on each of 4 reads", yeastar.ErrListingChanged), "kept changing", []string{"Try again"}},
		{&yeastar.DuplicatesError{Kind: "phone", KeyName: "MAC address", Key: "80:5E:C0:11:22:33", IDs: []int{3, 7}},
			"several objects", []string{"IDs 3, 7", "import"}},
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
