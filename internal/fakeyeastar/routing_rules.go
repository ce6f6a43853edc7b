package fakeyeastar

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The PBX's rules for the call-routing objects' fields, as the vendor's guide documents them,
// written independently of the client's own checks.

// memberFields are each kind's lists of {value: extension ID, type: "extension"}.
var memberFields = map[string][]string{
	KindRingGroup: {"member_list"},
	KindQueue:     {"static_agent_list", "dynamic_agent_list", "manager_list"},
}

// destinationPrefixes are each kind's destination prefixes P (P_dest, P_dest_value,
// P_dest_prefix). The IVR's timeout and invalid destinations use the names the guide leaves
// unconfirmed (timeout_dest, invalid_dest).
func destinationPrefixes(kind string) []string {
	switch kind {
	case KindIVR:
		out := []string{"timeout", "invalid"}
		for k := 0; k <= 9; k++ {
			out = append(out, "press"+strconv.Itoa(k))
		}
		return out
	case KindInboundRoute:
		return inboundDestinationPrefixes
	case KindTrunk, KindOutboundRoute:
		return nil
	default:
		return []string{"fail"}
	}
}

// The enumerations of each kind.
var (
	ringGroupStrategies = []string{"ring_all", "sequentially", "memory_hunt", "custom"}
	queueStrategies     = []string{"ring_all", "least_recent", "fewest_calls", "random", "rrmemory", "linear"}
	dialExtOptions      = []string{"disable", "all", "allow", "restrict"}
	commonDestTypes     = []string{"end_call", "extension", "ext_vm", "group_vm", "ivr", "ring_group", "queue", "conference", "external_num", "play_greeting"}
)

// routingDefaults are the values of fields a create leaves out.
var routingDefaults = map[string]map[string]any{
	KindRingGroup: {"member_list": []any{}, "fail_dest": "end_call", "fail_dest_value": "", "fail_dest_prefix": ""},
	KindQueue: {"static_agent_list": []any{}, "dynamic_agent_list": []any{}, "manager_list": []any{}, "max_wait_time": float64(0),
		"agent_timeout": float64(30), "retry_time": float64(5), "wrap_up_time": float64(10),
		"fail_dest": "end_call", "fail_dest_value": "", "fail_dest_prefix": ""},
	KindIVR: {"dial_ext_option": "disable", "enb_dial_outb_routes": float64(0), "enb_dial_check_vm": float64(0),
		"timeout_dest": "end_call", "timeout_dest_value": "", "timeout_dest_prefix": "",
		"invalid_dest": "end_call", "invalid_dest_value": "", "invalid_dest_prefix": ""},
}

// requiredAtCreate are each kind's required fields (ring_timeout is checked apart: custom
// needs none).
var requiredAtCreate = map[string][]string{
	KindRingGroup: {"number", "name", "ring_strategy"},
	KindQueue:     {"number", "name", "ring_strategy"},
	KindIVR:       {"number", "name", "prompt", "prompt_repeat", "resp_timeout", "digit_timeout"},
}

// checkRoutingLocked returns the object current would be with the fields of body, or the
// PBX's refusal: every invalid parameter (40002), else a number held in the one number space
// (40003 with duplicate_field_list).
func (s *Server) checkRoutingLocked(kind string, current *Routing, body map[string]any, creating bool) (*Routing, envelope) {
	if slices.Contains(callKinds, kind) {
		return s.checkCallsLocked(kind, current, body, creating)
	}
	o := copyRouting(current)
	var params []map[string]string
	bad := func(field string, value any, problem string) {
		params = append(params, invalidParam(field, text(value), problem))
	}
	if creating {
		for field, v := range routingDefaults[kind] {
			o.Fields[field] = v
		}
		for _, field := range requiredAtCreate[kind] {
			if _, sent := body[field]; !sent {
				bad(field, "", "required")
			}
		}
	}
	fields := make([]string, 0, len(body))
	for field := range body {
		fields = append(fields, field)
	}
	slices.Sort(fields)
	for _, field := range fields {
		v := body[field]
		if field == "number" && !creating {
			if text(v) != o.Number() {
				bad("number", v, "not_editable")
			}
			continue
		}
		if problem := s.routingFieldProblem(kind, field, v); problem != "" {
			bad(field, v, problem)
			continue
		}
		o.Fields[field] = v
	}
	if kind == KindRingGroup && text(o.Fields["ring_strategy"]) != "custom" {
		if _, has := o.Fields["ring_timeout"]; !has {
			bad("ring_timeout", "", "required")
		}
	}
	if kind == KindQueue {
		static := memberIDs(o.Fields["static_agent_list"])
		for _, id := range memberIDs(o.Fields["dynamic_agent_list"]) {
			if slices.Contains(static, id) {
				bad("dynamic_agent_list", strconv.Itoa(id), "conflict")
			}
		}
	}
	// Destinations: every prefix whose type was sent is checked as a whole.
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
	if creating {
		number := o.Number()
		holderKind, holderNumber := s.routingNumberHolderLocked(number, nil)
		if e := slices.IndexFunc(s.Extensions, func(e Extension) bool { return e.Number == number }); e >= 0 {
			holderKind, holderNumber = "extension", s.Extensions[e].Number
		}
		if holderKind != "" {
			return nil, duplicateKey([]map[string]string{{"field": "number", "value": number, "external_source": holderKind, "external_source_name": holderNumber}})
		}
	}
	return &o, nil
}

