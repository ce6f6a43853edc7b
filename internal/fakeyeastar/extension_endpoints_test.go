package fakeyeastar

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
)

func newExtensionBody() map[string]any {
	return map[string]any{
		"type": "SIP", "number": "4001", "first_name": "Jane", "last_name": "Doe", "email_addr": "jane.doe@example.com",
		"user_password": "Kp7wQz9mXr2L", "reg_name": "q8vz3kd0ta", "reg_password": "h7Ks9qPzW2", "concurrent_registrations": 1,
		"presence_status": "available", "enb_vm": 1, "enb_vm_pin": 1, "vm_pin": "582914",
	}
}

func TestExtensionCreateAnswersTheIDAndGetReturnsTheWholeRecord(t *testing.T) {
	f := newFixture(t)
	out := f.call(t, http.MethodPost, "extension/create", nil, newExtensionBody())
	wantErrcode(t, out, 0)
	id, _ := out["id"].(float64)
	if id != 127 { // one more than the 26 default extensions (IDs 101 to 126)
		t.Fatalf("create answered id %v, want 127: %v", out["id"], out)
	}
	got := f.call(t, http.MethodGet, "extension/get", url.Values{"id": {"127"}}, nil)
	wantErrcode(t, got, 0)
	data, _ := got["data"].(map[string]any)
	for field, want := range map[string]any{
		"number": "4001", "caller_id_name": "Jane Doe", "caller_id": "4001", "role_name": "Employee", "role_id": 5.0,
		"user_password": "Kp7wQz9mXr2L", "reg_password": "h7Ks9qPzW2", "vm_pin": "582914", "enb_vm": 1.0, "reg_name": "q8vz3kd0ta",
	} {
		if data[field] != want {
			t.Errorf("extension/get %s = %v, want %v", field, data[field], want)
		}
	}
	if e, found := f.fake.ExtensionByNumber("4001"); !found || e.ID != 127 || e.UserPassword != "Kp7wQz9mXr2L" {
		t.Errorf("ExtensionByNumber(4001) = %+v, %v", e, found)
	}
}

func TestExtensionCreateWithoutIDWhenSwitchedOff(t *testing.T) {
	f := newFixture(t)
	f.fake.ExtensionCreateReturnsID = false
	out := f.call(t, http.MethodPost, "extension/create", nil, newExtensionBody())
	wantErrcode(t, out, 0)
	if _, has := out["id"]; has {
		t.Fatalf("create answered an id with ExtensionCreateReturnsID off: %v", out)
	}
	if _, found := f.fake.ExtensionByNumber("4001"); !found {
		t.Fatal("the extension was not created")
	}
}

func TestExtensionCreateChecksEveryFieldBeforeCreatingAnything(t *testing.T) {
	f := newFixture(t)
	body := newExtensionBody()
	body["number"] = "12a"
	body["user_password"] = "short"
	body["reg_password"] = "pass 1234"
	body["vm_pin"] = "1234"
	body["presence_status"] = "busy"
	body["concurrent_registrations"] = 9
	body["mobile_number"] = "+1 555"
	body["email_addr"] = "not-an-address"
	delete(body, "reg_name")
	out := f.call(t, http.MethodPost, "extension/create", nil, body)
	wantErrcode(t, out, 40002)
	got := invalidFields(out)
	for _, want := range []string{"number:format", "user_password:length", "reg_password:format", "vm_pin:weak", "presence_status:enum",
		"concurrent_registrations:range", "mobile_number:format", "email_addr:format", "reg_name:required"} {
		if !slices.Contains(got, want) {
			t.Errorf("invalid_param_list %v lacks %s", got, want)
		}
	}
	if n := len(f.fake.Extensions); n != 26 {
		t.Errorf("the fake holds %d extensions after a refused create, want 26", n)
	}
}

func TestExtensionPasswordRules(t *testing.T) {
	for _, c := range []struct {
		password, want string
	}{
		{"Kp7wQz9mXr2L", ""},
		{"kp7wqz9mxr2l", "complexity"},
		{"Kp1234wQzXr", "weak"},
		{"Kp9876wQzXr", "weak"},
		{"Kp7777wQzXr", "weak"},
		{"Kp4001wQzXr", "contains_number"},
		{"KpJANEwQz9r", "contains_name"},
		{"Aa1" + string(make([]byte, 61)), "length"},
	} {
		if got := userPasswordProblem(c.password, "4001", "Jane", "Doe"); got != c.want {
			t.Errorf("userPasswordProblem(%q) = %q, want %q", c.password, got, c.want)
		}
	}
	if voicemailPINProblem("4001", "4001") != "contains_number" || voicemailPINProblem("582914", "4001") != "" || voicemailPINProblem("58a914", "1") != "format" {
		t.Error("voicemailPINProblem is wrong")
	}
}

