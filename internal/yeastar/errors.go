package yeastar

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Error codes documented by Yeastar for the P-Series OpenAPI.
const (
	CodeInternalError        = -2
	CodeFailure              = -1
	CodeSuccess              = 0
	CodePartialSuccess       = 1
	CodeProcessing           = 2
	CodeInterfaceNotExisted  = 10001
	CodeVersionOutOfService  = 10002
	CodeVersionUnsupported   = 10003
	CodeTokenExpired         = 10004
	CodeAccessDenied         = 10005
	CodeOperationFailed      = 10009
	CodeParameterSyntaxError = 40001
	CodeParameterError       = 40002
	CodeDuplicateKeyValue    = 40003
	CodeFileSizeExceeded     = 40004
	CodeDataNotFound         = 60001
	CodeMaxLimitExceeded     = 60002
	CodeRoleNotExisted       = 60101
	CodeAccountIPBlocked     = 70004
	CodeOverloadTaskRunning  = 70082
	CodeActionForbidden      = 70084
	CodeIPForbidden          = 70087
	CodeConnectionRelation   = 70091
	// CodeTrunkAddressTaken is a SIP trunk's host and port that another trunk uses, as public
	// clients report it (the guide's error list does not name it).
	CodeTrunkAddressTaken    = 70103
	CodeOrganizationDisabled = 70120
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

	ErrFailure          = errors.New("the PBX reported a failure without saying why")
	ErrPartialSuccess   = errors.New("the PBX carried out the batch request for some items only")
	ErrProcessing       = errors.New("the PBX accepted the request and is still carrying it out")
	ErrOperationFailed  = errors.New("the PBX refused the operation: the feature is switched off, or the API application lacks the permission")
	ErrDuplicate        = errors.New("a value that must be unique is already taken on the PBX")
	ErrFileTooLarge     = errors.New("the file is larger than the PBX accepts")
	ErrRoleNotFound     = errors.New("the PBX has no user role with this ID")
	ErrBusy             = errors.New("the PBX is busy with a heavy task and did nothing")
	ErrActionForbidden  = errors.New("the PBX forbids this action")
	ErrInUse            = errors.New("the object is still used by another one on the PBX")
	ErrAddressTaken     = errors.New("another SIP trunk already uses this host and port")
	ErrOrganizationsOff = errors.New("organization management is switched off on the PBX")
	ErrUnknownErrcode   = errors.New("the PBX answered with an errcode the client does not know")
)

// InvalidParam is one entry of the envelope's invalid_param_list.
type InvalidParam struct {
	Field          string `json:"field"`
	Value          string `json:"value"`
	ValidationType string `json:"validation_type"`
}

// DuplicateFieldEntry is one entry of the envelope's duplicate_field_list: the taken value,
// and the object that holds it (ExternalSource "extension", ExternalSourceName "1011").
type DuplicateFieldEntry struct {
	Field              string `json:"field"`
	Value              string `json:"value"`
	ExternalSource     string `json:"external_source"`
	ExternalSourceName string `json:"external_source_name"`
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
	// DuplicateFields is the duplicate_field_list of a 40003 DUPLICATE KEY VALUE answer; SubMessage
	// its submsg.
	DuplicateFields []DuplicateFieldEntry
	SubMessage      string
	// RetryAfter is what the answer's Retry-After header asked for; zero when it had none.
	RetryAfter time.Duration
	// InBody is true when the request carried a JSON body (a POST): the fields invalid_param_list
	// names are then fields of the body, not query parameters.
	InBody bool
	// Permission names the permission of the API application that the request needs (for
	// 10005 and 10009), e.g. "auto provisioning"; empty when the path does not say.
	Permission string

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
	if e.Permission != "" && (e.Code == CodeAccessDenied || e.Code == CodeOperationFailed) {
		fmt.Fprintf(&b, "; the request needs the API application's %s permission", e.Permission)
	}
	if e.SubMessage != "" {
		fmt.Fprintf(&b, ": %s", e.SubMessage)
	}
	for _, d := range e.DuplicateFields {
		fmt.Fprintf(&b, "; %q = %q is taken", d.Field, d.Value)
		if d.ExternalSource != "" || d.ExternalSourceName != "" {
			fmt.Fprintf(&b, " by %s %s", d.ExternalSource, d.ExternalSourceName)
		}
	}
	for _, p := range e.InvalidParams {
		if e.InBody {
			fmt.Fprintf(&b, "; body field %q", p.Field)
		} else {
			fmt.Fprintf(&b, "; parameter %q", p.Field)
		}
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
		return ErrFailure
	case CodePartialSuccess:
		return ErrPartialSuccess
	case CodeProcessing:
		return ErrProcessing
	case CodeOperationFailed:
		return ErrOperationFailed
	case CodeDuplicateKeyValue:
		return ErrDuplicate
	case CodeFileSizeExceeded:
		return ErrFileTooLarge
	case CodeRoleNotExisted:
		return ErrRoleNotFound
	case CodeOverloadTaskRunning:
		return ErrBusy
	case CodeActionForbidden:
		return ErrActionForbidden
	case CodeConnectionRelation:
		return ErrInUse
	case CodeTrunkAddressTaken:
		return ErrAddressTaken
	case CodeOrganizationDisabled:
		return ErrOrganizationsOff
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
	return ErrUnknownErrcode
}

// DuplicateField reports whether err is the PBX's refusal of a value that must be unique, in
// either shape the PBX uses: 40003 DUPLICATE KEY VALUE with duplicate_field_list, or 40002
// PARAMETER ERROR with invalid_param_list. It returns the first entry that names one of fields
// (compared without case). With no fields given, any 40003 entry counts, but no 40002 one:
// 40002 also reports malformed or unknown values, so only the caller knows which of its fields
// can be "taken". A 40003 answer without a usable list counts, with an empty field and value,
// when no fields are given.
func DuplicateField(err error, fields ...string) (field, value string, ok bool) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return "", "", false
	}
	named := func(f string) bool {
		for _, want := range fields {
			if strings.EqualFold(f, want) {
				return true
			}
		}
		return false
	}
	switch apiErr.Code {
	case CodeDuplicateKeyValue:
		for _, d := range apiErr.DuplicateFields {
			if len(fields) == 0 || named(d.Field) {
				return d.Field, d.Value, true
			}
		}
		if len(fields) == 0 {
			return "", "", true
		}
	case CodeParameterError:
		for _, p := range apiErr.InvalidParams {
			if named(p.Field) {
				return p.Field, p.Value, true
			}
		}
	}
	return "", "", false
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
