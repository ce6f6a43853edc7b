package fakeyeastar

import (
	"regexp"
	"slices"
	"strings"
)

// The objects that connect the PBX to the world: SIP trunks (trunk/*), inbound routes
// (inbound_route/*) and outbound routes (outbound_route/*). They have no number: the name is
// unique among the objects of a kind. The rules follow the vendor's guide and the public
// clients that call real PBXs, written independently of the client's own checks:
//   - a trunk's enable is an integer: a boolean is answered -2 INTERNAL SERVER ERROR;
//   - a host and port another trunk uses is 70103;
//   - trunk/get answers the trunk's password (the worst case the guide leaves open);
//   - a trunk that a route uses is 70091 on delete;
//   - routes are listed with pos (their evaluation order, the creation order) and last_pos,
//     which only the listings carry;
//   - outbound_route/create always answers the new id (the guide documents it).

// The kinds of this file, as the API names them in its paths.
const (
	KindTrunk         = "trunk"
	KindInboundRoute  = "inbound_route"
	KindOutboundRoute = "outbound_route"
)

// callKinds are the kinds keyed by name.
var callKinds = []string{KindTrunk, KindInboundRoute, KindOutboundRoute}

// TrunkAddressTaken is the errcode of a host and port another trunk uses, as public clients
// report it.
const TrunkAddressTaken = 70103

// inboundDestinationPrefixes are an inbound route's destinations: the default one, and those of
// the time condition.
var inboundDestinationPrefixes = []string{"def", "office_time", "outoffice_time", "holiday"}

var (
	trunkTypes      = []string{"register", "peer"}
	trunkTransports = []string{"udp", "tcp", "tls"}
	// TrunkCodecs are the codec names a trunk's codec_sel takes, joined by commas.
	TrunkCodecs    = []string{"ulaw", "alaw", "g729", "g722", "gsm", "ilbc", "g726", "adpcm", "speex", "opus", "h264", "h263", "h263p", "vp8", "mpeg4"}
	pinProtections = []string{"disable", "single_pin", "pin_list"}
	// didPatternRule is the PBX's pattern syntax for inbound numbers: digits, X, Z, N, [ranges],
	// with . or ! only at the end; dialPatternRule adds * # + for outbound routes.
	didPatternRule  = regexp.MustCompile(`^(?:[0-9XZN]|\[[0-9,-]+\])+[.!]?$`)
	dialPatternRule = regexp.MustCompile(`^(?:[0-9XZN*#+]|\[[0-9,-]+\])+[.!]?$`)
)

// DefaultTrunkCodecs is a new trunk's codec_sel when the create leaves it out.
const DefaultTrunkCodecs = "ulaw,alaw,g729,g722"

var callDefaults = map[string]map[string]any{
	KindTrunk: {"enable": float64(1), "country": "general", "transport": "udp", "port": float64(5060), "domain": "", "username": "",
		"auth_name": "", "codec_sel": DefaultTrunkCodecs, "def_outbound_cid": "", "def_outbound_cid_name": ""},
	KindInboundRoute: {"did_option": "patterns", "did_pattern_list": []any{}, "cid_pattern_list": []any{}, "enb_time_condition": float64(0),
		"time_condition":   "global",
		"office_time_dest": "end_call", "office_time_dest_value": "", "office_time_dest_prefix": "",
		"outoffice_time_dest": "end_call", "outoffice_time_dest_value": "", "outoffice_time_dest_prefix": "",
		"holiday_dest": "end_call", "holiday_dest_value": "", "holiday_dest_prefix": ""},
	KindOutboundRoute: {"ext_list": []any{}, "outbound_cid": "", "pin_protect": "disable"},
}

var callRequired = map[string][]string{
	KindTrunk:         {"name", "type", "hostname"},
	KindInboundRoute:  {"name", "trunk_list", "def_dest"},
	KindOutboundRoute: {"name", "dial_pattern_list", "trunk_list", "pin_protect"},
}

// checkCallsLocked is checkRoutingLocked for trunks and routes: every invalid parameter (40002),
// else a name the kind already has (40003), else, for a trunk, a host and port another trunk
// uses (70103). A trunk whose enable is not an integer is -2, as the PBX answers it.
func (s *Server) checkCallsLocked(kind string, current *Routing, body map[string]any, creating bool) (*Routing, envelope) {
	o := copyRouting(current)
	var params []map[string]string
	bad := func(field string, value any, problem string) {
		if field == "password" {
			value = "" // the fake does not echo a refused password, though a PBX might
		}
		params = append(params, invalidParam(field, text(value), problem))
	}
	if creating {
		for field, v := range callDefaults[kind] {
			o.Fields[field] = v
		}
		for _, field := range callRequired[kind] {
			if _, sent := body[field]; !sent {
				bad(field, "", "required")
			}
		}
	}
	if _, isBool := body["enable"].(bool); isBool && kind == KindTrunk {
		return nil, failure(-2, "INTERNAL SERVER ERROR")
	}
	fields := make([]string, 0, len(body))
	for field := range body {
		fields = append(fields, field)
	}
	slices.Sort(fields)
	for _, field := range fields {
		v := body[field]
		if field == "type" && kind == KindTrunk && !creating && text(v) != text(o.Fields["type"]) {
			bad("type", v, "not_editable")
			continue
		}
		if problem := s.callFieldProblem(field, v); problem != "" {
			bad(field, v, problem)
			continue
		}
		o.Fields[field] = v
	}
	if kind == KindTrunk && text(o.Fields["type"]) == "register" {
		if text(o.Fields["username"]) == "" {
			bad("username", "", "required")
		}
		if text(o.Fields["password"]) == "" {
			bad("password", "", "required")
		}
	}
	for _, prefix := range destinationPrefixes(kind) {
		if _, sent := body[prefix+"_dest"]; !sent {
			continue
		}
		if problem := s.destinationProblemLocked(kind, prefix, o.Fields); problem != "" {
			bad(prefix+"_dest_value", o.Fields[prefix+"_dest_value"], problem)
		}
	}
	if params != nil {
		return nil, invalidParams(params...)
	}
	for _, other := range s.routing[kind] {
		if other.ID != current.ID && other.Name() == o.Name() {
			return nil, duplicateKey([]map[string]string{{"field": "name", "value": o.Name(), "external_source": kind, "external_source_name": other.Name()}})
		}
	}
	if kind == KindTrunk {
		for _, other := range s.routing[kind] {
			if other.ID != current.ID && strings.EqualFold(text(other.Fields["hostname"]), text(o.Fields["hostname"])) &&
				text(other.Fields["port"]) == text(o.Fields["port"]) {
				return nil, failure(TrunkAddressTaken, Errmsgs[TrunkAddressTaken])
			}
		}
	}
	return &o, nil
}

