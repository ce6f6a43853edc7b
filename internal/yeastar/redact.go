package yeastar

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Redacted replaces every secret the client removes from errors and log lines.
const Redacted = "[REDACTED]"

var (
	// The token travels in the query string, and the token and extension calls carry secrets in
	// JSON bodies; these patterns catch them even before the client has learnt their values.
	secretQueryPattern = regexp.MustCompile(`(?i)((?:access_token|refresh_token)=)[^&\s"']*`)
	// An extension's secrets (user_password, reg_password, vm_pin, and getpassword's password)
	// are caught as strings or, a PIN being digits, as numbers.
	secretJSONPattern = regexp.MustCompile(`(?i)("(?:access_token|refresh_token|password|user_password|reg_password|vm_pin)"\s*:\s*)(?:"(?:[^"\\]|\\.)*"?|-?[0-9][0-9.eE+-]*)`)
	// An invalid_param_list entry that names a secret field echoes the refused value, which may
	// be too short for the value set (a 3-digit PIN): the value is caught by its field's name.
	secretParamPattern           = regexp.MustCompile(`(?i)(\{[^{}]*"field"\s*:\s*"(?:password|user_password|reg_password|vm_pin)"[^{}]*"value"\s*:\s*)(?:"(?:[^"\\]|\\.)*"?|-?[0-9][0-9.eE+-]*)`)
	secretParamValueFirstPattern = regexp.MustCompile(`(?i)("value"\s*:\s*)(?:"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*)([^{}]*"field"\s*:\s*"(?:password|user_password|reg_password|vm_pin)")`)
)

// SecretPatterns returns the patterns of text that carries a token or password: a query
// parameter or a JSON field. Loggers can mask them as a second line of defence.
func SecretPatterns() []*regexp.Regexp {
	return []*regexp.Regexp{secretQueryPattern, secretJSONPattern, secretParamPattern, secretParamValueFirstPattern}
}

// secrets is the set of secret values one client knows: the client secret and every token it
// has held. Anything the client says is passed through redact first.
type secrets struct {
	mu     sync.RWMutex
	values []string
}

func (s *secrets) add(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		// A very short "secret" would redact ordinary words; real tokens are 32 characters.
		// Each value once: a refresh reads the same extension secrets again and again.
		// A digit-only secret (a voicemail PIN) stays out: blanked inside extension numbers, IDs
		// and mobile numbers, which the state holds in plain text, it would give its digits
		// away. PINs are redacted by their field's name instead (secretJSONPattern and the
		// invalid_param_list patterns), as a string or a number.
		if len(v) < 4 || isDigits(v) || slices.Contains(s.values, v) {
			continue
		}
		// Longest first, so that a short secret inside a longer one (a PIN in a password) does
		// not break the longer one up before it is replaced, leaving its other parts in view.
		at, _ := slices.BinarySearchFunc(s.values, len(v), func(held string, n int) int { return n - len(held) })
		s.values = slices.Insert(s.values, at, v)
	}
}

// isDigits reports whether v is made of ASCII digits only.
func isDigits(v string) bool {
	return strings.Trim(v, "0123456789") == ""
}

func (s *secrets) redact(text string) string {
	text = secretQueryPattern.ReplaceAllString(text, "${1}"+Redacted)
	text = secretJSONPattern.ReplaceAllString(text, `${1}"`+Redacted+`"`)
	text = secretParamPattern.ReplaceAllString(text, `${1}"`+Redacted+`"`)
	text = secretParamValueFirstPattern.ReplaceAllString(text, `${1}"`+Redacted+`"${2}`)
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, v := range s.values {
		if strings.Contains(text, v) {
			text = strings.ReplaceAll(text, v, Redacted)
		}
	}
	return text
}

// describeRequest names a request for errors and logs: method, path and the query without the
// token, e.g. "GET /openapi/v1.0/auto_provisioning/compatibility?menu=phone_vendor".
func describeRequest(method string, u *url.URL) string {
	q := u.Query()
	q.Del("access_token")
	d := method + " " + u.EscapedPath()
	if enc := q.Encode(); enc != "" {
		d += "?" + enc
	}
	return d
}

// redactError returns an error safe to show: Go's *url.Error quotes the whole URL, token
// included, so it is rebuilt around a URL without one, and any remaining secret is removed from
// the text while the chain stays intact for errors.Is.
func (s *secrets) redactError(err error) error {
	if err == nil {
		return nil
	}
	// Only a *url.Error at the top is rebuilt, so that wrappers such as *RequestError survive;
	// the text redaction below covers one deeper in a chain.
	if uerr, ok := err.(*url.Error); ok { //nolint:errorlint // Deliberately the top of the chain only.
		u, perr := url.Parse(uerr.URL)
		safeURL := Redacted
		if perr == nil {
			q := u.Query()
			if q.Has("access_token") {
				q.Set("access_token", Redacted)
			}
			u.RawQuery = q.Encode()
			u.User = nil
			safeURL = u.String()
		}
		err = &url.Error{Op: uerr.Op, URL: safeURL, Err: uerr.Err}
	}
	if text := err.Error(); s.redact(text) != text {
		return &redactedError{text: s.redact(text), cause: err}
	}
	return err
}

// redactedError shows a redacted text but still unwraps to its cause, so that errors.Is and
// errors.As still classify it. The typed errors redact their own fields when they are made, so
// this is a second line of defence.
type redactedError struct {
	text  string
	cause error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.cause }

// isSecretField reports whether a request field carries a secret: an extension's passwords or
// PIN, or a token call's password.
func isSecretField(field string) bool {
	switch strings.ToLower(field) {
	case "password", "user_password", "reg_password", "vm_pin", "access_token", "refresh_token":
		return true
	}
	return false
}
