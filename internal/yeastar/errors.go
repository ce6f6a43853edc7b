package yeastar

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes documented by Yeastar for the P-Series OpenAPI.
const (
	CodeInternalError        = -2
	CodeFailure              = -1
	CodeSuccess              = 0
	CodeInterfaceNotExisted  = 10001
	CodeVersionOutOfService  = 10002
	CodeVersionUnsupported   = 10003
	CodeTokenExpired         = 10004
	CodeAccessDenied         = 10005
	CodeParameterSyntaxError = 40001
	CodeParameterError       = 40002
	CodeDataNotFound         = 60001
	CodeMaxLimitExceeded     = 60002
	CodeAccountIPBlocked     = 70004
	CodeIPForbidden          = 70087
)

// Sentinel errors an *APIError matches with errors.Is, so that callers can tell the documented
// failures apart without knowing the numeric codes.
var (
	ErrInternal          = errors.New("the PBX reported an internal server error")
	ErrWrongCredentials  = errors.New("the PBX rejected the Client ID or Client Secret")
	ErrInterfaceMissing  = errors.New("the PBX does not know this interface")
	ErrUnsupportedAPI    = errors.New("the PBX does not support this API version")
	ErrTokenExpired      = errors.New("the access token is expired or not valid")
	ErrAccessDenied      = errors.New("the API application lacks the permission for this request")
	ErrInvalidParameter  = errors.New("the PBX rejected a request parameter")
	ErrDataNotFound      = errors.New("the PBX found no data for the request")
	ErrTokenLimit        = errors.New("the PBX refused another access token: the API application already holds the maximum number of valid tokens")
	ErrIPBlocked         = errors.New("the PBX blocked this IP address after repeated failed logins")
	ErrIPForbidden       = errors.New("this IP address is not on the PBX's API allow-list")
	ErrStaticTokenExpiry = errors.New("the configured access token is expired or not valid; the provider does not renew a token it was given")
)

// InvalidParam is one entry of the envelope's invalid_param_list.
type InvalidParam struct {
	Field          string `json:"field"`
	Value          string `json:"value"`
	ValidationType string `json:"validation_type"`
}

// APIError is a response whose envelope carried a non-zero errcode.
type APIError struct {
	// Request names the request without any secret, for example
	// "GET /openapi/v1.0/auto_provisioning/compatibility?menu=phone_model&vendor=Yealink".
	Request       string
	HTTPStatus    int
	Code          int
	Message       string
	InvalidParams []InvalidParam

	// usedToken is the token the failed request carried, so that TOKEN EXPIRED renews only
	// that token and not one a concurrent caller already renewed. Never shown.
	usedToken string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: errcode %d", e.Request, e.Code)
	if e.Message != "" {
		fmt.Fprintf(&b, " (%s)", e.Message)
	}
	if e.HTTPStatus != 0 && e.HTTPStatus != 200 {
		fmt.Fprintf(&b, ", HTTP status %d", e.HTTPStatus)
	}
	for _, p := range e.InvalidParams {
		fmt.Fprintf(&b, "; parameter %q", p.Field)
		if p.Value != "" {
			fmt.Fprintf(&b, " = %q", p.Value)
		}
		if p.ValidationType != "" {
			fmt.Fprintf(&b, " failed %q validation", p.ValidationType)
		}
	}
	return b.String()
}

// Is lets errors.Is match an APIError against the sentinel for its errcode.
func (e *APIError) Is(target error) bool {
	return sentinelFor(e.Code, e.Request) == target
}

func sentinelFor(code int, request string) error {
	switch code {
	case CodeInternalError:
		return ErrInternal
	case CodeFailure:
		// -1 is a generic failure; only on get_token does it mean wrong credentials.
		if strings.Contains(request, "/get_token") {
			return ErrWrongCredentials
		}
	case CodeInterfaceNotExisted:
		return ErrInterfaceMissing
	case CodeVersionOutOfService, CodeVersionUnsupported:
		return ErrUnsupportedAPI
	case CodeTokenExpired:
		return ErrTokenExpired
	case CodeAccessDenied:
		return ErrAccessDenied
	case CodeParameterSyntaxError, CodeParameterError:
		return ErrInvalidParameter
	case CodeDataNotFound:
		return ErrDataNotFound
	case CodeMaxLimitExceeded:
		return ErrTokenLimit
	case CodeAccountIPBlocked:
		return ErrIPBlocked
	case CodeIPForbidden:
		return ErrIPForbidden
	}
	return nil
}

// ResponseError is a response the client could not use: a non-2xx status, or a body that is
// empty, not JSON, truncated, without errcode, or with a data field of the wrong shape.
type ResponseError struct {
	Request    string
	HTTPStatus int
	// Problem says what was wrong, in a few words ("the body is not JSON").
	Problem string
	// Snippet is the start of the body, with secrets redacted.
	Snippet string
	// Attempts is how many times the request was sent.
	Attempts int
}

func (e *ResponseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: HTTP status %d: %s", e.Request, e.HTTPStatus, e.Problem)
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	if e.Snippet != "" {
		fmt.Fprintf(&b, "; the response began: %q", e.Snippet)
	}
	return b.String()
}

// RequestError is a request that got no HTTP response: a refused connection, a timeout, a
// TLS failure. Err never holds a URL with a token in it.
type RequestError struct {
	Request  string
	Attempts int
	Err      error
}

func (e *RequestError) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("%s failed after %d attempts: %v", e.Request, e.Attempts, e.Err)
	}
	return fmt.Sprintf("%s failed: %v", e.Request, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }
