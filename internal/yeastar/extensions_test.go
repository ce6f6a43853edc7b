package yeastar

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// jane is a new extension with given secrets.
func jane() NewExtension {
	return NewExtension{
		Number: "4001", FirstName: "Jane", LastName: "Doe", Email: "jane.doe@example.com", Title: "Engineer",
		VoicemailEnabled: true, VoicemailPINRequired: true, RegistrationName: "q8vz3kd0ta",
		UserPassword: "Kp7wQz9mXr2L", RegistrationPassword: "h7Ks9qPzW2", VoicemailPIN: "582914",
	}
}

// warmClient returns a client that already holds its token, with the fake's counters zeroed.
func warmClient(t *testing.T, pbx *testPBX, adjust ...func(*Config)) *Client {
	t.Helper()
	c := newClient(t, pbx, adjust...)
	if _, err := c.PhoneVendors(context.Background()); err != nil {
		t.Fatal(err)
	}
	pbx.ResetStats()
	return c
}

// extensionCalls counts the requests to extension endpoints.
func extensionCalls(st fakeyeastar.Stats) map[string]int {
	calls := map[string]int{}
	for endpoint, n := range st.Endpoints {
		if strings.HasPrefix(endpoint, "extension/") {
			calls[endpoint] = n
		}
	}
	return calls
}

// wantOneJane asserts that the PBX holds exactly one extension 4001, made as asked, and that
// CreateExtension returned it.
func wantOneJane(t *testing.T, pbx *testPBX, got *ExtensionDetail) {
	t.Helper()
	held := 0
	for _, e := range pbx.Extensions {
		if e.Number == "4001" {
			held++
		}
	}
	stored, found := pbx.ExtensionByNumber("4001")
	if held != 1 || !found {
		t.Fatalf("the PBX holds %d extensions 4001, want exactly 1", held)
	}
	if got == nil || got.ID != stored.ID {
		t.Fatalf("CreateExtension returned %+v, want the extension with ID %d", got, stored.ID)
	}
	if stored.UserPassword != "Kp7wQz9mXr2L" || stored.RegistrationPassword != "h7Ks9qPzW2" || stored.VoicemailPIN != "582914" {
		t.Error("the PBX does not hold the secrets that were given")
	}
}

