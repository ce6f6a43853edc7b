package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// TestNoMatchDetailSpeaksOfCaseOnlyForLetters: an unknown extension number is digits, which
// have no case, so its message says nothing of case; a vendor or model name does.
func TestNoMatchDetailSpeaksOfCaseOnlyForLetters(t *testing.T) {
	numbers := []string{"1000", "1001", "1002", "10010"}
	got := noMatchDetail("number", "1009", numbers, "Check the number.")
	if strings.Contains(got, "case") {
		t.Errorf("digits: %q speaks of case", got)
	}
	if !strings.HasPrefix(got, `The PBX knows no number "1009". Did you mean`) {
		t.Errorf("digits: %q does not start with the value and a suggestion", got)
	}

	got = noMatchDetail("vendor", "yealink", []string{"Yealink", "Snom"}, "Use a value.")
	if !strings.HasPrefix(got, `The PBX knows no vendor "yealink" (values are case-sensitive). Did you mean "Yealink"?`) {
		t.Errorf("letters: %q", got)
	}
}

// TestNoMatchDetailCapsTheKnownValues: a PBX with hundreds of extensions lists 30 of them and
// says how many more there are, so the message stays short.
func TestNoMatchDetailCapsTheKnownValues(t *testing.T) {
	var known []string
	for i := range 200 {
		known = append(known, fmt.Sprint(3000+i))
	}
	got := noMatchDetail("number", "9", known, "Check the number.")
	_, list, _ := strings.Cut(got, "Known number values: ")
	if n := strings.Count(list, `"3`); n != 30 {
		t.Errorf("listed %d known values, want 30: %q", n, got)
	}
	if !strings.Contains(got, " and 170 more.") {
		t.Errorf("%q does not say how many more values there are", got)
	}
}

// TestRoleNameInFallsBackToTheID: an extension's role shows by name, or by its ID when the PBX
// does not list it, so that a configured name shows as a change.
func TestRoleNameInFallsBackToTheID(t *testing.T) {
	roles := []yeastar.Option{{Text: "Super Administrator", Value: "1"}, {Text: "Employee", Value: "5"}, {Text: "", Value: "7"}}
	for id, want := range map[int]string{0: "", 5: "Employee", 1: "Super Administrator", 9: "9", 7: "7"} {
		if got := roleNameIn(roles, id); got != want {
			t.Errorf("roleNameIn(%d) = %q, want %q", id, got, want)
		}
	}
}
