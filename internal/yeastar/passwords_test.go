package yeastar

import (
	"strings"
	"testing"
)

// checkMessage asserts the outcome of a rule check, and that its message never quotes the value.
func checkMessage(t *testing.T, rule, value string, err error, wantInMessage string) {
	t.Helper()
	switch {
	case wantInMessage == "" && err != nil:
		t.Errorf("%s(%q) = %v, want no error", rule, value, err)
	case wantInMessage != "" && err == nil:
		t.Errorf("%s(%q) passed, want an error about %q", rule, value, wantInMessage)
	case err != nil && !strings.Contains(err.Error(), wantInMessage):
		t.Errorf("%s(%q) = %q, want it to say %q", rule, value, err, wantInMessage)
	case err != nil && strings.Contains(err.Error(), value):
		t.Errorf("%s's message %q quotes the value checked", rule, err)
	}
}

func TestCheckUserPassword(t *testing.T) {
	for _, c := range []struct{ password, want string }{
		{"Kp7wQz9mXr2L", ""},
		{"Kp7wQz9m", "10 to 63 characters long (it has 8)"},
		{strings.Repeat("Kp7wQz9mX", 8), "10 to 63 characters"},
		{"kp7wqz9mxr2l", "mix digits, upper case and lower case"},
		{"KPWQZMXRLTTT", "mix digits"},
		{"Kp1234wQzXr", "4 sequential digits"},
		{"Kp6543wQzXr", "4 sequential digits"},
		{"Kp0000wQzXr", "identical digits"},
		{"Kp123wQz567X", ""}, // three in a row are fine
		{"Kp4001wQzXr8", "must not contain the extension number"},
		{"KpjANEwQz9r", "first or last name"},
		{"KpDOEwQz9rT", "first or last name"},
	} {
		err := CheckUserPassword(c.password, "4001", "Jane", "Doe", "")
		checkMessage(t, "CheckUserPassword", c.password, err, c.want)
	}
	// A name shorter than 3 characters is not looked for.
	if err := CheckUserPassword("KpLiwQz9mXr2", "4001", "Li"); err != nil {
		t.Errorf("a 2-letter name refused a password: %v", err)
	}
}

func TestCheckRegistrationPassword(t *testing.T) {
	for _, c := range []struct{ password, want string }{
		{"h7Ks9qPz", ""},
		{"h7K$9q!z#", ""},
		{"h7Ks9qP", "8 to 63 characters long (it has 7)"},
		{"h7Ks 9qPz", "printable ASCII characters without spaces"},
		{"h7Ks9qPzé", "printable ASCII"},
		{"h7Ks5678P", "4 sequential digits"},
	} {
		checkMessage(t, "CheckRegistrationPassword", c.password, CheckRegistrationPassword(c.password), c.want)
	}
}

func TestCheckVoicemailPIN(t *testing.T) {
	for _, c := range []struct{ pin, want string }{
		{"582914", ""},
		{"5829", ""},
		{"582", "4 to 16 digits long (it has 3)"},
		{"58a914", "digits only"},
		{"581234", "4 sequential digits"},
		{"589999", "identical digits"},
		{"4001", "not be the extension number"},
		{"400122", ""},
	} {
		checkMessage(t, "CheckVoicemailPIN", c.pin, CheckVoicemailPIN(c.pin, "4001"), c.want)
	}
}

func TestGeneratedSecretsMeetTheRulesAndDiffer(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		user, err := GenerateUserPassword("4001", "Jane", "Doe")
		if err != nil || len(user) != 24 || CheckUserPassword(user, "4001", "Jane", "Doe") != nil {
			t.Fatalf("GenerateUserPassword = %d characters, %v", len(user), err)
		}
		reg, err := GenerateRegistrationPassword()
		if err != nil || len(reg) != 24 || CheckRegistrationPassword(reg) != nil {
			t.Fatalf("GenerateRegistrationPassword = %d characters, %v", len(reg), err)
		}
		// A one-digit number forbids that digit anywhere in the user password, yet one is found.
		if p, err := GenerateUserPassword("7"); err != nil || strings.Contains(p, "7") {
			t.Fatalf("GenerateUserPassword(7) failed: %v", err)
		}
		pin, err := GenerateVoicemailPIN("4001")
		if err != nil || len(pin) != 6 || CheckVoicemailPIN(pin, "4001") != nil {
			t.Fatalf("GenerateVoicemailPIN = %q, %v", pin, err)
		}
		name, err := GenerateRegistrationName()
		if err != nil || len(name) != 10 || strings.Trim(name, "0123456789") == "" || strings.Trim(name, lowerLetters+digits) != "" {
			t.Fatalf("GenerateRegistrationName = %q, %v", name, err)
		}
		for _, v := range []string{user, reg, name} {
			if seen[v] {
				t.Fatalf("a generated value came twice in 200 draws")
			}
			seen[v] = true
		}
	}
}

func TestGenerateFailsClearlyWhenNoValueMeetsTheRules(t *testing.T) {
	draws := 0
	_, err := generate("voicemail PIN", func() (string, error) { draws++; return "1111", nil }, func(string) error { return errWeakDigits })
	if err == nil || err.Error() != "could not generate a voicemail PIN that meets the PBX's rules" || draws != maxGenerateTries {
		t.Errorf("generate = %v after %d draws", err, draws)
	}
}
