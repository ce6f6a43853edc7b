// Package yeastar is a client for the Yeastar P-Series OpenAPI. It owns everything the PBX
// expects of a caller (the base URL, the access token and its lifecycle, the User-Agent header,
// the response envelope and its errcodes, retries) and knows nothing of Terraform.
package yeastar

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

const (
	// UserAgent is the User-Agent the vendor documents for every OpenAPI request.
	UserAgent = "OpenAPI"
	// DefaultAPIPath is the API path on every P-Series edition.
	DefaultAPIPath = "openapi/v1.0"
	// DefaultMaxRetries and DefaultRequestTimeout apply when a Config leaves them zero.
	DefaultMaxRetries     = 3
	DefaultRequestTimeout = 30 * time.Second

	defaultRetryWaitMin = 500 * time.Millisecond
	defaultRetryWaitMax = 15 * time.Second
	// maxBodyBytes bounds what the client reads of one response.
	maxBodyBytes = 8 << 20
)

// Config says how to reach one PBX. Either ClientID and ClientSecret (the client takes and
// manages its own token) or AccessToken (used as is) must be set.
type Config struct {
	// BaseURL is the PBX's scheme, host and optional port, e.g. "https://pbx.example.com:8088".
	BaseURL string
	// APIPath is the path of the API under BaseURL; DefaultAPIPath when empty.
	APIPath string

	ClientID     string
	ClientSecret string
	AccessToken  string

	// MaxRetries is how many times a failed request is repeated; negative means none and zero
	// means DefaultMaxRetries. RequestTimeout bounds each attempt; zero means the default.
	MaxRetries     int
	RequestTimeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the backoff between attempts; zero means the defaults.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration

	// CACertificatePEM adds certificates to the system pool, for a PBX with a private CA or a
	// self-signed certificate. InsecureSkipVerify turns certificate checks off.
	CACertificatePEM   string
	InsecureSkipVerify bool

	// Logger receives one line per API call; nil logs nothing. Everything it receives is
	// already redacted.
	Logger Logger
}

// Logger is where the client reports its calls. Fields hold strings, numbers and durations.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
}

// Client talks to one PBX. It is safe for concurrent use; all callers share one token and one
// cache of compatibility answers.
type Client struct {
	apiBase *url.URL
	http    *retryablehttp.Client
	// httpOnce sends without retrying, for calls whose repetition would do harm
	// (phone/batchcreate). httpLogin repeats a login only when it never left this machine.
	httpOnce  *retryablehttp.Client
	httpLogin *retryablehttp.Client
	log       Logger
	secrets   *secrets
	tokens    *tokenSource
	// retryMax, retryWaitMin and retryWaitMax bound AddPhone's own repeats, which cannot be
	// left to the HTTP layer (see AddPhone).
	retryMax                   int
	retryWaitMin, retryWaitMax time.Duration
	// lookupBudget bounds the look-ups after a create's answer was lost (see Create).
	lookupBudget time.Duration

	catalog       *answerCache[CompatibilityQuery, []Option]
	phoneList     *answerCache[struct{}, []PhoneSummary]
	extensionList *answerCache[struct{}, []Extension]
	userRoles     *answerCache[struct{}, []Option]
	// routingLists holds AllRouting's listings by kind (RoutingKind.Path); menus the answers
	// of MenuOptions by menu.
	routingLists *answerCache[string, []RoutingSummary]
	menus        *answerCache[string, []Option]
}

