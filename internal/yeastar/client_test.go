package yeastar

import (
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// testPBX is a fake PBX on a local port.
type testPBX struct {
	*fakeyeastar.Server
	url string
}

func startPBX(t *testing.T) *testPBX {
	t.Helper()
	fake := fakeyeastar.New()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return &testPBX{Server: fake, url: srv.URL}
}

// recordingLogger keeps every log line for secret scans.
type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLogger) record(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%s %s %v", level, msg, fields))
}
func (l *recordingLogger) Debug(_ context.Context, msg string, f map[string]any) {
	l.record("DEBUG", msg, f)
}
func (l *recordingLogger) Trace(_ context.Context, msg string, f map[string]any) {
	l.record("TRACE", msg, f)
}
func (l *recordingLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func newClient(t *testing.T, pbx *testPBX, adjust ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		BaseURL:      pbx.url,
		ClientID:     pbx.ClientID,
		ClientSecret: pbx.ClientSecret,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
	}
	for _, a := range adjust {
		a(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestCompatibilityReturnsTheCatalogueInOrder(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	ctx := context.Background()

	vendors, err := c.PhoneVendors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vendors {
		got = append(got, v.Value)
	}
	if want := "Ale,Snom,Fanvil,Htek,Grandstream,Yealink"; strings.Join(got, ",") != want {
		t.Errorf("vendor values = %v, want %s", got, want)
	}
	if vendors[0] != (Option{Text: "Alcatel-Lucent Enterprise", Value: "Ale", Type: "Deskphone"}) {
		t.Errorf("first vendor = %+v", vendors[0])
	}

	models, err := c.PhoneModels(ctx, "Yealink")
	if err != nil {
		t.Fatal(err)
	}
	if models[0] != (Option{Text: "CP920", Value: "CP920", Type: "Conferencephone"}) || len(models) != 8 {
		t.Errorf("Yealink models = %+v", models)
	}

	templates, err := c.PhoneTemplates(ctx, "CP920")
	if err != nil {
		t.Fatal(err)
	}
	if len(templates) != 1 || templates[0] != (Option{Text: "YSDP_YealinkCP", Value: "24"}) {
		t.Errorf("CP920 templates = %+v", templates)
	}

	methods, err := c.AutopMethods(ctx, "Yealink", "CP920")
	if err != nil {
		t.Fatal(err)
	}
	want := Option{Text: "yeastardocs.example.yeastarcloud.com:443/api/autoprovision/6gEzigLFhMGntjd8", Value: "rps", Type: "full"}
	if len(methods) != 1 || methods[0] != want {
		t.Errorf("CP920 methods = %+v, want %+v", methods, want)
	}

	st := pbx.Stats()
	if st.GetToken != 1 || st.Compatibility != 4 || st.BadUserAgent != 0 {
		t.Errorf("stats = %+v, want one get_token, four compatibility requests, all with User-Agent: OpenAPI", st)
	}
}

func TestEveryRequestCarriesTheUserAgentAndNoTokenOutsideTheQuery(t *testing.T) {
	fake := fakeyeastar.New()
	var mu sync.Mutex
	var seen []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Clone(context.Background()))
		mu.Unlock()
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c := newClient(t, &testPBX{Server: fake, url: srv.URL})
	if _, err := c.PhoneModels(context.Background(), "Snom"); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 {
		t.Fatalf("saw %d requests, want get_token, compatibility, del_token", len(seen))
	}
	for _, r := range seen {
		if ua := r.Header.Get("User-Agent"); ua != "OpenAPI" {
			t.Errorf("%s %s: User-Agent %q, want OpenAPI", r.Method, r.URL.Path, ua)
		}
	}
	if seen[0].Method != http.MethodPost || seen[0].Header.Get("Content-Type") != "application/json" {
		t.Errorf("get_token sent as %s with Content-Type %q", seen[0].Method, seen[0].Header.Get("Content-Type"))
	}
	if q := seen[1].URL.Query(); q.Get("menu") != "phone_model" || q.Get("vendor") != "Snom" || q.Get("access_token") == "" {
		t.Errorf("compatibility query = %v", q)
	}
}

func TestConcurrentReadsShareOneTokenAndIdenticalQueriesAreSentOnce(t *testing.T) {
	pbx := startPBX(t)
	pbx.Latency = 20 * time.Millisecond
	c := newClient(t, pbx)

	models := []string{"CP920", "SIP-T46U", "D785", "X6U"}
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(model string) {
			defer wg.Done()
			if _, err := c.PhoneTemplates(context.Background(), model); err != nil {
				errs <- err
			}
		}(models[i%len(models)])
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st := pbx.Stats()
	if st.GetToken != 1 {
		t.Errorf("get_token calls = %d, want 1", st.GetToken)
	}
	if st.Compatibility != len(models) {
		t.Errorf("compatibility requests = %d, want %d (one per distinct query): %v", st.Compatibility, len(models), st.Queries)
	}
}

func TestWrongCredentialsAreTriedOnceAndNamed(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx, func(cfg *Config) { cfg.ClientSecret = "wrong-secret-value" })
	_, err := c.PhoneVendors(context.Background())
	if !errors.Is(err, ErrWrongCredentials) {
		t.Fatalf("err = %v, want ErrWrongCredentials", err)
	}
	// Later reads get the same answer without another login.
	if _, again := c.PhoneModels(context.Background(), "Snom"); !errors.Is(again, ErrWrongCredentials) {
		t.Fatalf("second read: err = %v, want ErrWrongCredentials", again)
	}
	if got := pbx.Stats().GetToken; got != 1 {
		t.Errorf("get_token attempts = %d, want exactly 1", got)
	}
	if strings.Contains(err.Error(), "wrong-secret-value") {
		t.Errorf("error shows the secret: %v", err)
	}
}

func TestAuthenticationFailuresAreNotRetried(t *testing.T) {
	for _, tc := range []struct {
		code int
		want error
	}{
		{70004, ErrIPBlocked},
		{70087, ErrIPForbidden},
		{10005, ErrAccessDenied},
		{60002, ErrTokenLimit},
	} {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			pbx := startPBX(t)
			pbx.InjectFaults("get_token", fakeyeastar.Fault{Body: fmt.Sprintf(`{"errcode":%d,"errmsg":"X"}`, tc.code)})
			c := newClient(t, pbx)
			_, err := c.PhoneVendors(context.Background())
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if st := pbx.Stats(); st.Requests != 1 {
				t.Errorf("requests = %d, want 1 (no retry)", st.Requests)
			}
		})
	}
}

