package yeastar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

func TestNormalizeMAC(t *testing.T) {
	for _, in := range []string{"80:5E:C0:11:22:33", "80:5e:c0:11:22:33", "80-5e-c0-11-22-33", "805ec0112233", "805E.C011.2233", " 80:5E:C0:11:22:33 "} {
		got, err := NormalizeMAC(in)
		if err != nil || got != "80:5E:C0:11:22:33" {
			t.Errorf("NormalizeMAC(%q) = %q, %v; want 80:5E:C0:11:22:33", in, got, err)
		}
	}
	for _, in := range []string{"", "80:5E:C0:11:22", "80:5E:C0:11:22:3G", "80:5E-C0:11:22:33", "805ec011223", "805ec01122334", "8:05E:C0:11:22:33", "80::5E:C0:11:22:33"} {
		if got, err := NormalizeMAC(in); err == nil {
			t.Errorf("NormalizeMAC(%q) = %q, want an error", in, got)
		} else if !strings.Contains(err.Error(), "80:5E:C0:11:22:33") {
			t.Errorf("NormalizeMAC(%q) error %q does not show a valid notation", in, err)
		}
	}
	if !SameMAC("80-5e-c0-11-22-33", "805E.C011.2233") || SameMAC("80-5e-c0-11-22-33", "80-5e-c0-11-22-34") || SameMAC("", "") {
		t.Error("SameMAC compares wrongly")
	}
}

func cp920(mac string, extensionID int) NewPhone {
	return NewPhone{MAC: mac, Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps", ExtensionID: extensionID}
}

// extensionID returns the ID of the fake's extension with this number.
func extensionIDOf(t *testing.T, pbx *testPBX, number string) int {
	t.Helper()
	e, ok := pbx.ExtensionByNumber(number)
	if !ok {
		t.Fatalf("the fake has no extension %s", number)
	}
	return e.ID
}

func TestAddPhoneTakesThreeCallsAndReadsThePhoneBack(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	ext := extensionIDOf(t, pbx, "1001")
	_, _ = c.PhoneVendors(context.Background()) // take the token first
	pbx.ResetStats()

	phone, err := c.AddPhone(context.Background(), cp920("80-5e-c0-11-22-33", ext))
	if err != nil {
		t.Fatalf("AddPhone: %v", err)
	}
	st := pbx.Stats()
	if calls := st.Endpoints["phone/batchcreate"] + st.Endpoints["phone/search"] + st.Endpoints["phone/get"]; calls != 3 || st.Requests != 3 {
		t.Errorf("AddPhone made %d requests (%v), want 3: batchcreate, search, get", st.Requests, st.Endpoints)
	}
	stored := pbx.Phones()
	if len(stored) != 1 || stored[0].MAC != "80:5E:C0:11:22:33" {
		t.Fatalf("the PBX holds %+v, want one phone sent as 80:5E:C0:11:22:33", stored)
	}
	want := Phone{ID: stored[0].ID, MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP",
		ProvisioningMethod: "rps", ProvisioningLink: "yeastardocs.example.yeastarcloud.com:443/api/autoprovision/6gEzigLFhMGntjd8", ExtensionID: ext}
	if *phone != want {
		t.Errorf("AddPhone = %+v\nwant        %+v", *phone, want)
	}
}

func TestAddPhoneWhoseAnswerIsLostAfterThePBXActedAdoptsIt(t *testing.T) {
	for name, fault := range map[string]fakeyeastar.Fault{
		"connection dropped": {HangupAfterServe: true},
	} {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			c := newClient(t, pbx)
			pbx.InjectFaults("phone/batchcreate", fault)
			phone, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
			if err != nil {
				t.Fatalf("AddPhone: %v", err)
			}
			stored := pbx.Phones()
			if len(stored) != 1 || stored[0].ID != phone.ID {
				t.Fatalf("the PBX holds %+v, want exactly the one phone AddPhone returned (ID %d)", stored, phone.ID)
			}
			if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 1 {
				t.Errorf("batchcreate sent %d times, want 1: the MAC address is looked up before any repeat", n)
			}
		})
	}
}