// New checks cfg and returns a client. It makes no network call: the token is taken on the first
// request that needs one.
func New(cfg Config) (*Client, error) {
	apiBase, err := apiBaseURL(cfg.BaseURL, cfg.APIPath)
	if err != nil {
		return nil, err
	}
	switch {
	case cfg.AccessToken == "" && (cfg.ClientID == "" || cfg.ClientSecret == ""):
		return nil, errors.New("either an access token or both a client ID and a client secret are needed")
	case cfg.AccessToken != "" && (cfg.ClientID != "" || cfg.ClientSecret != ""):
		return nil, errors.New("an access token and a client ID or secret exclude each other")
	}

	transport := cleanhttp.DefaultPooledTransport() // honours HTTPS_PROXY and NO_PROXY
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.CACertificatePEM != "" {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM([]byte(cfg.CACertificatePEM)) {
			return nil, errors.New("the CA certificate holds no PEM-encoded certificate")
		}
		tlsConfig.RootCAs = pool
	}
	if cfg.InsecureSkipVerify {
		tlsConfig.InsecureSkipVerify = true //nolint:gosec // The user asked for it, as a documented last resort.
	}
	transport.TLSClientConfig = tlsConfig

	c := &Client{
		apiBase:       apiBase,
		log:           cfg.Logger,
		secrets:       &secrets{},
		catalog:       newAnswerCache[CompatibilityQuery, []Option](),
		phoneList:     newAnswerCache[struct{}, []PhoneSummary](),
		extensionList: newAnswerCache[struct{}, []Extension](),
		userRoles:     newAnswerCache[struct{}, []Option](),
		routingLists:  newAnswerCache[string, []RoutingSummary](),
		menus:         newAnswerCache[string, []Option](),
	}
	c.secrets.add(cfg.ClientSecret, cfg.AccessToken)

	retryMax := cfg.MaxRetries
	switch {
	case cfg.MaxRetries == 0:
		retryMax = DefaultMaxRetries
	case cfg.MaxRetries < 0:
		retryMax = 0
	}
	httpClient := &http.Client{
		Transport: transport,
		Timeout:   orDefault(cfg.RequestTimeout, DefaultRequestTimeout),
		// A redirect would carry the token to wherever it points; the API never redirects.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	waitMin := orDefault(cfg.RetryWaitMin, defaultRetryWaitMin)
	waitMax := orDefault(cfg.RetryWaitMax, defaultRetryWaitMax)
	c.retryMax, c.retryWaitMin, c.retryWaitMax = retryMax, waitMin, waitMax
	c.lookupBudget = DefaultLookupBudget
	c.http = newRetryingClient(httpClient, retryMax, waitMin, waitMax)
	c.httpOnce = newRetryingClient(httpClient, 0, waitMin, waitMax)
	c.httpLogin = newRetryingClient(httpClient, retryMax, waitMin, waitMax)
	c.httpLogin.CheckRetry = checkLoginRetry

	c.tokens = newTokenSource(c, cfg.ClientID, cfg.ClientSecret, cfg.AccessToken)
	return c, nil
}

func newRetryingClient(httpClient *http.Client, retryMax int, waitMin, waitMax time.Duration) *retryablehttp.Client {
	rc := retryablehttp.NewClient()
	rc.HTTPClient = httpClient
	// NOTE: retryablehttp's own logger prints request URLs, and ours carry the token.
	rc.Logger = nil
	rc.RetryMax = retryMax
	rc.RetryWaitMin = waitMin
	rc.RetryWaitMax = waitMax
	rc.CheckRetry = checkRetry
	rc.Backoff = backoffWithJitter
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, _ int) {
		if n, ok := req.Context().Value(attemptsKey{}).(*atomic.Int32); ok {
			n.Add(1)
		}
	}
	return rc
}

// apiBaseURL joins base_url and api_path, rejecting what would make a wrong or leaky URL.
func apiBaseURL(baseURL, apiPath string) (*url.URL, error) {
	u, err := ParseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	if apiPath == "" {
		apiPath = DefaultAPIPath
	}
	if err := CheckAPIPath(apiPath); err != nil {
		return nil, err
	}
	u.Path = "/" + strings.Trim(apiPath, "/") + "/"
	return u, nil
}