func TestFiveFailedLoginsBlockTheIP(t *testing.T) {
	pbx := startPBX(t)
	for i := 0; i < 5; i++ {
		// A new client for each run, as each terraform command starts a new provider process.
		bad := newClient(t, pbx, func(cfg *Config) { cfg.ClientSecret = "nope-nope" })
		if _, err := bad.PhoneVendors(context.Background()); !errors.Is(err, ErrWrongCredentials) {
			t.Fatalf("login %d: %v", i, err)
		}
	}
	_, err := newClient(t, pbx).PhoneVendors(context.Background())
	if !errors.Is(err, ErrIPBlocked) {
		t.Fatalf("after 5 failures, err = %v, want ErrIPBlocked", err)
	}
}

func TestTokenCapIsReportedWithoutRetry(t *testing.T) {
	pbx := startPBX(t)
	pbx.MaxTokens = 2
	pbx.IssueToken()
	pbx.IssueToken()
	_, err := newClient(t, pbx).PhoneVendors(context.Background())
	if !errors.Is(err, ErrTokenLimit) {
		t.Fatalf("err = %v, want ErrTokenLimit", err)
	}
	if got := pbx.Stats().GetToken; got != 1 {
		t.Errorf("get_token attempts = %d, want 1", got)
	}
}

func TestExpiredTokenIsRenewedOnceAndTheRequestRepeated(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	ctx := context.Background()
	if _, err := c.PhoneVendors(ctx); err != nil {
		t.Fatal(err)
	}
	pbx.ExpireTokens()
	models, err := c.PhoneModels(ctx, "Fanvil")
	if err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if len(models) == 0 {
		t.Fatal("no models after renewal")
	}
	st := pbx.Stats()
	if st.RefreshToken+st.GetToken != 2 {
		t.Errorf("token calls: %d get_token + %d refresh_token, want one renewal after the first token", st.GetToken, st.RefreshToken)
	}
	if st.Compatibility != 3 {
		t.Errorf("compatibility requests = %d, want 3 (vendors, rejected models, repeated models)", st.Compatibility)
	}
}