// callFieldProblem returns the validation type the PBX reports for one field of a trunk or
// route on its own, or "".
func (s *Server) callFieldProblem(field string, v any) string {
	between := func(lo, hi int) string {
		n, isNumber := number(v)
		switch {
		case !isNumber:
			return "integer"
		case n < lo || n > hi:
			return "range"
		}
		return ""
	}
	oneOf := func(values []string) string {
		if !slices.Contains(values, text(v)) {
			return "enum"
		}
		return ""
	}
	switch field {
	case "name":
		if n := text(v); strings.TrimSpace(n) == "" || len(n) > 127 {
			return "length"
		}
	case "enable", "enb_time_condition":
		return between(0, 1)
	case "type":
		return oneOf(trunkTypes)
	case "transport":
		return oneOf(trunkTransports)
	case "port":
		return between(1, 65535)
	case "hostname":
		if h := text(v); h == "" || len(h) > 255 || strings.ContainsAny(h, " /") {
			return "format"
		}
	case "password":
		if n := len(text(v)); n < 8 || n > 63 {
			return "length"
		}
	case "codec_sel":
		codecs := strings.Split(text(v), ",")
		for i, c := range codecs {
			if !slices.Contains(TrunkCodecs, c) || slices.Contains(codecs[:i], c) {
				return "enum"
			}
		}
	case "pin_protect":
		return oneOf(pinProtections)
	case "did_option", "cid_option":
		return oneOf([]string{"patterns"})
	case "time_condition":
		return oneOf([]string{"global"})
	case "trunk_list":
		items, isList := v.([]any)
		if !isList || len(items) == 0 {
			return "format"
		}
		for _, item := range items {
			m, _ := item.(map[string]any)
			id, isID := number(m["id"])
			if !isID || s.routingIndexLocked(KindTrunk, id) < 0 {
				return "not_exist"
			}
		}
	case "ext_list":
		items, isList := v.([]any)
		if !isList {
			return "format"
		}
		for _, item := range items {
			m, _ := item.(map[string]any)
			id, isID := number(m["id"])
			if _, found := s.extensionByIDLocked(id); !isID || !found {
				return "not_exist"
			}
		}
	case "did_pattern_list", "cid_pattern_list":
		return patternListProblem(v, strings.TrimSuffix(field, "_list"), didPatternRule)
	case "dial_pattern_list":
		items, isList := v.([]any)
		if !isList || len(items) == 0 {
			return "format"
		}
		for _, item := range items {
			m, _ := item.(map[string]any)
			if !dialPatternRule.MatchString(text(m["pattern"])) {
				return "format"
			}
			if strip, isNumber := number(m["strip"]); m["strip"] != nil && (!isNumber || strip < 0) {
				return "range"
			}
			if p := text(m["prepend"]); strings.Trim(p, "0123456789*#+") != "" {
				return "format"
			}
		}
	}
	return ""
}

// patternListProblem checks a list of {itemField: pattern}.
func patternListProblem(v any, itemField string, rule *regexp.Regexp) string {
	items, isList := v.([]any)
	if !isList {
		return "format"
	}
	for _, item := range items {
		m, _ := item.(map[string]any)
		if !rule.MatchString(text(m[itemField])) {
			return "format"
		}
	}
	return ""
}

// trunkInUseLocked reports whether a route takes calls through the trunk.
func (s *Server) trunkInUseLocked(id int) bool {
	for _, kind := range []string{KindInboundRoute, KindOutboundRoute} {
		for _, o := range s.routing[kind] {
			items, _ := o.Fields["trunk_list"].([]any)
			for _, item := range items {
				m, _ := item.(map[string]any)
				if n, isID := number(m["id"]); isID && n == id {
					return true
				}
			}
		}
	}
	return false
}

// RoutingByName returns a copy of the object of a kind with this name.
func (s *Server) RoutingByName(kind, name string) (Routing, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.routing[kind] {
		if o.Name() == name {
			return copyRouting(o), true
		}
	}
	return Routing{}, false
}

// TrunkPasswords returns every password the fake's trunks hold, for secret scans.
func (s *Server) TrunkPasswords() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, o := range s.routing[KindTrunk] {
		if p := text(o.Fields["password"]); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// RoutePosition is a route's pos: its place in the evaluation order, from 1; 0 when there is
// none of that ID.
func (s *Server) RoutePosition(kind string, id int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.routingIndexLocked(kind, id) + 1
}
