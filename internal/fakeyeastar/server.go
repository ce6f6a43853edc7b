// Package fakeyeastar is a fake Yeastar P-Series OpenAPI for tests, the demo and benchmarks. It
// serves get_token, refresh_token, del_token and auto_provisioning/compatibility as the vendor
// documents them: the response envelope and errcodes, the User-Agent rule, token expiry, the cap
// on valid tokens per API application, and the IP block after five failed logins. It also keeps
// the PBX's auto-provisioning phone list (phone/search, get, batchcreate, batchupdate,
// batchdelete), the extensions (search, list, get, query, create, update, delete,
// getpassword, send_welcome_email, and the user roles of system/get_menuoptions; see
// extension_endpoints.go) and the ring groups, queues and IVRs with the menus their
// destinations take IDs from (routing.go), with the keyword searches, small pages, documented
// validation and lost answers a client must cope with. It counts what it serves so that tests can assert how many
// calls a plan made, and it can inject faults.
package fakeyeastar

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"
)

// Defaults of a new Server.
const (
	DefaultClientID     = "fake-client-id"
	DefaultClientSecret = "fake-client-secret"
	DefaultAPIPath      = "/openapi/v1.0/"
	DefaultDomain       = "yeastardocs.example.yeastarcloud.com"
	DefaultMaxTokens    = 8
	// failedLoginsBeforeBlock is how many failed logins in a row block the caller's IP.
	failedLoginsBeforeBlock = 5
)

// Edition decides which auto-provisioning methods the PBX offers.
type Edition string

// Editions of the P-Series PBX.
const (
	EditionCloud      Edition = "cloud"
	EditionSelfHosted Edition = "self-hosted"
)

// Fault is a response the server sends instead of a real one.
type Fault struct {
	// Status is the HTTP status (default 200).
	Status int
	// Body is sent as is; ContentType defaults to application/json.
	Body        string
	ContentType string
	Header      http.Header
	// Delay is waited before answering (for timeouts).
	Delay time.Duration
	// Hangup closes the connection without an answer.
	Hangup bool
	// Pass lets the request through to normal service (after Delay), to let faults start after
	// a few requests; ExpireTokens expires every access token, then serves the request normally.
	Pass         bool
	ExpireTokens bool
	// HangupAfterServe serves the request normally (after Delay) - the PBX acts: a batchcreate
	// adds the phone - then closes the connection without sending the answer. It is the lost
	// answer that makes a blind retry of a non-idempotent call dangerous.
	HangupAfterServe bool
	// ActEvenIfGone serves a slow request (Pass or HangupAfterServe with Delay) even when the
	// client has given up or gone meanwhile, as a PBX that does not notice: a login then issues
	// its token, a batchcreate adds its phone.
	ActEvenIfGone bool
	// Before runs just before the request is served or the fault is sent, for a test that
	// changes the PBX between two requests (a phone deleted between two pages, say).
	Before func()
	// ServeAfter sends the fault's answer at once and serves the request normally this long
	// after, as the PBX does after answering 2 PROCESSING (see ProcessingFault).
	ServeAfter time.Duration
}

// Stats counts what the server served.
type Stats struct {
	Requests      int `json:"requests"`
	GetToken      int `json:"get_token"`
	RefreshToken  int `json:"refresh_token"`
	DelToken      int `json:"del_token"`
	Compatibility int `json:"compatibility"`
	// Queries counts compatibility requests by query, e.g. "menu=phone_model&vendor=Yealink".
	Queries map[string]int `json:"queries"`
	// BadUserAgent counts requests without "User-Agent: OpenAPI".
	BadUserAgent int `json:"bad_user_agent"`
	// LiveTokens is how many access tokens are valid now; IssuedTokens how many were issued.
	LiveTokens   int `json:"live_tokens"`
	IssuedTokens int `json:"issued_tokens"`
	// MaxConcurrent is the most compatibility requests that were in flight at once.
	MaxConcurrent int `json:"max_concurrent"`
	// FaultsServed counts injected faults that were sent.
	FaultsServed int `json:"faults_served"`
	// Endpoints counts every request inside the API path by endpoint, relative to the API path
	// ("get_token", "phone/batchcreate", ...), faults and rejected requests included, so that
	// tests can assert, say, that a lost batchcreate answer was not blindly repeated.
	Endpoints map[string]int `json:"endpoints"`
}