func TestAddPhoneWhoseRequestWasLostBeforeThePBXActedIsRepeatedOnce(t *testing.T) {
	for name, fault := range map[string]fakeyeastar.Fault{
		"connection dropped": {Hangup: true},
		"proxy error page":   {Status: http.StatusBadGateway, Body: "<html>502 Bad Gateway</html>", ContentType: "text/html"},
		"internal error":     {Body: `{"errcode":-2,"errmsg":"INTERNAL SERVER ERROR"}`},
	} {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			c := newClient(t, pbx)
			pbx.InjectFaults("phone/batchcreate", fault)
			phone, err := c.AddPhone(context.Background(), cp920("805ec0112233", extensionIDOf(t, pbx, "1002")))
			if err != nil {
				t.Fatalf("AddPhone: %v", err)
			}
			if stored := pbx.Phones(); len(stored) != 1 || stored[0].ID != phone.ID {
				t.Fatalf("the PBX holds %+v, want exactly the one phone AddPhone returned", stored)
			}
			st := pbx.Stats()
			if st.Endpoints["phone/batchcreate"] != 2 {
				t.Errorf("batchcreate sent %d times, want 2 (the lost one, then one repeat)", st.Endpoints["phone/batchcreate"])
			}
		})
	}
}

func TestAddPhoneGivesUpAfterMaxRetriesWithoutAddingTwice(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx, func(cfg *Config) { cfg.MaxRetries = 2 })
	for range 5 {
		pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{Hangup: true})
	}
	_, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
	var requestErr *RequestError
	if !errors.As(err, &requestErr) {
		t.Fatalf("AddPhone error = %v, want a RequestError", err)
	}
	st := pbx.Stats()
	// Each look-up is a keyword search, then, finding nothing, a full listing.
	if st.Endpoints["phone/batchcreate"] != 3 || st.Endpoints["phone/search"] != 6 {
		t.Errorf("batchcreate %d, search %d times; want 3 and 6 (each repeat after a look-up)", st.Endpoints["phone/batchcreate"], st.Endpoints["phone/search"])
	}
	if len(pbx.Phones()) != 0 {
		t.Errorf("the PBX holds %v", pbx.Phones())
	}
}

func TestAddPhoneRefusesAMACAddressThePBXHolds(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	existing := pbx.AddPhone(fakeyeastar.Phone{MAC: "80-5E-C0-11-22-33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"})

	_, err := c.AddPhone(context.Background(), cp920("80:5e:c0:11:22:33", extensionIDOf(t, pbx, "1001")))
	var exists *PhoneExistsError
	if !errors.As(err, &exists) || exists.ID != existing || len(exists.Differences) != 0 {
		t.Fatalf("AddPhone error = %#v, want a PhoneExistsError naming phone %d", err, existing)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("phone ID %d", existing)) {
		t.Errorf("error %q does not name the phone", err)
	}
	if len(pbx.Phones()) != 1 {
		t.Errorf("the PBX holds %d phones, want 1", len(pbx.Phones()))
	}
}

func TestAddPhoneAfterALostAnswerDoesNotAdoptADifferentPhone(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	// Someone else adds the same MAC address as another model while our request is lost.
	pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{Hangup: true})
	other := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "SIP-T46U", TemplateName: "YSDP_YealinkT4x", ProvisioningMethod: "rps"})

	_, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
	var exists *PhoneExistsError
	if !errors.As(err, &exists) || exists.ID != other || len(exists.Differences) == 0 {
		t.Fatalf("AddPhone error = %v, want a PhoneExistsError with differences naming phone %d", err, other)
	}
	if !strings.Contains(err.Error(), `model "SIP-T46U" (asked "CP920")`) {
		t.Errorf("error %q does not say how the phone differs", err)
	}
	if len(pbx.Phones()) != 1 || pbx.Stats().Endpoints["phone/batchcreate"] != 1 {
		t.Errorf("the PBX holds %d phones after %d batchcreates, want 1 and 1", len(pbx.Phones()), pbx.Stats().Endpoints["phone/batchcreate"])
	}
}

func TestAddPhoneRejectedByThePBXIsNotRepeated(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	spec := cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001"))
	spec.TemplateName = "YSDP_NoSuchTemplate"
	_, err := c.AddPhone(context.Background(), spec)
	if !errors.Is(err, ErrInvalidParameter) || !strings.Contains(err.Error(), `"template_name"`) {
		t.Fatalf("AddPhone error = %v, want the PBX's parameter error naming template_name", err)
	}
	if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 1 {
		t.Errorf("batchcreate sent %d times, want 1", n)
	}
}