// routingFieldProblem returns the validation type the PBX reports for one field on its own,
// or "".
func (s *Server) routingFieldProblem(kind, field string, v any) string {
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
	switch field {
	case "number":
		n := text(v)
		if n == "" || len(n) > 7 || strings.Trim(n, "0123456789") != "" {
			return "format"
		}
	case "name":
		if n := text(v); n == "" || len(n) > 127 {
			return "length"
		}
	case "ring_strategy":
		strategies := ringGroupStrategies
		if kind == KindQueue {
			strategies = queueStrategies
		}
		if !slices.Contains(strategies, text(v)) {
			return "enum"
		}
	case "ring_timeout":
		return between(1, 3600)
	case "max_wait_time":
		return between(0, 9999999)
	case "agent_timeout", "retry_time", "wrap_up_time":
		return between(0, 9999)
	case "prompt_repeat":
		return between(1, 5)
	case "resp_timeout", "digit_timeout":
		return between(1, 10)
	case "enb_dial_outb_routes", "enb_dial_check_vm":
		return between(0, 1)
	case "dial_ext_option":
		if !slices.Contains(dialExtOptions, text(v)) {
			return "enum"
		}
	case "prompt":
		return s.promptProblem(text(v))
	case "member_list", "static_agent_list", "dynamic_agent_list", "manager_list":
		items, isList := v.([]any)
		if !isList {
			return "format"
		}
		seen := map[int]bool{}
		for _, item := range items {
			m, _ := item.(map[string]any)
			id, isID := number(m["value"])
			switch {
			case !isID || text(m["type"]) != "extension" && text(m["type"]) != "ext_group":
				return "format"
			case text(m["type"]) == "extension" && slices.IndexFunc(s.Extensions, func(e Extension) bool { return e.ID == id }) < 0:
				return "not_exist"
			case seen[id]:
				return "duplicate"
			}
			seen[id] = true
		}
	}
	return ""
}

// promptProblem checks an IVR's prompt: "default" or up to 5 custom prompts, by comma.
func (s *Server) promptProblem(prompt string) string {
	if prompt == "default" {
		return ""
	}
	names := strings.Split(prompt, ",")
	if len(names) > 5 {
		return "length"
	}
	for _, name := range names {
		if !slices.Contains(s.Prompts, name) {
			return "not_exist"
		}
	}
	return ""
}

// destinationProblemLocked checks the destination under prefix: a type the field takes, and
// a value that fits it (an ID of an object of that type, a prompt the PBX has).
func (s *Server) destinationProblemLocked(kind, prefix string, fields map[string]any) string {
	destType, value := text(fields[prefix+"_dest"]), text(fields[prefix+"_dest_value"])
	isKey := kind == KindIVR && strings.HasPrefix(prefix, "press")
	types := commonDestTypes
	if isKey {
		types = append(slices.Clone(types), "dial_by_name", "play_prompt")
	}
	id, isID := number(value)
	switch {
	case destType == "" && isKey:
		return "" // a key without a destination
	case !slices.Contains(types, destType):
		return "enum"
	case destType == "extension" || destType == "ext_vm":
		if !isID || slices.IndexFunc(s.Extensions, func(e Extension) bool { return e.ID == id }) < 0 {
			return "not_exist"
		}
	case destType == "ivr" || destType == "ring_group" || destType == "queue":
		for k, t := range destTypeOf {
			if t == destType && (!isID || s.routingIndexLocked(k, id) < 0) {
				return "not_exist"
			}
		}
	case destType == "group_vm" || destType == "conference":
		items := s.GroupVoicemails
		if destType == "conference" {
			items = s.Conferences
		}
		if slices.IndexFunc(items, func(m MenuItem) bool { return m.Value == value }) < 0 {
			return "not_exist"
		}
	case destType == "external_num":
		if value == "" || strings.Trim(value, "0123456789+*#") != "" {
			return "format"
		}
	case destType == "play_greeting":
		if !slices.Contains(s.Prompts, value) {
			return "not_exist"
		}
		if n, isNumber := number(fields[prefix+"_dest_prefix"]); !isNumber || n < 1 || n > 10 {
			return fmt.Sprintf("range of %s_dest_prefix", prefix)
		}
	}
	return ""
}

// memberIDs reads the extension IDs of a member list.
func memberIDs(v any) []int {
	items, _ := v.([]any)
	var ids []int
	for _, item := range items {
		m, _ := item.(map[string]any)
		if id, isID := number(m["value"]); isID {
			ids = append(ids, id)
		}
	}
	return ids
}
