package yeastar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// envelope is what a successful response carries. Token calls put their results beside
// errcode at the top level; other calls put them in data.
type envelope struct {
	Errcode *int
	Data    json.RawMessage
	// TotalNumber is what a paged search says it holds in all, over every page.
	TotalNumber json.RawMessage
	// Fields are every top-level field of the body, for answers that put their results
	// elsewhere than data (queue/list answers under queue_list).
	Fields map[string]json.RawMessage
}

// snippetLength bounds how much of an unusable body an error quotes.
const snippetLength = 120

// decodeEnvelope checks the HTTP status and the envelope of one response. It returns the
// envelope of a successful response, an *APIError for a non-zero errcode, and a *ResponseError
// for anything else. redact is applied to everything of the body an error quotes, before it is
// cut short or quoted, so that no part of a secret survives.
func decodeEnvelope(request string, status int, body []byte, redact func(string) string) (*envelope, error) {
	fail := func(problem string) error {
		return &ResponseError{Request: request, HTTPStatus: status, Problem: problem, Snippet: snippet(redact(string(body)))}
	}

	trimmed := bytes.TrimSpace(body)
	// The fields are decoded one by one, so that a field of an unexpected type elsewhere in the
	// body does not hide the errcode: the PBX's own word wins, whatever the HTTP status.
	var fields map[string]json.RawMessage
	jsonErr := json.Unmarshal(trimmed, &fields)
	env := &envelope{Data: fields["data"], TotalNumber: fields["total_number"], Fields: fields}
	errcodeIsNumber := true
	if raw, ok := fields["errcode"]; ok {
		var code int
		if err := json.Unmarshal(raw, &code); err == nil {
			env.Errcode = &code
		} else {
			errcodeIsNumber = false
		}
	}
	if env.Errcode != nil && *env.Errcode != CodeSuccess {
		var message, subMessage string
		_ = json.Unmarshal(fields["errmsg"], &message)
		_ = json.Unmarshal(fields["submsg"], &subMessage)
		return nil, &APIError{
			Request:         request,
			HTTPStatus:      status,
			Code:            *env.Errcode,
			Message:         redact(message),
			SubMessage:      redact(subMessage),
			InvalidParams:   invalidParams(fields["invalid_param_list"], redact),
			DuplicateFields: duplicateFields(fields["duplicate_field_list"], redact),
		}
	}
	if status < 200 || status > 299 {
		return nil, fail(fmt.Sprintf("unexpected HTTP status %s", statusText(status)))
	}
	switch {
	case len(trimmed) == 0:
		return nil, fail("the response body is empty")
	case jsonErr != nil:
		var syntaxErr *json.SyntaxError
		var typeErr *json.UnmarshalTypeError
		switch {
		case looksLikeJSON(trimmed) && errors.As(jsonErr, &syntaxErr) && syntaxErr.Offset >= int64(len(trimmed)):
			// encoding/json reports a body cut short as a syntax error at its very end.
			return nil, fail("the response body is truncated JSON")
		case errors.As(jsonErr, &typeErr):
			return nil, fail(fmt.Sprintf("the response body is JSON of an unexpected shape (%s where an object was expected)", typeErr.Value))
		case errors.As(jsonErr, &syntaxErr) && looksLikeJSON(trimmed):
			return nil, fail("the response body is malformed JSON")
		default:
			return nil, fail("the response body is not JSON")
		}
	case !errcodeIsNumber:
		return nil, fail("the response's errcode is not a number")
	case env.Errcode == nil:
		return nil, fail("the response body has no errcode, so it is not a Yeastar API response")
	}
	return env, nil
}

// invalidParams reads invalid_param_list leniently: it only adds detail to an error, so an
// entry of an unexpected shape is shown as well as it can be rather than failing the decode.
func invalidParams(raw json.RawMessage, redact func(string) string) []InvalidParam {
	var entries []map[string]any
	if json.Unmarshal(raw, &entries) != nil {
		return nil
	}
	text := func(v any) string { return lenientText(v, redact) }
	params := make([]InvalidParam, 0, len(entries))
	for _, e := range entries {
		param := InvalidParam{Field: text(e["field"]), Value: text(e["value"]), ValidationType: text(e["validation_type"])}
		if isSecretField(param.Field) && param.Value != "" {
			// The refused secret itself, which may be too short for the value set.
			param.Value = Redacted
		}
		params = append(params, param)
	}
	return params
}

// duplicateFields reads duplicate_field_list as leniently as invalidParams.
func duplicateFields(raw json.RawMessage, redact func(string) string) []DuplicateFieldEntry {
	var entries []map[string]any
	if json.Unmarshal(raw, &entries) != nil {
		return nil
	}
	out := make([]DuplicateFieldEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, DuplicateFieldEntry{
			Field: lenientText(e["field"], redact), Value: lenientText(e["value"], redact),
			ExternalSource: lenientText(e["external_source"], redact), ExternalSourceName: lenientText(e["external_source_name"], redact),
		})
	}
	return out
}

func lenientText(v any, redact func(string) string) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return redact(s)
	}
	return redact(fmt.Sprint(v))
}

func looksLikeJSON(body []byte) bool {
	return len(body) > 0 && (body[0] == '{' || body[0] == '[')
}

func statusText(status int) string {
	if text := http.StatusText(status); text != "" {
		return fmt.Sprintf("%d %s", status, text)
	}
	return fmt.Sprint(status)
}

// snippet returns the start of a (redacted) body for an error message, cut at a rune boundary.
func snippet(body string) string {
	s := strings.TrimSpace(body)
	if len(s) > snippetLength {
		s = s[:snippetLength]
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		return s + "..."
	}
	return s
}

// decodeData unmarshals the data field of a successful envelope into out. A missing or null
// data field leaves out as it is (the PBX omits data when there is nothing to list).
func decodeData(request string, status int, env *envelope, out any, redact func(string) string) error {
	if len(env.Data) == 0 || string(env.Data) == "null" {
		return nil
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return &ResponseError{
			Request:    request,
			HTTPStatus: status,
			Problem:    fmt.Sprintf("the data field has an unexpected shape: %s", shapeProblem(err)),
			Snippet:    snippet(redact(string(env.Data))),
		}
	}
	return nil
}

func shapeProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field != "" {
			return fmt.Sprintf("%s where %s was expected in field %q", typeErr.Value, typeErr.Type, typeErr.Field)
		}
		return fmt.Sprintf("%s where %s was expected", typeErr.Value, typeErr.Type)
	}
	return "it could not be decoded"
}