// ParseBaseURL checks a base URL: http or https, a host, an optional port, nothing else (a
// trailing slash is fine).
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case raw == "":
		return nil, errors.New("the base URL is empty")
	case !strings.Contains(raw, "://"):
		// "192.0.2.10:8088" does not parse and "pbx.example.com:8088" parses as a scheme: both
		// are an address without its scheme.
		return nil, fmt.Errorf("the base URL must start with https:// (or http://), got %q; for example %q",
			raw, "https://"+strings.Trim(strings.TrimSpace(raw), "/"))
	case err != nil:
		return nil, fmt.Errorf("the base URL is not a URL: %w", err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("the base URL must start with https:// (or http://), got %q", raw)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("the base URL has no host, got %q", raw)
	case u.User != nil:
		return nil, errors.New("the base URL must not contain a user name or password")
	case strings.Trim(u.Path, "/") != "":
		return nil, fmt.Errorf("the base URL must not contain a path (%q); put the API path in api_path", u.Path)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, errors.New("the base URL must not contain a query or fragment")
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// CheckAPIPath checks an API path such as "openapi/v1.0".
func CheckAPIPath(apiPath string) error {
	if strings.ContainsAny(apiPath, "?#") {
		return fmt.Errorf("the API path must not contain a query or fragment, got %q", apiPath)
	}
	if strings.Contains(apiPath, "://") {
		return fmt.Errorf("the API path is a path such as %q, not a URL", DefaultAPIPath)
	}
	if strings.Trim(apiPath, "/ ") == "" {
		return errors.New("the API path is empty")
	}
	return nil
}

// Endpoint returns the API's base address without any secret, for messages.
func (c *Client) Endpoint() string { return c.apiBase.String() }

// Close revokes the token the client took itself, so that it no longer counts against the
// PBX's cap on valid tokens. A token given in Config is the caller's and is left alone. Close
// is safe to call more than once and from several goroutines.
func (c *Client) Close(ctx context.Context) error {
	return c.tokens.revoke(ctx)
}

type attemptsKey struct{}

// request describes one API call.
type request struct {
	method string
	// path is relative to the API base, e.g. "auto_provisioning/compatibility".
	path  string
	query url.Values
	body  any
	// authenticated requests carry the access token and are repeated once on TOKEN EXPIRED.
	authenticated bool
	// once sends the request a single time, whatever fails.
	once bool
	// login sends the request once, repeating it only when it never left this machine (a
	// refused connection, a name that does not resolve), so that the PBX sees one login.
	login bool
}

// response is a successful, decoded call.
type response struct {
	request string
	status  int
	body    []byte
	env     *envelope
}

// do sends one API call: it adds the token and headers, retries what is worth retrying, decodes
// the envelope and turns every failure into a typed, redacted error.
//
// Errcode 70082 (the PBX is busy with a heavy task and did nothing) is sent again after a
// backoff that honours Retry-After, up to max_retries times, whatever the request: nothing was
// done, so a repeat cannot double anything. The waits end at ctx, or, for a create sent on a
// detached context, at the caller's own (see Create).
func (c *Client) do(ctx context.Context, req request) (*response, error) {
	for busy := 0; ; busy++ {
		resp, err := c.doUnlessBusy(ctx, req)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Code != CodeOverloadTaskRunning {
			return resp, err
		}
		if busy >= c.retryMax {
			return nil, fmt.Errorf("the PBX stayed busy through %d attempts: %w", busy+1, err)
		}
		wait := backoffWithJitter(c.retryWaitMin, c.retryWaitMax, busy, nil)
		if apiErr.RetryAfter > 0 {
			wait = min(apiErr.RetryAfter, maxRetryAfter)
		}
		c.debug(ctx, "Yeastar PBX busy (errcode 70082): waiting before sending again", map[string]any{
			"path": req.path, "attempt": busy + 1, "wait": wait.String(),
		})
		if sleepErr := sleep(busyWaitContext(ctx), wait); sleepErr != nil {
			return nil, fmt.Errorf("%w (stopped waiting for the busy PBX: %w)", err, sleepErr)
		}
	}
}

// maxRetryAfter bounds how long a Retry-After header can make the client wait.
const maxRetryAfter = 2 * time.Minute

// doUnlessBusy sends one API call and renews the token once on TOKEN EXPIRED.
func (c *Client) doUnlessBusy(ctx context.Context, req request) (*response, error) {
	resp, err := c.send(ctx, req)
	var apiErr *APIError
	if req.authenticated && errors.As(err, &apiErr) && apiErr.Code == CodeTokenExpired && apiErr.usedToken != "" {
		// The token died early (revoked, or the PBX restarted): take a new one and try once more.
		if rerr := c.tokens.invalidate(apiErr.usedToken); rerr != nil {
			return nil, c.secrets.redactError(rerr)
		}
		resp, err = c.send(ctx, req)
	}
	return resp, c.secrets.redactError(err)
}

func (c *Client) send(ctx context.Context, req request) (*response, error) {
	u := c.apiBase.JoinPath(req.path)
	query := url.Values{}
	for k, v := range req.query {
		query[k] = v
	}
	var token string
	if req.authenticated {
		var err error
		if token, err = c.tokens.token(ctx); err != nil {
			return nil, err
		}
		query.Set("access_token", token)
	}
	u.RawQuery = query.Encode()
	described := describeRequest(req.method, u)

	var body io.Reader
	if req.body != nil {
		raw, err := json.Marshal(req.body)
		if err != nil {
			return nil, fmt.Errorf("%s: encoding the request body: %w", described, err)
		}
		body = bytes.NewReader(raw)
		c.trace(ctx, "Yeastar API request body", map[string]any{"path": u.EscapedPath(), "body": c.secrets.redact(string(raw))})
	}

	attempts := new(atomic.Int32)
	ctx = context.WithValue(ctx, attemptsKey{}, attempts)
	httpReq, err := retryablehttp.NewRequestWithContext(ctx, req.method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("%s: building the request: %w", described, err)
	}
	httpReq.Header.Set("User-Agent", UserAgent)
	httpReq.Header.Set("Accept", "application/json")
	if req.body != nil {
		httpReq.Header.Set("Content-Type", "application/json")
	}

	httpClient := c.http
	switch {
	case req.login:
		httpClient = c.httpLogin
	case req.once:
		httpClient = c.httpOnce
	}

	start := time.Now()
	httpResp, err := httpClient.Do(httpReq)
	elapsed := time.Since(start)
	fields := map[string]any{
		"method":   req.method,
		"path":     u.EscapedPath(),
		"attempts": int(attempts.Load()),
		"duration": elapsed.String(),
	}
	for _, name := range []string{"menu", "vendor", "model"} {
		if v := query.Get(name); v != "" {
			fields[name] = v
		}
	}
	if err != nil {
		if httpResp != nil {
			// retryablehttp hands back the last response with some errors.
			_ = httpResp.Body.Close()
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		fields["error"] = c.secrets.redact(err.Error())
		c.debug(ctx, apiCallMessage, fields)
		if wrong := schemeMismatchError(described, c.apiBase, err); wrong != nil {
			return nil, wrong
		}
		return nil, &RequestError{Request: described, Attempts: int(attempts.Load()), Err: c.secrets.redactError(err)}
	}
	defer httpResp.Body.Close()

	raw, readErr := io.ReadAll(io.LimitReader(httpResp.Body, maxBodyBytes))
	fields["status"] = httpResp.StatusCode
	if readErr != nil {
		fields["error"] = c.secrets.redact(readErr.Error())
		c.debug(ctx, apiCallMessage, fields)
		return nil, &RequestError{Request: described, Attempts: int(attempts.Load()), Err: fmt.Errorf("reading the response: %w", c.secrets.redactError(readErr))}
	}
	c.trace(ctx, "Yeastar API response body", map[string]any{"path": u.EscapedPath(), "body": c.secrets.redact(string(raw))})
	if wrong := schemeMismatchAnswer(described, c.apiBase, httpResp, raw); wrong != nil {
		fields["error"] = wrong.Error()
		c.debug(ctx, apiCallMessage, fields)
		return nil, wrong
	}

	env, err := decodeEnvelope(described, httpResp.StatusCode, raw, c.secrets.redact)
	var apiErr *APIError
	var respErr *ResponseError
	switch {
	case errors.As(err, &apiErr):
		fields["errcode"] = apiErr.Code
		apiErr.usedToken = token
		apiErr.InBody = req.body != nil
		apiErr.RetryAfter = retryAfter(httpResp.Header.Get("Retry-After"), time.Now())
		apiErr.Permission = permissionFor(req.path)
	case errors.As(err, &respErr):
		respErr.Attempts = int(attempts.Load())
		if httpResp.StatusCode >= 300 && httpResp.StatusCode <= 399 {
			respErr.Problem += redirectNote(httpResp.Header.Get("Location"), c.secrets.redact)
		}
	case err == nil:
		fields["errcode"] = *env.Errcode
	}
	c.debug(ctx, apiCallMessage, fields)
	if err != nil {
		return nil, err
	}
	return &response{request: described, status: httpResp.StatusCode, body: raw, env: env}, nil
}

// apiCallMessage is the DEBUG line every request the client sends ends with, whatever its
// outcome (logins and del_token included): method, path, attempts, duration, and status and
// errcode, or the error. It never holds a secret.
const apiCallMessage = "Yeastar API call"

func (c *Client) debug(ctx context.Context, msg string, fields map[string]any) {
	if c.log != nil {
		c.log.Debug(ctx, msg, fields)
	}
}

func (c *Client) trace(ctx context.Context, msg string, fields map[string]any) {
	if c.log != nil {
		c.log.Trace(ctx, msg, fields)
	}
}

// checkRetry retries connection errors, timeouts, 429 and 5xx like retryablehttp's default
// policy, and errcode -2 (INTERNAL SERVER ERROR) whatever the status. Any other errcode is the
// PBX's considered answer, so it is not retried even when it comes with a 5xx status.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil && errors.Is(err, http.ErrSchemeMismatch) {
		// The server speaks plain HTTP: every repeat would get the same answer.
		return false, nil
	}
	if err == nil && resp != nil {
		raw, readErr := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		if readErr != nil {
			return true, nil //nolint:nilerr // A body cut short is retried like a dropped connection.
		}
		var head struct {
			Errcode *int `json:"errcode"`
		}
		if json.Unmarshal(raw, &head) == nil && head.Errcode != nil {
			return *head.Errcode == CodeInternalError, nil
		}
		if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			return false, nil
		}
	}
	return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
}

