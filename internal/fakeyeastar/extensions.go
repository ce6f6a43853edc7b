package fakeyeastar

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Extension is one extension of the PBX, with everything extension/get reads, the secrets
// included (the worst case: whether a real PBX returns them is unconfirmed).
type Extension struct {
	ID                                                  int
	Number, CallerIDName, Email, MobileNumber, RoleName string

	FirstName, LastName, Title, CallerID string
	// PresenceStatus "" reads as available, ConcurrentRegistrations 0 as 1.
	PresenceStatus                         string
	ConcurrentRegistrations                int
	VoicemailEnabled, VoicemailPINRequired bool
	RegistrationName                       string
	UserPassword, RegistrationPassword     string
	VoicemailPIN                           string
}

// FakeExtension is an Extension as the test helpers hand it out, secrets included.
type FakeExtension = Extension

// DefaultExtensions is a small office: 26 extensions whose IDs (from 101, in slice order) are
// not their numbers, listed in an order that is neither by ID nor by number, as a PBX lists
// them after years of moves, so that tests notice a client that confuses an ID with a number
// or assumes an order. Numbers 1001 and 10010 both exist, so that the keyword search for 1001
// finds two extensions and a client must filter for the exact number itself.
func DefaultExtensions() []Extension {
	exts := []Extension{
		{Number: "1005", CallerIDName: "Olivia Bennett", Email: "olivia.bennett@example.com", MobileNumber: "+14155550105", RoleName: "Employee"},
		{Number: "2000", CallerIDName: "Reception", Email: "reception@example.com", RoleName: "Operator"},
		{Number: "1001", CallerIDName: "James Carter", Email: "james.carter@example.com", MobileNumber: "+14155550101", RoleName: "Super Administrator"},
		{Number: "1012", CallerIDName: "Sophia Nguyen", Email: "sophia.nguyen@example.com", RoleName: "Employee"},
		{Number: "10010", CallerIDName: "Conference Room A", Email: "", RoleName: "Employee"},
		{Number: "1003", CallerIDName: "Liam Rodriguez", Email: "liam.rodriguez@example.com", MobileNumber: "+14155550103", RoleName: "Supervisor"},
		{Number: "1018", CallerIDName: "Mia Thompson", Email: "mia.thompson@example.com", RoleName: "Human Resource"},
		{Number: "1002", CallerIDName: "Emma Wilson", Email: "emma.wilson@example.com", MobileNumber: "+14155550102", RoleName: "Administrator"},
		{Number: "1100", CallerIDName: "Support Hotline", Email: "support@example.com", RoleName: "Operator"},
		{Number: "1009", CallerIDName: "Noah Patel", Email: "noah.patel@example.com", RoleName: "Employee"},
		{Number: "1015", CallerIDName: "Ava Martinez", Email: "ava.martinez@example.com", MobileNumber: "+14155550115", RoleName: "Accounting"},
		{Number: "1004", CallerIDName: "William Kim", Email: "william.kim@example.com", RoleName: "Employee"},
		{Number: "1020", CallerIDName: "Isabella Rossi", Email: "isabella.rossi@example.com", RoleName: "Employee"},
		{Number: "1007", CallerIDName: "Benjamin Okafor", Email: "benjamin.okafor@example.com", MobileNumber: "+14155550107", RoleName: "Employee"},
		{Number: "1010", CallerIDName: "Charlotte Dubois", Email: "charlotte.dubois@example.com", RoleName: "Supervisor"},
		{Number: "1016", CallerIDName: "Lucas Schmidt", Email: "lucas.schmidt@example.com", RoleName: "Employee"},
		{Number: "1006", CallerIDName: "Amelia Johansson", Email: "amelia.johansson@example.com", RoleName: "Employee"},
		{Number: "1013", CallerIDName: "Henry Walker", Email: "henry.walker@example.com", MobileNumber: "+14155550113", RoleName: "Employee"},
		{Number: "1008", CallerIDName: "Harper Lee", Email: "harper.lee@example.com", RoleName: "Accounting"},
		{Number: "1019", CallerIDName: "Alexander Novak", Email: "alexander.novak@example.com", RoleName: "Employee"},
		{Number: "1011", CallerIDName: "Evelyn Tanaka", Email: "evelyn.tanaka@example.com", RoleName: "Employee"},
		{Number: "1017", CallerIDName: "Daniel Murphy", Email: "daniel.murphy@example.com", MobileNumber: "+14155550117", RoleName: "Employee"},
		{Number: "1014", CallerIDName: "Abigail Costa", Email: "abigail.costa@example.com", RoleName: "Employee"},
		{Number: "1021", CallerIDName: "Sales Team", Email: "sales@example.com", RoleName: "Employee"},
		{Number: "3000", CallerIDName: "Warehouse", Email: "warehouse@example.com", RoleName: "Employee"},
		{Number: "1022", CallerIDName: "Michael O'Brien", Email: "michael.obrien@example.com", MobileNumber: "+353871234567", RoleName: "Employee"},
	}
	for i := range exts {
		completeExtension(&exts[i], 101+i)
	}
	return exts
}

