package yeastar

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Inbound and outbound routes: which trunk calls come in on and where they go, and which trunk
// the extensions' calls go out through. Both are tried in creation order (pos), which no call
// changes.

// InboundDestinationPrefixes are an inbound route's destination prefixes: the default one, and
// those of the time condition.
const (
	inboundDefaultPrefix    = "def"
	inboundOfficePrefix     = "office_time"
	inboundOutOfficePrefix  = "outoffice_time"
	inboundHolidayPrefix    = "holiday"
	pinProtectionDisabled   = "disable"
	routeTrunkListField     = "trunk_list"
	outboundExtensionsField = "ext_list"
)

// InboundRoute is one inbound route: the calls to some numbers, on some trunks, and where they go.
type InboundRoute struct {
	ID   int
	Name string
	// DIDPatterns are the called numbers the route takes (did_pattern_list), in the PBX's
	// pattern syntax; CallerIDPatterns the callers (cid_pattern_list), none for every caller.
	DIDPatterns, CallerIDPatterns []string
	// TrunkIDs are the trunks it listens on (trunk_list).
	TrunkIDs []int
	// Destination is where calls go (def_dest), during office hours when a time condition is on
	// (office_time_dest too).
	Destination Destination
	// OutsideOfficeHours and Holiday, when either is set, turn on the time condition with the
	// PBX's global business hours. An unset OutsideOfficeHours is Destination; an unset Holiday
	// is OutsideOfficeHours.
	OutsideOfficeHours, Holiday *Destination
	// Position is pos, the route's place in the evaluation order; 0 when the record lacks it (the
	// guide documents it in listings only).
	Position int
}

// InboundRoutes are the inbound route calls (inbound_route/*).
func (c *Client) InboundRoutes() Routing[InboundRoute] {
	return Routing[InboundRoute]{c: c, codec: inboundRouteCodec}
}

var inboundRouteCodec = &routingCodec[InboundRoute]{
	kind: KindInboundRoute,
	id:   func(r InboundRoute) int { return r.ID },
	key:  func(r InboundRoute) string { return r.Name },
	decode: func(record map[string]json.RawMessage) InboundRoute {
		r := InboundRoute{
			ID: intField(record, "id"), Name: textField(record, "name"),
			DIDPatterns:      readPatterns(record, "did_pattern_list", DIDPatternField),
			CallerIDPatterns: readPatterns(record, "cid_pattern_list", CIDPatternField),
			TrunkIDs:         readIDList(record, routeTrunkListField),
			Destination:      readDestination(record, inboundDefaultPrefix),
			Position:         intField(record, "pos"),
		}
		if intField(record, "enb_time_condition") == 1 {
			// Read back as expand writes them: a destination equal to the one it defaults to is unset.
			if office := readDestination(record, inboundOfficePrefix); office.Type != "" {
				r.Destination = office
			}
			outside := readDestination(record, inboundOutOfficePrefix)
			if outside.Type != "" && outside != r.Destination {
				r.OutsideOfficeHours = &outside
			} else {
				outside = r.Destination
			}
			if holiday := readDestination(record, inboundHolidayPrefix); holiday.Type != "" && holiday != outside {
				r.Holiday = &holiday
			}
		}
		return r
	},
	body: func(r InboundRoute) map[string]any {
		body := map[string]any{
			"name": r.Name, "did_option": patternsOption, "did_pattern_list": patternsField(r.DIDPatterns, DIDPatternField),
			"cid_pattern_list": patternsField(r.CallerIDPatterns, CIDPatternField), routeTrunkListField: idListField(r.TrunkIDs),
			"enb_time_condition": 0,
		}
		if len(r.CallerIDPatterns) > 0 {
			body["cid_option"] = patternsOption
		}
		destinationFields(body, inboundDefaultPrefix, r.Destination)
		if r.OutsideOfficeHours != nil || r.Holiday != nil {
			outside := r.Destination
			if r.OutsideOfficeHours != nil {
				outside = *r.OutsideOfficeHours
			}
			holiday := outside
			if r.Holiday != nil {
				holiday = *r.Holiday
			}
			body["enb_time_condition"], body["time_condition"] = 1, timeConditionGlobal
			destinationFields(body, inboundOfficePrefix, r.Destination)
			destinationFields(body, inboundOutOfficePrefix, outside)
			destinationFields(body, inboundHolidayPrefix, holiday)
		}
		return body
	},
	destinations: func(r InboundRoute) map[string]Destination {
		out := map[string]Destination{"destination": r.Destination}
		if r.OutsideOfficeHours != nil {
			out["outside office hours"] = *r.OutsideOfficeHours
		}
		if r.Holiday != nil {
			out["holidays"] = *r.Holiday
		}
		return out
	},
	trunkIDs: func(r InboundRoute) []int { return r.TrunkIDs },
}