// checkLoginRetry repeats a login only when it never reached the PBX: a login that may have
// reached it may have issued a token, and a repeat would take a second one.
func checkLoginRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil && neverSent(err) && !errors.Is(err, http.ErrSchemeMismatch) {
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	return false, nil
}

// redirectNote says where a redirect pointed (scheme, host and path: its query may carry the
// token), since the API itself never redirects.
func redirectNote(location string, redact func(string) string) string {
	loc, err := url.Parse(location)
	if err != nil || location == "" {
		return " (a redirect, which the Yeastar API never answers: check base_url and api_path)"
	}
	return fmt.Sprintf(" redirecting to %s (the Yeastar API never redirects: check base_url and api_path)",
		redact((&url.URL{Scheme: loc.Scheme, Host: loc.Host, Path: loc.Path}).String()))
}

// neverSent reports whether a request failed before any of it could reach the PBX: no
// connection (refused, unreachable, a name that does not resolve, a proxy that cannot connect)
// or a TLS handshake that failed (an untrusted certificate, a plain-HTTP server).
func neverSent(err error) bool {
	var opErr *net.OpError
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	return errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect") ||
		errors.As(err, &dnsErr) || errors.As(err, &certErr) || errors.As(err, &unknownAuthority) ||
		errors.As(err, &hostnameErr) || errors.As(err, &invalidCert) || errors.As(err, &recordErr)
}