// completeExtension gives a default extension the rest of a full record, as the web portal
// would have made it: names split from the caller ID name, voicemail on, a random registration
// name and random secrets that meet the PBX's rules.
func completeExtension(e *Extension, id int) {
	e.ID = id
	e.FirstName, e.LastName, _ = strings.Cut(e.CallerIDName, " ")
	e.PresenceStatus = "available"
	e.ConcurrentRegistrations = 1
	e.VoicemailEnabled, e.VoicemailPINRequired = true, true
	e.RegistrationName = strings.ToLower(randomToken()[:10])
	e.UserPassword = "Aa9" + randomToken()[:21]
	e.RegistrationPassword = randomToken()[:16]
	e.VoicemailPIN = "5" + strconv.Itoa(10000+id*37%89999)
}

// ExtensionList returns a copy of the extensions the fake holds, secrets included.
func (s *Server) ExtensionList() []FakeExtension {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]FakeExtension(nil), s.Extensions...)
}

// ExtensionByNumber returns the extension with exactly that number, with the secrets it holds.
func (s *Server) ExtensionByNumber(number string) (FakeExtension, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.Extensions {
		if e.Number == number {
			return e, true
		}
	}
	return Extension{}, false
}

func (s *Server) extensionByIDLocked(id int) (Extension, bool) {
	for _, e := range s.Extensions {
		if e.ID == id {
			return e, true
		}
	}
	return Extension{}, false
}

// extensionSearch answers extension/search (keyword true) and extension/list.
func (s *Server) extensionSearch(w http.ResponseWriter, r *http.Request, keyword bool) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	q := r.URL.Query()
	page, size, bad := s.paging(q)
	if bad != nil {
		writeJSON(w, http.StatusOK, bad)
		return
	}
	sortList, bad := sortOrder(q, map[string]func(a, b Extension) int{
		"id":             func(a, b Extension) int { return a.ID - b.ID },
		"number":         func(a, b Extension) int { return strings.Compare(a.Number, b.Number) },
		"caller_id_name": func(a, b Extension) int { return strings.Compare(a.CallerIDName, b.CallerIDName) },
		"email_addr":     func(a, b Extension) int { return strings.Compare(a.Email, b.Email) },
		"role_name":      func(a, b Extension) int { return strings.Compare(a.RoleName, b.RoleName) },
	})
	if bad != nil {
		writeJSON(w, http.StatusOK, bad)
		return
	}
	value := ""
	if keyword {
		value = strings.ToLower(q.Get("search_value"))
	}
	s.mu.Lock()
	var found []Extension
	for _, e := range s.Extensions {
		if value == "" || containsFold(value, e.Number, e.CallerIDName, e.Email) {
			found = append(found, e)
		}
	}
	s.mu.Unlock()
	sortList(found)
	data := []envelope{}
	for _, e := range pageOf(found, page, size) {
		data = append(data, envelope{
			"id":              e.ID,
			"number":          e.Number,
			"caller_id_name":  e.CallerIDName,
			"email_addr":      e.Email,
			"mobile_number":   e.MobileNumber,
			"role_name":       e.RoleName,
			"presence_status": presenceOf(e),
			"online_status":   envelope{},
		})
	}
	writeJSON(w, http.StatusOK, ok(envelope{"total_number": len(found), "data": data}))
}

