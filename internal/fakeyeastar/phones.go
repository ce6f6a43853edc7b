package fakeyeastar

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Phone is one phone of the PBX's auto-provisioning list.
type Phone struct {
	ID                 int    `json:"id"`
	MAC                string `json:"mac"` // as the client sent it
	Vendor             string `json:"vendor"`
	Model              string `json:"model"`
	TemplateName       string `json:"template_name"`
	ProvisioningMethod string `json:"provisioning_method"`
	RPSAuth            bool   `json:"rps_auth"`
	ExtensionID        int    `json:"extension_id"` // 0: no extension
	Firmware           string `json:"firmware"`
	IP                 string `json:"ip"`
	Registered         bool   `json:"registered"`
}

// AddPhone adds a phone as the web portal would, behind the API client's back: nothing is
// validated (a test may want a phone the API would refuse). The ID is assigned when p.ID is 0;
// a given ID replaces any phone with that ID. IDs are never reused, as on the PBX.
func (s *Server) AddPhone(p Phone) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addPhoneLocked(p)
}

func (s *Server) addPhoneLocked(p Phone) int {
	if p.ID == 0 {
		p.ID = s.nextPhoneID
	}
	s.nextPhoneID = max(s.nextPhoneID, p.ID+1)
	s.phones[p.ID] = &p
	return p.ID
}

// Phones returns every phone, by ID.
func (s *Server) Phones() []Phone {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.phonesLocked()
}

func (s *Server) phonesLocked() []Phone {
	list := make([]Phone, 0, len(s.phones))
	for _, p := range s.phones {
		list = append(list, *p)
	}
	slices.SortFunc(list, func(a, b Phone) int { return a.ID - b.ID })
	return list
}

// Phone returns the phone with that ID.
func (s *Server) Phone(id int) (Phone, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, found := s.phones[id]
	if !found {
		return Phone{}, false
	}
	return *p, true
}

// DeletePhone deletes a phone as the web portal would, and reports whether it existed.
func (s *Server) DeletePhone(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, found := s.phones[id]
	delete(s.phones, id)
	return found
}

// SetPhoneExtension assigns a phone to an extension ID (0: none) as the web portal would, and
// reports whether the phone exists. The extension ID is not checked, so that a test can leave a
// phone pointing at an extension that is gone (the API then shows it as unassigned).
func (s *Server) SetPhoneExtension(id, extensionID int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, found := s.phones[id]
	if found {
		p.ExtensionID = extensionID
	}
	return found
}

// normaliseMAC drops the separators of the common MAC notations and folds case, so that
// "80:5E:C0:11:22:33", "80-5e-c0-11-22-33" and "805e.c011.2233" compare equal.
func normaliseMAC(mac string) string {
	return strings.ToLower(strings.NewReplacer(":", "", "-", "", ".", "").Replace(mac))
}

// validMAC accepts 12 hex digits bare, in pairs separated by one kind of ":" or "-", or in
// groups of four separated by ".".
func validMAC(mac string) bool {
	hex := func(s string) bool {
		for _, c := range s {
			if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
				return false
			}
		}
		return true
	}
	switch len(mac) {
	case 12:
		return hex(mac)
	case 14:
		return mac[4] == '.' && mac[9] == '.' && hex(mac[:4]+mac[5:9]+mac[10:])
	case 17:
		sep := mac[2]
		if sep != ':' && sep != '-' {
			return false
		}
		for i := 2; i < 17; i += 3 {
			if mac[i] != sep {
				return false
			}
		}
		return hex(normaliseMAC(mac))
	}
	return false
}

// macKeyword is the keyword in MAC form when it could be part of a MAC address in some
// notation (hex digits and separators only), else "".
func macKeyword(keyword string) string {
	key := normaliseMAC(keyword)
	for _, c := range key {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return ""
		}
	}
	return key
}

