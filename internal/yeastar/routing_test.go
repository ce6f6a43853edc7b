package yeastar

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// reception is a new ring group of three default extensions.
func reception(t *testing.T, pbx *testPBX) RingGroup {
	t.Helper()
	ids := make([]int, 0, 3)
	for _, number := range []string{"1001", "1002", "1003"} {
		e, _ := pbx.ExtensionByNumber(number)
		ids = append(ids, e.ID)
	}
	return RingGroup{Number: "6300", Name: "Reception", Strategy: "sequentially", RingTimeout: 30, MemberIDs: ids,
		Failover: Destination{Type: DestEndCall}}
}

func routingCalls(st fakeyeastar.Stats, kind RoutingKind) map[string]int {
	calls := map[string]int{}
	for endpoint, n := range st.Endpoints {
		if strings.HasPrefix(endpoint, kind.Path+"/") {
			calls[endpoint] = n
		}
	}
	return calls
}

func TestCreateRingGroupTakesTwoCallsWithTheIDAndThreeWithout(t *testing.T) {
	for name, c := range map[string]struct {
		returnsID bool
		want      map[string]int
	}{
		"with id":    {true, map[string]int{"ringgroup/create": 1, "ringgroup/get": 1}},
		"without id": {false, map[string]int{"ringgroup/create": 1, "ringgroup/search": 1, "ringgroup/get": 1}},
	} {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			pbx.RoutingCreateReturnsID = c.returnsID
			client := warmClient(t, pbx)
			want := reception(t, pbx)
			got, err := client.RingGroups().Create(context.Background(), want)
			if err != nil {
				t.Fatal(err)
			}
			stored, found := pbx.RoutingByNumber(fakeyeastar.KindRingGroup, "6300")
			if !found || got.ID != stored.ID {
				t.Fatalf("Create returned ID %d, the PBX holds %+v", got.ID, stored)
			}
			want.ID = got.ID
			if !slices.Equal(got.MemberIDs, want.MemberIDs) || got.Strategy != want.Strategy || got.Failover != want.Failover || got.Name != want.Name {
				t.Errorf("read back %+v, want %+v", got, want)
			}
			if calls := routingCalls(pbx.Stats(), KindRingGroup); !mapsEqual(calls, c.want) {
				t.Errorf("calls %v, want %v", calls, c.want)
			}
		})
	}
}

func TestCreateRingGroupWhoseAnswerIsLostAddsItOnce(t *testing.T) {
	pbx := startPBX(t)
	client := warmClient(t, pbx)
	pbx.InjectFaults("ringgroup/create", fakeyeastar.Fault{HangupAfterServe: true})
	got, err := client.RingGroups().Create(context.Background(), reception(t, pbx))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pbx.RoutingObjects(fakeyeastar.KindRingGroup)); n != 1 || got.ID == 0 {
		t.Fatalf("the PBX holds %d ring groups, Create returned ID %d; want 1 and its ID", n, got.ID)
	}
	if n := pbx.Stats().Endpoints["ringgroup/create"]; n != 1 {
		t.Errorf("ringgroup/create sent %d times, want 1", n)
	}
}

func TestCreateRoutingOfATakenNumberNamesTheHolderAcrossTheNumberSpace(t *testing.T) {
	pbx := startPBX(t)
	client := warmClient(t, pbx)
	ctx := context.Background()
	first, err := client.RingGroups().Create(ctx, reception(t, pbx))
	if err != nil {
		t.Fatal(err)
	}
	// The same kind: the ring group that holds it.
	_, err = client.RingGroups().Create(ctx, reception(t, pbx))
	var exists *RoutingExistsError
	if !errors.As(err, &exists) || exists.ID != first.ID {
		t.Errorf("a second ring group 6300: %v, want a RoutingExistsError naming ID %d", err, first.ID)
	}
	// Another kind: a queue cannot take the ring group's number, nor an extension's.
	for number, holder := range map[string]string{"6300": "ring group 6300 Reception", "1001": "extension 1001 James Carter"} {
		_, err = client.Queues().Create(ctx, Queue{Number: number, Name: "Sales", Strategy: "ring_all", Failover: Destination{Type: DestEndCall}})
		var taken *NumberTakenError
		if !errors.As(err, &taken) || !strings.Contains(err.Error(), holder) {
			t.Errorf("a queue %s: %v, want a NumberTakenError naming %s", number, err, holder)
		}
	}
	if n := len(pbx.RoutingObjects(fakeyeastar.KindQueue)); n != 0 {
		t.Errorf("the PBX holds %d queues, want none", n)
	}
	// And an extension cannot take the ring group's number.
	spec := jane()
	spec.Number = "6300"
	if _, err := client.CreateExtension(ctx, spec); err == nil {
		t.Error("an extension 6300 was created beside ring group 6300")
	}
	holder, err := client.NumberHolder(ctx, "6300")
	if err != nil || holder == nil || holder.Kind != "ring group" || holder.ID != first.ID {
		t.Errorf("NumberHolder(6300) = %+v, %v", holder, err)
	}
}

