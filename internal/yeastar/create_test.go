package yeastar

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// duplicateShapes are the two ways a PBX may refuse a MAC address that is taken.
var duplicateShapes = map[string]int{"40002 invalid_param_list": 40002, "40003 duplicate_field_list": 40003}

func TestAddPhoneOfATakenMACAddressNamesThePhoneInBothShapes(t *testing.T) {
	for name, code := range duplicateShapes {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			pbx.DuplicateErrcode = code
			c := newClient(t, pbx)
			existing := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP",
				ProvisioningMethod: "rps", ExtensionID: extensionIDOf(t, pbx, "1001")})
			_, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
			var exists *PhoneExistsError
			if !errors.As(err, &exists) || exists.ID != existing || len(exists.Differences) != 0 {
				t.Fatalf("AddPhone error = %v, want a PhoneExistsError naming phone %d", err, existing)
			}
			if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 1 || len(pbx.Phones()) != 1 {
				t.Errorf("batchcreate sent %d times, the PBX holds %d phones; want 1 and 1", n, len(pbx.Phones()))
			}
		})
	}
}

func TestAddPhoneWhoseRepeatIsRefusedInEitherShapeAdoptsTheLateOriginal(t *testing.T) {
	for name, code := range duplicateShapes {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			pbx.DuplicateErrcode = code
			c := newClient(t, pbx)
			// The answer is lost and the search lags behind the add: the look-up finds nothing,
			// and the repeat is refused because the lost request landed after all.
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
		})
	}
}

func TestDuplicateFieldReadsBothShapes(t *testing.T) {
	dup := &APIError{Code: CodeDuplicateKeyValue, DuplicateFields: []DuplicateFieldEntry{{Field: "email_addr", Value: "a@example.com", ExternalSource: "extension", ExternalSourceName: "1011"}}}
	param := &APIError{Code: CodeParameterError, InvalidParams: []InvalidParam{{Field: "ext_id", Value: "9"}, {Field: "number", Value: "1001", ValidationType: "exists"}}}
	for _, tc := range []struct {
		err        error
		fields     []string
		wantField  string
		wantValue  string
		wantTaken  bool
		whyExpects string
	}{
		{fmt.Errorf("wrapped: %w", dup), nil, "email_addr", "a@example.com", true, "any 40003 entry counts"},
		{dup, []string{"number", "email_addr"}, "email_addr", "a@example.com", true, "a named 40003 entry"},
		{dup, []string{"mac"}, "", "", false, "40003 naming another field"},
		{param, []string{"number", "email_addr"}, "number", "1001", true, "a named 40002 entry"},
		{param, nil, "", "", false, "40002 counts only for named fields"},
		{&APIError{Code: CodeDuplicateKeyValue}, nil, "", "", true, "a 40003 without a list"},
		{errors.New("other"), nil, "", "", false, "not an API error"},
	} {
		field, value, taken := DuplicateField(tc.err, tc.fields...)
		if field != tc.wantField || value != tc.wantValue || taken != tc.wantTaken {
			t.Errorf("%s: DuplicateField = %q, %q, %v; want %q, %q, %v", tc.whyExpects, field, value, taken, tc.wantField, tc.wantValue, tc.wantTaken)
		}
	}
	if !errors.Is(dup, ErrDuplicate) || !strings.Contains(dup.Error(), `"email_addr" = "a@example.com" is taken by extension 1011`) {
		t.Errorf("40003 error = %q, not ErrDuplicate or not naming the taken value", dup)
	}
}

func TestAddPhoneAnsweredProcessingOrPartialSuccessWaitsForThePhoneWithoutRepeating(t *testing.T) {
	for name, fault := range map[string]fakeyeastar.Fault{
		"2 PROCESSING":      fakeyeastar.ProcessingFault(60 * time.Millisecond),
		"1 PARTIAL SUCCESS": fakeyeastar.PartialSuccessFault(60 * time.Millisecond),
	} {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			c := newClient(t, pbx, func(cfg *Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = 20*time.Millisecond, 200*time.Millisecond })
			pbx.InjectFaults("phone/batchcreate", fault)
			phone, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
			pbx.Settle()
			if err != nil {
				t.Fatalf("AddPhone: %v", err)
			}
			if stored := pbx.Phones(); len(stored) != 1 || stored[0].ID != phone.ID {
				t.Fatalf("the PBX holds %+v, want exactly the one phone AddPhone returned (ID %d)", stored, phone.ID)
			}
			if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 1 {
				t.Errorf("batchcreate sent %d times, want 1: the phone landed while the client looked", n)
			}
		})
	}
}

func TestAddPhoneAnsweredProcessingThatNeverLandsIsRepeatedOnlyAfterLooking(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx, func(cfg *Config) { cfg.MaxRetries = 2 })
	// PROCESSING, but the PBX drops the request: after max_retries+1 look-ups, one repeat.
	pbx.InjectFaults("phone/batchcreate", fakeyeastar.ErrcodeFault(CodeProcessing))
	phone, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
	if err != nil {
		t.Fatalf("AddPhone: %v", err)
	}
	st := pbx.Stats()
	if st.Endpoints["phone/batchcreate"] != 2 || len(pbx.Phones()) != 1 || pbx.Phones()[0].ID != phone.ID {
		t.Errorf("batchcreate %d times, the PBX holds %+v; want 2 and the one phone returned", st.Endpoints["phone/batchcreate"], pbx.Phones())
	}
	// 3 look-ups (a keyword search and a full listing each), then the search after the add.
	if st.Endpoints["phone/search"] != 7 {
		t.Errorf("phone/search %d times, want 7", st.Endpoints["phone/search"])
	}
}