// authorized answers a request with the wrong method (as the PBX does, INTERFACE NOT EXISTED)
// or without a valid access token, and reports whether the request may be served.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request, method string) bool {
	if r.Method != method {
		writeJSON(w, http.StatusOK, failure(10001, "INTERFACE NOT EXISTED"))
		return false
	}
	s.mu.Lock()
	_, valid := s.validTokenLocked(r)
	s.mu.Unlock()
	if !valid {
		writeJSON(w, http.StatusOK, failure(10004, "TOKEN EXPIRED"))
	}
	return valid
}

func invalidParams(params ...map[string]string) envelope {
	e := failure(40002, "PARAMETER ERROR")
	e["invalid_param_list"] = params
	return e
}

func invalidParam(field, value, validationType string) map[string]string {
	return map[string]string{"field": field, "value": value, "validation_type": validationType}
}

// paging reads page and page_size. The page size is DefaultPageSize when not asked for and
// never more than MaxPageSize, whatever was asked: a client must page on total_number.
func (s *Server) paging(q url.Values) (page, size int, bad envelope) {
	var params []map[string]string
	read := func(name string, def int) int {
		v := q.Get(name)
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			params = append(params, invalidParam(name, v, "integer"))
		}
		return n
	}
	s.mu.Lock()
	def, maxSize := s.DefaultPageSize, s.MaxPageSize
	s.mu.Unlock()
	page, size = read("page", 1), read("page_size", def)
	if params != nil {
		return 0, 0, invalidParams(params...)
	}
	if maxSize > 0 {
		size = min(size, maxSize)
	}
	return page, max(size, 1), nil
}

// sortOrder reads sort_by (one of fields; none keeps the list's own order) and order_by (asc,
// desc; desc without sort_by reverses the list's own order) into a function that sorts a list
// in place, ties in their current order.
func sortOrder[T any](q url.Values, fields map[string]func(a, b T) int) (func([]T), envelope) {
	var params []map[string]string
	by := q.Get("sort_by")
	cmp, known := fields[by]
	if by != "" && !known {
		params = append(params, invalidParam("sort_by", by, "enum"))
	}
	order := q.Get("order_by")
	if order != "" && order != "asc" && order != "desc" {
		params = append(params, invalidParam("order_by", order, "enum"))
	}
	if params != nil {
		return nil, invalidParams(params...)
	}
	desc := order == "desc"
	return func(list []T) {
		switch {
		case cmp != nil:
			sort.SliceStable(list, func(i, j int) bool {
				if desc {
					return cmp(list[j], list[i]) < 0
				}
				return cmp(list[i], list[j]) < 0
			})
		case desc:
			slices.Reverse(list)
		}
	}, nil
}

func pageOf[T any](list []T, page, size int) []T {
	if page > len(list) { // also keeps (page-1)*size from overflowing
		return nil
	}
	start := (page - 1) * size
	if start >= len(list) {
		return nil
	}
	return list[start:min(start+size, len(list))]
}

// containsFold reports whether any of values contains the lower-case keyword, ignoring case.
func containsFold(keyword string, values ...string) bool {
	for _, v := range values {
		if strings.Contains(strings.ToLower(v), keyword) {
			return true
		}
	}
	return false
}
