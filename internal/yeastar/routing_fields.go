package yeastar

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The API's field names for the call-routing objects. The vendor documents most of them; the
// ones it leaves *unconfirmed* are kept here, and only here, so that a PBX that answers with
// another name is one edit away.
const (
	// queueListField is where queue/list answers its records instead of data; a PBX that uses
	// data is read too.
	queueListField = "queue_list"

	// ivrTimeoutDestPrefix and ivrInvalidDestPrefix are the destination prefixes of an IVR's
	// response-timeout and invalid-input destinations (unconfirmed: the guide documents only
	// press0_dest ... press9_dest).
	ivrTimeoutDestPrefix = "timeout"
	ivrInvalidDestPrefix = "invalid"

	// DIDPatternField is the field of one item of an inbound route's did_pattern_list
	// (unconfirmed), for the inbound routes of the issue "Calls in and out".
	DIDPatternField = "did_pattern"
	// CIDPatternField is the field of one item of cid_pattern_list (unconfirmed: named after
	// did_pattern). An empty list lets every caller through (unconfirmed), so cid_option is sent
	// only with patterns.
	CIDPatternField = "cid_pattern"
	// patternsOption is did_option and cid_option for a list of patterns.
	patternsOption = "patterns"
	// timeConditionGlobal is the time condition of the PBX's global business hours.
	timeConditionGlobal = "global"

	// trunkCodecField holds a trunk's codecs in order of preference; the PBX's format is
	// unconfirmed: they are sent as one string joined by commas, and read as such a string or
	// a JSON list.
	trunkCodecField     = "codec_sel"
	trunkCodecSeparator = ","
	// trunkPasswordField is the trunk's registration password, which trunk/get answers too.
	trunkPasswordField = "password"

	// memberTypeExtension is the type of a ring group member or queue agent that is an
	// extension; reads may also list "ext_group" members, which the provider does not manage.
	memberTypeExtension = "extension"
)

// ivrKeyPrefix is the destination prefix of IVR key k ("0" to "9"): press1_dest, ....
func ivrKeyPrefix(key string) string { return "press" + key }

// IVRKeys are the keys the guide documents for an IVR, in order.
var IVRKeys = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// Destination types the provider accepts (the common ones of every destination field).
const (
	DestEndCall      = "end_call"
	DestExtension    = "extension"
	DestExtVoicemail = "ext_vm"
	DestGroupVM      = "group_vm"
	DestIVR          = "ivr"
	DestRingGroup    = "ring_group"
	DestQueue        = "queue"
	DestConference   = "conference"
	DestExternal     = "external_num"
	DestPlayGreeting = "play_greeting"
)

// DestinationTypes lists the destination types, in the order the docs show them.
var DestinationTypes = []string{DestEndCall, DestExtension, DestExtVoicemail, DestGroupVM, DestIVR, DestRingGroup, DestQueue,
	DestConference, DestExternal, DestPlayGreeting}

// DestinationTakesID reports whether the destination type's value is the ID of an object.
func DestinationTakesID(destType string) bool {
	switch destType {
	case DestExtension, DestExtVoicemail, DestGroupVM, DestIVR, DestRingGroup, DestQueue, DestConference:
		return true
	}
	return false
}

// Destination is where a call goes next: the three fields P_dest, P_dest_value and
// P_dest_prefix of one destination prefix P.
type Destination struct {
	// Type is P_dest: one of DestinationTypes; "" for none (an IVR key without a destination).
	Type string
	// Value is P_dest_value: an object's ID as a string, an outside number, a prompt's file name.
	Value string
	// Prefix is P_dest_prefix: an outbound route's dial-out prefix, or how many times a prompt
	// plays.
	Prefix string
}

// destinationFields writes d under prefix into body. An empty Destination clears an IVR key:
// the three fields sent empty (how the API clears a key is unconfirmed; this is the one place
// that decides it).
func destinationFields(body map[string]any, prefix string, d Destination) {
	body[prefix+"_dest"] = d.Type
	body[prefix+"_dest_value"] = d.Value
	body[prefix+"_dest_prefix"] = d.Prefix
}

// readDestination reads the destination under prefix from a record; every value is read as
// text, whatever JSON type the PBX sends.
func readDestination(record map[string]json.RawMessage, prefix string) Destination {
	return Destination{
		Type:   textField(record, prefix+"_dest"),
		Value:  textField(record, prefix+"_dest_value"),
		Prefix: textField(record, prefix+"_dest_prefix"),
	}
}

// destinationField reports whether a body field belongs to a destination, and its prefix.
func destinationField(field string) (prefix string, ok bool) {
	for _, suffix := range []string{"_dest_value", "_dest_prefix", "_dest"} {
		if p, found := strings.CutSuffix(field, suffix); found {
			return p, true
		}
	}
	return "", false
}

// textField reads a field as text: a string, or a number as written; "" when absent or null.
func textField(record map[string]json.RawMessage, field string) string {
	raw, found := record[field]
	if !found {
		return ""
	}
	var s flexString
	_ = json.Unmarshal(raw, &s)
	return string(s)
}

// intField reads a field as a number (a JSON number or numeric string); 0 when absent.
func intField(record map[string]json.RawMessage, field string) int {
	var n flexInt
	if raw, found := record[field]; found {
		_ = json.Unmarshal(raw, &n)
	}
	return int(n)
}

// member is one item of member_list, static_agent_list and dynamic_agent_list.
type member struct {
	Value string `json:"value"`
	Type  string `json:"type"`
}

// membersField is the list sent for extension IDs, in order.
func membersField(ids []int) []member {
	out := make([]member, len(ids))
	for i, id := range ids {
		out[i] = member{Value: strconv.Itoa(id), Type: memberTypeExtension}
	}
	return out
}

// readMembers reads the extension IDs of a member list, in order; members of another type
// (extension groups) are left out, and so is an item whose value is not an ID.
func readMembers(record map[string]json.RawMessage, field string) []int {
	var items []struct {
		Value flexString `json:"value"`
		Type  string     `json:"type"`
	}
	if raw, found := record[field]; found {
		_ = json.Unmarshal(raw, &items)
	}
	ids := []int{}
	for _, item := range items {
		if item.Type != "" && item.Type != memberTypeExtension {
			continue
		}
		if id, err := strconv.Atoi(strings.TrimSpace(string(item.Value))); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}