func TestCreateExtensionTakesTwoCallsWhenTheAnswerCarriesTheIDAndThreeWhenNot(t *testing.T) {
	for name, c := range map[string]struct {
		returnsID bool
		want      map[string]int
	}{
		"with id":    {true, map[string]int{"extension/create": 1, "extension/get": 1}},
		"without id": {false, map[string]int{"extension/create": 1, "extension/search": 1, "extension/get": 1}},
	} {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			pbx.ExtensionCreateReturnsID = c.returnsID
			client := warmClient(t, pbx)
			got, err := client.CreateExtension(context.Background(), jane())
			if err != nil {
				t.Fatalf("CreateExtension: %v", err)
			}
			if calls := extensionCalls(pbx.Stats()); !mapsEqual(calls, c.want) {
				t.Errorf("calls = %v, want %v", calls, c.want)
			}
			wantOneJane(t, pbx, got)
			want := ExtensionDetail{
				ID: got.ID, Number: "4001", FirstName: "Jane", LastName: "Doe", CallerIDName: "Jane Doe", Email: "jane.doe@example.com",
				Title: "Engineer", CallerID: "4001", RoleID: 5, PresenceStatus: "available", ConcurrentRegistrations: 1,
				VoicemailEnabled: true, VoicemailPINRequired: true, RegistrationName: "q8vz3kd0ta",
			}
			if *got != want {
				t.Errorf("CreateExtension = %+v\nwant             %+v", *got, want)
			}
		})
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestCreateExtensionSendsOnlyWhatWasSetAndTheDefaults(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	c := warmClient(t, pbx, func(cfg *Config) { cfg.Logger = logger })
	spec := NewExtension{Number: "4002", RegistrationName: "abcdefgh12", UserPassword: "Kp7wQz9mXr2L", RegistrationPassword: "h7Ks9qPzW2", RoleID: 3}
	if _, err := c.CreateExtension(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	stored, _ := pbx.ExtensionByNumber("4002")
	if stored.PresenceStatus != "available" || stored.ConcurrentRegistrations != 1 || stored.RoleName != "Supervisor" || stored.VoicemailEnabled {
		t.Errorf("stored %+v", stored)
	}
	var createBody string
	for _, line := range strings.Split(logger.text(), "\n") {
		if strings.Contains(line, "request body") && strings.Contains(line, "extension/create") {
			createBody = line
		}
	}
	for _, absent := range []string{"first_name", "email_addr", `"vm_pin"`, "title", `"caller_id"`} {
		if strings.Contains(createBody, absent) {
			t.Errorf("the create body sends %s, which was not set: %s", absent, createBody)
		}
	}
	if !strings.Contains(createBody, `"role_id":3`) || !strings.Contains(createBody, `"type":"SIP"`) {
		t.Errorf("the create body lacks role_id or type: %s", createBody)
	}
}

func TestCreateAndDeleteExtensionKeepTheCachedListingCurrentWithoutAsking(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	ctx := context.Background()
	before, err := c.AllExtensions(ctx)
	if err != nil || len(before) != 26 {
		t.Fatalf("AllExtensions = %d, %v", len(before), err)
	}
	created, err := c.CreateExtension(ctx, jane())
	if err != nil {
		t.Fatal(err)
	}
	pbx.ResetStats()
	after, err := c.AllExtensions(ctx)
	want := Extension{ID: created.ID, Number: "4001", CallerIDName: "Jane Doe", Email: "jane.doe@example.com"}
	if err != nil || len(after) != 27 || !slices.Contains(after, want) {
		t.Fatalf("AllExtensions after the create = %d extensions without %+v, %v", len(after), want, err)
	}
	if len(before) != 26 {
		t.Error("the create changed a listing an earlier caller holds")
	}
	if err := c.DeleteExtension(ctx, before[0].ID); err != nil {
		t.Fatal(err)
	}
	after, err = c.AllExtensions(ctx)
	if err != nil || len(after) != 26 || slices.ContainsFunc(after, func(e Extension) bool { return e.ID == before[0].ID }) {
		t.Errorf("AllExtensions after the delete = %d extensions, %v; want the deleted one gone", len(after), err)
	}
	if n := pbx.Stats().Endpoints["extension/list"]; n != 0 {
		t.Errorf("AllExtensions asked the PBX again (%d extension/list requests)", n)
	}
}

func TestACachedAnswerFetchedWhileAnUpdateLandsIsNotKept(t *testing.T) {
	cache := newAnswerCache[struct{}, []int]()
	release, fetches := make(chan struct{}), 0
	fetch := func(ctx context.Context) ([]int, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fetches++
		if fetches == 1 {
			<-release // the first listing is under way while the create lands
		}
		return []int{fetches}, nil
	}
	done := make(chan []int)
	go func() {
		answer, _ := cache.get(context.Background(), struct{}{}, "k", fetch)
		done <- answer
	}()
	time.Sleep(20 * time.Millisecond)
	cache.update(struct{}{}, func(list []int) []int { return append(slices.Clone(list), 99) })
	close(release)
	if first := <-done; !slices.Equal(first, []int{1}) {
		t.Fatalf("the caller of the listing under way got %v", first)
	}
	if again, _ := cache.get(context.Background(), struct{}{}, "k", fetch); !slices.Equal(again, []int{2}) || fetches != 2 {
		t.Errorf("after the update, get = %v after %d fetches; want a fresh listing, not the one that predates the update", again, fetches)
	}
	cache.update(struct{}{}, func(list []int) []int { return append(slices.Clone(list), 99) })
	if kept, _ := cache.get(context.Background(), struct{}{}, "k", fetch); !slices.Equal(kept, []int{2, 99}) || fetches != 2 {
		t.Errorf("get after an update of a kept answer = %v after %d fetches, want [2 99] without a fetch", kept, fetches)
	}
}

func TestCreateExtensionWhoseAnswerIsLostAfterThePBXActedAdoptsIt(t *testing.T) {
	for name, fault := range map[string]fakeyeastar.Fault{
		"connection dropped": {HangupAfterServe: true},
		"timeout":            {ServeAfter: time.Millisecond, Delay: 2 * time.Second},
		"5xx":                {ServeAfter: time.Millisecond, Status: 502, Body: "<html>bad gateway</html>", ContentType: "text/html"},
		"errcode -2":         func() fakeyeastar.Fault { f := fakeyeastar.ErrcodeFault(-2); f.ServeAfter = time.Millisecond; return f }(),
		"2 PROCESSING":       fakeyeastar.ProcessingFault(time.Millisecond),
	} {
		for _, returnsID := range []bool{true, false} {
			t.Run(name+map[bool]string{true: "", false: ", create without id"}[returnsID], func(t *testing.T) {
				pbx := startPBX(t)
				pbx.ExtensionCreateReturnsID = returnsID
				// The fake acts 1 ms after it answers (ServeAfter); the first look comes 100 to
				// 200 ms after the answer, time enough on a busy machine.
				c := warmClient(t, pbx, func(cfg *Config) {
					cfg.RequestTimeout = 300 * time.Millisecond
					cfg.RetryWaitMin = 200 * time.Millisecond
					cfg.RetryWaitMax = time.Second
				})
				pbx.InjectFaults("extension/create", fault)
				got, err := c.CreateExtension(context.Background(), jane())
				if err != nil {
					t.Fatalf("CreateExtension: %v", err)
				}
				pbx.Settle()
				wantOneJane(t, pbx, got)
				if n := pbx.Stats().Endpoints["extension/create"]; n != 1 {
					t.Errorf("extension/create was sent %d times, want once: the lost answer must be looked up, not repeated", n)
				}
			})
		}
	}
}

func TestCreateExtensionWhoseRequestNeverArrivedIsSentAgainAfterLooking(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	pbx.InjectFaults("extension/create", fakeyeastar.Fault{Hangup: true})
	got, err := c.CreateExtension(context.Background(), jane())
	if err != nil {
		t.Fatalf("CreateExtension: %v", err)
	}
	wantOneJane(t, pbx, got)
	st := pbx.Stats()
	if st.Endpoints["extension/create"] != 2 || st.Endpoints["extension/search"] < 1 {
		t.Errorf("calls = %v, want a search between two creates", extensionCalls(st))
	}
}

func TestCreateExtensionAfterALostAnswerDoesNotAdoptADifferentExtension(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	other := jane()
	other.FirstName = "Janet"
	if _, err := c.CreateExtension(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	// PROCESSING that never lands: the extension found under the number is someone else's.
	pbx.InjectFaults("extension/create", fakeyeastar.ErrcodeFault(CodeProcessing))
	got, err := c.CreateExtension(context.Background(), jane())
	var exists *ExtensionExistsError
	if !errors.As(err, &exists) || got != nil || len(exists.Differences) != 1 || exists.Differences[0] != `first name "Janet" (asked "Jane")` {
		t.Fatalf("CreateExtension = %+v, %v; want an ExtensionExistsError naming the first name", got, err)
	}
	stored, _ := pbx.ExtensionByNumber("4001")
	if exists.ID != stored.ID || !strings.Contains(err.Error(), "differs from the one asked for") {
		t.Errorf("error %q does not name extension %d", err, stored.ID)
	}
}

func TestCreateExtensionOfATakenNumberOrEmailNamesTheHolderInBothShapes(t *testing.T) {
	james, _ := fakeyeastar.New().ExtensionByNumber("1001")
	evelyn, _ := fakeyeastar.New().ExtensionByNumber("1011")
	taken := func(f func(*NewExtension)) NewExtension { spec := jane(); f(&spec); return spec }
	for name, c := range map[string]struct {
		spec  NewExtension
		fault *fakeyeastar.Fault
		want  ExtensionExistsError
		text  string
	}{
		"number, 40003": {spec: taken(func(s *NewExtension) { s.Number = "1001" }),
			want: ExtensionExistsError{ID: james.ID, Number: "1001", Field: "number", Value: "1001"},
			text: "the extension number 1001 is already taken by extension 1001 (ID 103)"},
		"e-mail, 40003": {spec: taken(func(s *NewExtension) { s.Email = "EVELYN.tanaka@example.com" }),
			want: ExtensionExistsError{ID: evelyn.ID, Number: "1011", Field: "email", Value: "EVELYN.tanaka@example.com"},
			text: "the e-mail address EVELYN.tanaka@example.com is already used by extension 1011 (ID 121)"},
		"number, 40002": {spec: taken(func(s *NewExtension) { s.Number = "1001" }),
			fault: ptr(fakeyeastar.InvalidParamFault("number", "1001", "exists")),
			want:  ExtensionExistsError{ID: james.ID, Number: "1001", Field: "number", Value: "1001"}},
		"e-mail, 40002": {spec: taken(func(s *NewExtension) { s.Email = "evelyn.tanaka@example.com" }),
			fault: ptr(fakeyeastar.InvalidParamFault("email_addr", "evelyn.tanaka@example.com", "exists")),
			want:  ExtensionExistsError{ID: evelyn.ID, Number: "1011", Field: "email", Value: "evelyn.tanaka@example.com"}},
	} {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			client := warmClient(t, pbx)
			if c.fault != nil {
				pbx.InjectFaults("extension/create", *c.fault)
			}
			got, err := client.CreateExtension(context.Background(), c.spec)
			var exists *ExtensionExistsError
			if !errors.As(err, &exists) || got != nil {
				t.Fatalf("CreateExtension = %+v, %v; want an ExtensionExistsError", got, err)
			}
			if exists.ID != c.want.ID || exists.Number != c.want.Number || exists.Field != c.want.Field || exists.Value != c.want.Value || exists.Differences != nil {
				t.Errorf("error = %+v, want %+v", *exists, c.want)
			}
			if c.text != "" && err.Error() != c.text {
				t.Errorf("message %q, want %q", err, c.text)
			}
			if n := len(pbx.Extensions); n != 26 || pbx.Stats().Endpoints["extension/create"] != 1 {
				t.Errorf("the PBX holds %d extensions after %d creates, want 26 after 1", n, pbx.Stats().Endpoints["extension/create"])
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestCreateExtensionRefusedForBadInputIsNotRepeatedAndNamesTheFields(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	spec := jane()
	spec.UserPassword = "Kp1234wQzXr" // 4 sequential digits
	spec.RoleID = 99
	_, err := c.CreateExtension(context.Background(), spec)
	if !errors.Is(err, ErrInvalidParameter) || !namesParameter(err, "user_password") {
		t.Fatalf("CreateExtension = %v, want a parameter error naming user_password", err)
	}
	if strings.Contains(err.Error(), spec.UserPassword) {
		t.Errorf("the error shows the password: %v", err)
	}
	spec = jane()
	spec.RoleID = 99
	if _, err := c.CreateExtension(context.Background(), spec); !errors.Is(err, ErrRoleNotFound) {
		t.Fatalf("CreateExtension with role 99 = %v, want ErrRoleNotFound", err)
	}
	if n := pbx.Stats().Endpoints["extension/create"]; n != 2 || len(pbx.Extensions) != 26 {
		t.Errorf("%d creates, %d extensions; want 2 refused creates", n, len(pbx.Extensions))
	}
}

func TestGetExtensionReadsEveryFieldAndDropsTheSecrets(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	c := warmClient(t, pbx, func(cfg *Config) { cfg.Logger = logger })
	held, _ := pbx.ExtensionByNumber("1001")
	got, err := c.GetExtension(context.Background(), held.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := ExtensionDetail{ID: held.ID, Number: "1001", FirstName: "James", LastName: "Carter", CallerIDName: "James Carter",
		Email: "james.carter@example.com", MobileNumber: "+14155550101", CallerID: "1001", RoleID: 1, PresenceStatus: "available",
		ConcurrentRegistrations: 1, VoicemailEnabled: true, VoicemailPINRequired: true, RegistrationName: held.RegistrationName}
	if *got != want {
		t.Errorf("GetExtension = %+v\nwant          %+v", *got, want)
	}
	logs := logger.text()
	if !strings.Contains(logs, `"user_password":"[REDACTED]"`) {
		t.Errorf("the TRACE log lacks the redacted response body:\n%s", logs)
	}
	for _, secret := range []string{held.UserPassword, held.RegistrationPassword, held.VoicemailPIN} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log shows a secret the PBX returned:\n%s", logs)
		}
		// A PIN, being digits, is redacted by its field's name only (see secrets.add).
		if inSet := slices.Contains(c.secrets.values, secret); inSet == (secret == held.VoicemailPIN) {
			t.Errorf("a secret extension/get returned is in the redaction set: %v, want only the passwords there", inSet)
		}
	}

	_, err = c.GetExtension(context.Background(), 999)
	if !IsExtensionNotFound(err) {
		t.Errorf("GetExtension(999) = %v, want not found", err)
	}
	pbx.InjectFaults("extension/get", fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","data":{}}`},
		fakeyeastar.InvalidParamFault("id", "999", "not_found"))
	for range 2 {
		if _, err := c.GetExtension(context.Background(), 999); !IsExtensionNotFound(err) {
			t.Errorf("GetExtension(999) = %v, want not found", err)
		}
	}
}

func TestGetExtensionsAsksInBatchesAndKeepsTheOrder(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	ids := []int{999, 103}
	for id := 101; id <= 226; id++ {
		ids = append(ids, id)
	}
	got, err := c.GetExtensions(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 26 || got[0].ID != 103 || got[0].Number != "1001" || got[1].ID != 101 {
		t.Errorf("GetExtensions = %d extensions starting %+v", len(got), got[:min(2, len(got))])
	}
	if n := pbx.Stats().Endpoints["extension/query"]; n != 2 {
		t.Errorf("%d extension/query requests for %d IDs, want 2", n, len(ids))
	}
}

func TestUpdateExtensionSendsOnlyTheChangedFields(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	c := warmClient(t, pbx, func(cfg *Config) { cfg.Logger = logger })
	before, _ := pbx.ExtensionByNumber("1005")
	newPIN := "730518"
	err := c.UpdateExtension(context.Background(), before.ID, ExtensionChanges{
		Title: ptr(""), PresenceStatus: ptr("away"), VoicemailEnabled: ptr(false), ConcurrentRegistrations: ptr(3), VoicemailPIN: &newPIN,
	})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := pbx.ExtensionByNumber("1005")
	want := before
	want.PresenceStatus, want.VoicemailEnabled, want.ConcurrentRegistrations, want.VoicemailPIN = "away", false, 3, newPIN
	if after != want {
		t.Errorf("after update %+v\nwant %+v", after, want)
	}
	if logs := logger.text(); strings.Contains(logs, newPIN) || !strings.Contains(logs, `"vm_pin":"[REDACTED]"`) || strings.Contains(logs, "first_name") {
		t.Errorf("the request body log shows the PIN or a field not changed:\n%s", logs)
	}
	pbx.ResetStats()
	if err := c.UpdateExtension(context.Background(), before.ID, ExtensionChanges{}); err != nil || pbx.Stats().Requests != 0 {
		t.Errorf("an update without changes sent %d requests, %v", pbx.Stats().Requests, err)
	}
	if err := c.UpdateExtension(context.Background(), 999, ExtensionChanges{Title: ptr("x")}); !IsExtensionNotFound(err) {
		t.Errorf("UpdateExtension(999) = %v, want not found", err)
	}
}

func TestDeleteExtensionInUseNamesThePhonesAndAGoneOneSucceeds(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	ctx := context.Background()
	ext, _ := pbx.ExtensionByNumber("1001")
	phone := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", ExtensionID: ext.ID})
	pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:34", Vendor: "Yealink", Model: "CP920", ExtensionID: extensionIDOf(t, pbx, "10010")})
	err := c.DeleteExtension(ctx, ext.ID)
	var inUse *ExtensionInUseError
	if !errors.As(err, &inUse) || inUse.Number != "1001" || !slices.Equal(inUse.PhoneIDs, []int{phone}) || !errors.Is(err, ErrInUse) {
		t.Fatalf("DeleteExtension = %v, want an ExtensionInUseError naming phone %d", err, phone)
	}
	if !strings.Contains(err.Error(), "extension 1001 (ID 103) because phone 1 of the auto-provisioning list is assigned to it") {
		t.Errorf("message %q", err)
	}
	pbx.SetPhoneExtension(phone, 0)
	if err := c.DeleteExtension(ctx, ext.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteExtension(ctx, ext.ID); err != nil {
		t.Errorf("deleting an extension already gone = %v, want success", err)
	}
	if _, found := pbx.ExtensionByNumber("1001"); found {
		t.Error("the extension is still there")
	}
}

func TestDeleteExtensionRefusedAsUnknownWhileStillListedFails(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	ext, _ := pbx.ExtensionByNumber("1001")
	pbx.InjectFaults("extension/delete", fakeyeastar.InvalidParamFault("id", strconv.Itoa(ext.ID), "format"))
	err := c.DeleteExtension(context.Background(), ext.ID)
	if err == nil || !errors.Is(err, ErrInvalidParameter) || !strings.Contains(err.Error(), "yet still lists it (number 1001)") {
		t.Fatalf("DeleteExtension refused as unknown while listed = %v, want an error saying the PBX still lists it", err)
	}
	if _, found := pbx.ExtensionByNumber("1001"); !found {
		t.Fatal("the extension is gone")
	}
	if n := pbx.Stats().Endpoints["extension/list"]; n == 0 {
		t.Error("no listing confirmed the PBX's answer")
	}
}

func TestExtensionSecretsAreDecodedAndNeverLogged(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	c := warmClient(t, pbx, func(cfg *Config) { cfg.Logger = logger })
	held, _ := pbx.ExtensionByNumber("1002")
	got, err := c.ExtensionSecrets(context.Background(), held.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.RegistrationPassword != held.RegistrationPassword || got.VoicemailPIN != held.VoicemailPIN {
		t.Error("ExtensionSecrets does not return the PBX's secrets")
	}
	logs := logger.text()
	for _, secret := range []string{held.RegistrationPassword, held.VoicemailPIN,
		base64.StdEncoding.EncodeToString([]byte(held.RegistrationPassword)), base64.StdEncoding.EncodeToString([]byte(held.VoicemailPIN))} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log shows a secret or its Base64:\n%s", logs)
		}
		// All but the PIN itself, which is redacted by its field's name only (see secrets.add).
		if inSet := slices.Contains(c.secrets.values, secret); inSet == (secret == held.VoicemailPIN) {
			t.Errorf("a secret (or its Base64) is in the redaction set: %v, want all but the bare PIN there", inSet)
		}
	}
	if n := pbx.Stats().Endpoints["extension/getpassword"]; n != 2 {
		t.Errorf("%d getpassword calls, want 2", n)
	}
	// An answer that is not Base64 fails without quoting it.
	pbx.InjectFaults("extension/getpassword", fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","password":"h7Ks9q!!PzW2"}`})
	if _, err := c.ExtensionSecrets(context.Background(), held.ID); err == nil || strings.Contains(err.Error(), "h7Ks9q") {
		t.Errorf("ExtensionSecrets of a bad answer = %v, want an error without the value", err)
	}
}

func TestNoExtensionSecretInLogsOrErrorsWhateverThePBXEchoes(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	c := warmClient(t, pbx, func(cfg *Config) { cfg.Logger = logger })
	ctx := context.Background()
	spec := jane()
	spec.UserPassword = "Kp7wJANEz9mXr2L" // holds the name: the PBX refuses it and echoes it
	_, refused := c.CreateExtension(ctx, spec)
	if refused == nil || !namesParameter(refused, "user_password") {
		t.Fatalf("CreateExtension = %v, want the PBX's refusal of a password holding the name", refused)
	}
	generated, _ := GenerateUserPassword("4001", "Jane", "Doe")
	spec.UserPassword = generated
	created, err := c.CreateExtension(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetExtension(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExtensionSecrets(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	logs := logger.text()
	for _, secret := range []string{"Kp7wJANEz9mXr2L", generated, spec.RegistrationPassword, spec.VoicemailPIN} {
		if strings.Contains(logs, secret) || strings.Contains(refused.Error(), secret) {
			t.Errorf("a secret shows in the logs or an error:\n%s", logs)
		}
	}
	if !strings.Contains(logs, "Yeastar API request body") || !strings.Contains(logs, `"reg_password":"[REDACTED]"`) {
		t.Errorf("the TRACE log lacks the redacted request bodies:\n%s", logs)
	}
}

func TestUserRolesAreAskedOncePerClient(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	for range 3 {
		roles, err := c.UserRoles(context.Background())
		if err != nil || !slices.Contains(roles, Option{Text: "Employee", Value: "5"}) {
			t.Fatalf("UserRoles = %v, %v", roles, err)
		}
	}
	if n := pbx.Stats().Endpoints["system/get_menuoptions"]; n != 1 {
		t.Errorf("%d role requests, want 1", n)
	}
}

func TestSendWelcomeEmailIsSentOnceAndNotRepeated(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	ext, _ := pbx.ExtensionByNumber("1001")
	if err := c.SendWelcomeEmail(context.Background(), ext.ID); err != nil || pbx.WelcomeEmails(ext.ID) != 1 {
		t.Fatalf("SendWelcomeEmail = %v, %d e-mails", err, pbx.WelcomeEmails(ext.ID))
	}
	pbx.InjectFaults("extension/send_welcome_email", fakeyeastar.Fault{Status: 503})
	if err := c.SendWelcomeEmail(context.Background(), ext.ID); err == nil || pbx.Stats().Endpoints["extension/send_welcome_email"] != 2 {
		t.Errorf("a failed welcome e-mail = %v after %d requests, want an error and no repeat", err, pbx.Stats().Endpoints["extension/send_welcome_email"])
	}
	pbx.InjectFaults("extension/send_welcome_email", fakeyeastar.Fault{HangupAfterServe: true})
	if err := c.SendWelcomeEmail(context.Background(), ext.ID); !AnswerLost(err) || pbx.WelcomeEmails(ext.ID) != 2 {
		t.Errorf("a welcome e-mail sent whose answer was lost = %v (AnswerLost %v), %d e-mails; want a lost answer and 2 e-mails",
			err, AnswerLost(err), pbx.WelcomeEmails(ext.ID))
	}
	pbx.InjectFaults("extension/send_welcome_email", fakeyeastar.InvalidParamFault("id_list", strconv.Itoa(ext.ID), "format"))
	if err := c.SendWelcomeEmail(context.Background(), ext.ID); err == nil || AnswerLost(err) {
		t.Errorf("a refused welcome e-mail = %v, AnswerLost %v; want an error whose answer was not lost", err, AnswerLost(err))
	}
	if AnswerLost(nil) {
		t.Error("AnswerLost(nil) = true")
	}
}

func TestFindExtensionByEmailAndSearchExtensions(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	ctx := context.Background()
	got, err := c.FindExtensionByEmail(ctx, "Sophia.Nguyen@EXAMPLE.com")
	if err != nil || got == nil || got.Number != "1012" {
		t.Fatalf("FindExtensionByEmail = %+v, %v", got, err)
	}
	if got, err := c.FindExtensionByEmail(ctx, "nobody@example.com"); got != nil || err != nil {
		t.Errorf("FindExtensionByEmail(nobody) = %+v, %v", got, err)
	}
	found, err := c.SearchExtensions(ctx, "1001")
	if err != nil || len(found) != 2 {
		t.Errorf("SearchExtensions(1001) = %v, %v; want 1001 and 10010", found, err)
	}
	all, err := c.SearchExtensions(ctx, "")
	if err != nil || len(all) != 26 {
		t.Errorf("SearchExtensions(\"\") = %d, %v", len(all), err)
	}
}

func TestARefusedShortSecretIsRedactedByItsFieldName(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	c := warmClient(t, pbx, func(cfg *Config) { cfg.Logger = logger })
	spec := jane()
	spec.VoicemailPIN = "739" // too short for the value set, and for the PBX, which echoes it
	_, err := c.CreateExtension(context.Background(), spec)
	if !namesParameter(err, "vm_pin") {
		t.Fatalf("CreateExtension = %v, want the PBX's refusal naming vm_pin", err)
	}
	if strings.Contains(err.Error(), "739") {
		t.Errorf("the error shows the PIN: %v", err)
	}
	logs := logger.text()
	if strings.Contains(logs, `"739"`) || !strings.Contains(logs, `"field":"vm_pin","validation_type":"length","value":"[REDACTED]"`) {
		t.Errorf("the log shows the PIN, or lacks the redacted echo:\n%s", logs)
	}
	// The other order of an entry's keys.
	if got := c.secrets.redact(`{"value":"739","validation_type":"length","field":"vm_pin"}`); strings.Contains(got, "739") {
		t.Errorf("redact = %s", got)
	}
}

func TestCreateExtensionOfAnEmailTheSearchCannotFindNamesTheHolderThePBXNamed(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	pbx.InjectFaults("extension/create", fakeyeastar.DuplicateFault("email_addr", "jane.doe@example.com", "extension", "1011"))
	_, err := c.CreateExtension(context.Background(), jane())
	var exists *ExtensionExistsError
	if !errors.As(err, &exists) || exists.Field != "email" || exists.Number != "1011" ||
		err.Error() != "the e-mail address jane.doe@example.com is already used by extension 1011" {
		t.Fatalf("CreateExtension = %v, want the holder the PBX named", err)
	}
}

func TestGetExtensionAcceptsAOneElementArrayAndNumbersAsStrings(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	pbx.InjectFaults("extension/get", fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","data":[{"id":"127","number":4001,` +
		`"role_id":"5","concurrent_registrations":"2","enb_vm":"1","enb_vm_pin":0,"vm_pin":582914,"reg_password":"h7Ks9qPzW2"}]}`})
	got, err := c.GetExtension(context.Background(), 127)
	if err != nil {
		t.Fatal(err)
	}
	want := ExtensionDetail{ID: 127, Number: "4001", RoleID: 5, ConcurrentRegistrations: 2, VoicemailEnabled: true}
	if *got != want {
		t.Errorf("GetExtension = %+v, want %+v", *got, want)
	}
	if !slices.Contains(c.secrets.values, "h7Ks9qPzW2") || slices.Contains(c.secrets.values, "582914") {
		t.Errorf("the redaction set holds %d values, want the password and not the PIN (redacted by its field's name)", len(c.secrets.values))
	}
}

func TestARedactedShortSecretInsideALongerOneLeavesNoPartOfIt(t *testing.T) {
	s := &secrets{}
	s.add("wQz5", "Kpw5829wQz5Xr", "Kpw5829wQz5Xr") // the short one first, the password holding it after, twice
	if got := s.redact("secret wQz5, password Kpw5829wQz5Xr"); got != "secret [REDACTED], password [REDACTED]" {
		t.Errorf("redact = %q", got)
	}
	if len(s.values) != 2 {
		t.Errorf("the set holds %d values, want each once", len(s.values))
	}
}

func TestAPINIsRedactedByItsFieldNameOnlySoThatNumbersHoldingItsDigitsStayReadable(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	c := warmClient(t, pbx, func(cfg *Config) { cfg.Logger = logger })
	ctx := context.Background()
	spec := jane()
	spec.VoicemailPIN = "1001" // the digits of extensions 1001 and 10010
	created, err := c.CreateExtension(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	found, err := c.SearchExtensions(ctx, "1001")
	if err != nil || len(found) != 2 {
		t.Fatalf("SearchExtensions(1001) = %v, %v", found, err)
	}
	// The PBX may answer the PIN as a JSON number.
	pbx.InjectFaults("extension/get", fakeyeastar.Fault{Body: `{"errcode":0,"errmsg":"SUCCESS","data":{"id":` +
		strconv.Itoa(created.ID) + `,"number":"4001","vm_pin":1001}}`})
	if _, err := c.GetExtension(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExtensionSecrets(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	logs := logger.text()
	for _, want := range []string{`"number":"1001"`, `"number":"10010"`, `"vm_pin":"[REDACTED]"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the TRACE log lacks %s:\n%s", want, logs)
		}
	}
	for _, secret := range []string{`"vm_pin":1001`, `"vm_pin":"1001"`, base64.StdEncoding.EncodeToString([]byte("1001"))} {
		if strings.Contains(logs, secret) {
			t.Errorf("the TRACE log shows the PIN as %s:\n%s", secret, logs)
		}
	}
}

func TestResetExtensionGivesItEveryFieldAndNewSecretsKeepingItsIDAndPhones(t *testing.T) {
	pbx := startPBX(t)
	logger := &recordingLogger{}
	c := warmClient(t, pbx, func(cfg *Config) { cfg.Logger = logger })
	ctx := context.Background()
	leaver, _ := pbx.ExtensionByNumber("1005")
	phone := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", ExtensionID: leaver.ID})
	joiner := NewExtension{
		Number: "1005", FirstName: "Barbara", LastName: "Liskov", Email: "barbara.liskov@example.com",
		RegistrationName: "bl-sip-1005", UserPassword: "Harbour7Lights9", RegistrationPassword: "sip-Secret-2468", VoicemailPIN: "205813",
		VoicemailEnabled: true, VoicemailPINRequired: true,
	}
	if err := c.ResetExtension(ctx, leaver.ID, joiner); err != nil {
		t.Fatal(err)
	}
	now, _ := pbx.ExtensionByNumber("1005")
	if now.ID != leaver.ID || now.FirstName != "Barbara" || now.LastName != "Liskov" || now.Email != joiner.Email ||
		now.MobileNumber != "" || now.Title != "" || now.CallerID != "1005" || now.PresenceStatus != PresenceAvailable ||
		now.RegistrationName != joiner.RegistrationName {
		t.Errorf("after the reset the PBX holds %+v, want the joiner's fields, the leaver's mobile number cleared, the same ID", now)
	}
	if now.UserPassword != joiner.UserPassword || now.RegistrationPassword != joiner.RegistrationPassword || now.VoicemailPIN != joiner.VoicemailPIN {
		t.Error("the reset did not send the new secrets")
	}
	for _, p := range pbx.Phones() {
		if p.ID == phone && p.ExtensionID != leaver.ID {
			t.Errorf("the reset moved phone %d to extension ID %d", phone, p.ExtensionID)
		}
	}
	if logs := logger.text(); strings.Contains(logs, joiner.UserPassword) || strings.Contains(logs, joiner.RegistrationPassword) || strings.Contains(logs, joiner.VoicemailPIN) {
		t.Errorf("the log shows a secret:\n%s", logs)
	}
	if all, _ := c.AllExtensions(ctx); !slices.ContainsFunc(all, func(e Extension) bool { return e.ID == leaver.ID && e.Email == joiner.Email }) {
		t.Error("the cached listing does not know the extension's new e-mail address")
	}
}

func TestPhonesAssignedToListsOnlyThatNumbersPhones(t *testing.T) {
	pbx := startPBX(t)
	c := warmClient(t, pbx)
	ctx := context.Background()
	one := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", ExtensionID: extensionIDOf(t, pbx, "1001")})
	pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:34", Vendor: "Yealink", Model: "CP920", ExtensionID: extensionIDOf(t, pbx, "10010")})
	phones, err := c.PhonesAssignedTo(ctx, "1001")
	if err != nil || len(phones) != 1 || phones[0].ID != one || phones[0].MAC != "80:5E:C0:11:22:33" {
		t.Errorf("PhonesAssignedTo(1001) = %+v, %v, want phone %d only (not 10010's)", phones, err, one)
	}
	if phones, err := c.PhonesAssignedTo(ctx, "1005"); err != nil || len(phones) != 0 {
		t.Errorf("PhonesAssignedTo(1005) = %+v, %v, want none", phones, err)
	}
}