func (s *Server) phoneSearch(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	q := r.URL.Query()
	page, size, bad := s.paging(q)
	if bad != nil {
		writeJSON(w, http.StatusOK, bad)
		return
	}
	sortList, bad := sortOrder(q, map[string]func(a, b Phone) int{
		"vendor": func(a, b Phone) int { return strings.Compare(a.Vendor, b.Vendor) },
		"model":  func(a, b Phone) int { return strings.Compare(a.Model, b.Model) },
		"ip":     func(a, b Phone) int { return strings.Compare(a.IP, b.IP) },
	})
	if bad != nil {
		writeJSON(w, http.StatusOK, bad)
		return
	}
	keyword := strings.ToLower(q.Get("search_value"))
	macKey := macKeyword(keyword)

	s.mu.Lock()
	defer s.mu.Unlock()
	var found []Phone
	for _, p := range s.phonesLocked() { // by ID: the order without sort_by
		e, assigned := s.assignedExtensionLocked(p)
		if keyword == "" ||
			containsFold(keyword, p.MAC, p.Vendor, p.Model, p.TemplateName) ||
			assigned && containsFold(keyword, e.Number, e.CallerIDName) ||
			macKey != "" && strings.Contains(normaliseMAC(p.MAC), macKey) {
			found = append(found, p)
		}
	}
	sortList(found)
	data := []envelope{}
	for _, p := range pageOf(found, page, size) {
		number, name, status := "Unassigned", "Unassigned", "Unregistered"
		if e, assigned := s.assignedExtensionLocked(p); assigned {
			number, name = e.Number, e.CallerIDName
			if p.Registered {
				status = "Registered"
			}
		}
		data = append(data, envelope{
			"id":                  p.ID,
			"mac":                 p.MAC,
			"vendor":              p.Vendor,
			"model":               p.Model,
			"template_name":       p.TemplateName,
			"ip":                  p.IP,
			"firmware":            p.Firmware,
			"assigned_ext_status": status,
			"assigned_ext_num":    number,
			"assigned_ext_name":   name,
		})
	}
	writeJSON(w, http.StatusOK, ok(envelope{"total_number": len(found), "data": data}))
}

// assignedExtensionLocked returns the phone's extension; a phone whose extension is gone is
// unassigned, as the PBX shows it.
func (s *Server) assignedExtensionLocked(p Phone) (Extension, bool) {
	if p.ExtensionID == 0 {
		return Extension{}, false
	}
	return s.extensionByIDLocked(p.ExtensionID)
}

func (s *Server) phoneGet(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	raw := r.URL.Query().Get("id")
	if raw == "" {
		writeJSON(w, http.StatusOK, missingParam("id"))
		return
	}
	id, err := strconv.Atoi(raw)
	if err != nil {
		writeJSON(w, http.StatusOK, invalidParams(invalidParam("id", raw, "integer")))
		return
	}
	s.mu.Lock()
	p, found := s.phones[id]
	var data envelope
	if found {
		assigned := ""
		if _, known := s.assignedExtensionLocked(*p); known {
			assigned = strconv.Itoa(p.ExtensionID)
		}
		link := ""
		for _, m := range s.autopMethods(p.Vendor, p.Model) {
			if m.Value == p.ProvisioningMethod {
				link = m.Text
			}
		}
		rpsAuth := 0
		if p.RPSAuth {
			rpsAuth = 1
		}
		data = envelope{
			"id":                  p.ID,
			"mac":                 p.MAC,
			"vendor":              p.Vendor,
			"model":               p.Model,
			"template_name":       p.TemplateName,
			"provisioning_method": p.ProvisioningMethod,
			"provisioning_link":   link,
			"enb_rps_auth":        rpsAuth,
			"assigned_extension":  assigned,
		}
	}
	asArray := s.PhoneGetAsArray
	s.mu.Unlock()
	switch {
	case !found:
		writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
	case asArray:
		writeJSON(w, http.StatusOK, ok(envelope{"data": []envelope{data}}))
	default:
		writeJSON(w, http.StatusOK, ok(envelope{"data": data}))
	}
}

