package yeastar

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
)

// WrongSchemeError is a request sent with a scheme the PBX's address does not speak: https:// to
// a plain-HTTP server, http:// to an HTTPS one, or http:// to a server that redirects to
// https://. Such a request never reaches the Yeastar API, so the PBX did nothing with it and a
// login issued no token.
type WrongSchemeError struct {
	Request string
	// Use is the scheme the address speaks: "https" or "http".
	Use string
	// BaseURL is the base URL to use instead, e.g. "https://192.0.2.10:8088".
	BaseURL string
	// Evidence says what gave the wrong scheme away.
	Evidence string
}

func (e *WrongSchemeError) Error() string {
	return fmt.Sprintf("%s: %s, so the address speaks %s:// (the request never reached the Yeastar API); use the base URL %s",
		e.Request, e.Evidence, e.Use, e.BaseURL)
}

// plainHTTPToTLSReplies are the bodies web servers answer (with HTTP 400) to a plain-HTTP request
// sent to their HTTPS port: Go's, nginx's and Apache's.
var plainHTTPToTLSReplies = [][]byte{
	[]byte("Client sent an HTTP request to an HTTPS server"),
	[]byte("The plain HTTP request was sent to HTTPS port"),
	[]byte("speaking plain HTTP to an SSL-enabled server port"),
}

// schemeMismatchError tells a request that failed because the server at base speaks plain HTTP
// to a TLS handshake, and returns the error that says which scheme to use; nil otherwise.
func schemeMismatchError(request string, base *url.URL, err error) *WrongSchemeError {
	if !errors.Is(err, http.ErrSchemeMismatch) {
		return nil
	}
	return &WrongSchemeError{Request: request, Use: "http", BaseURL: withScheme(base, "http", base.Host),
		Evidence: "the server answered the TLS handshake in plain HTTP"}
}

// schemeMismatchAnswer tells an answer that says base's scheme is wrong for the server (an
// HTTPS server's 400 to plain HTTP, a redirect to the other scheme), and returns the error that
// says which to use; nil otherwise. A redirect's Location may carry the request's query (and
// with it the token): only its scheme and host are used.
func schemeMismatchAnswer(request string, base *url.URL, resp *http.Response, body []byte) *WrongSchemeError {
	switch {
	case resp.StatusCode == http.StatusBadRequest && base.Scheme == "http":
		for _, reply := range plainHTTPToTLSReplies {
			if bytes.Contains(body, reply) {
				return &WrongSchemeError{Request: request, Use: "https", BaseURL: withScheme(base, "https", base.Host),
					Evidence: fmt.Sprintf("the server answered HTTP status 400 %q", reply)}
			}
		}
	case resp.StatusCode >= 300 && resp.StatusCode <= 399:
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err == nil && loc.Host != "" && (loc.Scheme == "http" || loc.Scheme == "https") && loc.Scheme != base.Scheme {
			target := withScheme(loc, loc.Scheme, loc.Host)
			return &WrongSchemeError{Request: request, Use: loc.Scheme, BaseURL: target,
				Evidence: fmt.Sprintf("the server answered HTTP status %d redirecting to %s", resp.StatusCode, target)}
		}
	}
	return nil
}

// withScheme writes scheme://host, keeping the port that was used: the port of u's own scheme
// when host names none, since that is the port that answered.
func withScheme(u *url.URL, scheme, host string) string {
	if u.Port() == "" && scheme != u.Scheme {
		port := map[string]string{"http": "80", "https": "443"}[u.Scheme]
		host = net.JoinHostPort(u.Hostname(), port)
	}
	return (&url.URL{Scheme: scheme, Host: host}).String()
}

// notCarriedOut reports whether a failed request certainly was not carried out by the PBX: it
// never left this machine, went to a server speaking another scheme, or was answered with an
// HTTP redirect or client error (3xx, 4xx) without a Yeastar answer in the body. Such a login
// issued no token, and such a welcome e-mail was not sent.
func notCarriedOut(err error) bool {
	var wrongScheme *WrongSchemeError
	var respErr *ResponseError
	return neverSent(err) || errors.As(err, &wrongScheme) ||
		errors.As(err, &respErr) && respErr.HTTPStatus >= 300 && respErr.HTTPStatus <= 499
}
