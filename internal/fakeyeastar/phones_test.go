package fakeyeastar

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

type fixture struct {
	fake   *Server
	srv    *httptest.Server
	token  string
	client *http.Client
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	fake := New()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return &fixture{fake: fake, srv: srv, token: fake.IssueToken(), client: srv.Client()}
}

// do sends a raw request as the provider would and returns the decoded body, or the transport
// error.
func (f *fixture) do(t *testing.T, method, endpoint string, query url.Values, body any) (map[string]any, error) {
	t.Helper()
	if query == nil {
		query = url.Values{}
	}
	query.Set("access_token", f.token)
	var reader io.Reader
	if body != nil {
		raw, ok := body.(string)
		if !ok {
			b, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			raw = string(b)
		}
		reader = strings.NewReader(raw)
	}
	req, err := http.NewRequest(method, f.srv.URL+DefaultAPIPath+endpoint+"?"+query.Encode(), reader)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "OpenAPI")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: not JSON: %s", method, endpoint, raw)
	}
	return out, nil
}

func (f *fixture) call(t *testing.T, method, endpoint string, query url.Values, body any) map[string]any {
	t.Helper()
	out, err := f.do(t, method, endpoint, query, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, endpoint, err)
	}
	return out
}

func errcode(out map[string]any) int {
	n, _ := out["errcode"].(float64)
	return int(n)
}

func wantErrcode(t *testing.T, out map[string]any, code int) {
	t.Helper()
	if errcode(out) != code {
		t.Fatalf("errcode %v, want %d: %v", out["errcode"], code, out)
	}
}

// invalidFields lists "field:validation_type" of an invalid_param_list.
func invalidFields(out map[string]any) []string {
	var fields []string
	list, _ := out["invalid_param_list"].([]any)
	for _, p := range list {
		m, _ := p.(map[string]any)
		fields = append(fields, fmt.Sprintf("%v:%v", m["field"], m["validation_type"]))
	}
	return fields
}

func dataList(t *testing.T, out map[string]any) []map[string]any {
	t.Helper()
	list, ok := out["data"].([]any)
	if !ok {
		t.Fatalf("data is not a list: %v", out)
	}
	var rows []map[string]any
	for _, r := range list {
		row, ok := r.(map[string]any)
		if !ok {
			t.Fatalf("a data row is not an object: %v", r)
		}
		rows = append(rows, row)
	}
	return rows
}

func column(rows []map[string]any, key string) []string {
	var values []string
	for _, r := range rows {
		values = append(values, fmt.Sprint(r[key]))
	}
	return values
}

func yealinkCP920(macs ...string) map[string]any {
	var list []map[string]any
	for _, mac := range macs {
		list = append(list, map[string]any{"mac": mac, "ext_id": 103})
	}
	return map[string]any{
		"vendor": "Yealink", "model": "CP920", "template_name": "YSDP_YealinkCP",
		"provisioning_method": "rps", "phone_list": list,
	}
}