// DialPattern is one pattern of an outbound route: the numbers it takes, how many leading
// digits to strip and what to put before the rest.
type DialPattern struct {
	Pattern string
	Strip   int
	Prepend string
}

// OutboundRoute is one outbound route: the numbers the extensions dial out, and the trunks.
type OutboundRoute struct {
	ID           int
	Name         string
	DialPatterns []DialPattern // dial_pattern_list
	// TrunkIDs are tried in this order (trunk_list).
	TrunkIDs []int
	// ExtensionIDs may use the route (ext_list); none lets every extension (unconfirmed).
	ExtensionIDs     []int
	OutboundCallerID string // outbound_cid
	// Position is pos, as for an inbound route.
	Position int
}

// OutboundRoutes are the outbound route calls (outbound_route/*).
func (c *Client) OutboundRoutes() Routing[OutboundRoute] {
	return Routing[OutboundRoute]{c: c, codec: outboundRouteCodec}
}

var outboundRouteCodec = &routingCodec[OutboundRoute]{
	kind: KindOutboundRoute,
	id:   func(r OutboundRoute) int { return r.ID },
	key:  func(r OutboundRoute) string { return r.Name },
	decode: func(record map[string]json.RawMessage) OutboundRoute {
		r := OutboundRoute{
			ID: intField(record, "id"), Name: textField(record, "name"), DialPatterns: []DialPattern{},
			TrunkIDs: readIDList(record, routeTrunkListField), ExtensionIDs: readIDList(record, outboundExtensionsField),
			OutboundCallerID: textField(record, "outbound_cid"), Position: intField(record, "pos"),
		}
		var items []map[string]json.RawMessage
		if raw, found := record["dial_pattern_list"]; found {
			_ = json.Unmarshal(raw, &items)
		}
		for _, item := range items {
			r.DialPatterns = append(r.DialPatterns, DialPattern{Pattern: textField(item, "pattern"), Strip: intField(item, "strip"),
				Prepend: textField(item, "prepend")})
		}
		return r
	},
	body: func(r OutboundRoute) map[string]any {
		patterns := make([]map[string]any, len(r.DialPatterns))
		for i, p := range r.DialPatterns {
			patterns[i] = map[string]any{"pattern": p.Pattern, "strip": p.Strip, "prepend": p.Prepend}
		}
		return map[string]any{
			"name": r.Name, "dial_pattern_list": patterns, routeTrunkListField: idListField(r.TrunkIDs),
			outboundExtensionsField: idListField(r.ExtensionIDs), "pin_protect": pinProtectionDisabled, "outbound_cid": r.OutboundCallerID,
		}
	},
	destinations: func(OutboundRoute) map[string]Destination { return nil },
	trunkIDs:     func(r OutboundRoute) []int { return r.TrunkIDs },
}

// patternsField is a pattern list: [{"did_pattern": "5551234"}].
func patternsField(patterns []string, itemField string) []map[string]string {
	out := make([]map[string]string, len(patterns))
	for i, p := range patterns {
		out[i] = map[string]string{itemField: p}
	}
	return out
}

// readPatterns reads a pattern list; an item may also be a bare string.
func readPatterns(record map[string]json.RawMessage, field, itemField string) []string {
	var items []json.RawMessage
	if raw, found := record[field]; found {
		_ = json.Unmarshal(raw, &items)
	}
	out := []string{}
	for _, raw := range items {
		var item map[string]json.RawMessage
		if json.Unmarshal(raw, &item) == nil {
			if p := textField(item, itemField); p != "" {
				out = append(out, p)
			}
			continue
		}
		var p flexString
		if json.Unmarshal(raw, &p) == nil && p != "" {
			out = append(out, string(p))
		}
	}
	return out
}

// idListField is a list of objects by ID: [{"id": 3}].
func idListField(ids []int) []map[string]int {
	out := make([]map[string]int, len(ids))
	for i, id := range ids {
		out[i] = map[string]int{"id": id}
	}
	return out
}

// readIDList reads the IDs of a list of {"id": N} (or {"value": "N"}, as member lists have),
// in order.
func readIDList(record map[string]json.RawMessage, field string) []int {
	var items []map[string]json.RawMessage
	if raw, found := record[field]; found {
		_ = json.Unmarshal(raw, &items)
	}
	ids := []int{}
	for _, item := range items {
		id := intField(item, "id")
		if id == 0 {
			id, _ = strconv.Atoi(strings.TrimSpace(textField(item, "value")))
		}
		if id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}