func TestRefreshFailureFallsBackToGetToken(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	ctx := context.Background()
	if _, err := c.PhoneVendors(ctx); err != nil {
		t.Fatal(err)
	}
	pbx.ExpireTokens()
	pbx.InjectFaults("refresh_token", fakeyeastar.Fault{Body: `{"errcode":10004,"errmsg":"TOKEN EXPIRED"}`})
	if _, err := c.PhoneModels(ctx, "Snom"); err != nil {
		t.Fatal(err)
	}
	if st := pbx.Stats(); st.GetToken != 2 {
		t.Errorf("get_token calls = %d, want 2 (the refresh failed)", st.GetToken)
	}
}

func TestTokenIsRenewedShortlyBeforeItExpires(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	ctx := context.Background()
	if _, err := c.PhoneVendors(ctx); err != nil {
		t.Fatal(err)
	}
	// Move the client's clock to 30 s before expiry: the next call must refresh first.
	c.tokens.mu.Lock()
	c.tokens.now = func() time.Time { return time.Now().Add(30*time.Minute - 30*time.Second) }
	c.tokens.mu.Unlock()
	if _, err := c.PhoneModels(ctx, "Htek"); err != nil {
		t.Fatal(err)
	}
	st := pbx.Stats()
	if st.RefreshToken != 1 || st.GetToken != 1 {
		t.Errorf("token calls = %d get_token, %d refresh_token; want 1 and 1", st.GetToken, st.RefreshToken)
	}
	if st.Compatibility != 2 {
		t.Errorf("compatibility requests = %d, want 2: no request was sent with the old token", st.Compatibility)
	}
}

func TestSecondTokenExpiredIsAnError(t *testing.T) {
	pbx := startPBX(t)
	expired := fakeyeastar.Fault{Body: `{"errcode":10004,"errmsg":"TOKEN EXPIRED"}`}
	pbx.InjectFaults("auto_provisioning/compatibility", expired, expired)
	_, err := newClient(t, pbx).PhoneVendors(context.Background())
	if !errors.Is(err, ErrTokenExpired) {
		t.Fatalf("err = %v, want ErrTokenExpired", err)
	}
	if st := pbx.Stats(); st.Compatibility != 0 || st.FaultsServed != 2 {
		t.Errorf("stats = %+v, want exactly two attempts", st)
	}
}

