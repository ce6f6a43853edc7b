package yeastar

import (
	"context"
	"encoding/json"
)

// Limits of an IVR's fields.
const (
	MinPromptRepeat, MaxPromptRepeat = 1, 5
	MinIVRTimeout, MaxIVRTimeout     = 1, 10
	// MaxIVRPrompts is how many custom prompts an IVR plays at most.
	MaxIVRPrompts = 5
	// DefaultPrompt is the prompt value for the PBX's own greeting.
	DefaultPrompt = "default"
)

// IVR is one IVR (auto attendant): a menu that sends callers on by the key they press.
type IVR struct {
	ID           int
	Number, Name string
	// Prompt is "default" or up to 5 custom prompt names joined by commas.
	Prompt                        string
	PromptRepeat                  int // 1 to 5
	ResponseTimeout, DigitTimeout int // resp_timeout, digit_timeout: 1 to 10 seconds
	// Keys are the destinations of keys "0" to "9" that have one (press0_dest ...). A nil map
	// leaves the keys alone when the IVR is created or updated; a non-nil one sets every key,
	// clearing those it lacks.
	Keys map[string]Destination
	// TimeoutDestination and InvalidDestination are where a caller who presses nothing, or a
	// key without a destination, goes (their field names are unconfirmed: see routing_fields.go).
	TimeoutDestination, InvalidDestination Destination
	// DialExtensions lets callers dial an extension number from the menu (dial_ext_option "all",
	// else "disable").
	DialExtensions bool
}

// IVRs are the IVR calls (ivr/*).
func (c *Client) IVRs() Routing[IVR] { return Routing[IVR]{c: c, codec: ivrCodec} }

const (
	dialExtensionsAll     = "all"
	dialExtensionsDisable = "disable"
)

var ivrCodec = &routingCodec[IVR]{
	kind: KindIVR,
	id:   func(v IVR) int { return v.ID },
	key:  func(v IVR) string { return v.Number },
	decode: func(record map[string]json.RawMessage) IVR {
		v := IVR{
			ID: intField(record, "id"), Number: textField(record, "number"), Name: textField(record, "name"),
			Prompt: textField(record, "prompt"), PromptRepeat: intField(record, "prompt_repeat"),
			ResponseTimeout: intField(record, "resp_timeout"), DigitTimeout: intField(record, "digit_timeout"),
			Keys:               map[string]Destination{},
			TimeoutDestination: readDestination(record, ivrTimeoutDestPrefix),
			InvalidDestination: readDestination(record, ivrInvalidDestPrefix),
			DialExtensions:     textField(record, "dial_ext_option") == dialExtensionsAll,
		}
		for _, key := range IVRKeys {
			if d := readDestination(record, ivrKeyPrefix(key)); d.Type != "" {
				v.Keys[key] = d
			}
		}
		return v
	},
	body: func(v IVR) map[string]any {
		body := map[string]any{
			"number": v.Number, "name": v.Name, "prompt": v.Prompt, "prompt_repeat": v.PromptRepeat,
			"resp_timeout": v.ResponseTimeout, "digit_timeout": v.DigitTimeout, "dial_ext_option": dialExtensionsDisable,
		}
		if v.DialExtensions {
			body["dial_ext_option"] = dialExtensionsAll
		}
		destinationFields(body, ivrTimeoutDestPrefix, v.TimeoutDestination)
		destinationFields(body, ivrInvalidDestPrefix, v.InvalidDestination)
		if v.Keys != nil {
			for _, key := range IVRKeys {
				destinationFields(body, ivrKeyPrefix(key), v.Keys[key])
			}
		}
		return body
	},
	destinations: func(v IVR) map[string]Destination {
		out := map[string]Destination{"timeout destination": v.TimeoutDestination, "invalid-input destination": v.InvalidDestination}
		for key, d := range v.Keys {
			out["key "+key] = d
		}
		return out
	},
}

// SetIVRKey sets the destination of one key ("0" to "9") of an IVR, and nothing else
// (ivr/update with that key's three fields); an empty Destination clears the key.
func (c *Client) SetIVRKey(ctx context.Context, ivrID int, key string, d Destination) error {
	fields := map[string]any{}
	destinationFields(fields, ivrKeyPrefix(key), d)
	return c.updateRouting(ctx, KindIVR, ivrID, fields)
}
