package yeastar

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzDecodeExtensionData feeds the extension decoders what a PBX or a proxy might send:
// extension/get's and extension/query's data, extension/search's page and getpassword's
// answer. Whatever the bytes, decoding must not panic, a search page must decode or fail with a
// ResponseError, and every secret a record carries must reach the redaction set and no field
// of the result.
func FuzzDecodeExtensionData(f *testing.F) {
	for _, seed := range []string{
		`{"id":127,"number":"4001","first_name":"Jane","last_name":"Doe","caller_id_name":"Jane Doe","email_addr":"jane@example.com","role_id":5,"presence_status":"available","concurrent_registrations":1,"enb_vm":1,"enb_vm_pin":0,"reg_name":"q8vz3kd0ta","user_password":"Kp7wQz9mXr2L","reg_password":"h7Ks9qPzW2","vm_pin":"582914"}`,
		`[{"id":"3","number":1001,"role_id":"","enb_vm":"1","vm_pin":582914}]`,
		`[]`,
		`null`,
		`{}`,
		`"extension"`,
		`[{"id":1},{"id":2,"reg_password":"h7Ks9qPzW2"}]`,
		`{"id":1.5,"enb_vm":true,"number":{"x":1}}`,
		`{"password":"aDdLczlxUHpXMg=="}`,
		`{"password":"aDdLczlxUHpXMg"}`,
		`{"password":582914}`,
		`"NTgyOTE0"`,
		`{"password":"not base64!"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var learnt []string
		learn := func(values ...string) { learnt = append(learnt, values...) }
		if _, err := decodeExtensionDetails(data, learn); err == nil {
			var records []extensionSecretsJSON
			if json.Unmarshal(data, &records) != nil {
				var one extensionSecretsJSON
				if json.Unmarshal(data, &one) == nil {
					records = []extensionSecretsJSON{one}
				}
			}
			for _, r := range records {
				for _, secret := range []flexString{r.UserPassword, r.RegPassword, r.VMPin} {
					if len(secret) >= 4 && !containsString(learnt, string(secret)) {
						t.Fatalf("a secret of the record did not reach the redaction set")
					}
				}
			}
		}
		env := &envelope{Data: json.RawMessage(data)}
		if err := decodeData("GET /openapi/v1.0/extension/search", 200, env, &[]extensionJSON{}, noRedaction); err != nil {
			var respErr *ResponseError
			if !errors.As(err, &respErr) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
		}
		learnt = nil
		password, err := decodePasswordAnswer(data, json.RawMessage(data), learn)
		if err == nil {
			// The Base64 text first, then the decoded secret.
			if len(learnt) != 2 || learnt[1] != password || learnt[0] == "" {
				t.Fatalf("the redaction set did not learn the encoded and the decoded password: %d values", len(learnt))
			}
		} else if len(learnt) > 0 && len(learnt[0]) >= 4 && strings.Contains(err.Error(), learnt[0]) {
			t.Fatalf("the error %q shows the password", err)
		}
	})
}

func containsString(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