func TestGivenAccessTokenIsUsedAsIsNeverRenewedOrRevoked(t *testing.T) {
	pbx := startPBX(t)
	token := pbx.IssueToken()
	c := newClient(t, pbx, func(cfg *Config) { cfg.ClientID, cfg.ClientSecret, cfg.AccessToken = "", "", token })
	if _, err := c.PhoneVendors(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := pbx.Stats(); st.GetToken != 0 || st.DelToken != 0 || st.LiveTokens != 1 {
		t.Errorf("stats = %+v, want no get_token, no del_token, the token still valid", st)
	}

	pbx.ExpireTokens()
	c = newClient(t, pbx, func(cfg *Config) { cfg.ClientID, cfg.ClientSecret, cfg.AccessToken = "", "", token })
	_, err := c.PhoneVendors(context.Background())
	if !errors.Is(err, ErrStaticTokenExpiry) {
		t.Fatalf("err = %v, want ErrStaticTokenExpiry", err)
	}
	if strings.Contains(err.Error(), token) {
		t.Errorf("error shows the token: %v", err)
	}
}

func TestCloseRevokesTheTokenOnce(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	if err := c.Close(context.Background()); err != nil {
		t.Fatalf("Close without a token: %v", err)
	}
	if st := pbx.Stats(); st.Requests != 0 {
		t.Fatalf("Close without a token sent %d requests", st.Requests)
	}

	c = newClient(t, pbx)
	if _, err := c.PhoneVendors(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := c.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if st := pbx.Stats(); st.DelToken != 1 || st.LiveTokens != 0 {
		t.Errorf("stats = %+v, want one del_token and no valid token", st)
	}
}

func TestRetriesServerFaultsThenSucceeds(t *testing.T) {
	for name, fault := range map[string]fakeyeastar.Fault{
		"proxy HTML 502": {Status: 502, ContentType: "text/html", Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"},
		"429":            {Status: 429, Header: http.Header{"Retry-After": {"0"}}, Body: "slow down"},
		"errcode -2":     {Body: `{"errcode":-2,"errmsg":"INTERNAL SERVER ERROR"}`},
		"hang-up":        {Hangup: true},
	} {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			pbx.InjectFaults("auto_provisioning/compatibility", fault)
			vendors, err := newClient(t, pbx).PhoneVendors(context.Background())
			if err != nil {
				t.Fatalf("err = %v, want success after one retry", err)
			}
			if len(vendors) != 6 {
				t.Errorf("got %d vendors", len(vendors))
			}
			if st := pbx.Stats(); st.FaultsServed != 1 || st.Compatibility != 1 {
				t.Errorf("stats = %+v", st)
			}
		})
	}
}

func TestPersistentServerErrorsFailAfterMaxRetries(t *testing.T) {
	pbx := startPBX(t)
	faults := make([]fakeyeastar.Fault, 10)
	for i := range faults {
		faults[i] = fakeyeastar.Fault{Status: 500, Body: "Internal Server Error"}
	}
	pbx.InjectFaults("auto_provisioning/compatibility", faults...)
	_, err := newClient(t, pbx, func(cfg *Config) { cfg.MaxRetries = 2 }).PhoneVendors(context.Background())
	var respErr *ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("err = %v, want a ResponseError", err)
	}
	if respErr.Attempts != 3 || respErr.HTTPStatus != 500 {
		t.Errorf("attempts = %d, status = %d; want 3 and 500", respErr.Attempts, respErr.HTTPStatus)
	}
	for _, want := range []string{"/openapi/v1.0/auto_provisioning/compatibility", "500", "after 3 attempts", "Internal Server Error"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if got := pbx.Stats().FaultsServed; got != 3 {
		t.Errorf("attempts served = %d, want 3", got)
	}
}

func TestUnusableBodiesGiveClearErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		fault   fakeyeastar.Fault
		problem string
	}{
		"HTML":         {fakeyeastar.Fault{Status: 200, ContentType: "text/html", Body: "<html>login</html>"}, "not JSON"},
		"empty":        {fakeyeastar.Fault{Status: 200}, "empty"},
		"truncated":    {fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","data":[{"text":"Yea`}, "truncated"},
		"no errcode":   {fakeyeastar.Fault{Body: `{"status":"ok","data":[]}`}, "no errcode"},
		"data shape":   {fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","data":{"text":"x"}}`}, "data field has an unexpected shape"},
		"value number": {fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","data":[{"text":"x","value":24}]}`}, "unexpected shape"},
		"404 page":     {fakeyeastar.Fault{Status: 404, ContentType: "text/html", Body: "<h1>Not Found</h1>"}, "404 Not Found"},
	} {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			pbx.InjectFaults("auto_provisioning/compatibility", tc.fault)
			_, err := newClient(t, pbx, func(cfg *Config) { cfg.MaxRetries = -1 }).PhoneVendors(context.Background())
			var respErr *ResponseError
			if !errors.As(err, &respErr) {
				t.Fatalf("err = %v (%T), want a ResponseError", err, err)
			}
			for _, want := range []string{"GET /openapi/v1.0/auto_provisioning/compatibility?menu=phone_vendor", "HTTP status", tc.problem} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
}

func TestMissingParameterNamesTheParameter(t *testing.T) {
	pbx := startPBX(t)
	_, err := newClient(t, pbx).Compatibility(context.Background(), CompatibilityQuery{Menu: MenuPhoneModel})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrInvalidParameter) {
		t.Fatalf("err = %v, want an APIError for 40002", err)
	}
	if apiErr.Code != 40002 || len(apiErr.InvalidParams) != 1 || apiErr.InvalidParams[0].Field != "vendor" {
		t.Errorf("apiErr = %+v", apiErr)
	}
	if !strings.Contains(err.Error(), `parameter "vendor"`) {
		t.Errorf("error %q does not name the parameter", err)
	}
}

