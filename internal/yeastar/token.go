package yeastar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
)

const (
	// renewBefore is how long before its expiry a token is renewed, so that a request never
	// sets out with a token that dies on the way.
	renewBefore = 60 * time.Second
	// revokeTimeout bounds del_token at shutdown: Terraform waits about two seconds for a
	// provider to exit before it kills it.
	revokeTimeout = time.Second
)

// tokenSource holds the access token every request of one client shares. Concurrent callers
// that find no valid token wait for one get_token (or refresh_token) call between them.
type tokenSource struct {
	client *Client
	// static is true when the token was given by the user: used as is, never renewed or revoked.
	static       bool
	clientID     string
	clientSecret string

	group singleflight.Group

	mu            sync.Mutex
	access        string
	accessExpiry  time.Time
	refresh       string
	refreshExpiry time.Time
	revoked       bool
	// loginErr is the failure of this client's login, returned to every later caller instead
	// of a new login: a refused login brings the PBX's IP block closer, one that timed out may
	// still have taken one of the 8 token places, and neither heals within one run.
	loginErr *LoginError
	// renewing is closed when the renewal under way ends; nil when none is.
	renewing chan struct{}
	now      func() time.Time
}

func newTokenSource(c *Client, clientID, clientSecret, accessToken string) *tokenSource {
	ts := &tokenSource{client: c, clientID: clientID, clientSecret: clientSecret, now: time.Now}
	if accessToken != "" {
		ts.static = true
		ts.access = accessToken
	}
	return ts
}

// tokenResponse is what get_token and refresh_token return beside errcode.
type tokenResponse struct {
	AccessToken            string  `json:"access_token"`
	AccessTokenExpireTime  seconds `json:"access_token_expire_time"`
	RefreshToken           string  `json:"refresh_token"`
	RefreshTokenExpireTime seconds `json:"refresh_token_expire_time"`
}

// seconds is a lifetime the PBX may send as a number or as a numeric string. Anything else
// reads as zero (the documented default then applies): a token that was issued is kept, so
// that it can be used and revoked, rather than lost over the shape of a lifetime.
type seconds int64

func (s *seconds) UnmarshalJSON(data []byte) error {
	text := strings.Trim(string(data), `"`)
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		*s = seconds(n)
	}
	return nil
}

// token returns a valid access token, taking or renewing one when needed.
func (ts *tokenSource) token(ctx context.Context) (string, error) {
	ts.mu.Lock()
	if ts.static {
		defer ts.mu.Unlock()
		return ts.access, nil
	}
	if ts.revoked {
		ts.mu.Unlock()
		return "", errClosed
	}
	if ts.loginErr != nil {
		defer ts.mu.Unlock()
		return "", ts.loginErr
	}
	if ts.access != "" && ts.now().Add(renewBefore).Before(ts.accessExpiry) {
		defer ts.mu.Unlock()
		return ts.access, nil
	}
	ts.mu.Unlock()

	// NOTE: the renewal runs without the caller's cancellation so that one cancelled caller does
	// not fail every other caller waiting on the same renewal; each caller still stops waiting
	// as soon as its own context ends.
	ch := ts.group.DoChan("token", func() (any, error) {
		done := make(chan struct{})
		ts.mu.Lock()
		ts.renewing = done
		ts.mu.Unlock()
		defer func() {
			ts.mu.Lock()
			ts.renewing = nil
			ts.mu.Unlock()
			close(done)
		}()
		return ts.renew(context.WithoutCancel(ctx))
	})
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case result := <-ch:
		if result.Err != nil {
			return "", result.Err
		}
		token, _ := result.Val.(string)
		return token, nil
	}
}

// renew refreshes the token when a valid refresh token exists, and otherwise (or when the
// refresh fails) takes a new one.
func (ts *tokenSource) renew(ctx context.Context) (string, error) {
	ts.mu.Lock()
	if ts.access != "" && ts.now().Add(renewBefore).Before(ts.accessExpiry) {
		// Another caller renewed it while this one queued.
		defer ts.mu.Unlock()
		return ts.access, nil
	}
	refresh, refreshValid := ts.refresh, ts.refresh != "" && ts.now().Before(ts.refreshExpiry)
	ts.mu.Unlock()

	if refreshValid {
		tok, err := ts.call(ctx, "refresh_token", map[string]string{"refresh_token": refresh})
		if err == nil {
			return ts.store(ctx, tok)
		}
		ts.client.debug(ctx, "Yeastar token refresh failed; taking a new token", map[string]any{"error": ts.client.secrets.redact(err.Error())})
	}
	tok, err := ts.call(ctx, "get_token", map[string]string{"username": ts.clientID, "password": ts.clientSecret})
	if err != nil && answerLost(err) && !notCarriedOut(err) {
		err = &LoginLostError{Err: err}
	}
	if err != nil {
		loginErr := &LoginError{Err: err, Endpoint: ts.client.Endpoint()}
		ts.mu.Lock()
		ts.loginErr = loginErr
		ts.mu.Unlock()
		return "", loginErr
	}
	return ts.store(ctx, tok)
}