func TestPhoneSearchPages(t *testing.T) {
	f := newFixture(t)
	for i := range 25 {
		f.fake.AddPhone(Phone{MAC: fmt.Sprintf("80:5E:C0:00:00:%02X", i), Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP"})
	}
	cases := []struct {
		query   string
		wantLen int
		firstID string
	}{
		{"", 10, "1"},                    // DefaultPageSize
		{"page_size=50", 20, "1"},        // capped at MaxPageSize
		{"page=3&page_size=10", 5, "21"}, // the last, short page
		{"page=4&page_size=10", 0, ""},   // past the end
		{"page=2&page_size=5&order_by=desc", 5, "20"},
	}
	for _, c := range cases {
		q, _ := url.ParseQuery(c.query)
		out := f.call(t, http.MethodGet, "phone/search", q, nil)
		wantErrcode(t, out, 0)
		rows := dataList(t, out)
		if out["total_number"] != float64(25) || len(rows) != c.wantLen {
			t.Errorf("%q: total_number %v, %d rows; want 25, %d", c.query, out["total_number"], len(rows), c.wantLen)
		}
		if len(rows) > 0 && fmt.Sprint(rows[0]["id"]) != c.firstID {
			t.Errorf("%q: first id %v, want %s", c.query, rows[0]["id"], c.firstID)
		}
	}
	out := f.call(t, http.MethodGet, "phone/search", url.Values{"page": {"0"}, "page_size": {"x"}}, nil)
	wantErrcode(t, out, 40002)
	if got := strings.Join(invalidFields(out), ","); got != "page:integer,page_size:integer" {
		t.Errorf("invalid_param_list %s", got)
	}
}

func TestPhoneSearchKeyword(t *testing.T) {
	f := newFixture(t)
	ext1001, _ := f.fake.ExtensionByNumber("1001")
	ext10010, _ := f.fake.ExtensionByNumber("10010")
	a := f.fake.AddPhone(Phone{MAC: "80-5E-C0-11-22-33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ExtensionID: ext1001.ID, Registered: true})
	b := f.fake.AddPhone(Phone{MAC: "000b82aabbcc", Vendor: "Grandstream", Model: "GRP2612", TemplateName: "YSDP_GrandstreamGRP", ExtensionID: ext10010.ID})
	c := f.fake.AddPhone(Phone{MAC: "0015.6511.2233", Vendor: "Snom", Model: "D717", TemplateName: "YSDP_SnomD"})
	cases := map[string][]string{
		"80:5e:c0:11:22:33": {fmt.Sprint(a)}, // another notation
		"805EC0112233":      {fmt.Sprint(a)},
		"00:15:65":          {fmt.Sprint(c)},
		"yealink":           {fmt.Sprint(a)},
		"1001":              {fmt.Sprint(a), fmt.Sprint(b)}, // 1001 and 10010
		"james":             {fmt.Sprint(a)},
		"ysdp_":             {fmt.Sprint(a), fmt.Sprint(b), fmt.Sprint(c)},
		"unassigned":        nil,
	}
	for keyword, want := range cases {
		out := f.call(t, http.MethodGet, "phone/search", url.Values{"search_value": {keyword}}, nil)
		wantErrcode(t, out, 0)
		if got := column(dataList(t, out), "id"); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("search %q: ids %v, want %v", keyword, got, want)
		}
	}
	rows := dataList(t, f.call(t, http.MethodGet, "phone/search", nil, nil))
	if rows[0]["assigned_ext_status"] != "Registered" || rows[0]["assigned_ext_num"] != "1001" || rows[0]["assigned_ext_name"] != "James Carter" {
		t.Errorf("assigned phone: %v", rows[0])
	}
	if rows[2]["assigned_ext_num"] != "Unassigned" || rows[2]["assigned_ext_name"] != "Unassigned" || rows[2]["assigned_ext_status"] != "Unregistered" {
		t.Errorf("unassigned phone: %v", rows[2])
	}
	if got := column(dataList(t, f.call(t, http.MethodGet, "phone/search", url.Values{"sort_by": {"vendor"}, "order_by": {"desc"}}, nil)), "vendor"); strings.Join(got, ",") != "Yealink,Snom,Grandstream" {
		t.Errorf("sorted by vendor desc: %v", got)
	}
}

func TestBatchCreateAllOrNothing(t *testing.T) {
	f := newFixture(t)
	existing := f.fake.AddPhone(Phone{MAC: "80:5E:C0:AA:BB:CC", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP"})

	bad := yealinkCP920("80:5E:C0:00:00:01")
	bad["template_name"] = "YSDP_YealinkT4x"
	out := f.call(t, http.MethodPost, "phone/batchcreate", nil, bad)
	wantErrcode(t, out, 40002)
	if got := strings.Join(invalidFields(out), ","); got != "template_name:enum" {
		t.Errorf("bad template: %s", got)
	}

	out = f.call(t, http.MethodPost, "phone/batchcreate", nil, yealinkCP920("80:5E:C0:00:00:02", "80-5e-c0-aa-bb-cc"))
	wantErrcode(t, out, 40002)
	if got := strings.Join(invalidFields(out), ","); got != "mac:exists" {
		t.Errorf("existing MAC: %s", got)
	}

	out = f.call(t, http.MethodPost, "phone/batchcreate", nil, map[string]any{
		"vendor": "Yealink", "model": "D717", "template_name": "YSDP_SnomD", "provisioning_method": "pnp",
		"phone_list": []map[string]any{{"mac": "80:5E:C0:00:00:03", "ext_id": 1001}, {"mac": "not-a-mac", "ext_id": 103}, {"mac": "80:5E:C0:00:00:03", "ext_id": 103}},
	})
	wantErrcode(t, out, 40002)
	if got := strings.Join(invalidFields(out), ","); got != "model:enum,ext_id:not_found,mac:format,mac:duplicate" {
		t.Errorf("several faults: %s", got)
	}
	if got := f.fake.Phones(); len(got) != 1 || got[0].ID != existing {
		t.Fatalf("a refused batchcreate added phones: %+v", got)
	}

	if out := f.call(t, http.MethodPost, "phone/batchcreate", nil, "{"); errcode(out) != 40001 {
		t.Errorf("undecodable body: %v", out)
	}

	good := yealinkCP920("80:5e:c0:00:00:04", "805EC0000005")
	good["enb_rps_auth"] = 1
	out = f.call(t, http.MethodPost, "phone/batchcreate", nil, good)
	wantErrcode(t, out, 0)
	if len(out) != 2 {
		t.Errorf("batchcreate answered more than errcode and errmsg: %v", out)
	}
	phones := f.fake.Phones()
	if len(phones) != 3 || phones[1].MAC != "80:5e:c0:00:00:04" || phones[2].MAC != "805EC0000005" ||
		phones[1].ID <= existing || phones[2].ID <= phones[1].ID || !phones[1].RPSAuth || phones[1].ExtensionID != 103 {
		t.Errorf("added phones: %+v", phones)
	}
}

// The vendor's reference marks ext_id required for every phone of a batchcreate: a phone
// without one, or with 0, is refused, and so is the whole batch.
func TestBatchCreateRefusesAPhoneWithoutAnExtension(t *testing.T) {
	f := newFixture(t)
	for name, tc := range map[string]struct {
		phone map[string]any
		want  string
	}{
		"ext_id missing": {map[string]any{"mac": "80:5E:C0:00:00:02"}, `ext_id::required`},
		"ext_id 0":       {map[string]any{"mac": "80:5E:C0:00:00:02", "ext_id": 0}, `ext_id:0:required`},
		"ext_id null":    {map[string]any{"mac": "80:5E:C0:00:00:02", "ext_id": nil}, `ext_id::required`},
	} {
		t.Run(name, func(t *testing.T) {
			body := yealinkCP920() // a phone with a known extension (103), and the one without
			body["phone_list"] = []map[string]any{{"mac": "80:5E:C0:00:00:01", "ext_id": 103}, tc.phone}
			out := f.call(t, http.MethodPost, "phone/batchcreate", nil, body)
			wantErrcode(t, out, 40002)
			var got []string
			list, _ := out["invalid_param_list"].([]any)
			for _, p := range list {
				m, _ := p.(map[string]any)
				got = append(got, fmt.Sprintf("%v:%v:%v", m["field"], m["value"], m["validation_type"]))
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("invalid_param_list %v, want %s", got, tc.want)
			}
			if phones := f.fake.Phones(); len(phones) != 0 {
				t.Fatalf("a refused batchcreate added phones: %+v", phones)
			}
		})
	}
	// The same batch with an extension for every phone is carried out.
	wantErrcode(t, f.call(t, http.MethodPost, "phone/batchcreate", nil, yealinkCP920("80:5E:C0:00:00:01", "80:5E:C0:00:00:02")), 0)
	if phones := f.fake.Phones(); len(phones) != 2 || phones[0].ExtensionID != 103 || phones[1].ExtensionID != 103 {
		t.Errorf("added phones: %+v", phones)
	}
}

func TestHangupAfterServe(t *testing.T) {
	f := newFixture(t)
	f.fake.InjectFaults("phone/batchcreate", Fault{HangupAfterServe: true})
	if _, err := f.do(t, http.MethodPost, "phone/batchcreate", nil, yealinkCP920("80:5E:C0:00:00:01")); err == nil {
		t.Fatal("the client got an answer")
	}
	if got := f.fake.Phones(); len(got) != 1 || got[0].MAC != "80:5E:C0:00:00:01" {
		t.Fatalf("the PBX did not act before hanging up: %+v", got)
	}
	// One fault per request: a blind retry is served, and refused.
	out := f.call(t, http.MethodPost, "phone/batchcreate", nil, yealinkCP920("80:5E:C0:00:00:01"))
	wantErrcode(t, out, 40002)
	if st := f.fake.Stats(); st.FaultsServed != 1 || st.Endpoints["phone/batchcreate"] != 2 {
		t.Errorf("stats: %+v", st)
	}
	// "" applies to any endpoint. Go's Transport silently repeats a GET whose reused
	// connection closes before an answer, so this one goes on a fresh connection.
	f.client = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	f.fake.InjectFaults("", Fault{HangupAfterServe: true})
	if _, err := f.do(t, http.MethodGet, "phone/search", nil, nil); err == nil {
		t.Fatal("the client got an answer")
	}
	wantErrcode(t, f.call(t, http.MethodGet, "phone/search", nil, nil), 0)
	if got := f.fake.Stats().Endpoints["phone/search"]; got != 2 {
		t.Errorf("phone/search served %d times, want 2", got)
	}
}

func TestPhoneGet(t *testing.T) {
	f := newFixture(t)
	id := f.fake.AddPhone(Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps", ExtensionID: 103, RPSAuth: true})
	want := map[string]any{
		"id": float64(id), "mac": "80:5E:C0:11:22:33", "vendor": "Yealink", "model": "CP920",
		"template_name": "YSDP_YealinkCP", "provisioning_method": "rps",
		"provisioning_link": DefaultDomain + ":443/api/autoprovision/6gEzigLFhMGntjd8",
		"enb_rps_auth":      float64(1), "assigned_extension": "103",
	}
	q := url.Values{"id": {fmt.Sprint(id)}}
	out := f.call(t, http.MethodGet, "phone/get", q, nil)
	wantErrcode(t, out, 0)
	if got, _ := json.Marshal(out["data"]); !bytes.Equal(got, mustJSON(t, want)) {
		t.Errorf("data %s\nwant %s", got, mustJSON(t, want))
	}
	f.fake.PhoneGetAsArray = true
	out = f.call(t, http.MethodGet, "phone/get", q, nil)
	if got, _ := json.Marshal(out["data"]); !bytes.Equal(got, mustJSON(t, []any{want})) {
		t.Errorf("as array: data %s", got)
	}
	f.fake.SetPhoneExtension(id, 0)
	if got := dataList(t, f.call(t, http.MethodGet, "phone/get", q, nil))[0]["assigned_extension"]; got != "" {
		t.Errorf("unassigned: assigned_extension %q", got)
	}
	wantErrcode(t, f.call(t, http.MethodGet, "phone/get", url.Values{"id": {"999"}}, nil), 60001)
	wantErrcode(t, f.call(t, http.MethodGet, "phone/get", url.Values{"id": {"x"}}, nil), 40002)
	wantErrcode(t, f.call(t, http.MethodGet, "phone/get", nil, nil), 40002)
	wantErrcode(t, f.call(t, http.MethodPost, "phone/get", q, "{}"), 10001)
	f.fake.ExpireTokens()
	wantErrcode(t, f.call(t, http.MethodGet, "phone/get", q, nil), 10004)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBatchUpdateAndDelete(t *testing.T) {
	f := newFixture(t)
	a := f.fake.AddPhone(Phone{MAC: "80:5E:C0:00:00:01", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP"})
	b := f.fake.AddPhone(Phone{MAC: "80:5E:C0:00:00:02", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP"})

	update := func(id, ext int) map[string]any {
		return map[string]any{"batch_id_list": []int{a, id}, "phone_list": []map[string]any{
			{"id": a, "mac": "80:5E:C0:00:00:01", "ext_id": 104}, {"id": id, "ext_id": ext},
		}}
	}
	wantErrcode(t, f.call(t, http.MethodPost, "phone/batchupdate", nil, update(99, 105)), 60001)
	out := f.call(t, http.MethodPost, "phone/batchupdate", nil, update(b, 9999))
	wantErrcode(t, out, 40002)
	if got := strings.Join(invalidFields(out), ","); got != "ext_id:not_found" {
		t.Errorf("unknown extension: %s", got)
	}
	if p, _ := f.fake.Phone(a); p.ExtensionID != 0 {
		t.Fatalf("a refused batchupdate changed a phone: %+v", p)
	}
	wantErrcode(t, f.call(t, http.MethodPost, "phone/batchupdate", nil, update(b, 105)), 0)
	if pa, _ := f.fake.Phone(a); pa.ExtensionID != 104 {
		t.Errorf("phone a: %+v", pa)
	}
	if pb, _ := f.fake.Phone(b); pb.ExtensionID != 105 {
		t.Errorf("phone b: %+v", pb)
	}
	// ext_id 0 unassigns: the fake's answer to a guess the vendor leaves unconfirmed.
	wantErrcode(t, f.call(t, http.MethodPost, "phone/batchupdate", nil, map[string]any{
		"batch_id_list": []int{b}, "phone_list": []map[string]any{{"id": b, "mac": "80:5E:C0:00:00:02", "ext_id": 0}},
	}), 0)
	if pb, _ := f.fake.Phone(b); pb.ExtensionID != 0 {
		t.Errorf("phone b after ext_id 0: %+v, want it unassigned", pb)
	}

	wantErrcode(t, f.call(t, http.MethodPost, "phone/batchdelete", nil, map[string]any{"batch_id_list": []int{a, 99}}), 60001)
	if len(f.fake.Phones()) != 2 {
		t.Fatal("a refused batchdelete deleted phones")
	}
	wantErrcode(t, f.call(t, http.MethodPost, "phone/batchdelete", nil, map[string]any{"batch_id_list": []int{a}}), 0)
	if _, found := f.fake.Phone(a); found || len(f.fake.Phones()) != 1 {
		t.Errorf("phones after delete: %+v", f.fake.Phones())
	}
	if !f.fake.DeletePhone(b) || f.fake.DeletePhone(b) {
		t.Error("DeletePhone")
	}
	if c := f.fake.AddPhone(Phone{MAC: "80:5E:C0:00:00:03"}); c <= b {
		t.Errorf("ID %d reused", c)
	}
}

func TestExtensionSearch(t *testing.T) {
	f := newFixture(t)
	out := f.call(t, http.MethodGet, "extension/search", url.Values{"search_value": {"1001"}}, nil)
	wantErrcode(t, out, 0)
	rows := dataList(t, out)
	if got := column(rows, "number"); out["total_number"] != float64(2) || strings.Join(got, ",") != "1001,10010" {
		t.Errorf("search 1001: total_number %v, numbers %v", out["total_number"], got)
	}
	if _, isObject := rows[0]["online_status"].(map[string]any); !isObject || rows[0]["presence_status"] != "available" ||
		rows[0]["email_addr"] != "james.carter@example.com" || rows[0]["id"] == float64(1001) {
		t.Errorf("row: %v", rows[0])
	}
	if rows := dataList(t, f.call(t, http.MethodGet, "extension/search", url.Values{"search_value": {"EMMA.wilson"}}, nil)); len(rows) != 1 {
		t.Errorf("search by e-mail: %v", rows)
	}

	all := len(f.fake.Extensions)
	var numbers []string
	for page := 1; ; page++ {
		out := f.call(t, http.MethodGet, "extension/list", url.Values{"page": {fmt.Sprint(page)}, "page_size": {"100"}}, nil)
		rows := dataList(t, out)
		if out["total_number"] != float64(all) || len(rows) > f.fake.MaxPageSize {
			t.Fatalf("page %d: total_number %v, %d rows", page, out["total_number"], len(rows))
		}
		if len(rows) == 0 {
			break
		}
		numbers = append(numbers, column(rows, "number")...)
	}
	if len(numbers) != all || numbers[0] != f.fake.Extensions[0].Number {
		t.Errorf("listed %v", numbers)
	}
	if rows := dataList(t, f.call(t, http.MethodGet, "extension/list", nil, nil)); len(rows) != f.fake.DefaultPageSize {
		t.Errorf("default page: %d rows", len(rows))
	}
}

func TestDefaultExtensions(t *testing.T) {
	exts := DefaultExtensions()
	ids, numbers := map[int]bool{}, map[string]bool{}
	for _, e := range exts {
		if fmt.Sprint(e.ID) == e.Number || ids[e.ID] || numbers[e.Number] || e.CallerIDName == "" {
			t.Errorf("extension %+v", e)
		}
		ids[e.ID], numbers[e.Number] = true, true
	}
	for _, n := range []string{"1001", "1020", "1100", "2000", "10010"} {
		if !numbers[n] {
			t.Errorf("no extension %s", n)
		}
	}
	if len(exts) < 25 || exts[0].Number < exts[1].Number && exts[1].Number < exts[2].Number {
		t.Errorf("%d extensions, or sorted", len(exts))
	}
}

func TestEndpointsCounted(t *testing.T) {
	f := newFixture(t)
	f.fake.InjectFaults("extension/list", Fault{Status: http.StatusBadGateway, Body: "bad gateway", ContentType: "text/html"})
	f.call(t, http.MethodGet, "phone/search", nil, nil)
	f.call(t, http.MethodGet, "phone/search", nil, nil)
	f.call(t, http.MethodPost, "phone/batchcreate", nil, yealinkCP920("80:5E:C0:00:00:01"))
	f.call(t, http.MethodGet, "extension/search", nil, nil)
	f.call(t, http.MethodGet, "auto_provisioning/compatibility", url.Values{"menu": {"phone_vendor"}}, nil)
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+DefaultAPIPath+"extension/list", nil)
	if resp, err := f.srv.Client().Do(req); err == nil { // the fault: no JSON, no User-Agent needed
		resp.Body.Close()
	}
	st := f.fake.Stats()
	want := map[string]int{"phone/search": 2, "phone/batchcreate": 1, "extension/search": 1, "auto_provisioning/compatibility": 1, "extension/list": 1}
	if fmt.Sprint(st.Endpoints) != fmt.Sprint(want) || st.Requests != 6 || st.Compatibility != 1 {
		t.Errorf("stats %+v", st)
	}
	st.Endpoints["phone/search"] = 99
	f.fake.ResetStats()
	if st := f.fake.Stats(); len(st.Endpoints) != 0 {
		t.Errorf("after reset: %v", st.Endpoints)
	}
}

func TestAdminPhones(t *testing.T) {
	f := newFixture(t)
	f.fake.AddPhone(Phone{MAC: "80:5E:C0:00:00:01", Vendor: "Yealink"})
	resp, err := http.Get(f.srv.URL + "/_fake/phones")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var phones []Phone
	if err := json.NewDecoder(resp.Body).Decode(&phones); err != nil || len(phones) != 1 || phones[0].MAC != "80:5E:C0:00:00:01" {
		t.Errorf("phones %+v, %v", phones, err)
	}
}
