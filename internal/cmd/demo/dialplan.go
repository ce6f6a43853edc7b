package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// printDialPlan prints what the fake PBX holds after the apply as a short table: each number
// (an extension, a ring group, a queue, an IVR, an inbound route's DID, an outbound route's
// patterns), its kind, its name, and where its calls go.
func printDialPlan(w io.Writer, fake *fakeyeastar.Server, extensions []fakeyeastar.Extension) {
	names := map[string]string{}
	for _, e := range fake.ExtensionList() {
		names["extension/"+strconv.Itoa(e.ID)] = "extension " + e.Number
	}
	for _, kind := range []string{fakeyeastar.KindRingGroup, fakeyeastar.KindQueue, fakeyeastar.KindIVR, fakeyeastar.KindTrunk} {
		for _, o := range fake.RoutingObjects(kind) {
			label := o.Name()
			if n := o.Number(); n != "" {
				label = n + " " + label
			}
			names[kind+"/"+strconv.Itoa(o.ID)] = strings.TrimSpace(kindNoun(kind) + " " + label)
		}
	}
	dest := func(o fakeyeastar.Routing, prefix string) string {
		kind, value := text(o.Fields[prefix+"_dest"]), text(o.Fields[prefix+"_dest_value"])
		switch kind {
		case "", "end_call":
			return "hang up"
		case "extension", "ext_vm":
			what := names["extension/"+value]
			if kind == "ext_vm" {
				what += "'s voicemail"
			}
			return what
		case "ring_group":
			return names[fakeyeastar.KindRingGroup+"/"+value]
		case "queue":
			return names[fakeyeastar.KindQueue+"/"+value]
		case "ivr":
			return names[fakeyeastar.KindIVR+"/"+value]
		case "external_num":
			return "dial " + value
		}
		return kind + " " + value
	}
	members := func(o fakeyeastar.Routing, field string) string {
		list, _ := o.Fields[field].([]any)
		var out []string
		for _, item := range list {
			m, _ := item.(map[string]any)
			if n, ok := names["extension/"+text(m["value"])]; ok {
				out = append(out, strings.TrimPrefix(n, "extension "))
			}
		}
		return strings.Join(out, ", ")
	}
	trunks := func(o fakeyeastar.Routing) string {
		list, _ := o.Fields["trunk_list"].([]any)
		var out []string
		for _, item := range list {
			m, _ := item.(map[string]any)
			out = append(out, names[fakeyeastar.KindTrunk+"/"+text(m["id"])])
		}
		return strings.Join(out, ", ")
	}
	patterns := func(o fakeyeastar.Routing, field, key string) string {
		list, _ := o.Fields[field].([]any)
		var out []string
		for _, item := range list {
			m, _ := item.(map[string]any)
			out = append(out, text(m[key]))
		}
		return strings.Join(out, " ")
	}

	type row struct{ number, kind, name, goes string }
	var rows []row
	extensions = slices.Clone(extensions)
	slices.SortFunc(extensions, func(a, b fakeyeastar.Extension) int { return strings.Compare(a.Number, b.Number) })
	for _, e := range extensions {
		rows = append(rows, row{e.Number, "extension", e.CallerIDName, "rings their desk phone and Linkus"})
	}
	for _, o := range fake.RoutingObjects(fakeyeastar.KindRingGroup) {
		rows = append(rows, row{o.Number(), "ring group", o.Name(), "rings " + members(o, "member_list") + "; then " + dest(o, "fail")})
	}
	for _, o := range fake.RoutingObjects(fakeyeastar.KindQueue) {
		rows = append(rows, row{o.Number(), "queue", o.Name(), "agents " + members(o, "static_agent_list") + "; then " + dest(o, "fail")})
	}
	for _, o := range fake.RoutingObjects(fakeyeastar.KindIVR) {
		var keys []string
		for key := 0; key <= 9; key++ {
			if k := text(o.Fields["press"+strconv.Itoa(key)+"_dest"]); k != "" && k != "end_call" {
				keys = append(keys, fmt.Sprintf("%d: %s", key, dest(o, "press"+strconv.Itoa(key))))
			}
		}
		rows = append(rows, row{o.Number(), "IVR", o.Name(), strings.Join(keys, ", ") + "; no key: " + dest(o, "timeout")})
	}
	for _, o := range fake.RoutingObjects(fakeyeastar.KindInboundRoute) {
		goes := dest(o, "def")
		if text(o.Fields["enb_time_condition"]) == "1" {
			goes = "office hours: " + dest(o, "office_time") + "; outside them: " + dest(o, "outoffice_time")
		}
		rows = append(rows, row{patterns(o, "did_pattern_list", "did_pattern"), "inbound route", o.Name(), "from " + trunks(o) + " to " + goes})
	}
	for _, o := range fake.RoutingObjects(fakeyeastar.KindOutboundRoute) {
		rows = append(rows, row{patterns(o, "dial_pattern_list", "pattern"), "outbound route",
			fmt.Sprintf("%s (tried %d.)", o.Name(), fake.RoutePosition(fakeyeastar.KindOutboundRoute, o.ID)), "out through " + trunks(o)})
	}

	width := [3]int{len("number"), len("kind"), len("name")}
	for _, r := range rows {
		width[0], width[1], width[2] = max(width[0], len(r.number)), max(width[1], len(r.kind)), max(width[2], len(r.name))
	}
	line := func(r row) {
		fmt.Fprintf(w, "  %-*s  %-*s  %-*s  %s\n", width[0], r.number, width[1], r.kind, width[2], r.name, r.goes)
	}
	line(row{"number", "kind", "name", "where its calls go"})
	for _, r := range rows {
		line(r)
	}
}

func kindNoun(kind string) string {
	switch kind {
	case fakeyeastar.KindRingGroup:
		return "ring group"
	case fakeyeastar.KindQueue:
		return "queue"
	case fakeyeastar.KindIVR:
		return "IVR"
	case fakeyeastar.KindTrunk:
		return "trunk"
	}
	return kind
}

// text reads a JSON value of the fake's fields as text.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
