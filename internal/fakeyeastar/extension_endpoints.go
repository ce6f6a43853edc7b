package fakeyeastar

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Role is one of the PBX's user roles (system/get_menuoptions?menu=role).
type Role struct {
	ID   int
	Name string
}

// DefaultRoles are the roles a new PBX has; the default extensions use their names.
func DefaultRoles() []Role {
	return []Role{
		{ID: 1, Name: "Super Administrator"}, {ID: 2, Name: "Administrator"}, {ID: 3, Name: "Supervisor"},
		{ID: 4, Name: "Operator"}, {ID: 5, Name: "Employee"}, {ID: 6, Name: "Human Resource"}, {ID: 7, Name: "Accounting"},
	}
}

// defaultRoleName is the role of an extension created without role_id.
const defaultRoleName = "Employee"

// extState is the part of the Server that serves the extension endpoints beyond the searches.
type extState struct {
	// ExtensionCreateReturnsID makes extension/create answer the new extension's id (true in
	// New); false answers without it, the other case the vendor's guide leaves open.
	ExtensionCreateReturnsID bool
	// Roles are the PBX's user roles (DefaultRoles in New).
	Roles []Role

	welcomeEmails   map[int]int // by extension ID
	nextExtensionID int         // 0: one more than the highest ID
}

func newExtState() extState {
	return extState{ExtensionCreateReturnsID: true, Roles: DefaultRoles(), welcomeEmails: map[int]int{}}
}

// ChangeExtension changes one field of an extension as the web portal would, behind the API
// client's back: field is the API's name ("first_name", "email_addr", "presence_status",
// "enb_vm", "role_id", "user_password", ...) and value its text ("1" for true, a role's ID).
// Uniqueness and the secrets' rules are not checked, but a value the field cannot take (or a
// field the fake does not know) panics, so that a test never silently changes nothing.
func (s *Server) ChangeExtension(id int, field, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.extensionIndexLocked(id)
	set, known := extensionFieldSetters[field]
	if i < 0 || !known {
		panic("fakeyeastar: ChangeExtension: no extension " + strconv.Itoa(id) + " or no field " + field)
	}
	e := s.Extensions[i]
	raw, _ := json.Marshal(value)
	if n, err := strconv.Atoi(value); err == nil && slices.Contains([]string{"role_id", "concurrent_registrations", "enb_vm", "enb_vm_pin"}, field) {
		raw, _ = json.Marshal(n)
	}
	if problem := set(&e, raw); problem != "" {
		panic("fakeyeastar: ChangeExtension: " + field + " cannot take that value: " + problem)
	}
	if field == "role_id" {
		n, _ := strconv.Atoi(value)
		role := slices.IndexFunc(s.Roles, func(r Role) bool { return r.ID == n })
		if role < 0 {
			panic("fakeyeastar: ChangeExtension: no role " + value)
		}
		e.RoleName = s.Roles[role].Name
	}
	if field == "first_name" || field == "last_name" {
		e.CallerIDName = strings.TrimSpace(e.FirstName + " " + e.LastName)
	}
	s.Extensions[i] = e
}

// RemoveExtension deletes an extension as the web portal would; phones assigned to it then
// show as unassigned.
func (s *Server) RemoveExtension(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.extensionIndexLocked(id); i >= 0 {
		s.noteExtensionIDsLocked()
		s.Extensions = slices.Delete(s.Extensions, i, i+1)
		s.extensionDeletedLocked(id)
	}
}

// AddExtension adds an extension as the web portal would, under the next ID, and returns the ID.
func (s *Server) AddExtension(e Extension) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noteExtensionIDsLocked()
	e.ID = s.nextExtensionID
	s.nextExtensionID++
	if e.CallerIDName == "" {
		e.CallerIDName = strings.TrimSpace(e.FirstName + " " + e.LastName)
	}
	if e.CallerID == "" {
		e.CallerID = e.Number
	}
	s.Extensions = append(s.Extensions, e)
	return e.ID
}

