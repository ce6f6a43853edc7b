package fakeyeastar

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

func TestQueuesAreListedUnderQueueListAndOneIsQueriedAsAnObject(t *testing.T) {
	f := newFixture(t)
	out := f.call(t, http.MethodPost, "queue/create", nil, map[string]any{"number": "6400", "name": "Sales", "ring_strategy": "ring_all"})
	wantErrcode(t, out, 0)
	list := f.call(t, http.MethodGet, "queue/list", nil, nil)
	if _, has := list["data"]; has {
		t.Errorf("queue/list answered under data: %v", list)
	}
	if records, _ := list["queue_list"].([]any); len(records) != 1 || list["total_number"] != 1.0 {
		t.Errorf("queue/list = %v, want one queue under queue_list", list)
	}
	one := f.call(t, http.MethodGet, "queue/query", url.Values{"ids": {"1"}}, nil)
	if record, isObject := one["data"].(map[string]any); !isObject || record["number"] != "6400" || record["agent_timeout"] != 30.0 {
		t.Errorf("queue/query of one ID = %v, want one object with the PBX's defaults", one)
	}
	group := f.call(t, http.MethodPost, "ringgroup/create", nil, map[string]any{"number": "6300", "name": "Reception", "ring_strategy": "ring_all", "ring_timeout": 30})
	wantErrcode(t, group, 0)
	if records, _ := f.call(t, http.MethodGet, "ringgroup/query", url.Values{"ids": {"1"}}, nil)["data"].([]any); len(records) != 1 {
		t.Errorf("ringgroup/query of one ID answers %v, want a list of one", records)
	}
}

func TestOneNumberSpaceForExtensionsAndRoutingObjects(t *testing.T) {
	f := newFixture(t)
	wantErrcode(t, f.call(t, http.MethodPost, "ivr/create", nil, map[string]any{"number": "4001", "name": "Menu", "prompt": "default",
		"prompt_repeat": 3, "resp_timeout": 5, "digit_timeout": 3}), 0)
	out := f.call(t, http.MethodPost, "extension/create", nil, newExtensionBody()) // number 4001
	wantErrcode(t, out, 40003)
	if source := firstDuplicateSource(out); source != "ivr" {
		t.Errorf("extension 4001 beside IVR 4001: %v, want 40003 naming the IVR", out)
	}
	out = f.call(t, http.MethodPost, "ringgroup/create", nil, map[string]any{"number": "1001", "name": "R", "ring_strategy": "ring_all", "ring_timeout": 30})
	wantErrcode(t, out, 40003)
	if source := firstDuplicateSource(out); source != "extension" {
		t.Errorf("ring group 1001 beside extension 1001: %v, want 40003 naming the extension", out)
	}
}

func TestDestinationsMembersAndObjectsInUse(t *testing.T) {
	f := newFixture(t)
	james, _ := f.fake.ExtensionByNumber("1001")
	emma, _ := f.fake.ExtensionByNumber("1002")
	members := []map[string]any{{"value": strconv.Itoa(james.ID), "type": "extension"}, {"value": strconv.Itoa(emma.ID), "type": "extension"}}
	wantErrcode(t, f.call(t, http.MethodPost, "ringgroup/create", nil, map[string]any{"number": "6300", "name": "Reception",
		"ring_strategy": "sequentially", "ring_timeout": 20, "member_list": members}), 0)
	// The ring group's ID 1 as a queue: no queue 1.
	out := f.call(t, http.MethodPost, "queue/create", nil, map[string]any{"number": "6400", "name": "Sales", "ring_strategy": "ring_all",
		"fail_dest": "queue", "fail_dest_value": "1"})
	wantErrcode(t, out, 40002)
	wantErrcode(t, f.call(t, http.MethodPost, "queue/create", nil, map[string]any{"number": "6400", "name": "Sales", "ring_strategy": "ring_all",
		"fail_dest": "ring_group", "fail_dest_value": "1"}), 0)
	// In use: the queue fails over to the ring group.
	wantErrcode(t, f.call(t, http.MethodGet, "ringgroup/delete", url.Values{"id": {"1"}}, nil), 70091)
	// A member extension deleted leaves the list; an update replaces the whole list.
	wantErrcode(t, f.call(t, http.MethodGet, "extension/delete", url.Values{"id": {strconv.Itoa(emma.ID)}}, nil), 0)
	if group, _ := f.fake.RoutingByNumber(KindRingGroup, "6300"); len(memberIDs(group.Fields["member_list"])) != 1 {
		t.Errorf("after the member's extension was deleted, member_list = %v", group.Fields["member_list"])
	}
	wantErrcode(t, f.call(t, http.MethodPost, "ringgroup/update", nil, map[string]any{"id": 1, "member_list": []any{}}), 0)
	if group, _ := f.fake.RoutingByNumber(KindRingGroup, "6300"); len(memberIDs(group.Fields["member_list"])) != 0 || group.Fields["ring_strategy"] != "sequentially" {
		t.Errorf("after an update of the member list alone: %v", group.Fields)
	}
	// An extension a destination sends calls to is in use.
	wantErrcode(t, f.call(t, http.MethodPost, "queue/update", nil, map[string]any{"id": 1, "fail_dest": "ext_vm", "fail_dest_value": strconv.Itoa(james.ID)}), 0)
	wantErrcode(t, f.call(t, http.MethodGet, "extension/delete", url.Values{"id": {strconv.Itoa(james.ID)}}, nil), 70091)
}

func TestRoutingCreateWithoutIDWhenSwitchedOff(t *testing.T) {
	f := newFixture(t)
	f.fake.RoutingCreateReturnsID = false
	out := f.call(t, http.MethodPost, "ringgroup/create", nil, map[string]any{"number": "6300", "name": "Reception", "ring_strategy": "ring_all", "ring_timeout": 30})
	wantErrcode(t, out, 0)
	if _, has := out["id"]; has {
		t.Errorf("create answered an id with RoutingCreateReturnsID off: %v", out)
	}
}

// firstDuplicateSource is the external_source of the first entry of a 40003's duplicate_field_list.
func firstDuplicateSource(out map[string]any) string {
	list, _ := out["duplicate_field_list"].([]any)
	if len(list) == 0 {
		return ""
	}
	entry, _ := list[0].(map[string]any)
	source, _ := entry["external_source"].(string)
	return source
}
