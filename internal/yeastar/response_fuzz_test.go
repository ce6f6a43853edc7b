package yeastar

import (
	"errors"
	"strings"
	"testing"
)

// FuzzDecodeResponse feeds the decoder real and broken bodies: whatever the PBX or a proxy
// sends, decoding must not panic, must succeed only for errcode 0, and must fail with one of the
// client's typed errors that names the request.
func FuzzDecodeResponse(f *testing.F) {
	const request = "GET /openapi/v1.0/auto_provisioning/compatibility?menu=phone_vendor"
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"errcode":0,"errmsg":"SUCCESS","data":[{"text":"Alcatel-Lucent Enterprise","value":"Ale","type":"Deskphone"},{"text":"Yealink","value":"Yealink","type":"Deskphone"}]}`},
		{200, `{"errcode":0,"errmsg":"SUCCESS","data":[{"text":"YSDP_YealinkCP","value":"24"}]}`},
		{200, `{"errcode":0,"errmsg":"SUCCESS","data":[{"text":"yeastardocs.example.yeastarcloud.com:443/api/autoprovision/6gEzigLFhMGntjd8","value":"rps","type":"full"}]}`},
		{200, `{"errcode":0,"errmsg":"SUCCESS","access_token":"abc","access_token_expire_time":1800,"refresh_token":"def","refresh_token_expire_time":86400}`},
		{200, `{"errcode":40002,"errmsg":"PARAMETER ERROR","invalid_param_list":[{"field":"vendor","value":"","validation_type":"required"}]}`},
		{200, `{"errcode":10004,"errmsg":"TOKEN EXPIRED"}`},
		{200, `{"errcode":-2,"errmsg":"INTERNAL SERVER ERROR"}`},
		{502, `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`},
		{200, ``},
		{200, `{"errcode":0,"errmsg":"SUCCESS","data":[{"text":"Yea`},
		{200, `{"status":"ok"}`},
		{200, `{"errcode":0,"data":{"text":"x"}}`},
		{200, `{"errcode":"0"}`},
		{200, `[1,2,3]`},
		{200, `null`},
		{500, `{"errcode":0}`},
		{200, "\xff\xfe{\"errcode\":0}"},
		{500, `{"errcode":-1,"errmsg":"FAILURE","invalid_param_list":[{"field":"x","value":0}]}`},
		{200, `{"errcode":0,"errmsg":"SUCCESS","access_token":"abc","access_token_expire_time":"1800"}`},
		{200, `{"errcode":40003,"errmsg":"DUPLICATE KEY VALUE","submsg":"in use","duplicate_field_list":[{"field":"email_addr","value":"a@example.com","external_source":"extension","external_source_name":"1011"}]}`},
		{200, `{"errcode":40003,"errmsg":"DUPLICATE KEY VALUE","duplicate_field_list":[{"field":1,"value":null},"x"],"submsg":7}`},
		{200, `{"errcode":70082,"errmsg":"OVERLOAD_TASK_RUNNING"}`},
		{200, `{"errcode":2,"errmsg":"PROCESSING"}`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}

	f.Fuzz(func(t *testing.T, status int, body []byte) {
		env, err := decodeEnvelope(request, status, body, noRedaction)
		if err != nil {
			var apiErr *APIError
			var respErr *ResponseError
			switch {
			case errors.As(err, &apiErr):
				if apiErr.Code == CodeSuccess {
					t.Fatalf("APIError with errcode 0: %v", err)
				}
				if _, _, taken := DuplicateField(err); taken != (apiErr.Code == CodeDuplicateKeyValue) {
					t.Fatalf("DuplicateField = %v for errcode %d", taken, apiErr.Code)
				}
			case errors.As(err, &respErr):
				if len(respErr.Snippet) > snippetLength+3 {
					t.Fatalf("snippet of %d bytes", len(respErr.Snippet))
				}
			default:
				t.Fatalf("untyped error %T: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), request) {
				t.Fatalf("error does not name the request: %v", err)
			}
			return
		}
		if env.Errcode == nil || *env.Errcode != CodeSuccess || status < 200 || status > 299 {
			t.Fatalf("accepted status %d, errcode %v", status, env.Errcode)
		}
		var options []Option
		if err := decodeData(request, status, env, &options, noRedaction); err != nil {
			var respErr *ResponseError
			if !errors.As(err, &respErr) || !strings.Contains(err.Error(), "data field") {
				t.Fatalf("data error %T: %v", err, err)
			}
		}
	})
}
