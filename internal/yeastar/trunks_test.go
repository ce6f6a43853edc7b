package yeastar

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

const carrierPassword = "Carrier-Secret-7731"

func carrierTrunk() Trunk {
	return Trunk{Name: "Carrier", Enabled: true, Type: TrunkTypeRegister, Transport: "udp", Hostname: "sip.carrier.example",
		Port: DefaultSIPPort, Username: "office42", Password: carrierPassword}
}

func TestCreateTrunkSendsThePasswordAndNeverReadsItBack(t *testing.T) {
	pbx := startPBX(t)
	client := warmClient(t, pbx)
	got, err := client.Trunks().Create(context.Background(), carrierTrunk())
	if err != nil {
		t.Fatal(err)
	}
	stored, found := pbx.RoutingByName(fakeyeastar.KindTrunk, "Carrier")
	if !found || stored.ID != got.ID {
		t.Fatalf("Create returned ID %d, the PBX holds %+v", got.ID, stored)
	}
	if stored.Fields["password"] != carrierPassword {
		t.Error("the PBX does not hold the password sent")
	}
	if enable, isNumber := stored.Fields["enable"].(float64); !isNumber || enable != 1 {
		t.Errorf("enable reached the PBX as %#v, want the integer 1", stored.Fields["enable"])
	}
	if got.Password != "" {
		t.Error("the trunk read back holds the password: trunk/get answers it, and the client must drop it")
	}
	if !slices.Equal(got.Codecs, strings.Split(fakeyeastar.DefaultTrunkCodecs, ",")) {
		t.Errorf("codecs read back %v, want the PBX's default %s", got.Codecs, fakeyeastar.DefaultTrunkCodecs)
	}
	read, err := client.Trunks().Get(context.Background(), got.ID)
	if err != nil || read.Password != "" {
		t.Fatalf("Get = %+v, %v: want the trunk without its password", read, err)
	}
}

func TestCreateTrunkWhoseAnswerIsLostAdoptsItDespiteThePassword(t *testing.T) {
	// The password is never read back, so the trunk found after the lost answer cannot differ in
	// it: it is adopted, and no difference names the password.
	for _, returnsID := range []bool{true, false} {
		pbx := startPBX(t)
		pbx.RoutingCreateReturnsID = returnsID
		client := warmClient(t, pbx)
		pbx.InjectFaults("trunk/create", fakeyeastar.Fault{HangupAfterServe: true})
		got, err := client.Trunks().Create(context.Background(), carrierTrunk())
		if err != nil {
			t.Fatalf("returnsID %v: %v", returnsID, err)
		}
		if n := len(pbx.RoutingObjects(fakeyeastar.KindTrunk)); n != 1 || got.ID == 0 {
			t.Fatalf("the PBX holds %d trunks, Create returned ID %d", n, got.ID)
		}
		if n := pbx.Stats().Endpoints["trunk/create"]; n != 1 {
			t.Errorf("trunk/create sent %d times, want 1", n)
		}
	}
}

func TestCreateTrunkAtAnAddressInUseNamesTheTrunk(t *testing.T) {
	pbx := startPBX(t)
	holder := pbx.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": "Old carrier", "type": "peer", "hostname": "SIP.carrier.example", "port": 5060})
	client := warmClient(t, pbx)
	_, err := client.Trunks().Create(context.Background(), carrierTrunk())
	var taken *TrunkAddressTakenError
	if !errors.As(err, &taken) || taken.Holder == nil || taken.Holder.ID != holder || !errors.Is(err, ErrAddressTaken) {
		t.Fatalf("err = %v, want a TrunkAddressTakenError naming trunk %d", err, holder)
	}
	if want := "SIP trunk Old carrier (ID 1) already uses host sip.carrier.example port 5060"; !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want it to say %q", err, want)
	}
	if strings.Contains(err.Error(), carrierPassword) {
		t.Error("the error shows the password")
	}
}

