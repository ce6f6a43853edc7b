package provider

import (
	"strings"
	"testing"
)

func mustPattern(t *testing.T, p string) []patternToken {
	t.Helper()
	tokens, err := parsePattern(p, true)
	if err != nil {
		t.Fatalf("parsePattern(%q): %v", p, err)
	}
	return tokens
}

func TestParsePatternRefusesWhatThePBXDoesNot(t *testing.T) {
	for pattern, want := range map[string]string{
		"":       "cannot be empty",
		"9.1":    "may only end a pattern",
		".":      "matches any number at all",
		"9x.":    `holds "x"`,
		"[1-5":   "without closing it",
		"[5-1]":  "runs backwards",
		"[]":     "empty set",
		"[1a]":   `holds "a"`,
		"555 12": `holds " "`,
	} {
		if _, err := parsePattern(pattern, true); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parsePattern(%q) = %v, want an error saying %q", pattern, err, want)
		}
	}
	if _, err := parsePattern("+1NXX", false); err == nil {
		t.Error("an inbound pattern took +")
	}
	for _, pattern := range []string{"5551234", "NXXNXXXXXX", "9.", "011!", "[1-5]XX", "[135,7]X", "*#+1"} {
		if _, err := parsePattern(pattern, true); err != nil {
			t.Errorf("parsePattern(%q): %v", pattern, err)
		}
	}
}

func TestMatchedDigitsCountsWhatStripMayRemove(t *testing.T) {
	for pattern, want := range map[string]int{"9.": 2, "9!": 1, "911": 3, "[1-5]XX": 3, "+1NXX!": 5} {
		if got := matchedDigits(mustPattern(t, pattern)); got != want {
			t.Errorf("matchedDigits(%q) = %d, want %d", pattern, got, want)
		}
	}
}

func TestPatternCovers(t *testing.T) {
	for _, c := range []struct {
		a, b   string
		covers bool
	}{
		{"9.", "911", true},
		{"9.", "9NXXXXXX", true},
		{"9.", "9", false},
		{"9.", "9!", false},
		{"9!", "9", true},
		{"X.", "9.", true},
		{"911", "9.", false},
		{"9N", "92", true},
		{"9N", "91", false},
		{"9[2-9]", "9N", true},
		{"9[2-8]", "9N", false},
		{"1XX", "1XX", true},
		{"1XX", "1XXX", false},
		{"1X.", "1XX", true},
	} {
		if got := patternCovers(mustPattern(t, c.a), mustPattern(t, c.b)); got != c.covers {
			t.Errorf("patternCovers(%q, %q) = %v, want %v", c.a, c.b, got, c.covers)
		}
	}
}