func TestAddPhoneWithoutAnExtensionSendsNothing(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	for _, ext := range []int{0, -1} {
		phone, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", ext))
		if phone != nil || !errors.Is(err, ErrPhoneNeedsExtension) || !strings.Contains(err.Error(), "requires ext_id") {
			t.Errorf("AddPhone with extension ID %d = %v, %v; want ErrPhoneNeedsExtension", ext, phone, err)
		}
	}
	if n := pbx.Stats().Requests; n != 0 || len(pbx.Phones()) != 0 {
		t.Errorf("%d requests sent and %d phones added, want none", n, len(pbx.Phones()))
	}
}

func TestSearchPhonesReadsEveryPageInOrder(t *testing.T) {
	pbx := startPBX(t)
	pbx.MaxPageSize = 7
	var want []int
	for i := range 45 {
		want = append(want, pbx.AddPhone(fakeyeastar.Phone{MAC: fmt.Sprintf("80:5E:C0:00:00:%02X", i), Vendor: "Yealink", Model: "CP920",
			TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"}))
	}
	c := newClient(t, pbx)
	phones, err := c.SearchPhones(context.Background(), "")
	if err != nil {
		t.Fatalf("SearchPhones: %v", err)
	}
	var got []int
	for _, p := range phones {
		got = append(got, p.ID)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("SearchPhones IDs = %v\nwant %v", got, want)
	}
	if n := pbx.Stats().Endpoints["phone/search"]; n != 7 {
		t.Errorf("%d searches for 45 phones at 7 a page, want 7", n)
	}
	if phones[0].ExtensionNumber != "Unassigned" || phones[0].TemplateName != "YSDP_YealinkCP" {
		t.Errorf("first phone = %+v", phones[0])
	}
}

func TestSearchFailsRatherThanLoopWhenThePBXIgnoresThePageParameter(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	page := `{"errcode":0,"errmsg":"SUCCESS","total_number":50,"data":[{"id":1,"mac":"80:5E:C0:00:00:01"},{"id":2,"mac":"80:5E:C0:00:00:02"}]}`
	pbx.InjectFaults("phone/search", fakeyeastar.Fault{Body: page}, fakeyeastar.Fault{Body: page})
	phones, err := c.SearchPhones(context.Background(), "")
	var respErr *ResponseError
	if !errors.As(err, &respErr) || !strings.Contains(err.Error(), "holds 50 records, but page 2 repeats earlier ones after 2") {
		t.Fatalf("SearchPhones = %v, %v; want an error saying the list would be partial", phones, err)
	}
}

func TestAddPhoneWhoseRepeatIsRefusedAdoptsTheLateOriginal(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	// The PBX adds the phone but the answer is lost, and its search lags behind: the look-up
	// finds nothing, and the repeat is refused because the address is taken, by the phone this
	// call asked for.
	empty := fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","total_number":0,"data":[]}`}
	pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{HangupAfterServe: true})
	pbx.InjectFaults("phone/search", empty, empty)
	phone, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
	if err != nil {
		t.Fatalf("AddPhone: %v", err)
	}
	if stored := pbx.Phones(); len(stored) != 1 || stored[0].ID != phone.ID {
		t.Fatalf("the PBX holds %+v, want exactly the one phone AddPhone returned", stored)
	}
	if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 2 {
		t.Errorf("batchcreate sent %d times, want 2 (the lost one and the refused repeat)", n)
	}
}

func TestFindPhoneByMACFallsBackToTheFullListing(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	// A PBX that stores the address without separators, and whose keyword search does not
	// find it in the colon notation.
	want := pbx.AddPhone(fakeyeastar.Phone{MAC: "805ec0112233", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"})
	pbx.InjectFaults("phone/search", fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","total_number":0,"data":[]}`})
	found, err := c.FindPhoneByMAC(context.Background(), "80:5E:C0:11:22:33")
	if err != nil || found == nil || found.ID != want {
		t.Fatalf("FindPhoneByMAC = %+v, %v; want phone %d", found, err, want)
	}
}

func TestFindPhoneByMACMatchesExactlyInAnyNotation(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	want := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"})
	found, err := c.FindPhoneByMAC(context.Background(), "80-5e-c0-11-22-33")
	if err != nil || found == nil || found.ID != want {
		t.Fatalf("FindPhoneByMAC = %+v, %v; want phone %d", found, err, want)
	}
	if found, err := c.FindPhoneByMAC(context.Background(), "80:5E:C0:11:22:3"+"4"); err != nil || found != nil {
		t.Errorf("FindPhoneByMAC of an absent address = %+v, %v; want nil, nil", found, err)
	}
}

func TestGetPhoneAcceptsAnObjectOrAnArrayAndReportsAnUnknownID(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	ext := extensionIDOf(t, pbx, "1003")
	id := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP",
		ProvisioningMethod: "rps", RPSAuth: true, ExtensionID: ext})
	for _, asArray := range []bool{false, true} {
		pbx.PhoneGetAsArray = asArray
		phone, err := c.GetPhone(context.Background(), id)
		if err != nil || phone.ID != id || phone.ExtensionID != ext || !phone.RPSAuth || phone.ProvisioningLink == "" {
			t.Errorf("GetPhone (array %v) = %+v, %v", asArray, phone, err)
		}
	}
	if _, err := c.GetPhone(context.Background(), 999); !errors.Is(err, ErrDataNotFound) {
		t.Errorf("GetPhone(999) error = %v, want ErrDataNotFound", err)
	}
}

func TestSetPhoneExtensionAndDeletePhone(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	id := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP",
		ProvisioningMethod: "rps", ExtensionID: extensionIDOf(t, pbx, "1001")})
	ext := extensionIDOf(t, pbx, "1002")
	if err := c.SetPhoneExtension(context.Background(), id, "80-5e-c0-11-22-33", ext); err != nil {
		t.Fatalf("SetPhoneExtension: %v", err)
	}
	if p, _ := pbx.Phone(id); p.ExtensionID != ext {
		t.Errorf("extension ID = %d, want %d", p.ExtensionID, ext)
	}
	// A PBX that refuses ext_id 0 (unconfirmed either way) is reported as not unassigning.
	pbx.InjectFaults("phone/batchupdate", fakeyeastar.Fault{Body: `{"errcode":40002,"errmsg":"PARAMETER ERROR",` +
		`"invalid_param_list":[{"field":"ext_id","value":"0","validation_type":"required"}]}`})
	if err := c.SetPhoneExtension(context.Background(), id, "80:5E:C0:11:22:33", 0); !errors.Is(err, ErrInvalidParameter) ||
		!strings.Contains(err.Error(), "does not unassign a phone through the API") || !strings.Contains(err.Error(), "keeps its extension") {
		t.Errorf("SetPhoneExtension refused ext_id 0: %v, want an error saying the PBX does not unassign through the API", err)
	}
	if p, _ := pbx.Phone(id); p.ExtensionID != ext {
		t.Errorf("after the refusal extension ID = %d, want %d", p.ExtensionID, ext)
	}
	// The fake accepts it, as the provider's unassigning expects.
	if err := c.SetPhoneExtension(context.Background(), id, "80:5E:C0:11:22:33", 0); err != nil {
		t.Fatalf("SetPhoneExtension to 0: %v", err)
	}
	if p, _ := pbx.Phone(id); p.ExtensionID != 0 {
		t.Errorf("after ext_id 0 extension ID = %d, want 0", p.ExtensionID)
	}
	if err := c.DeletePhone(context.Background(), id); err != nil {
		t.Fatalf("DeletePhone: %v", err)
	}
	if len(pbx.Phones()) != 0 {
		t.Errorf("the PBX still holds %v", pbx.Phones())
	}
	if err := c.DeletePhone(context.Background(), id); err != nil {
		t.Errorf("DeletePhone of a phone already gone = %v, want success", err)
	}
}

func TestFindExtensionMatchesTheNumberExactly(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	for _, number := range []string{"1001", "10010"} {
		e, err := c.FindExtension(context.Background(), number)
		if err != nil || e == nil || e.Number != number || e.ID != extensionIDOf(t, pbx, number) || e.CallerIDName == "" {
			t.Errorf("FindExtension(%s) = %+v, %v", number, e, err)
		}
	}
	if e, err := c.FindExtension(context.Background(), "100"); err != nil || e != nil {
		t.Errorf("FindExtension(100) = %+v, %v; want nil, nil (100 only matches longer numbers)", e, err)
	}
}

func TestAllExtensionsIsListedOncePerClient(t *testing.T) {
	pbx := startPBX(t)
	pbx.MaxPageSize = 10
	c := newClient(t, pbx)
	for range 3 {
		all, err := c.AllExtensions(context.Background())
		if err != nil || len(all) != len(pbx.Extensions) {
			t.Fatalf("AllExtensions = %d extensions, %v; want %d", len(all), err, len(pbx.Extensions))
		}
	}
	if n, want := pbx.Stats().Endpoints["extension/list"], (len(pbx.Extensions)+9)/10; n != want {
		t.Errorf("extension/list asked %d times, want %d (one listing, every page)", n, want)
	}
}