func TestExtensionCreateDuplicatesAnswer40003ShapedAsTheGuideShows(t *testing.T) {
	f := newFixture(t)
	body := newExtensionBody()
	body["email_addr"] = "Evelyn.Tanaka@example.com" // 1011's, in another case
	out := f.call(t, http.MethodPost, "extension/create", nil, body)
	wantErrcode(t, out, 40003)
	list, _ := out["duplicate_field_list"].([]any)
	if len(list) != 1 {
		t.Fatalf("duplicate_field_list = %v", out)
	}
	entry, _ := list[0].(map[string]any)
	want := map[string]any{"field": "email_addr", "value": "Evelyn.Tanaka@example.com", "external_source": "extension", "external_source_name": "1011"}
	for k, v := range want {
		if entry[k] != v {
			t.Errorf("duplicate_field_list[0].%s = %v, want %v", k, entry[k], v)
		}
	}
	if _, has := out["submsg"]; !has {
		t.Error("no submsg")
	}

	body = newExtensionBody()
	body["number"] = "1001"
	out = f.call(t, http.MethodPost, "extension/create", nil, body)
	wantErrcode(t, out, 40003)
	list, _ = out["duplicate_field_list"].([]any)
	if len(list) == 1 {
		entry, _ = list[0].(map[string]any)
	}
	if entry["field"] != "number" || entry["external_source_name"] != "1001" {
		t.Errorf("duplicate number answered %v", out)
	}
}

func TestExtensionUnknownRoleAnswers60101AndRolesAreListed(t *testing.T) {
	f := newFixture(t)
	out := f.call(t, http.MethodGet, "system/get_menuoptions", url.Values{"menu": {"role"}}, nil)
	wantErrcode(t, out, 0)
	rows := dataList(t, out)
	if i := slices.Index(column(rows, "text"), "Employee"); i < 0 || rows[i]["value"] != "5" {
		t.Fatalf("roles = %v, want Employee with value \"5\"", rows)
	}
	body := newExtensionBody()
	body["role_id"] = 99
	wantErrcode(t, f.call(t, http.MethodPost, "extension/create", nil, body), 60101)
	body["role_id"] = 3
	wantErrcode(t, f.call(t, http.MethodPost, "extension/create", nil, body), 0)
	if e, _ := f.fake.ExtensionByNumber("4001"); e.RoleName != "Supervisor" {
		t.Errorf("role = %q, want Supervisor", e.RoleName)
	}
}

func TestExtensionUpdateChangesOnlyTheFieldsSentAndNotTheNumber(t *testing.T) {
	f := newFixture(t)
	before, _ := f.fake.ExtensionByNumber("1005")
	out := f.call(t, http.MethodPost, "extension/update", nil, map[string]any{"id": before.ID, "last_name": "Smith", "presence_status": "lunch"})
	wantErrcode(t, out, 0)
	after, _ := f.fake.ExtensionByNumber("1005")
	want := before
	want.LastName, want.CallerIDName, want.PresenceStatus = "Smith", "Olivia Smith", "lunch"
	if after != want {
		t.Errorf("after update %+v\nwant %+v", after, want)
	}
	out = f.call(t, http.MethodPost, "extension/update", nil, map[string]any{"id": before.ID, "number": "1099"})
	wantErrcode(t, out, 40002)
	if got := invalidFields(out); !slices.Equal(got, []string{"number:not_editable"}) {
		t.Errorf("number change answered %v", got)
	}
	wantErrcode(t, f.call(t, http.MethodPost, "extension/update", nil, map[string]any{"id": 999, "title": "x"}), 60001)
	out = f.call(t, http.MethodPost, "extension/update", nil, map[string]any{"id": before.ID, "email_addr": "james.carter@example.com"})
	wantErrcode(t, out, 40003)
}

