package yeastar

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// fieldLogger keeps every DEBUG line with its fields.
type fieldLogger struct {
	mu    sync.Mutex
	lines []loggedLine
}

type loggedLine struct {
	msg    string
	fields map[string]any
}

func (l *fieldLogger) Debug(_ context.Context, msg string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, loggedLine{msg, f})
}
func (l *fieldLogger) Trace(context.Context, string, map[string]any) {}

func TestEveryRequestIsLoggedAsOneAPICallLineWithoutSecrets(t *testing.T) {
	pbx := startPBX(t)
	logger := &fieldLogger{}
	c := newClient(t, pbx, func(cfg *Config) {
		cfg.Logger = logger
		cfg.MaxRetries = -1
		cfg.RequestTimeout = 100 * time.Millisecond
	})
	ctx := context.Background()
	if _, err := c.PhoneVendors(ctx); err != nil {
		t.Fatal(err)
	}
	// A timeout (no answer), a proxy's page (no errcode) and an errcode.
	pbx.InjectFaults("phone/search", fakeyeastar.Fault{Delay: time.Second}, fakeyeastar.Fault{Status: 502, Body: "<html>", ContentType: "text/html"},
		fakeyeastar.ErrcodeFault(CodeAccessDenied))
	for range 3 {
		_, _ = c.SearchPhones(ctx, "")
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}

	sent := pbx.Stats().Requests
	var calls []loggedLine
	for _, l := range logger.lines {
		if l.msg == "Yeastar API call" {
			calls = append(calls, l)
		}
	}
	if len(calls) != sent {
		t.Fatalf("%d \"Yeastar API call\" lines for %d requests: %+v", len(calls), sent, logger.lines)
	}
	paths := map[string]bool{}
	for _, l := range calls {
		for _, name := range []string{"method", "path", "attempts", "duration"} {
			if _, ok := l.fields[name]; !ok {
				t.Errorf("line %v lacks %s", l.fields, name)
			}
		}
		_, hasStatus := l.fields["status"]
		_, hasError := l.fields["error"]
		if !hasStatus && !hasError {
			t.Errorf("line %v has neither a status nor an error", l.fields)
		}
		text := fmt.Sprint(l.fields)
		for _, secret := range pbx.IssuedSecrets() {
			if strings.Contains(text, secret) {
				t.Errorf("line %v shows a secret", l.fields)
			}
		}
		path, _ := l.fields["path"].(string)
		paths[path[strings.LastIndex(path, "v1.0/")+len("v1.0/"):]] = true
	}
	for _, want := range []string{"get_token", "auto_provisioning/compatibility", "phone/search", "del_token"} {
		if !paths[want] {
			t.Errorf("no call line for %s among %v", want, paths)
		}
	}
}

func TestALoginThatNeverLeftIsRepeatedAndNotCalledLost(t *testing.T) {
	pbx := startPBX(t)
	dead := httptest.NewServer(pbx.Server)
	dead.Close()
	c := newClient(t, &testPBX{Server: pbx.Server, url: dead.URL}, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.PhoneVendors(context.Background())
	var requestErr *RequestError
	var lost *LoginLostError
	if !errors.As(err, &requestErr) || errors.As(err, &lost) || requestErr.Attempts != 3 {
		t.Fatalf("err = %v, want a RequestError after 3 attempts that is not a lost login", err)
	}

	// An untrusted certificate: the handshake fails before anything is sent, once.
	tlsSrv := httptest.NewTLSServer(pbx.Server)
	t.Cleanup(tlsSrv.Close)
	c = newClient(t, &testPBX{Server: pbx.Server, url: tlsSrv.URL}, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err = c.PhoneVendors(context.Background())
	if !errors.As(err, &requestErr) || errors.As(err, &lost) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err = %v, want a certificate error that is not a lost login", err)
	}
	if n := pbx.Stats().Endpoints["get_token"]; n != 0 {
		t.Errorf("%d logins reached the PBX, want none", n)
	}
}
