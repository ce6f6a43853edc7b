package yeastar

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// countingHandler counts the requests that reached the server's HTTP layer.
type countingHandler struct {
	next http.Handler
	n    atomic.Int32
}

func (h *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.n.Add(1)
	h.next.ServeHTTP(w, r)
}

func TestAWrongSchemeSaysWhichToUseAndIsNotALostLogin(t *testing.T) {
	fake := fakeyeastar.New()
	tlsSrv := httptest.NewTLSServer(fake)
	t.Cleanup(tlsSrv.Close)
	plain := &countingHandler{next: fake}
	plainSrv := httptest.NewServer(plain)
	t.Cleanup(plainSrv.Close)
	redirects := &countingHandler{next: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://pbx.example.com"+r.URL.RequestURI(), http.StatusMovedPermanently)
	})}
	redirectSrv := httptest.NewServer(redirects)
	t.Cleanup(redirectSrv.Close)
	tlsHostPort := strings.TrimPrefix(tlsSrv.URL, "https://")
	plainHostPort := strings.TrimPrefix(plainSrv.URL, "http://")

	for name, tc := range map[string]struct {
		baseURL      string
		wantUse      string
		wantBaseURL  string
		wantEvidence string
		reached      *countingHandler
	}{
		"http:// to an HTTPS server": {"http://" + tlsHostPort, "https", "https://" + tlsHostPort, "Client sent an HTTP request to an HTTPS server", nil},
		"https:// to a plain server": {"https://" + plainHostPort, "http", "http://" + plainHostPort, "plain HTTP", plain},
		"a 301 to https://":          {redirectSrv.URL, "https", "https://pbx.example.com", "HTTP status 301", redirects},
	} {
		t.Run(name, func(t *testing.T) {
			before := 0
			if tc.reached != nil {
				before = int(tc.reached.n.Load())
			}
			issued := fake.Stats().IssuedTokens
			c, err := New(Config{BaseURL: tc.baseURL, ClientID: fake.ClientID, ClientSecret: fake.ClientSecret, MaxRetries: 3})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.PhoneVendors(context.Background())
			var wrong *WrongSchemeError
			if !errors.As(err, &wrong) {
				t.Fatalf("err = %v (%T), want a WrongSchemeError", err, err)
			}
			if wrong.Use != tc.wantUse || wrong.BaseURL != tc.wantBaseURL || !strings.Contains(err.Error(), tc.wantEvidence) {
				t.Errorf("err = %v; want use %s, base URL %s, evidence %q", err, tc.wantUse, tc.wantBaseURL, tc.wantEvidence)
			}
			var lost *LoginLostError
			if errors.As(err, &lost) || strings.Contains(err.Error(), "may have issued") {
				t.Errorf("a login sent with the wrong scheme reads as a lost login: %v", err)
			}
			if AnswerLost(err) {
				t.Error("AnswerLost = true for a request that never reached the API")
			}
			if tc.reached != nil {
				if n := int(tc.reached.n.Load()) - before; n > 1 {
					t.Errorf("%d requests reached the server, want the one: a wrong scheme is not repeated", n)
				}
			}
			if got := fake.Stats().IssuedTokens; got != issued {
				t.Errorf("%d tokens issued", got-issued)
			}
		})
	}
}

func TestALoginAnsweredWithAClientErrorIsNotALostLogin(t *testing.T) {
	pbx := startPBX(t)
	pbx.InjectFaults("get_token", fakeyeastar.Fault{Status: 404, ContentType: "text/html", Body: "<h1>Not Found</h1>"})
	_, err := newClient(t, pbx).PhoneVendors(context.Background())
	var lost *LoginLostError
	var respErr *ResponseError
	if errors.As(err, &lost) || !errors.As(err, &respErr) || respErr.HTTPStatus != 404 {
		t.Fatalf("err = %v, want the 404 as a ResponseError, not a lost login", err)
	}
}

func TestARedirectWithinTheSchemeSaysWhereItPointsWithoutTheQuery(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/portal/login?next="+r.URL.RawQuery, http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "tok-secret-123"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.PhoneVendors(context.Background())
	var respErr *ResponseError
	if !errors.As(err, &respErr) || !strings.Contains(err.Error(), "redirecting to /portal/login") || !strings.Contains(err.Error(), "check base_url") {
		t.Fatalf("err = %v, want a ResponseError naming the redirect's target", err)
	}
	if strings.Contains(err.Error(), "tok-secret-123") || strings.Contains(respErr.Problem, "next=") {
		t.Errorf("the error shows the redirect's query: %v", err)
	}
}
