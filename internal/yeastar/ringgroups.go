package yeastar

import "encoding/json"

// Ring strategies of a ring group. The PBX also has "custom", whose per-member delays the guide
// does not document: the provider leaves it out.
var RingGroupStrategies = []string{"ring_all", "sequentially", "memory_hunt"}

// Limits of a ring group's fields.
const (
	MaxRoutingNameLength = 127
	MaxRoutingNumberLen  = 7
	MinRingTimeout       = 1
	MaxRingTimeout       = 3600
)

// RingGroup is one ring group: the extensions that ring for one number.
type RingGroup struct {
	ID           int
	Number, Name string
	Strategy     string // ring_strategy, one of RingGroupStrategies
	RingTimeout  int    // seconds
	// MemberIDs are the member extensions' IDs in ring order (member_list).
	MemberIDs []int
	// Failover is where calls go when nobody answers (fail_dest).
	Failover Destination
}

// RingGroups are the ring group calls (ringgroup/*).
func (c *Client) RingGroups() Routing[RingGroup] {
	return Routing[RingGroup]{c: c, codec: ringGroupCodec}
}

var ringGroupCodec = &routingCodec[RingGroup]{
	kind: KindRingGroup,
	id:   func(g RingGroup) int { return g.ID },
	key:  func(g RingGroup) string { return g.Number },
	decode: func(record map[string]json.RawMessage) RingGroup {
		return RingGroup{
			ID: intField(record, "id"), Number: textField(record, "number"), Name: textField(record, "name"),
			Strategy: textField(record, "ring_strategy"), RingTimeout: intField(record, "ring_timeout"),
			MemberIDs: readMembers(record, "member_list"), Failover: readDestination(record, "fail"),
		}
	},
	body: func(g RingGroup) map[string]any {
		body := map[string]any{
			"number": g.Number, "name": g.Name, "ring_strategy": g.Strategy, "ring_timeout": g.RingTimeout,
			"member_list": membersField(g.MemberIDs),
		}
		destinationFields(body, "fail", g.Failover)
		return body
	},
	destinations: func(g RingGroup) map[string]Destination { return map[string]Destination{"failover": g.Failover} },
}