func TestUpdateTrunkSendsOnlyWhatChanged(t *testing.T) {
	pbx := startPBX(t)
	client := warmClient(t, pbx)
	created, err := client.Trunks().Create(context.Background(), carrierTrunk())
	if err != nil {
		t.Fatal(err)
	}
	want := created
	want.Enabled, want.Codecs = false, []string{"alaw", "ulaw"}
	if err := client.Trunks().Update(context.Background(), created.ID, created, want); err != nil {
		t.Fatal(err)
	}
	stored, _ := pbx.RoutingByName(fakeyeastar.KindTrunk, "Carrier")
	if stored.Fields["enable"] != float64(0) || stored.Fields["codec_sel"] != "alaw,ulaw" || stored.Fields["password"] != carrierPassword {
		t.Errorf("the PBX holds %v", stored.Fields)
	}
	rotated := want
	rotated.Password = "Rotated-Secret-9911"
	if err := client.Trunks().Update(context.Background(), created.ID, want, rotated); err != nil {
		t.Fatal(err)
	}
	if stored, _ := pbx.RoutingByName(fakeyeastar.KindTrunk, "Carrier"); stored.Fields["password"] != "Rotated-Secret-9911" {
		t.Error("the new password did not reach the PBX")
	}
}

func TestDeleteTrunkInUseNamesTheRoutes(t *testing.T) {
	pbx := startPBX(t)
	trunk := pbx.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": "Carrier", "type": "peer", "hostname": "sip.carrier.example"})
	pbx.AddRouting(fakeyeastar.KindInboundRoute, map[string]any{"name": "Main number", "did_pattern_list": []map[string]any{{"did_pattern": "5551234"}},
		"trunk_list": []map[string]any{{"id": trunk}}, "def_dest": "end_call"})
	pbx.AddRouting(fakeyeastar.KindOutboundRoute, map[string]any{"name": "Dial out", "dial_pattern_list": []map[string]any{{"pattern": "9.", "strip": 1}},
		"trunk_list": []map[string]any{{"id": trunk}}, "pin_protect": "disable"})
	client := warmClient(t, pbx)
	err := client.Trunks().Delete(context.Background(), trunk)
	var inUse *RoutingInUseError
	if !errors.As(err, &inUse) || !slices.Equal(inUse.UsedBy, []string{"inbound route Main number (ID 1)", "outbound route Dial out (ID 1)"}) {
		t.Fatalf("err = %v, want a RoutingInUseError naming both routes", err)
	}
	if !strings.Contains(err.Error(), "still take calls through it") {
		t.Errorf("err = %v", err)
	}
}

func TestRoutePositionsComeFromTheListing(t *testing.T) {
	pbx := startPBX(t)
	trunk := pbx.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": "Carrier", "type": "peer", "hostname": "sip.carrier.example"})
	for _, name := range []string{"Emergency", "Dial out"} {
		pbx.AddRouting(fakeyeastar.KindOutboundRoute, map[string]any{"name": name, "dial_pattern_list": []map[string]any{{"pattern": "9."}},
			"trunk_list": []map[string]any{{"id": trunk}}, "pin_protect": "disable"})
	}
	client := warmClient(t, pbx)
	found, err := client.FindRoutingOne(context.Background(), KindOutboundRoute, "Dial out")
	if err != nil || found == nil || found.Position != 2 {
		t.Fatalf("FindRoutingOne = %+v, %v: want position 2", found, err)
	}
}

func TestDeleteIVRThatAnInboundRouteSendsCallsToNamesTheRoute(t *testing.T) {
	pbx := startPBX(t)
	trunk := pbx.AddRouting(fakeyeastar.KindTrunk, map[string]any{"name": "Carrier", "type": "peer", "hostname": "sip.carrier.example"})
	menu := pbx.AddRouting(fakeyeastar.KindIVR, map[string]any{"number": "6500", "name": "Main menu", "prompt": "default",
		"prompt_repeat": 3, "resp_timeout": 5, "digit_timeout": 3})
	pbx.AddRouting(fakeyeastar.KindInboundRoute, map[string]any{"name": "Main number", "did_pattern_list": []map[string]any{{"did_pattern": "5551234"}},
		"trunk_list": []map[string]any{{"id": trunk}}, "def_dest": "ivr", "def_dest_value": strconv.Itoa(menu)})
	client := warmClient(t, pbx)
	err := client.IVRs().Delete(context.Background(), menu)
	var inUse *RoutingInUseError
	if !errors.As(err, &inUse) || !slices.Equal(inUse.UsedBy, []string{"inbound route Main number (ID 1), destination"}) {
		t.Fatalf("err = %v, want a RoutingInUseError naming the inbound route", err)
	}
}