// decodeBody decodes a JSON body, answering 40001 when it does not decode.
func decodeBody(w http.ResponseWriter, r *http.Request, body any) bool {
	if err := json.NewDecoder(r.Body).Decode(body); err != nil {
		writeJSON(w, http.StatusOK, failure(40001, "PARAMETER SYNTAX ERROR"))
		return false
	}
	return true
}

// catalogueModel returns a model of a vendor, by parameter values.
func (s *Server) catalogueModel(vendor, model string) (Model, bool) {
	for _, v := range s.Catalogue {
		if v.Value != vendor {
			continue
		}
		for _, m := range v.Models {
			if m.Value == model {
				return m, true
			}
		}
	}
	return Model{}, false
}

// phoneBatchCreate checks the whole request before it adds anything, as a client that sends a
// bad template or a MAC that is already on the PBX must find nothing half done. No IDs come
// back: the client must search for the phones it added.
//
// Every phone needs an extension: the vendor's reference marks ext_id required for every
// phone of a batchcreate, on every edition, so a phone without one (ext_id missing or 0) is
// refused with 40002 naming ext_id ("required"), and the whole batch with it. A phone becomes
// unassigned only afterwards: in the web portal (AddPhone, SetPhoneExtension), when its
// extension is deleted, or through batchupdate with ext_id 0 (unconfirmed, see there).
func (s *Server) phoneBatchCreate(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodPost) {
		return
	}
	var body struct {
		Vendor             string `json:"vendor"`
		Model              string `json:"model"`
		TemplateName       string `json:"template_name"`
		ProvisioningMethod string `json:"provisioning_method"`
		EnbRPSAuth         *int   `json:"enb_rps_auth"`
		PhoneList          []struct {
			MAC   string `json:"mac"`
			ExtID *int   `json:"ext_id"` // nil: not sent
		} `json:"phone_list"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()

	var params []map[string]string
	required := func(field, value string) bool {
		if value == "" {
			params = append(params, invalidParam(field, "", "required"))
		}
		return value != ""
	}
	if required("vendor", body.Vendor) && !slices.ContainsFunc(s.Catalogue, func(v Vendor) bool { return v.Value == body.Vendor }) {
		params = append(params, invalidParam("vendor", body.Vendor, "enum"))
	}
	model, modelFound := s.catalogueModel(body.Vendor, body.Model)
	if required("model", body.Model) && !modelFound {
		params = append(params, invalidParam("model", body.Model, "enum"))
	}
	if required("template_name", body.TemplateName) && modelFound &&
		!slices.ContainsFunc(model.Templates, func(t Item) bool { return t.Text == body.TemplateName }) {
		params = append(params, invalidParam("template_name", body.TemplateName, "enum"))
	}
	if required("provisioning_method", body.ProvisioningMethod) && modelFound &&
		!slices.ContainsFunc(s.autopMethods(body.Vendor, body.Model), func(m Item) bool { return m.Value == body.ProvisioningMethod }) {
		params = append(params, invalidParam("provisioning_method", body.ProvisioningMethod, "enum"))
	}
	if body.EnbRPSAuth != nil && *body.EnbRPSAuth != 0 && *body.EnbRPSAuth != 1 {
		params = append(params, invalidParam("enb_rps_auth", strconv.Itoa(*body.EnbRPSAuth), "enum"))
	}
	if len(body.PhoneList) == 0 {
		params = append(params, invalidParam("phone_list", "", "required"))
	}
	onPBX := map[string]bool{}
	for _, p := range s.phones {
		onPBX[normaliseMAC(p.MAC)] = true
	}
	inList := map[string]bool{}
	var taken []map[string]string
	for _, p := range body.PhoneList {
		key := normaliseMAC(p.MAC)
		switch {
		case p.MAC == "":
			params = append(params, invalidParam("mac", "", "required"))
		case !validMAC(p.MAC):
			params = append(params, invalidParam("mac", p.MAC, "format"))
		case onPBX[key]:
			params = append(params, invalidParam("mac", p.MAC, "exists"))
			taken = append(taken, duplicateEntry("mac", p.MAC, "phone", p.MAC))
		case inList[key]:
			params = append(params, invalidParam("mac", p.MAC, "duplicate"))
		}
		inList[key] = true
		switch {
		case p.ExtID == nil:
			params = append(params, invalidParam("ext_id", "", "required"))
		case *p.ExtID == 0:
			// 0 names no extension: the phone would be added unassigned, which the API does not do.
			params = append(params, invalidParam("ext_id", "0", "required"))
		default:
			if _, known := s.extensionByIDLocked(*p.ExtID); !known {
				params = append(params, invalidParam("ext_id", strconv.Itoa(*p.ExtID), "not_found"))
			}
		}
	}
	if taken != nil && s.DuplicateErrcode == 40003 {
		writeJSON(w, http.StatusOK, duplicateAnswer(taken...))
		return
	}
	if params != nil {
		writeJSON(w, http.StatusOK, invalidParams(params...))
		return
	}
	for _, p := range body.PhoneList {
		s.addPhoneLocked(Phone{
			MAC:                p.MAC,
			Vendor:             body.Vendor,
			Model:              body.Model,
			TemplateName:       body.TemplateName,
			ProvisioningMethod: body.ProvisioningMethod,
			RPSAuth:            body.EnbRPSAuth != nil && *body.EnbRPSAuth == 1,
			ExtensionID:        *p.ExtID,
		})
	}
	writeJSON(w, http.StatusOK, ok(nil))
}

// phoneBatchUpdate changes extension assignments, all or nothing.
//
// ext_id 0 unassigns the phone here. Whether a real PBX accepts ext_id 0 on batchupdate is
// *unconfirmed* (the vendor's reference does not say; it may answer 40002 naming ext_id as
// batchcreate does): the fake accepts it so that the provider's path for it can be tested, and
// the provider's documentation says that unassigning rests on this guess.
func (s *Server) phoneBatchUpdate(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodPost) {
		return
	}
	var body struct {
		BatchIDList []int `json:"batch_id_list"`
		PhoneList   []struct {
			ID    int    `json:"id"`
			MAC   string `json:"mac"` // informational: the PBX goes by ID
			ExtID int    `json:"ext_id"`
		} `json:"phone_list"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(body.PhoneList) == 0 {
		writeJSON(w, http.StatusOK, missingParam("phone_list"))
		return
	}
	ids := slices.Clone(body.BatchIDList)
	for _, p := range body.PhoneList {
		ids = append(ids, p.ID)
	}
	for _, id := range ids {
		if _, found := s.phones[id]; !found {
			writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
			return
		}
	}
	var params []map[string]string
	for _, p := range body.PhoneList {
		if _, known := s.extensionByIDLocked(p.ExtID); p.ExtID != 0 && !known {
			params = append(params, invalidParam("ext_id", strconv.Itoa(p.ExtID), "not_found"))
		}
	}
	if params != nil {
		writeJSON(w, http.StatusOK, invalidParams(params...))
		return
	}
	for _, p := range body.PhoneList {
		s.phones[p.ID].ExtensionID = p.ExtID
	}
	writeJSON(w, http.StatusOK, ok(nil))
}

// phoneBatchDelete deletes phones, all or nothing.
func (s *Server) phoneBatchDelete(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r, http.MethodPost) {
		return
	}
	var body struct {
		BatchIDList []int `json:"batch_id_list"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(body.BatchIDList) == 0 {
		writeJSON(w, http.StatusOK, missingParam("batch_id_list"))
		return
	}
	for _, id := range body.BatchIDList {
		if _, found := s.phones[id]; !found {
			writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
			return
		}
	}
	for _, id := range body.BatchIDList {
		delete(s.phones, id)
	}
	writeJSON(w, http.StatusOK, ok(nil))
}