func TestAddPhoneInterruptedWhileTheRequestIsOnItsWayStillTracksThePhone(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	_, _ = c.PhoneVendors(context.Background()) // take the token first
	// The PBX takes its time; the user presses Ctrl-C meanwhile.
	pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{Pass: true, Delay: 300 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	phone, err := c.AddPhone(ctx, cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
	if err != nil {
		t.Fatalf("AddPhone: %v, want the phone the PBX added after the Ctrl-C", err)
	}
	if stored := pbx.Phones(); len(stored) != 1 || stored[0].ID != phone.ID {
		t.Fatalf("the PBX holds %+v, want exactly the one phone AddPhone returned", stored)
	}
}

func TestAddPhoneInterruptedAfterALostAnswerLooksButDoesNotRepeat(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	_, _ = c.PhoneVendors(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	// The connection drops after the Ctrl-C, before the PBX acted.
	pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{Hangup: true, Delay: 150 * time.Millisecond})
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := c.AddPhone(ctx, cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
	var notCreated *NotCreatedError
	if !errors.As(err, &notCreated) || !notCreated.Interrupted || !strings.Contains(err.Error(), "so the PBX did not add it") {
		t.Fatalf("AddPhone error = %v, want a NotCreatedError saying the interrupted run added nothing", err)
	}
	st := pbx.Stats()
	if st.Endpoints["phone/batchcreate"] != 1 || st.Endpoints["phone/search"] == 0 || len(pbx.Phones()) != 0 {
		t.Errorf("batchcreate %d, search %d, phones %d; want one request, a look-up, and no phone",
			st.Endpoints["phone/batchcreate"], st.Endpoints["phone/search"], len(pbx.Phones()))
	}
}

func TestAddPhoneCancelledBeforeSendingSendsNothing(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.AddPhone(ctx, cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001"))); !errors.Is(err, context.Canceled) {
		t.Fatalf("AddPhone error = %v, want context.Canceled", err)
	}
	if n := pbx.Stats().Requests; n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestLookupBudgetStartsWhenTheAnswerIsLost(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx, func(cfg *Config) { cfg.RequestTimeout = 2 * time.Second })
	c.lookupBudget = 100 * time.Millisecond
	// The PBX acts after longer than the whole look-up budget, then the answer is lost.
	pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{HangupAfterServe: true, Delay: 300 * time.Millisecond})
	phone, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
	if err != nil {
		t.Fatalf("AddPhone: %v", err)
	}
	if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 1 || len(pbx.Phones()) != 1 || pbx.Phones()[0].ID != phone.ID {
		t.Errorf("batchcreate %d times, phones %+v; want 1 and the one phone returned", n, pbx.Phones())
	}
}

func TestAddPhoneFindingTwoPhonesAfterALostAnswerAdoptsNeither(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	pbx.InjectFaults("phone/batchcreate", fakeyeastar.Fault{Hangup: true})
	first := pbx.AddPhone(fakeyeastar.Phone{MAC: "80:5E:C0:11:22:33", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"})
	second := pbx.AddPhone(fakeyeastar.Phone{MAC: "805ec0112233", Vendor: "Yealink", Model: "CP920", TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"})
	_, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
	var dups *DuplicatesError
	if !errors.As(err, &dups) || !strings.Contains(err.Error(), fmt.Sprintf("IDs %d, %d", first, second)) {
		t.Fatalf("AddPhone error = %v, want a DuplicatesError naming phones %d and %d", err, first, second)
	}
}

func TestABusyPBXIsAskedAgainHonouringRetryAfter(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	pbx.InjectFaults("phone/batchcreate", fakeyeastar.BusyFault(time.Second), fakeyeastar.BusyFault(0))
	start := time.Now()
	phone, err := c.AddPhone(context.Background(), cp920("80:5E:C0:11:22:33", extensionIDOf(t, pbx, "1001")))
	if err != nil {
		t.Fatalf("AddPhone: %v", err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("AddPhone took %s, want at least the second Retry-After asked for", elapsed)
	}
	if n := pbx.Stats().Endpoints["phone/batchcreate"]; n != 3 || len(pbx.Phones()) != 1 || pbx.Phones()[0].ID != phone.ID {
		t.Errorf("batchcreate %d times, phones %+v; want 3 and the one phone", n, pbx.Phones())
	}
}

func TestABusyPBXIsReportedWhenRetriesAreSpent(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx, func(cfg *Config) { cfg.MaxRetries = 2 })
	for range 5 {
		pbx.InjectFaults("phone/search", fakeyeastar.BusyFault(0))
	}
	_, err := c.SearchPhones(context.Background(), "")
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "stayed busy through 3 attempts") {
		t.Fatalf("SearchPhones error = %v, want ErrBusy after 3 attempts", err)
	}
	if n := pbx.Stats().Endpoints["phone/search"]; n != 3 {
		t.Errorf("phone/search sent %d times, want 3", n)
	}
}