func TestTimeoutsAreRetriedAndBounded(t *testing.T) {
	pbx := startPBX(t)
	slow := fakeyeastar.Fault{Delay: 2 * time.Second, Body: `{"errcode":0,"data":[]}`}
	pbx.InjectFaults("auto_provisioning/compatibility", slow, slow)
	c := newClient(t, pbx, func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond; cfg.MaxRetries = 1 })
	_, err := c.PhoneVendors(context.Background())
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || reqErr.Attempts != 2 {
		t.Fatalf("err = %v, want a RequestError after 2 attempts", err)
	}
}

func TestCancelledContextStopsWaitingAtOnce(t *testing.T) {
	pbx := startPBX(t)
	pbx.InjectFaults("auto_provisioning/compatibility", fakeyeastar.Fault{Delay: time.Minute})
	// The request itself ends with its timeout, so that the server can shut down after the test.
	c := newClient(t, pbx, func(cfg *Config) { cfg.RequestTimeout = 3 * time.Second; cfg.MaxRetries = -1 })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.PhoneVendors(ctx)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the call went on waiting after its context was cancelled")
	}
}

func TestNoSecretInErrorsOrLogs(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	c := newClient(t, pbx, func(cfg *Config) { cfg.Logger = logger; cfg.MaxRetries = 1 })
	ctx := context.Background()
	if _, err := c.PhoneVendors(ctx); err != nil {
		t.Fatal(err)
	}
	token := pbx.LiveTokens()[0]

	var errs []error
	// A body that echoes the token, as a misbehaving proxy might.
	pbx.InjectFaults("auto_provisioning/compatibility",
		fakeyeastar.Fault{Status: 502, Body: "bad gateway for /x?access_token=" + token},
		fakeyeastar.Fault{Status: 502, Body: "bad gateway for /x?access_token=" + token})
	_, err := c.PhoneModels(ctx, "Yealink")
	errs = append(errs, err)

	// A refused connection: Go's *url.Error quotes the whole URL, token and all.
	dead := httptest.NewServer(pbx.Server)
	deadURL := dead.URL
	dead.Close()
	c.apiBase.Host = strings.TrimPrefix(deadURL, "http://")
	_, err = c.PhoneModels(ctx, "Snom")
	errs = append(errs, err)

	for _, err := range errs {
		if err == nil {
			t.Fatal("expected an error")
		}
		for _, secret := range []string{token, pbx.ClientSecret} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows a secret: %v", err)
			}
		}
	}
	logs := logger.text()
	if !strings.Contains(logs, "Yeastar API call") || !strings.Contains(logs, "menu:phone_vendor") {
		t.Errorf("logs lack the call lines:\n%s", logs)
	}
	for _, secret := range []string{token, pbx.ClientSecret} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs show a secret:\n%s", logs)
		}
	}
	if !strings.Contains(logs, Redacted) {
		t.Errorf("logs show no redaction, so the scan may have missed the token bodies:\n%s", logs)
	}
}

func TestTLS(t *testing.T) {
	fake := fakeyeastar.New()
	srv := httptest.NewTLSServer(fake)
	t.Cleanup(srv.Close)
	pbx := &testPBX{Server: fake, url: srv.URL}
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))

	_, err := newClient(t, pbx).PhoneVendors(context.Background())
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("untrusted certificate: err = %v (%T), want a certificate error", err, err)
	}
	if got := fake.Stats().Requests; got != 0 {
		t.Errorf("the server saw %d requests despite the TLS failure", got)
	}

	if _, err := newClient(t, pbx, func(cfg *Config) { cfg.CACertificatePEM = caPEM }).PhoneVendors(context.Background()); err != nil {
		t.Errorf("with the CA certificate: %v", err)
	}
	if _, err := newClient(t, pbx, func(cfg *Config) { cfg.InsecureSkipVerify = true }).PhoneVendors(context.Background()); err != nil {
		t.Errorf("with insecure_skip_verify: %v", err)
	}
	if _, err := New(Config{BaseURL: srv.URL, AccessToken: "abcd", CACertificatePEM: "not a PEM"}); err == nil {
		t.Error("a CA certificate without PEM was accepted")
	}
}

