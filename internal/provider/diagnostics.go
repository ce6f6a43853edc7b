package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// apiErrorDiagnostic turns a client error into a diagnostic whose summary says what went wrong
// and whose detail says what to do. The client's errors are already free of secrets.
func apiErrorDiagnostic(err error) diag.Diagnostic {
	summary, advice := adviceFor(err)
	return diag.NewErrorDiagnostic(summary, advice+"\n\n"+err.Error())
}

func adviceFor(err error) (summary, advice string) {
	var requestErr *yeastar.RequestError
	var responseErr *yeastar.ResponseError
	switch {
	case errors.Is(err, context.Canceled):
		return "Yeastar API request cancelled",
			"The request was cancelled before the PBX answered (for example by Ctrl-C)."
	case errors.Is(err, yeastar.ErrWrongCredentials):
		return "Yeastar rejected the Client ID or Client Secret",
			"Check client_id and client_secret (or " + envClientID + " and " + envClientSecret + ") against the API application " +
				"in the PBX web portal under Integrations > API. The provider sent one login and will not retry: " +
				"after 5 failed logins in a row the PBX blocks this machine's IP address."
	case errors.Is(err, yeastar.ErrIPBlocked):
		return "The Yeastar PBX has blocked this IP address",
			"The PBX blocks an IP address after 5 failed logins in a row. An administrator must lift the block in the PBX web portal " +
				"under Security > Security Rules > Blocked IPs; fix client_id and client_secret before the next run."
	case errors.Is(err, yeastar.ErrIPForbidden):
		return "This IP address may not use the Yeastar API",
			"The PBX accepts API calls only from the IP addresses allowed for the API application. Add this machine's public " +
				"IP address to the allowed list in the PBX web portal under Integrations > API."
	case errors.Is(err, yeastar.ErrAccessDenied):
		return "The Yeastar API application lacks a permission",
			"Grant the API application access to auto provisioning in the PBX web portal under Integrations > API, " +
				"or use the Client ID and Secret of an application that has it."
	case errors.Is(err, yeastar.ErrTokenLimit):
		return "The Yeastar PBX refused another access token",
			"An API application may hold at most 8 valid access tokens at once, and each lives 30 minutes. Other tools or " +
				"runs hold them all now. Wait for tokens to expire, revoke unused ones, or give this provider a token it can share " +
				"through access_token (" + envAccessToken + "). The provider did not retry, so as not to prolong the lock-out."
	case errors.Is(err, yeastar.ErrStaticTokenExpiry):
		return "The Yeastar access token has expired",
			"The token given in access_token (or " + envAccessToken + ") is expired or was revoked, and the provider does not renew a token it " +
				"was given. Supply a fresh token, or set client_id and client_secret so that the provider manages its own."
	case errors.Is(err, yeastar.ErrTokenExpired):
		return "The Yeastar PBX rejected a fresh access token",
			"The PBX called the token expired even after the provider took a new one. Check that the PBX's clock is right and that " +
				"base_url points at a single PBX (not a load balancer in front of several)."
	case errors.Is(err, yeastar.ErrInterfaceMissing), errors.Is(err, yeastar.ErrUnsupportedAPI):
		return "The Yeastar PBX does not offer this API",
			"Check base_url and api_path (default \"" + yeastar.DefaultAPIPath + "\"): the PBX does not know the endpoint or its API version. " +
				"The compatibility endpoint needs a P-Series PBX (Cloud, Software or Appliance edition) with the API enabled."
	case errors.Is(err, yeastar.ErrInvalidParameter):
		return "The Yeastar PBX rejected a query parameter",
			"The PBX refused the request's parameters; the parameters it named are below."
	case errors.Is(err, yeastar.ErrInternal):
		return "The Yeastar PBX reported an internal error",
			"The PBX kept failing with an internal error (errcode -2) after the provider retried. Try again later, or raise max_retries."
	case errors.As(err, &responseErr):
		return "Unexpected response from the Yeastar API",
			"The PBX, or something between here and the PBX (a proxy or load balancer), answered with something other than a Yeastar " +
				"API response. Check base_url and api_path, and any proxy (HTTPS_PROXY) in the way; if the PBX is overloaded, try again later."
	case errors.As(err, &requestErr):
		return "Could not reach the Yeastar PBX",
			"Check base_url, that the PBX is reachable from here (firewall, HTTPS_PROXY and NO_PROXY), and, for a self-signed " +
				"certificate, ca_certificate. Timeouts and refused connections were retried up to max_retries times (a certificate " +
				"error is not), each attempt bounded by request_timeout."
	}
	return "Yeastar API request failed", "The request to the Yeastar API failed."
}
