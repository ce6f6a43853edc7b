package provider

import (
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// TestDestinationsReadBackAsTheyWereWritten: every destination type the provider writes reads
// back into the same shape, so that a destination unchanged on the PBX plans no change.
func TestDestinationsReadBackAsTheyWereWritten(t *testing.T) {
	for _, d := range []yeastar.Destination{
		{Type: yeastar.DestEndCall},
		{Type: yeastar.DestExtension, Value: "103"},
		{Type: yeastar.DestExtVoicemail, Value: "103"},
		{Type: yeastar.DestGroupVM, Value: "1"},
		{Type: yeastar.DestIVR, Value: "2"},
		{Type: yeastar.DestRingGroup, Value: "3"},
		{Type: yeastar.DestQueue, Value: "4"},
		{Type: yeastar.DestConference, Value: "1"},
		{Type: yeastar.DestExternal, Value: "+14155550100", Prefix: "9"},
		{Type: yeastar.DestExternal, Value: "+14155550100"},
		{Type: yeastar.DestPlayGreeting, Value: "welcome.wav", Prefix: "3"},
	} {
		model := flattenDestination(d)
		if got := model.expand(); got != d {
			t.Errorf("%+v flattened to %+v expands to %+v", d, model, got)
		}
	}
	// A greeting the PBX holds without a repeat count plays once.
	if m := flattenDestination(yeastar.Destination{Type: yeastar.DestPlayGreeting, Value: "welcome.wav"}); m.Repeat.ValueInt64() != 1 {
		t.Errorf("a greeting without a repeat count reads as %v, want 1", m.Repeat)
	}
	// The attributes a type does not use are null, so that the configuration need not name them.
	if m := flattenDestination(yeastar.Destination{Type: yeastar.DestQueue, Value: "4"}); !m.Number.IsNull() || !m.Prompt.IsNull() || !m.Repeat.IsNull() || !m.Prefix.IsNull() {
		t.Errorf("a queue destination reads as %+v, want only type and id", m)
	}
}