func TestUpdateRoutingSendsOnlyWhatChangedAndAMemberListWhole(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	client := warmClient(t, pbx, func(cfg *Config) { cfg.Logger = logger })
	ctx := context.Background()
	prior, err := client.RingGroups().Create(ctx, reception(t, pbx))
	if err != nil {
		t.Fatal(err)
	}
	want := prior
	want.MemberIDs = []int{prior.MemberIDs[2], prior.MemberIDs[0]}
	want.Failover = Destination{Type: DestExtVoicemail, Value: strconv.Itoa(prior.MemberIDs[0])}
	pbx.ResetStats()
	before := len(logger.text())
	if err := client.RingGroups().Update(ctx, prior.ID, prior, want); err != nil {
		t.Fatal(err)
	}
	sent := logger.text()[before:]
	if !strings.Contains(sent, "member_list") || !strings.Contains(sent, `"fail_dest_prefix"`) || strings.Contains(sent, "ring_strategy") || strings.Contains(sent, `"name"`) {
		t.Errorf("the update sent more or less than the member list and the failover:\n%s", sent)
	}
	got, err := client.RingGroups().Get(ctx, prior.ID)
	if err != nil || !slices.Equal(got.MemberIDs, want.MemberIDs) || got.Failover != want.Failover {
		t.Errorf("after the update %+v (%v), want members %v and failover %+v", got, err, want.MemberIDs, want.Failover)
	}
	pbx.ResetStats()
	if err := client.RingGroups().Update(ctx, prior.ID, want, want); err != nil || pbx.Stats().Requests != 0 {
		t.Errorf("an update without changes sent %d requests (%v)", pbx.Stats().Requests, err)
	}
}

func TestADestinationOfTheWrongTypeIsRefusedNamingTheField(t *testing.T) {
	pbx := startPBX(t)
	client := warmClient(t, pbx)
	ctx := context.Background()
	group, err := client.RingGroups().Create(ctx, reception(t, pbx))
	if err != nil {
		t.Fatal(err)
	}
	// The ring group's ID as a queue.
	_, err = client.Queues().Create(ctx, Queue{Number: "6400", Name: "Sales", Strategy: "ring_all",
		Failover: Destination{Type: DestQueue, Value: strconv.Itoa(group.ID)}})
	if !errors.Is(err, ErrInvalidParameter) || !namesParameter(err, "fail_dest_value") {
		t.Errorf("a queue whose failover is ring group %d as a queue: %v, want 40002 naming fail_dest_value", group.ID, err)
	}
}