func newStats() Stats {
	return Stats{Queries: map[string]int{}, Endpoints: map[string]int{}}
}

type token struct {
	access        string
	refresh       string
	expires       time.Time
	refreshExpiry time.Time
}

// Server is the fake API. Use it as an http.Handler (httptest.NewServer(fake)).
type Server struct {
	ClientID     string
	ClientSecret string
	// APIPath is where the API lives, with leading and trailing slashes.
	APIPath    string
	Domain     string
	Edition    Edition
	MaxTokens  int
	TokenTTL   time.Duration
	RefreshTTL time.Duration
	// Latency is added to every API response.
	Latency   time.Duration
	Catalogue []Vendor
	// Extensions are the PBX's extensions (set them before serving). Phones are assigned to
	// them by ID, which is not the extension number.
	Extensions []Extension
	// extState holds the extension switches (ExtensionCreateReturnsID, Roles) and counters.
	extState
	// routingState holds the ring groups, queues and IVRs (see routing.go) and their switches
	// (RoutingCreateReturnsID, Prompts).
	routingState
	// DefaultPageSize is what a search without page_size returns; MaxPageSize caps every page
	// whatever page_size asked (0: no cap), since the vendor says a page may hold fewer records
	// than asked for and a client must page on total_number.
	DefaultPageSize int
	MaxPageSize     int
	// PhoneGetAsArray makes phone/get answer data as a one-element array instead of an object:
	// the vendor's docs show both.
	PhoneGetAsArray bool
	// DuplicateErrcode is how the PBX refuses a value that is taken: 40002 PARAMETER ERROR with
	// invalid_param_list (the default, also for 0), or 40003 DUPLICATE KEY VALUE with
	// duplicate_field_list. Which one a real PBX sends is unconfirmed.
	DuplicateErrcode int

	mu           sync.Mutex
	tokens       map[string]*token // by access token
	issued       []string          // every access and refresh token ever issued
	failedLogins int
	blocked      bool
	faults       map[string][]Fault
	stats        Stats
	inFlight     int
	now          func() time.Time
	phones       map[int]*Phone
	nextPhoneID  int
	deferred     sync.WaitGroup
}

// New returns a server with the default credentials, catalogue and extensions, and no phones.
func New() *Server {
	return &Server{
		ClientID:        DefaultClientID,
		ClientSecret:    DefaultClientSecret,
		APIPath:         DefaultAPIPath,
		Domain:          DefaultDomain,
		Edition:         EditionCloud,
		MaxTokens:       DefaultMaxTokens,
		TokenTTL:        30 * time.Minute,
		RefreshTTL:      24 * time.Hour,
		Catalogue:       DefaultCatalogue(),
		Extensions:      DefaultExtensions(),
		extState:        newExtState(),
		routingState:    newRoutingState(),
		DefaultPageSize: 10,
		MaxPageSize:     20,
		tokens:          map[string]*token{},
		faults:          map[string][]Fault{},
		stats:           newStats(),
		now:             time.Now,
		phones:          map[int]*Phone{},
		nextPhoneID:     1,
	}
}

// InjectFaults queues faults for an endpoint ("get_token", "auto_provisioning/compatibility",
// ...; "" for any), sent one per request in order before normal service resumes.
func (s *Server) InjectFaults(endpoint string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[endpoint] = append(s.faults[endpoint], faults...)
}

// ExpireTokens makes every access token expire now, as if 30 minutes had passed.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.expires = s.now().Add(-time.Second)
	}
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Queries = make(map[string]int, len(s.stats.Queries))
	for k, v := range s.stats.Queries {
		st.Queries[k] = v
	}
	st.Endpoints = make(map[string]int, len(s.stats.Endpoints))
	for k, v := range s.stats.Endpoints {
		st.Endpoints[k] = v
	}
	st.LiveTokens = s.liveTokensLocked()
	return st
}

// LiveTokens returns the access tokens valid now, sorted.
func (s *Server) LiveTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var live []string
	for access, t := range s.tokens {
		if s.now().Before(t.expires) {
			live = append(live, access)
		}
	}
	sort.Strings(live)
	return live
}

// IssuedSecrets returns every access and refresh token the server ever issued, and the client
// secret, for tests that scan output for secrets.
func (s *Server) IssuedSecrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{s.ClientSecret}, s.issued...)
}