func TestExtensionQueryGetPasswordAndWelcomeEmail(t *testing.T) {
	f := newFixture(t)
	e, _ := f.fake.ExtensionByNumber("1001")
	out := f.call(t, http.MethodGet, "extension/query", url.Values{"ids": {"101,999," + strconv.Itoa(e.ID)}}, nil)
	if got := column(dataList(t, out), "number"); !slices.Equal(got, []string{"1005", "1001"}) {
		t.Errorf("query numbers = %v, want [1005 1001]", got)
	}
	for kind, want := range map[string]string{"reg_password": e.RegistrationPassword, "vm_pin": e.VoicemailPIN} {
		out := f.call(t, http.MethodGet, "extension/getpassword", url.Values{"id": {strconv.Itoa(e.ID)}, "type": {kind}}, nil)
		encoded, _ := out["password"].(string)
		decoded, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil || string(decoded) != want {
			t.Errorf("getpassword %s = %v (%v), want Base64 of the secret", kind, out, err)
		}
	}
	wantErrcode(t, f.call(t, http.MethodGet, "extension/getpassword", url.Values{"id": {strconv.Itoa(e.ID)}, "type": {"user_password"}}, nil), 40002)

	wantErrcode(t, f.call(t, http.MethodPost, "extension/send_welcome_email", nil, map[string]any{"id_list": []int{e.ID}}), 0)
	wantErrcode(t, f.call(t, http.MethodPost, "extension/send_welcome_email", nil, map[string]any{"id_list": []int{e.ID}}), 0)
	if n := f.fake.WelcomeEmails(e.ID); n != 2 {
		t.Errorf("WelcomeEmails = %d, want 2", n)
	}
	conference, _ := f.fake.ExtensionByNumber("10010") // no e-mail address
	wantErrcode(t, f.call(t, http.MethodPost, "extension/send_welcome_email", nil, map[string]any{"id_list": []int{conference.ID}}), 40002)
	if st := f.fake.Stats(); st.Endpoints["extension/send_welcome_email"] != 3 || st.Endpoints["extension/getpassword"] != 3 {
		t.Errorf("counters = %v", st.Endpoints)
	}
}

func TestExtensionDeleteRefusesAnExtensionInUseAndAnUnknownID(t *testing.T) {
	f := newFixture(t)
	e, _ := f.fake.ExtensionByNumber("1003")
	phone := f.fake.AddPhone(Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", ExtensionID: e.ID})
	wantErrcode(t, f.call(t, http.MethodGet, "extension/delete", url.Values{"id": {strconv.Itoa(e.ID)}}, nil), 70091)
	f.fake.SetPhoneExtension(phone, 0)
	wantErrcode(t, f.call(t, http.MethodGet, "extension/delete", url.Values{"id": {strconv.Itoa(e.ID)}}, nil), 0)
	wantErrcode(t, f.call(t, http.MethodGet, "extension/delete", url.Values{"id": {strconv.Itoa(e.ID)}}, nil), 60001)
	wantErrcode(t, f.call(t, http.MethodGet, "extension/get", url.Values{"id": {strconv.Itoa(e.ID)}}, nil), 60001)

	// IDs are never reused, even the highest one's after it is deleted.
	last := f.fake.Extensions[len(f.fake.Extensions)-1].ID
	f.fake.RemoveExtension(last)
	out := f.call(t, http.MethodPost, "extension/create", nil, newExtensionBody())
	if id, _ := out["id"].(float64); int(id) != last+1 {
		t.Errorf("new ID %v after deleting %d, want %d", out["id"], last, last+1)
	}
}

func TestChangeExtensionAsThePortalWould(t *testing.T) {
	f := newFixture(t)
	e, _ := f.fake.ExtensionByNumber("1002")
	f.fake.ChangeExtension(e.ID, "first_name", "Emily")
	f.fake.ChangeExtension(e.ID, "enb_vm", "0")
	f.fake.ChangeExtension(e.ID, "role_id", "5")
	got, _ := f.fake.ExtensionByID(e.ID)
	if got.FirstName != "Emily" || got.CallerIDName != "Emily Wilson" || got.VoicemailEnabled || got.RoleName != "Employee" {
		t.Errorf("after ChangeExtension: %+v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("ChangeExtension of an unknown field did not panic")
		}
	}()
	f.fake.ChangeExtension(e.ID, "colour", "blue")
}