func TestConfigChecks(t *testing.T) {
	for _, tc := range []struct {
		base, apiPath string
		ok            bool
	}{
		{"https://pbx.example.com", "", true},
		{"https://pbx.example.com/", "", true},
		{"https://192.0.2.10:8088", "openapi/v1.0", true},
		{"http://192.0.2.10", "/openapi/v1.0/", true},
		{"pbx.example.com", "", false},
		{"ftp://pbx.example.com", "", false},
		{"https://", "", false},
		{"https://pbx.example.com/openapi/v1.0", "", false},
		{"https://pbx.example.com?x=1", "", false},
		{"https://user:pw@pbx.example.com", "", false},
		{"https://pbx.example.com", "openapi/v1.0?x=1", false},
		{"https://pbx.example.com", "https://pbx/openapi", false},
	} {
		_, err := New(Config{BaseURL: tc.base, APIPath: tc.apiPath, ClientID: "id", ClientSecret: "secret"})
		if (err == nil) != tc.ok {
			t.Errorf("base %q, api_path %q: err = %v, want ok = %v", tc.base, tc.apiPath, err, tc.ok)
		}
	}
	if _, err := New(Config{BaseURL: "https://pbx"}); err == nil {
		t.Error("no credentials accepted")
	}
	if _, err := New(Config{BaseURL: "https://pbx", AccessToken: "t", ClientID: "id"}); err == nil {
		t.Error("access token with client ID accepted")
	}
}

func TestBackoffHonoursRetryAfterAndGrowsWithJitter(t *testing.T) {
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"7"}}}
	if got := backoffWithJitter(time.Second, time.Minute, 0, resp); got != 7*time.Second {
		t.Errorf("Retry-After 7: waited %v", got)
	}
	if got := backoffWithJitter(time.Second, 3*time.Second, 0, resp); got != 3*time.Second {
		t.Errorf("Retry-After beyond the maximum: waited %v, want the maximum", got)
	}
	for attempt := 0; attempt < 6; attempt++ {
		ceiling := min(time.Second<<attempt, 10*time.Second)
		got := backoffWithJitter(time.Second, 10*time.Second, attempt, nil)
		if got < ceiling/2 || got > ceiling {
			t.Errorf("attempt %d: waited %v, want between %v and %v", attempt, got, ceiling/2, ceiling)
		}
	}
}

func TestTokenResponseOfAnUnexpectedShapeLeaksNoToken(t *testing.T) {
	pbx := startPBX(t)
	const token = "Zq9TfVx2LmN8pR4sW6yB1cD3eG5hJ7kA"
	pbx.InjectFaults("get_token", fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","access_token":"` + token +
		`","access_token_expire_time":[1800],"refresh_token":"` + token + `R","refresh_token_expire_time":86400,"extra":{"a":1}}`})
	pbx.InjectFaults("auto_provisioning/compatibility", fakeyeastar.Fault{Body: `{"errcode":40002,"errmsg":"bad ` + token + `"}`})
	logger := &recordingLogger{}
	_, err := newClient(t, pbx, func(cfg *Config) { cfg.Logger = logger }).PhoneVendors(context.Background())
	if err == nil {
		t.Fatal("expected the PBX's 40002")
	}
	for _, text := range []string{err.Error(), logger.text()} {
		if strings.Contains(text, token[:8]) {
			t.Errorf("a token appears:\n%s", text)
		}
	}
}

func TestSnippetCutLeavesNoPartOfASecret(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx, func(cfg *Config) { cfg.MaxRetries = -1 })
	if _, err := c.PhoneVendors(context.Background()); err != nil {
		t.Fatal(err)
	}
	token := pbx.LiveTokens()[0]
	// The token starts a few characters before the 120-character cut.
	page := "<html>" + strings.Repeat("x", snippetLength-6-10) + token + "</html>"
	pbx.InjectFaults("auto_provisioning/compatibility", fakeyeastar.Fault{Status: 502, ContentType: "text/html", Body: page})
	_, err := c.PhoneModels(context.Background(), "Htek")
	if err == nil {
		t.Fatal("expected the 502")
	}
	if strings.Contains(err.Error(), token[:8]) {
		t.Errorf("part of the token appears: %v", err)
	}
}