// IssueToken issues a token as get_token would, for tests that configure access_token.
func (s *Server) IssueToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueLocked().access
}

// ResetStats zeroes the counters (tokens stay).
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = newStats()
}

// Unblock lifts an IP block, as an administrator would.
func (s *Server) Unblock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked = false
	s.failedLogins = 0
}

func (s *Server) liveTokensLocked() int {
	n := 0
	for _, t := range s.tokens {
		if s.now().Before(t.expires) {
			n++
		}
	}
	return n
}

func (s *Server) issueLocked() *token {
	t := &token{
		access:        randomToken(),
		refresh:       randomToken(),
		expires:       s.now().Add(s.TokenTTL),
		refreshExpiry: s.now().Add(s.RefreshTTL),
	}
	s.tokens[t.access] = t
	s.issued = append(s.issued, t.access, t.refresh)
	s.stats.IssuedTokens++
	return t
}

func randomToken() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// envelope is the frame of every answer.
type envelope map[string]any

func ok(fields envelope) envelope {
	e := envelope{"errcode": 0, "errmsg": "SUCCESS"}
	for k, v := range fields {
		e[k] = v
	}
	return e
}

func failure(code int, msg string) envelope {
	return envelope{"errcode": code, "errmsg": msg}
}

func missingParam(field string) envelope {
	e := failure(40002, "PARAMETER ERROR")
	e["invalid_param_list"] = []map[string]string{{"field": field, "value": "", "validation_type": "required"}}
	return e
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_fake/") {
		s.serveAdmin(w, r)
		return
	}
	endpoint, inAPI := strings.CutPrefix(r.URL.Path, s.APIPath)

	s.mu.Lock()
	deferred := r.Header.Get(deferredHeader) != ""
	var fault Fault
	var hasFault bool
	if !deferred {
		s.stats.Requests++
		if inAPI {
			s.stats.Endpoints[endpoint]++
		}
		fault, hasFault = s.nextFaultLocked(endpoint)
	}
	latency := s.Latency
	if endpoint == "auto_provisioning/compatibility" {
		// In flight from arrival to answer, latency included.
		s.inFlight++
		s.stats.MaxConcurrent = max(s.stats.MaxConcurrent, s.inFlight)
		defer func() {
			s.mu.Lock()
			s.inFlight--
			s.mu.Unlock()
		}()
	}
	s.mu.Unlock()

	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	if hasFault && fault.Before != nil {
		fault.Before()
	}
	passThrough := fault.Pass || fault.ExpireTokens || fault.HangupAfterServe
	if hasFault && fault.HangupAfterServe {
		// Serve into a recorder, then drop the connection: the PBX acted, the client never
		// learns it. Deferred so that every way out of the handler below hangs up.
		conn := w
		w = httptest.NewRecorder()
		defer hangup(conn)
	}
	if hasFault && passThrough && fault.Delay > 0 {
		select {
		case <-time.After(fault.Delay):
		case <-r.Context().Done():
			if !fault.ActEvenIfGone {
				return
			}
			time.Sleep(fault.Delay)
		}
	}
	if fault.ExpireTokens {
		s.ExpireTokens()
	}
	if hasFault && fault.ServeAfter > 0 {
		s.serveLater(w, r, fault)
		return
	}
	if hasFault && !passThrough {
		s.serveFault(w, r, fault)
		return
	}
	if r.Header.Get("User-Agent") != "OpenAPI" {
		s.mu.Lock()
		s.stats.BadUserAgent++
		s.mu.Unlock()
		writeJSON(w, http.StatusBadRequest, failure(40001, "PARAMETER SYNTAX ERROR: the User-Agent header must be OpenAPI"))
		return
	}
	if !inAPI {
		if strings.HasPrefix(r.URL.Path, "/openapi/") {
			writeJSON(w, http.StatusOK, failure(10003, "API VERSION UNSUPPORTED"))
			return
		}
		writeJSON(w, http.StatusNotFound, failure(10001, "INTERFACE NOT EXISTED"))
		return
	}

	switch endpoint {
	case "get_token":
		s.getToken(w, r)
	case "refresh_token":
		s.refreshToken(w, r)
	case "del_token":
		s.delToken(w, r)
	case "auto_provisioning/compatibility":
		s.compatibility(w, r)
	case "phone/search":
		s.phoneSearch(w, r)
	case "phone/get":
		s.phoneGet(w, r)
	case "phone/batchcreate":
		s.phoneBatchCreate(w, r)
	case "phone/batchupdate":
		s.phoneBatchUpdate(w, r)
	case "phone/batchdelete":
		s.phoneBatchDelete(w, r)
	case "extension/search":
		s.extensionSearch(w, r, true)
	case "extension/list":
		s.extensionSearch(w, r, false)
	case "extension/get":
		s.extensionGet(w, r)
	case "extension/query":
		s.extensionQuery(w, r)
	case "extension/create":
		s.extensionCreate(w, r)
	case "extension/update":
		s.extensionUpdate(w, r)
	case "extension/delete":
		s.extensionDelete(w, r)
	case "extension/getpassword":
		s.extensionGetPassword(w, r)
	case "extension/send_welcome_email":
		s.extensionSendWelcomeEmail(w, r)
	case "system/get_menuoptions":
		s.menuOptions(w, r)
	default:
		if !s.serveRouting(w, r, endpoint) {
			writeJSON(w, http.StatusOK, failure(10001, "INTERFACE NOT EXISTED"))
		}
	}
}

