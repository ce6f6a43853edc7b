package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// apiErrorDiagnostic turns a client error into a diagnostic whose summary says what went wrong
// and whose detail says what to do. The client's errors are already free of secrets.
//
// A failed login is explained in full once per provider configuration (its client logs in once):
// every later request that needed the token gets a short diagnostic that points to the full
// one, so that a wrong secret in a configuration of 100 resources is explained once.
func apiErrorDiagnostic(err error) diag.Diagnostic {
	var loginErr *yeastar.LoginError
	if errors.As(err, &loginErr) && !loginErr.FirstReport() {
		summary, _ := adviceFor(loginErr.Err)
		return diag.NewErrorDiagnostic(summary+" (see the full error once, above or below)",
			"The provider logs in once per provider configuration and does not repeat a failed login; the full error, "+
				"with what to fix, is shown once for another block of this configuration. Then run the command again.")
	}
	summary, advice := adviceFor(err)
	return diag.NewErrorDiagnostic(summary, advice+"\n\n"+err.Error())
}

func adviceFor(err error) (summary, advice string) {
	var requestErr *yeastar.RequestError
	var responseErr *yeastar.ResponseError
	var loginLost *yeastar.LoginLostError
	var wrongScheme *yeastar.WrongSchemeError
	var notCreated *yeastar.NotCreatedError
	var duplicates *yeastar.DuplicatesError
	var apiErr *yeastar.APIError
	errors.As(err, &apiErr)
	permission := "auto provisioning"
	if apiErr != nil && apiErr.Permission != "" {
		permission = apiErr.Permission
	}
	switch {
	// The client's own outcomes first: each wraps the request error it resolved.
	case errors.As(err, &wrongScheme):
		return "Wrong scheme in the Yeastar base URL",
			"The PBX's address speaks " + wrongScheme.Use + "://, not the scheme base_url gives. Set base_url in the provider block (or the " +
				envBaseURL + " environment variable) to " + wrongScheme.BaseURL + ". The request never reached the Yeastar API, " +
				"so the PBX did nothing with it and issued no token."
	case errors.As(err, &loginLost):
		return "The answer to the Yeastar login was lost",
			"The provider sent one login and got no usable answer; it does not repeat a login, so the run stops here. The PBX may " +
				"have issued a token all the same: it holds one of the API application's 8 token places until it expires " +
				"(30 minutes). Check that the PBX is reachable (base_url, proxies) and run the command again."
	case errors.As(err, &notCreated) && notCreated.Interrupted:
		return "Interrupted: nothing was added",
			"The run was interrupted (for example by Ctrl-C) while the provider was adding this object. The provider finished " +
				"the request and looked the object up afterwards, and the PBX does not hold it: nothing was added, and the state " +
				"agrees with the PBX. Run the command again to add it."
	case errors.As(err, &notCreated):
		return "The Yeastar PBX did not add the object",
			"Every answer to the request was lost (no answer, a timeout, or a server error), and looking the object up after " +
				"each one found nothing, so the PBX did not add it and nothing is left behind. Check that the PBX is reachable and " +
				"not overloaded, then run the command again; raise max_retries or request_timeout for a slow link."
	case errors.As(err, &duplicates):
		return "The Yeastar PBX holds several objects with one unique value",
			"None of them was taken into the state. Delete all but one in the PBX web portal, then import the one left with " +
				"`terraform import` (or an import block), or delete them all and apply again."
	case errors.Is(err, context.Canceled):
		return "Yeastar API request cancelled",
			"The run was interrupted (for example by Ctrl-C) while this request waited to be sent or answered; a create that " +
				"was already sent is always finished and looked up, so the state agrees with the PBX. Run the command again to finish."
	case errors.Is(err, yeastar.ErrBusy):
		return "The Yeastar PBX is busy",
			"The PBX answered that it is busy with a heavy task (errcode 70082, for example a backup or an upgrade) and did " +
				"nothing. The provider asked again, waiting as the PBX asked, up to max_retries times. Try again later, or raise " +
				"max_retries to wait longer."
	case errors.Is(err, yeastar.ErrListingChanged):
		return "The Yeastar PBX's list kept changing while it was read",
			"Objects were added to or deleted from the list on the PBX while the provider read its pages, each time it read " +
				"it, so the provider stopped rather than use a list that may be short. Try again when nobody is changing the list " +
				"(the web portal, another run or tool)."
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
			"Grant the API application access to " + permission + " in the PBX web portal under Integrations > API, " +
				"or use the Client ID and Secret of an application that has it."
	case errors.Is(err, yeastar.ErrOperationFailed):
		return "The Yeastar PBX refused the operation",
			"The PBX answered OPERATION FAILED (errcode 10009): the feature is switched off on the PBX, or the API application " +
				"lacks the permission for it. Check that " + permission + " is enabled on the PBX and granted to the API " +
				"application in the PBX web portal under Integrations > API."
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
	case errors.Is(err, yeastar.ErrDuplicate):
		field, value, _ := yeastar.DuplicateField(err)
		what := "A value"
		if field != "" {
			what = fmt.Sprintf("The value %q of %s", value, field)
		}
		return "A value is already taken on the Yeastar PBX",
			what + " must be unique on the PBX, and another object holds it (see below). Choose another value, or " +
				"import the object that holds it."
	case errors.Is(err, yeastar.ErrInvalidParameter) && apiErr != nil && apiErr.InBody:
		return "The Yeastar PBX rejected a field of the request body",
			"The PBX refused values the provider sent in the request's body; the fields it named (the PBX's names for the " +
				"attributes) are below. Correct the matching attributes, then run the command again."
	case errors.Is(err, yeastar.ErrInvalidParameter):
		return "The Yeastar PBX rejected a query parameter",
			"The PBX refused the request's query parameters; the parameters it named are below."
	case errors.Is(err, yeastar.ErrDataNotFound):
		return "The Yeastar PBX found no such object",
			"The PBX holds no object with the ID or value asked for: it was deleted or never existed. Check the ID or value; for " +
				"an object in the state, `terraform apply -refresh-only` drops it."
	case errors.Is(err, yeastar.ErrRoleNotFound):
		return "The Yeastar PBX has no such user role",
			"The role ID is unknown to the PBX. Read the roles with the PBX's role menu (system/get_menuoptions?menu=role) or the web " +
				"portal and use one of their IDs."
	case errors.Is(err, yeastar.ErrInUse):
		return "The object is still in use on the Yeastar PBX",
			"Another object still uses this one (errcode 70091). Remove that use first (for example, delete or reassign the user or " +
				"phone that refers to it), then run the command again."
	case errors.Is(err, yeastar.ErrAddressTaken):
		return "Another SIP trunk uses this host and port",
			"The PBX refuses a SIP trunk whose host and port another trunk already uses (errcode 70103; the trunk is named below " +
				"where the provider could find it). Use another port, or change or delete that trunk first, in Terraform or in the " +
				"PBX web portal. Nothing was changed."
	case errors.Is(err, yeastar.ErrOrganizationsOff):
		return "Organization management is switched off on the Yeastar PBX",
			"Switch organization management on in the PBX web portal, or leave the organization settings out of the configuration."
	case errors.Is(err, yeastar.ErrActionForbidden):
		return "The Yeastar PBX forbids this action",
			"The PBX refused the action (errcode 70084), most likely because of the object's current state or the PBX edition. " +
				"Check the object in the PBX web portal."
	case errors.Is(err, yeastar.ErrFileTooLarge):
		return "The file is too large for the Yeastar PBX",
			"The PBX refused a file larger than it accepts (errcode 40004). Use a smaller file."
	case errors.Is(err, yeastar.ErrProcessing), errors.Is(err, yeastar.ErrPartialSuccess):
		return "The Yeastar PBX has not finished the request",
			"The PBX accepted the request but had not carried it out (fully) when it answered. Wait a minute, then run " +
				"`terraform plan` to see what the PBX holds now."
	case errors.Is(err, yeastar.ErrInternal):
		return "The Yeastar PBX reported an internal error",
			"The PBX kept failing with an internal error (errcode -2) after the provider retried. Try again later, or raise max_retries."
	case errors.Is(err, yeastar.ErrFailure), errors.Is(err, yeastar.ErrUnknownErrcode):
		return "The Yeastar PBX refused the request",
			"The PBX answered with an error the provider cannot act on (its errcode and message are below). Check the object " +
				"in the PBX web portal, and try again later."
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