func TestQueuesAreListedUnderQueueListAndQueriedAsOneObject(t *testing.T) {
	pbx := startPBX(t)
	client := warmClient(t, pbx)
	ctx := context.Background()
	agent, _ := pbx.ExtensionByNumber("1005")
	wrapUp := 0
	q, err := client.Queues().Create(ctx, Queue{Number: "6400", Name: "Sales", Strategy: "rrmemory", StaticAgentIDs: []int{agent.ID},
		MaxWaitTime: 120, WrapUpTime: &wrapUp, Failover: Destination{Type: DestExternal, Value: "+14155550100", Prefix: "9"}})
	if err != nil {
		t.Fatal(err)
	}
	if q.AgentTimeout == nil || *q.AgentTimeout != 30 || q.WrapUpTime == nil || *q.WrapUpTime != 0 {
		t.Errorf("agent_timeout and wrap_up_time read back as %v and %v, want the PBX's 30 and the 0 sent", q.AgentTimeout, q.WrapUpTime)
	}
	all, err := client.SearchRouting(ctx, KindQueue, "")
	if err != nil || len(all) != 1 || all[0].ID != q.ID || all[0].Key() != "6400" {
		t.Fatalf("SearchRouting(queue) = %+v, %v", all, err)
	}
	got, err := client.Queues().Query(ctx, []int{q.ID, 99})
	if err != nil || len(got) != 1 || got[0].Failover != q.Failover || !slices.Equal(got[0].StaticAgentIDs, []int{agent.ID}) {
		t.Errorf("Query = %+v, %v", got, err)
	}
}

func TestDeleteRoutingInUseNamesTheUserAndAGoneOneSucceeds(t *testing.T) {
	pbx := startPBX(t)
	client := warmClient(t, pbx)
	ctx := context.Background()
	group, err := client.RingGroups().Create(ctx, reception(t, pbx))
	if err != nil {
		t.Fatal(err)
	}
	menu, err := client.IVRs().Create(ctx, IVR{Number: "6500", Name: "Main menu", Prompt: DefaultPrompt, PromptRepeat: 3, ResponseTimeout: 5,
		DigitTimeout: 3, Keys: map[string]Destination{"2": {Type: DestRingGroup, Value: strconv.Itoa(group.ID)}},
		TimeoutDestination: Destination{Type: DestEndCall}, InvalidDestination: Destination{Type: DestEndCall}})
	if err != nil {
		t.Fatal(err)
	}
	err = client.RingGroups().Delete(ctx, group.ID)
	var inUse *RoutingInUseError
	if !errors.As(err, &inUse) || !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "IVR 6500 Main menu (ID "+strconv.Itoa(menu.ID)+"), key 2") {
		t.Fatalf("deleting a ring group an IVR key sends calls to: %v", err)
	}
	if err := client.SetIVRKey(ctx, menu.ID, "2", Destination{}); err != nil {
		t.Fatal(err)
	}
	if err := client.RingGroups().Delete(ctx, group.ID); err != nil {
		t.Fatal(err)
	}
	if err := client.RingGroups().Delete(ctx, group.ID); err != nil {
		t.Errorf("deleting a ring group that is gone: %v, want success", err)
	}
	if _, err := client.RingGroups().Get(ctx, group.ID); !IsRoutingNotFound(err) {
		t.Errorf("Get of a deleted ring group: %v, want not found", err)
	}
}

func TestAnExtensionDeletedLeavesTheMemberList(t *testing.T) {
	pbx := startPBX(t)
	client := warmClient(t, pbx)
	ctx := context.Background()
	group, err := client.RingGroups().Create(ctx, reception(t, pbx))
	if err != nil {
		t.Fatal(err)
	}
	if err := client.DeleteExtension(ctx, group.MemberIDs[1]); err != nil {
		t.Fatal(err)
	}
	got, err := client.RingGroups().Get(ctx, group.ID)
	if want := []int{group.MemberIDs[0], group.MemberIDs[2]}; err != nil || !slices.Equal(got.MemberIDs, want) {
		t.Errorf("members after the extension was deleted: %v (%v), want %v", got.MemberIDs, err, want)
	}
}