func (s *Server) nextFaultLocked(endpoint string) (Fault, bool) {
	for _, key := range []string{endpoint, ""} {
		if queue := s.faults[key]; len(queue) > 0 {
			s.faults[key] = queue[1:]
			s.stats.FaultsServed++
			return queue[0], true
		}
	}
	return Fault{}, false
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault) {
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if f.Hangup {
		hangup(w)
		return
	}
	for k, v := range f.Header {
		w.Header()[k] = v
	}
	contentType := f.ContentType
	if contentType == "" {
		contentType = "application/json"
	}
	w.Header().Set("Content-Type", contentType)
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(f.Body))
}

// hangup closes the connection without an answer (or, where the connection cannot be taken
// over, as on HTTP/2, aborts the handler so that the client sees a reset, not an answer).
func hangup(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func writeJSON(w http.ResponseWriter, status int, body envelope) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func (s *Server) getToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusOK, failure(10001, "INTERFACE NOT EXISTED"))
		return
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusOK, failure(40001, "PARAMETER SYNTAX ERROR"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.GetToken++
	switch {
	case s.blocked:
		writeJSON(w, http.StatusOK, failure(70004, "ACCOUNT IP BLOCKED"))
	case body.Username != s.ClientID || body.Password != s.ClientSecret:
		s.failedLogins++
		if s.failedLogins >= failedLoginsBeforeBlock {
			s.blocked = true
		}
		writeJSON(w, http.StatusOK, failure(-1, "FAILURE"))
	case s.MaxTokens > 0 && s.liveTokensLocked() >= s.MaxTokens:
		writeJSON(w, http.StatusOK, failure(60002, "MAX LIMITATION EXCEEDED"))
	default:
		s.failedLogins = 0
		writeJSON(w, http.StatusOK, ok(s.tokenFieldsLocked(s.issueLocked())))
	}
}

func (s *Server) tokenFieldsLocked(t *token) envelope {
	return envelope{
		"access_token":              t.access,
		"access_token_expire_time":  int(s.TokenTTL / time.Second),
		"refresh_token":             t.refresh,
		"refresh_token_expire_time": int(s.RefreshTTL / time.Second),
	}
}