func (ts *tokenSource) call(ctx context.Context, path string, body map[string]string) (*tokenResponse, error) {
	// NOTE: a login reaches the PBX once, whatever fails: a wrong secret must cost exactly one
	// failed login towards the PBX's IP block, and a login whose answer is lost may have issued a
	// token that a repeat would only double (each one holds one of the PBX's 8 places for 30
	// minutes). Only a login that never left this machine (a refused connection) is repeated.
	req := request{method: http.MethodPost, path: path, body: body, login: true}
	resp, err := ts.client.send(ctx, req)
	if err != nil {
		return nil, err
	}
	var tok tokenResponse
	if err := decodeData(resp.request, resp.status, &envelope{Data: resp.body}, &tok, ts.client.secrets.redact); err != nil {
		return nil, err
	}
	if tok.AccessToken == "" {
		return nil, &ResponseError{Request: resp.request, HTTPStatus: resp.status, Problem: "the response holds no access_token"}
	}
	return &tok, nil
}

func (ts *tokenSource) store(ctx context.Context, tok *tokenResponse) (string, error) {
	ts.client.secrets.add(tok.AccessToken, tok.RefreshToken)
	now := ts.now()
	ts.mu.Lock()
	if ts.revoked {
		// The client was closed while this token was on its way: revoke it at once rather than
		// leave it holding one of the PBX's places for 30 minutes.
		ts.mu.Unlock()
		_ = ts.sendDelToken(ctx, tok.AccessToken)
		return "", errClosed
	}
	defer ts.mu.Unlock()
	ts.access = tok.AccessToken
	ts.accessExpiry = now.Add(lifetime(int64(tok.AccessTokenExpireTime), 30*time.Minute))
	ts.refresh = tok.RefreshToken
	ts.refreshExpiry = now.Add(lifetime(int64(tok.RefreshTokenExpireTime), 24*time.Hour))
	return ts.access, nil
}

func lifetime(seconds int64, fallback time.Duration) time.Duration {
	if seconds <= 0 {
		return fallback
	}
	return time.Duration(seconds) * time.Second
}

// invalidate marks a token the PBX called expired, unless a concurrent caller already replaced
// it. A token the user gave cannot be replaced.
func (ts *tokenSource) invalidate(used string) error {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.static {
		return ErrStaticTokenExpiry
	}
	if ts.access == used {
		ts.accessExpiry = time.Time{}
	}
	return nil
}

// revoke sends del_token for the token this client holds, once. A login still under way is
// waited for (within ctx): it revokes the token it brings itself, since the client is closed.
func (ts *tokenSource) revoke(ctx context.Context) error {
	ts.mu.Lock()
	if ts.static || ts.revoked {
		ts.mu.Unlock()
		return nil
	}
	ts.revoked = true
	renewing := ts.renewing
	ts.mu.Unlock()
	if renewing != nil {
		select {
		case <-renewing:
		case <-ctx.Done():
			return errors.New("a login was still under way when the provider stopped: the token it may bring stays valid " +
				"until it expires (30 minutes), holding one of the PBX's places for API tokens")
		}
	}
	ts.mu.Lock()
	access, live := ts.access, ts.access != "" && ts.now().Before(ts.accessExpiry)
	ts.mu.Unlock()
	if !live {
		return nil
	}

	return ts.sendDelToken(ctx, access)
}

// sendDelToken revokes one access token, within revokeTimeout.
func (ts *tokenSource) sendDelToken(ctx context.Context, access string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), revokeTimeout)
	defer cancel()
	req := request{method: http.MethodGet, path: "del_token", once: true}
	req.query = map[string][]string{"access_token": {access}}
	if _, err := ts.client.send(ctx, req); err != nil {
		return fmt.Errorf("revoking the access token: %w", ts.client.secrets.redactError(err))
	}
	return nil
}

var errClosed = errors.New("the client is closed: its access token was revoked")

// LoginLostError is a login (get_token) whose answer was lost: the PBX may have issued a token
// that the client never received, so cannot use or revoke. The login is not repeated, and the
// run fails.
type LoginLostError struct {
	Err error
}

func (e *LoginLostError) Error() string {
	return fmt.Sprintf("the answer to the login was lost (%v): it was not repeated, since the PBX may have issued a token "+
		"all the same; such a token holds one of the API application's 8 token places until it expires (30 minutes)", e.Err)
}

func (e *LoginLostError) Unwrap() error { return e.Err }

// LoginError is the failure of a client's login (get_token). The client makes one login per
// run: every request that needs a token after it failed gets this same error, however many
// there are, so that a caller can explain it once (see FirstReport).
type LoginError struct {
	Err error
	// Endpoint is the API address the login went to, without any secret.
	Endpoint string

	reported atomic.Bool
}

func (e *LoginError) Error() string { return e.Err.Error() }

func (e *LoginError) Unwrap() error { return e.Err }

// FirstReport reports whether this is the first time it is asked: true once, false after.
func (e *LoginError) FirstReport() bool { return e.reported.CompareAndSwap(false, true) }
