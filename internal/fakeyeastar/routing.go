package fakeyeastar

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The call-routing objects: ring groups (ringgroup/*), queues (queue/*, listed under
// queue_list) and IVRs (ivr/*), with the seven calls each, the one number space they share with
// the extensions, the destination rules (an ID of the wrong type is 40002), whole-list member
// updates, 70091 for an object in use, and members removed when their extension is deleted.

// Routing kinds as the API names them in its paths.
const (
	KindRingGroup = "ringgroup"
	KindQueue     = "queue"
	KindIVR       = "ivr"
)

// routingKinds are the kinds in the order the number space is searched.
var routingKinds = []string{KindRingGroup, KindQueue, KindIVR}

// servedKinds are every kind the fake serves with the seven calls: the numbered ones, and the
// trunks and routes (routing_calls.go), which have a name as their key.
var servedKinds = append(slices.Clone(routingKinds), callKinds...)

// destTypeOf is the destination type that sends calls to an object of each kind, and the
// menu of system/get_menuoptions that lists them.
var destTypeOf = map[string]string{KindRingGroup: "ring_group", KindQueue: "queue", KindIVR: "ivr"}

// Routing is one call-routing object as X/get answers it, without its id.
type Routing struct {
	Kind   string
	ID     int
	Fields map[string]any
}

// Number and Name are the object's number and name.
func (o Routing) Number() string { return text(o.Fields["number"]) }
func (o Routing) Name() string   { return text(o.Fields["name"]) }

// Prompt is one custom prompt of the PBX (system/get_menuoptions?menu=custom_prompt).
type Prompt struct{ Name string }

// DefaultPrompts are the custom prompts a new fake PBX has.
func DefaultPrompts() []string {
	return []string{"welcome.wav", "main-menu.wav", "after-hours.wav", "hold-on.wav"}
}

// MenuItem is one item of a system/get_menuoptions menu the fake keeps as is (group_vm,
// conference). Number, for a conference room, is its number of the one number space, which the
// API lists nowhere.
type MenuItem struct {
	Text, Value, Number string
}

// routingState is the part of the Server that keeps the call-routing objects.
type routingState struct {
	// RoutingCreateReturnsID makes X/create answer the new object's id (true in New); false
	// answers without it, the other case the vendor's guide leaves open.
	RoutingCreateReturnsID bool
	// Prompts are the custom prompts' file names; GroupVoicemails and Conferences the items of
	// the group_vm and conference menus (an ID in Value), which the destinations accept.
	Prompts         []string
	GroupVoicemails []MenuItem
	Conferences     []MenuItem

	routing       map[string][]*Routing
	nextRoutingID map[string]int
}

func newRoutingState() routingState {
	return routingState{
		RoutingCreateReturnsID: true,
		Prompts:                DefaultPrompts(),
		GroupVoicemails:        []MenuItem{{Text: "6900 Sales voicemail", Value: "1"}},
		Conferences:            []MenuItem{{Text: "Board room", Value: "1", Number: "6800"}},
		routing:                map[string][]*Routing{},
		nextRoutingID:          map[string]int{KindRingGroup: 1, KindQueue: 1, KindIVR: 1, KindTrunk: 1, KindInboundRoute: 1, KindOutboundRoute: 1},
	}
}

// text reads a JSON value as text.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	}
	return fmt.Sprint(v)
}

// number reads a JSON number or numeric string; ok false for anything else.
func number(v any) (int, bool) {
	switch x := v.(type) {
	case float64:
		return int(x), x == float64(int(x))
	case int:
		return x, true
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(x))
		return n, err == nil
	}
	return 0, false
}

// RoutingObjects returns copies of the objects of a kind, in the PBX's order.
func (s *Server) RoutingObjects(kind string) []Routing {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Routing, 0, len(s.routing[kind]))
	for _, o := range s.routing[kind] {
		out = append(out, copyRouting(o))
	}
	return out
}

// RoutingByNumber returns a copy of the object of a kind with this number.
func (s *Server) RoutingByNumber(kind, number string) (Routing, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.routing[kind] {
		if o.Number() == number {
			return copyRouting(o), true
		}
	}
	return Routing{}, false
}

func copyRouting(o *Routing) Routing {
	raw, _ := json.Marshal(o.Fields)
	fields := map[string]any{}
	_ = json.Unmarshal(raw, &fields)
	return Routing{Kind: o.Kind, ID: o.ID, Fields: fields}
}

// AddRouting adds an object as the web portal would, behind the API client's back, and
// returns its ID. The fields are checked as a create's are; a refusal panics, so that a test
// never silently adds nothing.
func (s *Server) AddRouting(kind string, fields map[string]any) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, refusal := s.checkRoutingLocked(kind, &Routing{Kind: kind, Fields: map[string]any{}}, normalise(fields), true)
	if refusal != nil {
		panic(fmt.Sprintf("fakeyeastar: AddRouting: %v", refusal))
	}
	return s.storeRoutingLocked(o)
}

// ChangeRouting changes fields of an object as the web portal would (a member list replaced,
// a strategy, a destination), checked as an update's are; a refusal panics.
func (s *Server) ChangeRouting(kind string, id int, fields map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.routingIndexLocked(kind, id)
	if i < 0 {
		panic(fmt.Sprintf("fakeyeastar: ChangeRouting: no %s %d", kind, id))
	}
	o, refusal := s.checkRoutingLocked(kind, s.routing[kind][i], normalise(fields), false)
	if refusal != nil {
		panic(fmt.Sprintf("fakeyeastar: ChangeRouting: %v", refusal))
	}
	s.routing[kind][i] = o
}

// RemoveRouting deletes an object as the web portal would, whatever uses it.
func (s *Server) RemoveRouting(kind string, id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.routingIndexLocked(kind, id); i >= 0 {
		s.routing[kind] = slices.Delete(s.routing[kind], i, i+1)
	}
}

// normalise turns Go values into what JSON decoding gives, so that fields set by tests and
// fields sent by clients look alike.
func normalise(fields map[string]any) map[string]any {
	raw, _ := json.Marshal(fields)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	return out
}

func (s *Server) routingIndexLocked(kind string, id int) int {
	return slices.IndexFunc(s.routing[kind], func(o *Routing) bool { return o.ID == id })
}

func (s *Server) storeRoutingLocked(o *Routing) int {
	o.ID = s.nextRoutingID[o.Kind]
	s.nextRoutingID[o.Kind]++
	s.routing[o.Kind] = append(s.routing[o.Kind], o)
	return o.ID
}

// serveRouting answers the routing endpoints; false when endpoint is not one of them.
func (s *Server) serveRouting(w http.ResponseWriter, r *http.Request, endpoint string) bool {
	kind, call, found := strings.Cut(endpoint, "/")
	if !found || !slices.Contains(servedKinds, kind) {
		return false
	}
	switch call {
	case "list":
		s.routingSearch(w, r, kind, false)
	case "search":
		s.routingSearch(w, r, kind, true)
	case "get":
		s.routingGet(w, r, kind)
	case "query":
		s.routingQuery(w, r, kind)
	case "create":
		s.routingWrite(w, r, kind, true)
	case "update":
		s.routingWrite(w, r, kind, false)
	case "delete":
		s.routingDelete(w, r, kind)
	default:
		return false
	}
	return true
}

// routingSummary is an object as the listings show it.
func routingSummary(o *Routing) envelope {
	e := envelope{"id": o.ID, "number": o.Number(), "name": o.Name()}
	switch o.Kind {
	case KindRingGroup:
		e["ring_strategy"] = o.Fields["ring_strategy"]
		members, _ := o.Fields["member_list"].([]any)
		e["member_count"] = len(members)
	case KindQueue:
		e["ring_strategy"] = o.Fields["ring_strategy"]
	case KindTrunk:
		e["type"], e["hostname"], e["port"], e["enable"] = o.Fields["type"], o.Fields["hostname"], o.Fields["port"], o.Fields["enable"]
	}
	return e
}

func (s *Server) routingSearch(w http.ResponseWriter, r *http.Request, kind string, keyword bool) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	q := r.URL.Query()
	page, size, bad := s.paging(q)
	if bad != nil {
		writeJSON(w, http.StatusOK, bad)
		return
	}
	sortList, bad := sortOrder(q, map[string]func(a, b *Routing) int{
		"id":     func(a, b *Routing) int { return a.ID - b.ID },
		"number": func(a, b *Routing) int { return strings.Compare(a.Number(), b.Number()) },
		"name":   func(a, b *Routing) int { return strings.Compare(a.Name(), b.Name()) },
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
	var found []*Routing
	for _, o := range s.routing[kind] {
		if value == "" || containsFold(value, o.Number(), o.Name()) {
			found = append(found, o)
		}
	}
	sortList(found)
	data := []envelope{}
	for _, o := range pageOf(found, page, size) {
		e := routingSummary(o)
		if kind == KindInboundRoute || kind == KindOutboundRoute {
			// The evaluation order, which only listings carry (the worst case the guide allows).
			e["pos"], e["last_pos"] = s.routingIndexLocked(kind, o.ID)+1, len(s.routing[kind])
		}
		data = append(data, e)
	}
	s.mu.Unlock()
	listField := "data"
	if kind == KindQueue {
		listField = "queue_list"
	}
	writeJSON(w, http.StatusOK, ok(envelope{"total_number": len(found), listField: data}))
}

// routingRecordLocked is an object as X/get answers it, with text and text2 (name and number)
// added to its members as reads do.
func (s *Server) routingRecordLocked(o *Routing) envelope {
	record := envelope{}
	for k, v := range copyRouting(o).Fields {
		record[k] = v
	}
	record["id"] = o.ID
	for _, field := range memberFields[o.Kind] {
		items, _ := record[field].([]any)
		for _, item := range items {
			m, _ := item.(map[string]any)
			if id, isID := number(m["value"]); isID {
				if e, found := s.extensionByIDLocked(id); found {
					m["text"], m["text2"] = e.CallerIDName, e.Number
				}
			}
		}
	}
	return record
}

func (s *Server) routingGet(w http.ResponseWriter, r *http.Request, kind string) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	id, valid := idParam(w, r)
	if !valid {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.routingIndexLocked(kind, id)
	if i < 0 {
		writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
		return
	}
	writeJSON(w, http.StatusOK, ok(envelope{"data": s.routingRecordLocked(s.routing[kind][i])}))
}

// routingQuery answers X/query?ids=1,2 with the objects it knows, in the order asked. As the
// guide documents for queue/query, a queue query for one ID answers one object, not a list.
func (s *Server) routingQuery(w http.ResponseWriter, r *http.Request, kind string) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	ids, valid := idsParam(w, r)
	if !valid {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	data := []envelope{}
	for _, id := range ids {
		if i := s.routingIndexLocked(kind, id); i >= 0 {
			data = append(data, s.routingRecordLocked(s.routing[kind][i]))
		}
	}
	if kind == KindQueue && len(data) == 1 {
		writeJSON(w, http.StatusOK, ok(envelope{"data": data[0]}))
		return
	}
	writeJSON(w, http.StatusOK, ok(envelope{"data": data}))
}

// routingWrite answers X/create and X/update: all or nothing, every invalid parameter named.
func (s *Server) routingWrite(w http.ResponseWriter, r *http.Request, kind string, creating bool) {
	if !s.authorized(w, r, http.MethodPost) {
		return
	}
	var body map[string]any
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	current := &Routing{Kind: kind, Fields: map[string]any{}}
	index := -1
	if !creating {
		id, isID := number(body["id"])
		if !isID {
			writeJSON(w, http.StatusOK, missingParam("id"))
			return
		}
		if index = s.routingIndexLocked(kind, id); index < 0 {
			writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
			return
		}
		current = s.routing[kind][index]
	}
	delete(body, "id")
	o, refusal := s.checkRoutingLocked(kind, current, body, creating)
	if refusal != nil {
		writeJSON(w, http.StatusOK, refusal)
		return
	}
	if !creating {
		s.routing[kind][index] = o
		writeJSON(w, http.StatusOK, ok(nil))
		return
	}
	id := s.storeRoutingLocked(o)
	if s.RoutingCreateReturnsID || kind == KindOutboundRoute { // the guide documents the outbound route's id
		writeJSON(w, http.StatusOK, ok(envelope{"id": id}))
		return
	}
	writeJSON(w, http.StatusOK, ok(nil))
}

// routingDelete deletes one object, unless a destination of another object (or an IVR key)
// sends calls to it: 70091 CONNECTION_RELATION_EXISTED.
func (s *Server) routingDelete(w http.ResponseWriter, r *http.Request, kind string) {
	if !s.authorized(w, r, http.MethodGet) {
		return
	}
	id, valid := idParam(w, r)
	if !valid {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.routingIndexLocked(kind, id)
	if i < 0 {
		writeJSON(w, http.StatusOK, failure(60001, "DATA NOT FOUND"))
		return
	}
	if s.destinationInUseLocked(destTypeOf[kind], id) || kind == KindTrunk && s.trunkInUseLocked(id) {
		writeJSON(w, http.StatusOK, failure(70091, "CONNECTION_RELATION_EXISTED"))
		return
	}
	s.routing[kind] = slices.Delete(s.routing[kind], i, i+1)
	writeJSON(w, http.StatusOK, ok(nil))
}

// destinationInUseLocked reports whether any object's destination sends calls to the object
// of destination type destType and ID id.
func (s *Server) destinationInUseLocked(destType string, id int) bool {
	if destType == "" {
		return false
	}
	target := strconv.Itoa(id)
	for _, kind := range servedKinds {
		for _, o := range s.routing[kind] {
			for _, prefix := range destinationPrefixes(kind) {
				if text(o.Fields[prefix+"_dest"]) == destType && text(o.Fields[prefix+"_dest_value"]) == target {
					return true
				}
			}
		}
	}
	return false
}

// extensionDeletedLocked removes a deleted extension from every member and agent list, as
// the PBX most likely does.
func (s *Server) extensionDeletedLocked(id int) {
	for _, kind := range routingKinds {
		for _, o := range s.routing[kind] {
			for _, field := range memberFields[kind] {
				items, _ := o.Fields[field].([]any)
				o.Fields[field] = slices.DeleteFunc(slices.Clone(items), func(item any) bool {
					m, _ := item.(map[string]any)
					n, isID := number(m["value"])
					return isID && n == id && text(m["type"]) == "extension"
				})
			}
		}
	}
}

// routingNumberHolderLocked names the routing object that holds number, other than skip: its
// kind (the API's external_source) and number; "" when none does.
func (s *Server) routingNumberHolderLocked(number string, skip *Routing) (string, string) {
	for _, kind := range routingKinds {
		for _, o := range s.routing[kind] {
			if o != skip && o.Number() == number {
				return kind, o.Number()
			}
		}
	}
	for _, room := range s.Conferences {
		if room.Number != "" && room.Number == number {
			return "conference", room.Number
		}
	}
	return "", ""
}

// routingMenuLocked answers the system/get_menuoptions menus of the routing objects and their
// destinations; ok false for a menu it does not know.
func (s *Server) routingMenuLocked(menu string) ([]envelope, bool) {
	data := []envelope{}
	for kind, destType := range destTypeOf {
		if menu == destType {
			for _, o := range s.routing[kind] {
				data = append(data, envelope{"text": strings.TrimSpace(o.Number() + " " + o.Name()), "value": strconv.Itoa(o.ID), "type": destType})
			}
			return data, true
		}
	}
	switch menu {
	case "extension":
		for _, e := range s.Extensions {
			data = append(data, envelope{"text": strings.TrimSpace(e.Number + " " + e.CallerIDName), "value": strconv.Itoa(e.ID), "type": "extension"})
		}
	case "trunk":
		for _, o := range s.routing[KindTrunk] {
			data = append(data, envelope{"text": o.Name(), "value": strconv.Itoa(o.ID), "type": "trunk"})
		}
	case "custom_prompt":
		for _, p := range s.Prompts {
			data = append(data, envelope{"text": p, "value": p, "type": "custom_prompt"})
		}
	case "group_vm":
		for _, item := range s.GroupVoicemails {
			data = append(data, envelope{"text": item.Text, "value": item.Value, "type": "group_vm"})
		}
	case "conference":
		for _, item := range s.Conferences {
			data = append(data, envelope{"text": item.Text, "value": item.Value, "type": "conference"})
		}
	default:
		return nil, false
	}
	return data, true
}
