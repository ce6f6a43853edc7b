package fakeyeastar

import (
	"net/http"
	"testing"
	"time"
)

func TestErrcodeFaultsCarryTheDocumentedErrmsgAndShapes(t *testing.T) {
	f := newFixture(t)
	for code, msg := range Errmsgs {
		f.fake.InjectFaults("phone/search", ErrcodeFault(code))
		out := f.call(t, http.MethodGet, "phone/search", nil, nil)
		if errcode(out) != code || out["errmsg"] != msg {
			t.Errorf("ErrcodeFault(%d) answered %v", code, out)
		}
	}

	f.fake.InjectFaults("phone/batchcreate", InvalidParamFault("mac", "80:5E:C0:11:22:33", "exists"))
	out := f.call(t, http.MethodPost, "phone/batchcreate", nil, yealinkCP920("80:5E:C0:11:22:33"))
	if errcode(out) != 40002 || len(invalidFields(out)) != 1 || invalidFields(out)[0] != "mac:exists" {
		t.Errorf("InvalidParamFault answered %v", out)
	}

	f.fake.InjectFaults("extension/create", DuplicateFault("email_addr", "a@example.com", "extension", "1011"))
	out = f.call(t, http.MethodPost, "extension/create", nil, map[string]any{})
	list, _ := out["duplicate_field_list"].([]any)
	var entry map[string]any
	if len(list) > 0 {
		entry, _ = list[0].(map[string]any)
	}
	if errcode(out) != 40003 || entry["field"] != "email_addr" || entry["value"] != "a@example.com" ||
		entry["external_source"] != "extension" || entry["external_source_name"] != "1011" || out["submsg"] == nil {
		t.Errorf("DuplicateFault answered %v", out)
	}

	f.fake.InjectFaults("phone/search", BusyFault(3*time.Second))
	resp, err := f.client.Get(f.srv.URL + DefaultAPIPath + "phone/search")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.Header.Get("Retry-After") != "3" {
		t.Errorf("BusyFault sent Retry-After %q, want 3", resp.Header.Get("Retry-After"))
	}
}

func TestProcessingFaultCarriesTheRequestOutLater(t *testing.T) {
	f := newFixture(t)
	f.fake.InjectFaults("phone/batchcreate", ProcessingFault(100*time.Millisecond))
	out := f.call(t, http.MethodPost, "phone/batchcreate", nil, yealinkCP920("80:5E:C0:11:22:33"))
	wantErrcode(t, out, 2)
	if n := len(f.fake.Phones()); n != 0 {
		t.Errorf("%d phones at the PROCESSING answer, want none yet", n)
	}
	f.fake.Settle()
	if phones := f.fake.Phones(); len(phones) != 1 || phones[0].MAC != "80:5E:C0:11:22:33" {
		t.Errorf("after Settle the PBX holds %+v, want the phone", phones)
	}
	if n := f.fake.Stats().Endpoints["phone/batchcreate"]; n != 1 {
		t.Errorf("the deferred request was counted again: %d", n)
	}
}

func TestDuplicateErrcodeSwitchAnswers40003(t *testing.T) {
	f := newFixture(t)
	f.fake.AddPhone(Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"})
	f.fake.DuplicateErrcode = 40003
	out := f.call(t, http.MethodPost, "phone/batchcreate", nil, yealinkCP920("80-5e-c0-11-22-33"))
	list, _ := out["duplicate_field_list"].([]any)
	var entry map[string]any
	if len(list) == 1 {
		entry, _ = list[0].(map[string]any)
	}
	if errcode(out) != 40003 || entry["field"] != "mac" {
		t.Errorf("a taken MAC with the switch on answered %v", out)
	}
	if n := len(f.fake.Phones()); n != 1 {
		t.Errorf("%d phones, want the one", n)
	}
}

func TestBeforeRunsBetweenRequests(t *testing.T) {
	f := newFixture(t)
	ran := false
	f.fake.InjectFaults("phone/search", Fault{Pass: true, Before: func() { ran = true }})
	wantErrcode(t, f.call(t, http.MethodGet, "phone/search", nil, nil), 0)
	if !ran {
		t.Error("Before did not run")
	}
}
