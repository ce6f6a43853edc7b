package fakeyeastar

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// Errmsgs is the errmsg the vendor documents for each errcode of the shared error list.
var Errmsgs = map[int]string{
	-2:    "INTERNAL SERVER ERROR",
	-1:    "FAILURE",
	1:     "PARTIAL SUCCESS",
	2:     "PROCESSING",
	10001: "INTERFACE NOT EXISTED",
	10002: "API VERSION OUT OF MAINTENANCE",
	10003: "API VERSION UNSUPPORTED",
	10004: "TOKEN EXPIRED",
	10005: "ACCESS DENIED",
	10009: "OPERATION FAILED",
	40001: "PARAMETER SYNTAX ERROR",
	40002: "PARAMETER ERROR",
	40003: "DUPLICATE KEY VALUE",
	40004: "FILE SIZE EXCEEDED",
	60001: "DATA NOT FOUND",
	60002: "MAX LIMITATION EXCEEDED",
	60101: "ROLE NOT EXISTED",
	70004: "ACCOUNT IP BLOCKED",
	70082: "OVERLOAD_TASK_RUNNING",
	70084: "ACTION FORBIDDEN",
	70087: "IP FORBIDDEN",
	70091: "CONNECTION_RELATION_EXISTED",
	70103: "TRUNK HOST AND PORT EXISTED",
	70120: "ORGANIZATION DISABLED",
}

// deferredHeader marks a request the server carries out itself, later (ServeAfter): it is not
// counted again and gets no fault.
const deferredHeader = "X-Fakeyeastar-Deferred"

func faultBody(e envelope) string {
	raw, _ := json.Marshal(e)
	return string(raw)
}

// ErrcodeFault answers errcode code with its documented errmsg, with HTTP status 200 as real
// PBXs do.
func ErrcodeFault(code int) Fault {
	return Fault{Body: faultBody(failure(code, Errmsgs[code]))}
}

// InvalidParamFault answers 40002 PARAMETER ERROR with an invalid_param_list naming field.
func InvalidParamFault(field, value, validationType string) Fault {
	return Fault{Body: faultBody(invalidParams(invalidParam(field, value, validationType)))}
}

// DuplicateFault answers 40003 DUPLICATE KEY VALUE with a duplicate_field_list naming the taken
// value and the object that holds it, in the shape of the vendor's example.
func DuplicateFault(field, value, externalSource, externalSourceName string) Fault {
	return Fault{Body: faultBody(duplicateAnswer(duplicateEntry(field, value, externalSource, externalSourceName)))}
}

// BusyFault answers 70082 OVERLOAD_TASK_RUNNING (nothing done), with a Retry-After header when
// retryAfter is not zero (whole seconds).
func BusyFault(retryAfter time.Duration) Fault {
	f := ErrcodeFault(70082)
	if retryAfter > 0 {
		f.Header = http.Header{"Retry-After": {strconv.Itoa(int(retryAfter / time.Second))}}
	}
	return f
}

// ProcessingFault answers errcode 2 PROCESSING at once and carries the request out after, as
// a PBX that accepted a batch and works on it after answering. Settle waits for it.
func ProcessingFault(after time.Duration) Fault {
	f := ErrcodeFault(2)
	f.ServeAfter = after
	return f
}

// PartialSuccessFault answers errcode 1 PARTIAL SUCCESS and carries the request out after.
func PartialSuccessFault(after time.Duration) Fault {
	f := ErrcodeFault(1)
	f.ServeAfter = after
	return f
}

func duplicateEntry(field, value, externalSource, externalSourceName string) map[string]string {
	return map[string]string{"field": field, "value": value, "external_source": externalSource, "external_source_name": externalSourceName}
}

func duplicateAnswer(entries ...map[string]string) envelope {
	e := failure(40003, "DUPLICATE KEY VALUE")
	e["submsg"] = "the value is already in use"
	e["duplicate_field_list"] = entries
	return e
}

// serveLater answers the fault now and serves the request normally f.ServeAfter later.
func (s *Server) serveLater(w http.ResponseWriter, r *http.Request, f Fault) {
	body, _ := io.ReadAll(r.Body)
	later := r.Clone(context.Background())
	later.Header.Set(deferredHeader, "1")
	after := f.ServeAfter
	s.deferred.Add(1)
	go func() {
		defer s.deferred.Done()
		time.Sleep(after)
		later.Body = io.NopCloser(bytes.NewReader(body))
		s.ServeHTTP(httptest.NewRecorder(), later)
	}()
	f.ServeAfter = 0
	s.serveFault(w, r, f)
}

// Settle waits until every request the server deferred (ProcessingFault) has been carried out.
func (s *Server) Settle() {
	s.deferred.Wait()
}