func TestAnErrcodeIsNotRetriedWhateverTheStatus(t *testing.T) {
	pbx := startPBX(t)
	expired := fakeyeastar.Fault{Status: 500, Body: `{"errcode":10004,"errmsg":"TOKEN EXPIRED"}`}
	pbx.InjectFaults("auto_provisioning/compatibility", expired, expired, expired, expired, expired, expired, expired, expired)
	_, err := newClient(t, pbx).PhoneVendors(context.Background())
	if !errors.Is(err, ErrTokenExpired) {
		t.Fatalf("err = %v, want ErrTokenExpired", err)
	}
	if got := pbx.Stats().FaultsServed; got != 2 {
		t.Errorf("compatibility attempts = %d, want 2 (the request and its one repetition)", got)
	}
}

func TestAnErrcodeWinsOverOtherFieldsOfAnUnexpectedShape(t *testing.T) {
	pbx := startPBX(t)
	pbx.InjectFaults("get_token", fakeyeastar.Fault{Body: `{"errcode":-1,"errmsg":"FAILURE","invalid_param_list":[{"field":"password","value":0}]}`})
	_, err := newClient(t, pbx).PhoneVendors(context.Background())
	if !errors.Is(err, ErrWrongCredentials) {
		t.Fatalf("err = %v, want ErrWrongCredentials", err)
	}
}

func TestALoginIsSentOnceAndALostAnswerFailsTheRunNamingTheTokenPlace(t *testing.T) {
	for name, fault := range map[string]fakeyeastar.Fault{
		"a proxy's 503": {Status: 503, Body: "busy"},
		"connection dropped before the PBX acted": {Hangup: true},
		"answer lost after the token was issued":  {HangupAfterServe: true},
	} {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			pbx.InjectFaults("get_token", fault)
			c := newClient(t, pbx, func(cfg *Config) { cfg.MaxRetries = 3 })
			for i := 0; i < 3; i++ {
				_, err := c.PhoneModels(context.Background(), fmt.Sprint("vendor-", i))
				var lost *LoginLostError
				if !errors.As(err, &lost) || !strings.Contains(lost.Error(), "until it expires (30 minutes)") {
					t.Fatalf("err = %v, want a LoginLostError saying a token place may stay taken for 30 minutes", err)
				}
				// Every caller gets the one login's error, so that it can be explained once.
				var loginErr *LoginError
				if !errors.As(err, &loginErr) || loginErr.FirstReport() != (i == 0) {
					t.Errorf("call %d: err = %v; want the same LoginError, first reported by the first caller", i, err)
				}
			}
			if err := c.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			st := pbx.Stats()
			if st.Requests != 1 || st.Endpoints["get_token"] != 1 {
				t.Errorf("requests = %v, want the one login and nothing after it failed", st.Endpoints)
			}
			// A token issued for a lost answer is the one the lost answer costs; no more.
			if st.LiveTokens != st.IssuedTokens || st.IssuedTokens > 1 {
				t.Errorf("%d tokens issued, %d live; want at most the one the lost answer cost", st.IssuedTokens, st.LiveTokens)
			}
		})
	}
}

