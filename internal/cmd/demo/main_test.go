package main

import (
	"encoding/base64"
	"testing"
)

// TestLeakedSecrets checks the demo's scan: a secret is found as it is and as Base64 (padded
// or not), and text holding neither is clean.
func TestLeakedSecrets(t *testing.T) {
	secrets := []string{"Pw4Demo!x", "739152", ""}
	for _, tc := range []struct {
		name string
		text string
		want int
	}{
		{"clean", `{"id":"127","number":"1201"}`, 0},
		{"plain", `{"pin":"739152"}`, 1},
		{"base64 padded", `"` + base64.StdEncoding.EncodeToString([]byte("Pw4Demo!x")) + `"`, 1},
		{"base64 unpadded", base64.RawStdEncoding.EncodeToString([]byte("739152")), 1},
		{"both", "Pw4Demo!x 739152", 2},
	} {
		if got := leakedSecrets([]byte(tc.text), secrets); got != tc.want {
			t.Errorf("%s: leakedSecrets(%q) = %d, want %d", tc.name, tc.text, got, tc.want)
		}
	}
}