func TestIVRKeysAreSetExactlyOrLeftAlone(t *testing.T) {
	pbx := startPBX(t)
	client := warmClient(t, pbx)
	ctx := context.Background()
	ext, _ := pbx.ExtensionByNumber("2000")
	want := IVR{Number: "6500", Name: "Main menu", Prompt: "welcome.wav,main-menu.wav", PromptRepeat: 2, ResponseTimeout: 4, DigitTimeout: 2,
		Keys:               map[string]Destination{"0": {Type: DestExtension, Value: strconv.Itoa(ext.ID)}, "9": {Type: DestPlayGreeting, Value: "hold-on.wav", Prefix: "2"}},
		TimeoutDestination: Destination{Type: DestExtension, Value: strconv.Itoa(ext.ID)}, InvalidDestination: Destination{Type: DestEndCall},
		DialExtensions: true}
	got, err := client.IVRs().Create(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Keys) != 2 || got.Keys["9"] != want.Keys["9"] || got.TimeoutDestination != want.TimeoutDestination || !got.DialExtensions || got.Prompt != want.Prompt {
		t.Fatalf("read back %+v", got)
	}
	// Keys left alone (nil) are not sent; a key set on its own changes nothing else.
	renamed := got
	renamed.Name, renamed.Keys = "Front desk", nil
	if err := client.IVRs().Update(ctx, got.ID, got, renamed); err != nil {
		t.Fatal(err)
	}
	if err := client.SetIVRKey(ctx, got.ID, "1", Destination{Type: DestEndCall}); err != nil {
		t.Fatal(err)
	}
	after, err := client.IVRs().Get(ctx, got.ID)
	if err != nil || after.Name != "Front desk" || len(after.Keys) != 3 {
		t.Errorf("after renaming and setting key 1: %+v (%v)", after, err)
	}
	// Keys set exactly: the ones left out are cleared.
	exact := after
	exact.Keys = map[string]Destination{"1": {Type: DestEndCall}}
	if err := client.IVRs().Update(ctx, got.ID, after, exact); err != nil {
		t.Fatal(err)
	}
	if final, err := client.IVRs().Get(ctx, got.ID); err != nil || len(final.Keys) != 1 {
		t.Errorf("keys after setting them exactly: %v (%v)", final.Keys, err)
	}
}

func TestMenuOptionsAreAskedOncePerMenu(t *testing.T) {
	pbx := startPBX(t)
	client := warmClient(t, pbx)
	for range 3 {
		prompts, err := client.MenuOptions(context.Background(), MenuCustomPrompt)
		if err != nil || len(prompts) == 0 || prompts[0].Value != "welcome.wav" {
			t.Fatalf("MenuOptions(custom_prompt) = %v, %v", prompts, err)
		}
	}
	if n := pbx.Stats().Endpoints["system/get_menuoptions"]; n != 1 {
		t.Errorf("system/get_menuoptions asked %d times, want 1", n)
	}
}

func TestASecretFieldOfARoutingObjectIsRedactedAndNeverRead(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	client := warmClient(t, pbx, func(cfg *Config) { cfg.Logger = logger })
	const secret = "Tr4nkS3cret-77"
	// A ring group whose alert_info stands in for a trunk's password (the fake keeps and returns
	// any field it does not check, as a PBX whose trunk/get returns the password does).
	codec := *ringGroupCodec
	codec.secretFields = []string{"alert_info"}
	codec.body = func(g RingGroup) map[string]any {
		body := ringGroupCodec.body(g)
		body["alert_info"] = secret
		return body
	}
	var seen []string
	decode := ringGroupCodec.decode
	codec.decode = func(record map[string]json.RawMessage) RingGroup {
		for field := range record {
			seen = append(seen, field)
		}
		return decode(record)
	}
	calls := Routing[RingGroup]{c: client, codec: &codec}
	group, err := calls.Create(context.Background(), reception(t, pbx))
	if err != nil {
		t.Fatal(err)
	}
	if stored, _ := pbx.RoutingByNumber(fakeyeastar.KindRingGroup, "6300"); stored.Fields["alert_info"] != secret {
		t.Fatalf("the PBX holds alert_info %v, want the secret sent", stored.Fields["alert_info"])
	}
	if slices.Contains(seen, "alert_info") {
		t.Error("the secret field reached decode")
	}
	if logs := logger.text(); strings.Contains(logs, secret) || !strings.Contains(logs, "[REDACTED]") {
		t.Errorf("the logs show the secret, or redact nothing:\n%s", logs)
	}
	if _, err := calls.Get(context.Background(), group.ID); err != nil {
		t.Fatal(err)
	}
}
