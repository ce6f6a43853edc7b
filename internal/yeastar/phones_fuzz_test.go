package yeastar

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzDecodePhoneData feeds the phone and extension decoders what a PBX or a proxy might send
// in a data field: whatever the bytes, decoding must not panic, and a search page must decode
// or fail with a ResponseError.
func FuzzDecodePhoneData(f *testing.F) {
	for _, seed := range []string{
		`{"id":17,"mac":"80:5E:C0:11:22:33","vendor":"Yealink","model":"CP920","template_name":"YSDP_YealinkCP","provisioning_method":"rps","provisioning_link":"pbx:443/api/autoprovision/x","enb_rps_auth":0,"assigned_extension":"5"}`,
		`[{"id":"17","mac":"805ec0112233","enb_rps_auth":"1","assigned_extension":5}]`,
		`[]`,
		`[{"id":1},{"id":2}]`,
		`{"id":null,"assigned_extension":""}`,
		`{"id":1.5,"enb_rps_auth":true}`,
		`"phone"`,
		`[{"id":1,"mac":"80:5E:C0:11:22:33","assigned_ext_num":"Unassigned","assigned_ext_status":"Unregistered"}]`,
		`[{"id":3,"number":"1001","caller_id_name":"Reception","email_addr":"","online_status":{}}]`,
		`{"id":99999999999999999999999}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if phone, err := decodePhone(data); err == nil && phone == nil {
			t.Fatal("decodePhone returned neither a phone nor an error")
		}
		env := &envelope{Data: json.RawMessage(data)}
		for _, out := range []any{&[]phoneSummaryJSON{}, &[]extensionJSON{}} {
			if err := decodeData("GET /openapi/v1.0/phone/search", 200, env, out, noRedaction); err != nil {
				var respErr *ResponseError
				if !errors.As(err, &respErr) {
					t.Fatalf("untyped error %T: %v", err, err)
				}
			}
		}
	})
}