func TestALoginFinishingAfterCtrlCIsRevokedBeforeCloseReturns(t *testing.T) {
	pbx := startPBX(t)
	pbx.InjectFaults("get_token", fakeyeastar.Fault{Pass: true, Delay: 300 * time.Millisecond})
	c := newClient(t, pbx)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, err := c.PhoneVendors(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The provider is told to stop while the login is still on its way.
	closeCtx, stop := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer stop()
	if err := c.Close(closeCtx); err != nil {
		t.Fatal(err)
	}
	if st := pbx.Stats(); st.IssuedTokens != 1 || st.LiveTokens != 0 || st.DelToken != 1 {
		t.Errorf("stats = %+v, want the one token issued and revoked by the time Close returns", st)
	}
}

func TestAFailedQuestionIsNotAskedAgain(t *testing.T) {
	pbx := startPBX(t)
	pbx.InjectFaults("auto_provisioning/compatibility", fakeyeastar.Fault{Status: 500}, fakeyeastar.Fault{Status: 500})
	c := newClient(t, pbx, func(cfg *Config) { cfg.MaxRetries = 1 })
	for i := 0; i < 3; i++ {
		if _, err := c.PhoneVendors(context.Background()); err == nil {
			t.Fatal("expected the 500")
		}
	}
	if got := pbx.Stats().FaultsServed; got != 2 {
		t.Errorf("attempts = %d, want the two of the first question only", got)
	}
}

func TestDocumentedErrcodesMatchTheirSentinels(t *testing.T) {
	for code, want := range map[int]error{
		10001: ErrInterfaceMissing, 10002: ErrUnsupportedAPI, 10003: ErrUnsupportedAPI, 10005: ErrAccessDenied,
		40001: ErrInvalidParameter, 40002: ErrInvalidParameter, 60001: ErrDataNotFound, 60002: ErrTokenLimit,
		70004: ErrIPBlocked, 70087: ErrIPForbidden,
	} {
		pbx := startPBX(t)
		pbx.InjectFaults("auto_provisioning/compatibility", fakeyeastar.Fault{Body: fmt.Sprintf(`{"errcode":%d,"errmsg":"X"}`, code)})
		_, err := newClient(t, pbx).PhoneVendors(context.Background())
		if !errors.Is(err, want) {
			t.Errorf("errcode %d: err = %v, want %v", code, err, want)
		}
		if got := pbx.Stats().FaultsServed; got != 1 {
			t.Errorf("errcode %d was sent %d times, want once", code, got)
		}
	}
}

func TestWrongAPIPathIsReported(t *testing.T) {
	pbx := startPBX(t)
	_, err := newClient(t, pbx, func(cfg *Config) { cfg.APIPath = "openapi/v2.0" }).PhoneVendors(context.Background())
	if !errors.Is(err, ErrUnsupportedAPI) {
		t.Errorf("api_path openapi/v2.0: err = %v, want ErrUnsupportedAPI", err)
	}
	_, err = newClient(t, pbx, func(cfg *Config) { cfg.APIPath = "api" }).PhoneVendors(context.Background())
	if !errors.Is(err, ErrInterfaceMissing) {
		t.Errorf("api_path api: err = %v, want ErrInterfaceMissing", err)
	}
}

func TestTokenExpiredOnGetTokenIsNotALoopOfLogins(t *testing.T) {
	pbx := startPBX(t)
	pbx.InjectFaults("get_token", fakeyeastar.Fault{Body: `{"errcode":10004,"errmsg":"TOKEN EXPIRED"}`})
	_, err := newClient(t, pbx).PhoneVendors(context.Background())
	if err == nil {
		t.Fatal("expected an error")
	}
	if got := pbx.Stats().Requests; got != 1 {
		t.Errorf("requests = %d, want 1", got)
	}
}

func TestCloseDuringALoginRevokesTheNewToken(t *testing.T) {
	pbx := startPBX(t)
	pbx.InjectFaults("get_token", fakeyeastar.Fault{Pass: true, Delay: 300 * time.Millisecond})
	c := newClient(t, pbx)
	done := make(chan error, 1)
	go func() {
		_, err := c.PhoneVendors(context.Background())
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	if err := c.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err == nil {
		t.Error("a read finished after Close")
	}
	if st := pbx.Stats(); st.LiveTokens != 0 || st.Compatibility != 0 {
		t.Errorf("stats = %+v, want the late token revoked and no request sent", st)
	}
}

func TestRedactedErrorsKeepTheirType(t *testing.T) {
	s := &secrets{}
	s.add("secret-token-value")
	err := s.redactError(&RequestError{Request: "GET /x", Err: errors.New("boom secret-token-value")})
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || strings.Contains(err.Error(), "secret-token-value") {
		t.Errorf("err = %v: want a redacted *RequestError", err)
	}
}
