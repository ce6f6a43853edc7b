package yeastar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"unicode/utf8"
)

// envelope is the frame every Yeastar response shares. Token calls put their results beside
// errcode at the top level; other calls put them in data.
type envelope struct {
	Errcode          *int            `json:"errcode"`
	Errmsg           string          `json:"errmsg"`
	Data             json.RawMessage `json:"data"`
	InvalidParamList []InvalidParam  `json:"invalid_param_list"`
}

// snippetLength bounds how much of an unusable body an error quotes.
const snippetLength = 120

// decodeEnvelope checks the HTTP status and the envelope of one response. It returns the
// envelope of a successful response, an *APIError for a non-zero errcode, and a *ResponseError
// for anything else. Its errors are not yet redacted.
func decodeEnvelope(request string, status int, body []byte) (*envelope, error) {
	fail := func(problem string) error {
		return &ResponseError{Request: request, HTTPStatus: status, Problem: problem, Snippet: snippet(body)}
	}

	trimmed := bytes.TrimSpace(body)
	var env envelope
	jsonErr := json.Unmarshal(trimmed, &env)

	// An errcode is the PBX's own word, whatever the HTTP status, so it wins when present.
	if jsonErr == nil && env.Errcode != nil && *env.Errcode != CodeSuccess {
		return nil, &APIError{
			Request:       request,
			HTTPStatus:    status,
			Code:          *env.Errcode,
			Message:       env.Errmsg,
			InvalidParams: env.InvalidParamList,
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
			return nil, fail(fmt.Sprintf("the response body is JSON of an unexpected shape (%s where %s was expected)", typeErr.Value, typeErr.Type))
		case errors.As(jsonErr, &syntaxErr) && looksLikeJSON(trimmed):
			return nil, fail("the response body is malformed JSON")
		default:
			return nil, fail("the response body is not JSON")
		}
	case env.Errcode == nil:
		return nil, fail("the response body has no errcode, so it is not a Yeastar API response")
	}
	return &env, nil
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

// snippet returns the start of a body for an error message, cut at a rune boundary.
func snippet(body []byte) string {
	s := bytes.TrimSpace(body)
	if len(s) > snippetLength {
		s = s[:snippetLength]
		for len(s) > 0 && !utf8.Valid(s) {
			s = s[:len(s)-1]
		}
		return string(s) + "..."
	}
	return string(s)
}

// decodeData unmarshals the data field of a successful envelope into out. A missing or null
// data field leaves out as it is (the PBX omits data when there is nothing to list).
func decodeData(request string, status int, env *envelope, out any) error {
	if len(env.Data) == 0 || string(env.Data) == "null" {
		return nil
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return &ResponseError{
			Request:    request,
			HTTPStatus: status,
			Problem:    fmt.Sprintf("the data field has an unexpected shape: %s", shapeProblem(err)),
			Snippet:    snippet(env.Data),
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