// WelcomeEmails returns how many welcome e-mails were sent for an extension.
func (s *Server) WelcomeEmails(id int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.welcomeEmails[id]
}

// ExtensionByID returns the extension with this ID, with the secrets it holds.
func (s *Server) ExtensionByID(id int) (FakeExtension, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.extensionByIDLocked(id)
}

func (s *Server) extensionIndexLocked(id int) int {
	return slices.IndexFunc(s.Extensions, func(e Extension) bool { return e.ID == id })
}

// noteExtensionIDsLocked makes sure that IDs are never reused, as on the PBX, even after the
// highest one is deleted.
func (s *Server) noteExtensionIDsLocked() {
	for _, e := range s.Extensions {
		s.nextExtensionID = max(s.nextExtensionID, e.ID+1)
	}
}

func presenceOf(e Extension) string {
	if e.PresenceStatus == "" {
		return "available"
	}
	return e.PresenceStatus
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// extensionRecordLocked is an extension as extension/get and extension/query answer it: every
// editable field, the secrets included.
func (s *Server) extensionRecordLocked(e Extension) envelope {
	roleID := 0
	for _, r := range s.Roles {
		if r.Name == e.RoleName {
			roleID = r.ID
		}
	}
	callerID := e.CallerID
	if callerID == "" {
		callerID = e.Number
	}
	return envelope{
		"id":                       e.ID,
		"type":                     "SIP",
		"number":                   e.Number,
		"first_name":               e.FirstName,
		"last_name":                e.LastName,
		"caller_id_name":           e.CallerIDName,
		"email_addr":               e.Email,
		"mobile_number":            e.MobileNumber,
		"title":                    e.Title,
		"caller_id":                callerID,
		"role_id":                  roleID,
		"role_name":                e.RoleName,
		"presence_status":          presenceOf(e),
		"concurrent_registrations": max(e.ConcurrentRegistrations, 1),
		"enb_vm":                   boolInt(e.VoicemailEnabled),
		"enb_vm_pin":               boolInt(e.VoicemailPINRequired),
		"reg_name":                 e.RegistrationName,
		"user_password":            e.UserPassword,
		"reg_password":             e.RegistrationPassword,
		"vm_pin":                   e.VoicemailPIN,
		"email_language":           "follow_system",
		"user_lang":                "follow_system",
		"vm_lang":                  "follow_system",
	}
}

// idParam reads the required integer query parameter id.
func idParam(w http.ResponseWriter, r *http.Request) (int, bool) {
	raw := r.URL.Query().Get("id")
	if raw == "" {
		writeJSON(w, http.StatusOK, missingParam("id"))
		return 0, false
	}
	id, err := strconv.Atoi(raw)
	if err != nil {
		writeJSON(w, http.StatusOK, invalidParams(invalidParam("id", raw, "integer")))
		return 0, false
	}
	return id, true
}

// idsParam reads the ids query parameter of X/query: IDs joined by commas. A missing or
// malformed one is answered as the PBX does; ok is false then.
func idsParam(w http.ResponseWriter, r *http.Request) ([]int, bool) {
	raw := r.URL.Query().Get("ids")
	if raw == "" {
		writeJSON(w, http.StatusOK, missingParam("ids"))
		return nil, false
	}
	var ids []int
	for _, part := range strings.Split(raw, ",") {
		id, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil {
			writeJSON(w, http.StatusOK, invalidParams(invalidParam("ids", raw, "format")))
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

func (s *Server) extensionGet(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	id, valid := idParam(w, r)
	if !valid {
		return
	}
	s.mu.Lock()
	e, found := s.extensionByIDLocked(id)
	var data envelope
	if found {
		data = s.extensionRecordLocked(e)
	}
	s.mu.Unlock()
	if !found {
		writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
		return
	}
	writeJSON(w, http.StatusOK, ok(envelope{"data": data}))
}

// extensionQuery answers extension/query?ids=3,4,5 with the extensions it knows, in the order
// asked; unknown IDs are left out.
func (s *Server) extensionQuery(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	ids, valid := idsParam(w, r)
	if !valid {
		return
	}
	s.mu.Lock()
	data := []envelope{}
	for _, id := range ids {
		if e, found := s.extensionByIDLocked(id); found {
			data = append(data, s.extensionRecordLocked(e))
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, ok(envelope{"data": data}))
}

// fieldSetter sets one field of an extension from its JSON value, and returns the validation
// type the PBX reports when the value is not acceptable on its own ("" when it is).
type fieldSetter func(e *Extension, raw json.RawMessage) (problem string)

func stringField(set func(e *Extension, v string) string) fieldSetter {
	return func(e *Extension, raw json.RawMessage) string {
		var v string
		if json.Unmarshal(raw, &v) != nil {
			return "string"
		}
		return set(e, v)
	}
}

func intField(set func(e *Extension, v int) string) fieldSetter {
	return func(e *Extension, raw json.RawMessage) string {
		var v int
		if json.Unmarshal(raw, &v) != nil {
			// Numbers sent as strings are taken too, as the PBX's own answers mix both.
			var text string
			if json.Unmarshal(raw, &text) != nil {
				return "integer"
			}
			n, err := strconv.Atoi(text)
			if err != nil {
				return "integer"
			}
			v = n
		}
		return set(e, v)
	}
}

// atMost63 is a text field of at most 63 characters, the P-Series limit for names.
func atMost63(set func(e *Extension, v string)) fieldSetter {
	const limit = 63
	return stringField(func(e *Extension, v string) string {
		if len(v) > limit {
			return "length"
		}
		set(e, v)
		return ""
	})
}

func flagField(set func(e *Extension, v bool)) fieldSetter {
	return intField(func(e *Extension, v int) string {
		if v != 0 && v != 1 {
			return "enum"
		}
		set(e, v == 1)
		return ""
	})
}

// extensionFieldSetters are the fields of extension/create and extension/update. The secrets'
// rules depend on the number and names, so they are checked after every field is set (see
// applyExtensionFieldsLocked); role_id is checked against the roles there too.
var extensionFieldSetters = map[string]fieldSetter{
	"type": stringField(func(_ *Extension, v string) string {
		if v != "SIP" {
			return "enum"
		}
		return ""
	}),
	"number": stringField(func(e *Extension, v string) string {
		if !validExtensionNumber(v) {
			return "format"
		}
		e.Number = v
		return ""
	}),
	"first_name": atMost63(func(e *Extension, v string) { e.FirstName = v }),
	"last_name":  atMost63(func(e *Extension, v string) { e.LastName = v }),
	"title":      atMost63(func(e *Extension, v string) { e.Title = v }),
	"caller_id": stringField(func(e *Extension, v string) string {
		if !validCallerID(v) {
			return "format"
		}
		e.CallerID = v
		return ""
	}),
	"reg_name":      atMost63(func(e *Extension, v string) { e.RegistrationName = v }),
	"user_password": stringField(func(e *Extension, v string) string { e.UserPassword = v; return "" }),
	"reg_password":  stringField(func(e *Extension, v string) string { e.RegistrationPassword = v; return "" }),
	"vm_pin":        stringField(func(e *Extension, v string) string { e.VoicemailPIN = v; return "" }),
	"email_addr": stringField(func(e *Extension, v string) string {
		if v != "" && !validEmail(v) {
			return "format"
		}
		e.Email = v
		return ""
	}),
	"mobile_number": stringField(func(e *Extension, v string) string {
		if !validMobileNumber(v) {
			return "format"
		}
		e.MobileNumber = v
		return ""
	}),
	"presence_status": stringField(func(e *Extension, v string) string {
		if !slices.Contains(presenceStatuses, v) {
			return "enum"
		}
		e.PresenceStatus = v
		return ""
	}),
	"concurrent_registrations": intField(func(e *Extension, v int) string {
		if v < 1 || v > maxConcurrentRegistrations {
			return "range"
		}
		e.ConcurrentRegistrations = v
		return ""
	}),
	"enb_vm":     flagField(func(e *Extension, v bool) { e.VoicemailEnabled = v }),
	"enb_vm_pin": flagField(func(e *Extension, v bool) { e.VoicemailPINRequired = v }),
	// role_id is resolved in applyExtensionFieldsLocked; the languages are taken as they come.
	"role_id":           intField(func(*Extension, int) string { return "" }),
	"email_language":    stringField(func(*Extension, string) string { return "" }),
	"user_lang":         stringField(func(*Extension, string) string { return "" }),
	"vm_lang":           stringField(func(*Extension, string) string { return "" }),
	"organization_list": func(*Extension, json.RawMessage) string { return "" },
}

// applyExtensionFieldsLocked returns e with the fields of body set, every invalid parameter
// (all of them, not only the first: the PBX checks the whole request before it changes
// anything), and whether role_id names no role.
func (s *Server) applyExtensionFieldsLocked(e Extension, body map[string]json.RawMessage, creating bool) (Extension, []map[string]string, bool) {
	var params []map[string]string
	fields := make([]string, 0, len(body))
	for field := range body {
		fields = append(fields, field)
	}
	slices.Sort(fields) // a stable order of invalid_param_list
	for _, field := range fields {
		raw := body[field]
		if field == "id" {
			continue
		}
		if field == "number" && !creating {
			var v string
			if json.Unmarshal(raw, &v) != nil || v != e.Number {
				params = append(params, invalidParam("number", rawText(raw), "not_editable"))
			}
			continue
		}
		set, known := extensionFieldSetters[field]
		if !known {
			continue // like the PBX, fields it does not know are ignored
		}
		if problem := set(&e, raw); problem != "" {
			params = append(params, invalidParam(field, rawText(raw), problem))
		}
	}
	if creating {
		for _, field := range []string{"type", "number", "user_password", "reg_name", "reg_password", "concurrent_registrations", "presence_status"} {
			if _, sent := body[field]; !sent {
				params = append(params, invalidParam(field, "", "required"))
			}
		}
	}
	// The secrets are checked against the extension as it would be (its number and names).
	if _, sent := body["user_password"]; sent {
		if problem := userPasswordProblem(e.UserPassword, e.Number, e.FirstName, e.LastName); problem != "" {
			params = append(params, invalidParam("user_password", e.UserPassword, problem))
		}
	}
	if _, sent := body["reg_password"]; sent {
		if problem := registrationPasswordProblem(e.RegistrationPassword); problem != "" {
			params = append(params, invalidParam("reg_password", e.RegistrationPassword, problem))
		}
	}
	if _, sent := body["vm_pin"]; sent {
		if problem := voicemailPINProblem(e.VoicemailPIN, e.Number); problem != "" {
			params = append(params, invalidParam("vm_pin", e.VoicemailPIN, problem))
		}
	}
	_, first := body["first_name"]
	_, last := body["last_name"]
	if first || last {
		e.CallerIDName = strings.TrimSpace(e.FirstName + " " + e.LastName)
	}
	roleUnknown := false
	if raw, sent := body["role_id"]; sent {
		var id flexNumber
		_ = json.Unmarshal(raw, &id)
		i := slices.IndexFunc(s.Roles, func(r Role) bool { return r.ID == int(id) })
		if i < 0 {
			roleUnknown = true
		} else {
			e.RoleName = s.Roles[i].Name
		}
	}
	return e, params, roleUnknown
}

// flexNumber reads a JSON number or numeric string.
type flexNumber int

func (n *flexNumber) UnmarshalJSON(data []byte) error {
	v, err := strconv.Atoi(strings.Trim(string(data), `"`))
	*n = flexNumber(v)
	return err
}

func rawText(raw json.RawMessage) string {
	var v string
	if json.Unmarshal(raw, &v) == nil {
		return v
	}
	return string(raw)
}

// duplicatesLocked lists the unique values of e that another extension holds, shaped as the
// vendor's guide shows: {"field": "email_addr", "value": ..., "external_source": "extension",
// "external_source_name": "1011"}.
func (s *Server) duplicatesLocked(e Extension) []map[string]string {
	var list []map[string]string
	// One number space: a ring group, queue or IVR holding the number takes it too.
	if kind, number := s.routingNumberHolderLocked(e.Number, nil); kind != "" {
		list = append(list, map[string]string{"field": "number", "value": e.Number, "external_source": kind, "external_source_name": number})
	}
	for _, other := range s.Extensions {
		if other.ID == e.ID {
			continue
		}
		if other.Number == e.Number {
			list = append(list, map[string]string{"field": "number", "value": e.Number, "external_source": "extension", "external_source_name": other.Number})
		}
		if e.Email != "" && strings.EqualFold(other.Email, e.Email) {
			list = append(list, map[string]string{"field": "email_addr", "value": e.Email, "external_source": "extension", "external_source_name": other.Number})
		}
	}
	return list
}

func duplicateKey(list []map[string]string) envelope {
	e := failure(40003, "DUPLICATE KEY VALUE")
	e["submsg"] = list[0]["field"] + " is already used by " + list[0]["external_source"] + " " + list[0]["external_source_name"]
	e["duplicate_field_list"] = list
	return e
}

// checkExtensionLocked answers the first failure of a create or update in the PBX's order:
// invalid parameters (all of them), duplicates, an unknown role. It reports whether e may be
// stored.
func (s *Server) checkExtensionLocked(w http.ResponseWriter, e Extension, params []map[string]string, roleUnknown bool) bool {
	switch duplicates := s.duplicatesLocked(e); {
	case params != nil:
		writeJSON(w, http.StatusOK, invalidParams(params...))
	case duplicates != nil:
		writeJSON(w, http.StatusOK, duplicateKey(duplicates))
	case roleUnknown:
		writeJSON(w, http.StatusOK, failure(60101, "ROLE NOT EXISTED"))
	default:
		return true
	}
	return false
}

// extensionCreate adds an extension, all or nothing, and answers its id unless
// ExtensionCreateReturnsID is off.
func (s *Server) extensionCreate(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodPost) {
		return
	}
	var body map[string]json.RawMessage
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, params, roleUnknown := s.applyExtensionFieldsLocked(Extension{RoleName: defaultRoleName}, body, true)
	if !s.checkExtensionLocked(w, e, params, roleUnknown) {
		return
	}
	if e.CallerID == "" {
		e.CallerID = e.Number
	}
	s.noteExtensionIDsLocked()
	e.ID = s.nextExtensionID
	s.nextExtensionID++
	s.Extensions = append(s.Extensions, e)
	if s.ExtensionCreateReturnsID {
		writeJSON(w, http.StatusOK, ok(envelope{"id": e.ID}))
		return
	}
	writeJSON(w, http.StatusOK, ok(nil))
}

// extensionUpdate changes only the fields sent; the number cannot change.
func (s *Server) extensionUpdate(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodPost) {
		return
	}
	var body map[string]json.RawMessage
	if !decodeBody(w, r, &body) {
		return
	}
	var id flexNumber
	if raw, sent := body["id"]; !sent || json.Unmarshal(raw, &id) != nil {
		writeJSON(w, http.StatusOK, missingParam("id"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.extensionIndexLocked(int(id))
	if i < 0 {
		writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
		return
	}
	e, params, roleUnknown := s.applyExtensionFieldsLocked(s.Extensions[i], body, false)
	if !s.checkExtensionLocked(w, e, params, roleUnknown) {
		return
	}
	s.Extensions[i] = e
	writeJSON(w, http.StatusOK, ok(nil))
}

// extensionDelete deletes one extension, unless a phone of the auto-provisioning list is
// assigned to it or a destination sends calls to it (70091 CONNECTION_RELATION_EXISTED); it
// leaves the ring groups' and queues' member lists.
func (s *Server) extensionDelete(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	id, valid := idParam(w, r)
	if !valid {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.extensionIndexLocked(id)
	if i < 0 {
		writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
		return
	}
	for _, p := range s.phones {
		if p.ExtensionID == id {
			writeJSON(w, http.StatusOK, failure(70091, "CONNECTION_RELATION_EXISTED"))
			return
		}
	}
	// A destination that sends calls to the extension (or its voicemail) keeps it in use; a
	// membership does not: the extension leaves the member lists.
	if s.destinationInUseLocked("extension", id) || s.destinationInUseLocked("ext_vm", id) {
		writeJSON(w, http.StatusOK, failure(70091, "CONNECTION_RELATION_EXISTED"))
		return
	}
	s.noteExtensionIDsLocked()
	s.Extensions = slices.Delete(s.Extensions, i, i+1)
	s.extensionDeletedLocked(id)
	writeJSON(w, http.StatusOK, ok(nil))
}

// extensionGetPassword answers a secret in Base64: type reg_password or vm_pin.
func (s *Server) extensionGetPassword(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	id, valid := idParam(w, r)
	if !valid {
		return
	}
	kind := r.URL.Query().Get("type")
	if kind != "reg_password" && kind != "vm_pin" {
		writeJSON(w, http.StatusOK, invalidParams(invalidParam("type", kind, "enum")))
		return
	}
	s.mu.Lock()
	e, found := s.extensionByIDLocked(id)
	s.mu.Unlock()
	if !found {
		writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
		return
	}
	secret := e.RegistrationPassword
	if kind == "vm_pin" {
		secret = e.VoicemailPIN
	}
	writeJSON(w, http.StatusOK, ok(envelope{"password": base64.StdEncoding.EncodeToString([]byte(secret))}))
}

// extensionSendWelcomeEmail counts a welcome e-mail for each extension of id_list, all or
// nothing: an unknown ID answers 60001, an extension without an e-mail address 40002.
func (s *Server) extensionSendWelcomeEmail(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodPost) {
		return
	}
	var body struct {
		IDList []int `json:"id_list"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(body.IDList) == 0 {
		writeJSON(w, http.StatusOK, missingParam("id_list"))
		return
	}
	for _, id := range body.IDList {
		e, found := s.extensionByIDLocked(id)
		if !found {
			writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
			return
		}
		if e.Email == "" {
			writeJSON(w, http.StatusOK, invalidParams(invalidParam("email_addr", "", "required")))
			return
		}
	}
	for _, id := range body.IDList {
		s.welcomeEmails[id]++
	}
	writeJSON(w, http.StatusOK, ok(nil))
}

// menuOptions answers system/get_menuoptions for menu=role ({text: name, value: ID as a
// string}) and the menus of the routing objects (see routingMenuLocked).
func (s *Server) menuOptions(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	switch menu := r.URL.Query().Get("menu"); menu {
	case "":
		writeJSON(w, http.StatusOK, missingParam("menu"))
	case "role":
		s.mu.Lock()
		data := []envelope{}
		for _, role := range s.Roles {
			data = append(data, envelope{"text": role.Name, "value": strconv.Itoa(role.ID)})
		}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, ok(envelope{"data": data}))
	default:
		s.mu.Lock()
		data, known := s.routingMenuLocked(menu)
		s.mu.Unlock()
		if !known {
			writeJSON(w, http.StatusOK, invalidParams(invalidParam("menu", menu, "enum")))
			return
		}
		writeJSON(w, http.StatusOK, ok(envelope{"data": data}))
	}
}