// backoffWithJitter waits what a 429 or 503 asks for in Retry-After (bounded by max), and
// otherwise an exponentially growing, randomly jittered time between min and max.
func backoffWithJitter(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		// DefaultBackoff only returns something other than min*2^n when it honours Retry-After.
		if wait := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, resp); resp.Header.Get("Retry-After") != "" {
			return min(wait, maxWait)
		}
	}
	ceiling := minWait << min(attempt, 30)
	if ceiling <= 0 || ceiling > maxWait {
		ceiling = maxWait
	}
	// "Equal jitter": half the ceiling for sure, the other half at random.
	half := ceiling / 2
	return half + rand.N(half+1)
}

// retryAfter reads a Retry-After header: whole seconds or an HTTP date; zero when absent or
// unreadable.
func retryAfter(header string, now time.Time) time.Duration {
	header = strings.TrimSpace(header)
	if header == "" {
		return 0
	}
	if secs, err := strconv.Atoi(header); err == nil {
		return max(time.Duration(secs)*time.Second, 0)
	}
	if at, err := http.ParseTime(header); err == nil {
		return max(at.Sub(now), 0)
	}
	return 0
}

// The permissions of an API application, as the PBX web portal's API settings group them.
const (
	PermissionAutoProvisioning = "auto provisioning"
	PermissionExtensions       = "extension management"
	PermissionOrganizations    = "organization management"
	PermissionSystem           = "system"
)

// permissionFor names the permission of the API application that a request path needs, as
// the PBX web portal's API settings group them, so that an ACCESS DENIED can say which to
// grant.
func permissionFor(path string) string {
	section, _, _ := strings.Cut(strings.Trim(path, "/"), "/")
	switch section {
	case "phone", "auto_provisioning":
		return PermissionAutoProvisioning
	case "extension", "extensiongroup":
		return PermissionExtensions
	case "ringgroup":
		return "ring group"
	case "ivr":
		return "IVR"
	case "organization":
		return PermissionOrganizations
	case "system":
		return PermissionSystem
	case "get_token", "refresh_token", "del_token", "":
		return ""
	}
	return strings.ReplaceAll(section, "_", " ")
}

func orDefault(d, fallback time.Duration) time.Duration {
	if d <= 0 {
		return fallback
	}
	return d
}