func (s *Server) refreshToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.RefreshToken == "" {
		writeJSON(w, http.StatusOK, missingParam("refresh_token"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.RefreshToken++
	for access, t := range s.tokens {
		if t.refresh == body.RefreshToken && s.now().Before(t.refreshExpiry) {
			// The refreshed pair replaces the old one.
			delete(s.tokens, access)
			writeJSON(w, http.StatusOK, ok(s.tokenFieldsLocked(s.issueLocked())))
			return
		}
	}
	writeJSON(w, http.StatusOK, failure(10004, "TOKEN EXPIRED"))
}

// validTokenLocked reports whether the request carries a valid access token.
func (s *Server) validTokenLocked(r *http.Request) (*token, bool) {
	t, found := s.tokens[r.URL.Query().Get("access_token")]
	if !found || !s.now().Before(t.expires) {
		return nil, false
	}
	return t, true
}

func (s *Server) delToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.DelToken++
	t, valid := s.validTokenLocked(r)
	if !valid {
		writeJSON(w, http.StatusOK, failure(10004, "TOKEN EXPIRED"))
		return
	}
	delete(s.tokens, t.access)
	writeJSON(w, http.StatusOK, ok(nil))
}

func (s *Server) compatibility(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	s.stats.Compatibility++
	_, valid := s.validTokenLocked(r)
	if valid {
		key := q.Get("menu")
		for _, name := range []string{"vendor", "model"} {
			if v := q.Get(name); v != "" {
				key += "&" + name + "=" + v
			}
		}
		s.stats.Queries["menu="+key]++
	}
	s.mu.Unlock()
	if !valid {
		writeJSON(w, http.StatusOK, failure(10004, "TOKEN EXPIRED"))
		return
	}
	menu, vendor, model := q.Get("menu"), q.Get("vendor"), q.Get("model")
	var items []Item
	switch menu {
	case "":
		writeJSON(w, http.StatusOK, missingParam("menu"))
		return
	case "phone_vendor":
		items = s.vendors()
	case "phone_model":
		if vendor == "" {
			writeJSON(w, http.StatusOK, missingParam("vendor"))
			return
		}
		items = s.models(vendor)
	case "phone_template":
		if model == "" {
			writeJSON(w, http.StatusOK, missingParam("model"))
			return
		}
		items = s.templates(model)
	case "autop_method":
		if vendor == "" {
			writeJSON(w, http.StatusOK, missingParam("vendor"))
			return
		}
		if model == "" {
			writeJSON(w, http.StatusOK, missingParam("model"))
			return
		}
		items = s.autopMethods(vendor, model)
	default:
		e := failure(40001, "PARAMETER SYNTAX ERROR")
		e["invalid_param_list"] = []map[string]string{{"field": "menu", "value": menu, "validation_type": "enum"}}
		writeJSON(w, http.StatusOK, e)
		return
	}
	// Like the PBX, an unknown vendor or model is not an error: the list is just empty.
	if items == nil {
		items = []Item{}
	}
	writeJSON(w, http.StatusOK, ok(envelope{"data": items}))
}

func (s *Server) vendors() []Item {
	var items []Item
	for _, v := range s.Catalogue {
		items = append(items, Item{Text: v.Name, Value: v.Value, Type: v.Type})
	}
	return items
}

func (s *Server) models(vendor string) []Item {
	var items []Item
	for _, v := range s.Catalogue {
		if v.Value == vendor {
			for _, m := range v.Models {
				items = append(items, Item{Text: m.Name, Value: m.Value, Type: m.Type})
			}
		}
	}
	return items
}

func (s *Server) templates(model string) []Item {
	for _, v := range s.Catalogue {
		for _, m := range v.Models {
			if m.Value == model {
				return append([]Item(nil), m.Templates...)
			}
		}
	}
	return nil
}

func (s *Server) autopMethods(vendor, model string) []Item {
	for _, v := range s.Catalogue {
		if v.Value != vendor {
			continue
		}
		for _, m := range v.Models {
			if m.Value != model {
				continue
			}
			code := provisioningCode(vendor, model)
			if s.Edition != EditionSelfHosted {
				return []Item{{Text: fmt.Sprintf("%s:443/api/autoprovision/%s", s.Domain, code), Value: "rps", Type: "full"}}
			}
			return []Item{
				{Text: fmt.Sprintf("%s:8088/api/autoprovision/%s", s.Domain, code), Value: "rps_fqdn", Type: "full"},
				{Text: fmt.Sprintf("https://%s:8088/api/autoprovision/%s", s.Domain, code), Value: "rps", Type: "full"},
				{Text: fmt.Sprintf("http://%s:80/api/autoprovision/%s", s.Domain, code), Value: "pnp", Type: "full"},
				{Text: fmt.Sprintf("http://%s:80/api/autoprovision/%s", s.Domain, code), Value: "dhcp", Type: "full"},
			}
		}
	}
	return nil
}

// serveAdmin answers the fake's own endpoints, for the command-line server: GET /_fake/stats,
// POST /_fake/reset_stats, POST /_fake/expire_tokens and GET /_fake/phones.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/_fake/stats" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.Stats())
	case r.URL.Path == "/_fake/reset_stats" && r.Method == http.MethodPost:
		s.ResetStats()
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/_fake/expire_tokens" && r.Method == http.MethodPost:
		s.ExpireTokens()
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/_fake/phones" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.Phones())
	default:
		http.NotFound(w, r)
	}
}
