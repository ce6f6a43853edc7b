package fakeyeastar

import (
	"strings"
	"unicode"
)

// The PBX's rules for an extension's fields, as the vendor's guide documents them. They are
// written here independently of the client's own checks, so that a client test against the
// fake catches a client rule that lets through what the PBX refuses.

// Presence statuses the PBX knows.
var presenceStatuses = []string{"available", "away", "business_trip", "do_not_disturb", "lunch", "off_work"}

// maxConcurrentRegistrations is the newer guides' limit.
const maxConcurrentRegistrations = 5

// weakDigits reports whether s holds 4 sequential (1234, 4321) or identical (1111) digits.
func weakDigits(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		run := s[i : i+4]
		if strings.Trim(run, "0123456789") != "" {
			continue
		}
		up, down, same := true, true, true
		for j := 1; j < 4; j++ {
			d := int(run[j]) - int(run[j-1])
			up, down, same = up && d == 1, down && d == -1, same && d == 0
		}
		if up || down || same {
			return true
		}
	}
	return false
}

// userPasswordProblem returns the validation type the PBX reports for a user password, or "".
func userPasswordProblem(password, number string, names ...string) string {
	var digit, upper, lower bool
	for _, r := range password {
		digit = digit || unicode.IsDigit(r)
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
	}
	switch {
	case len(password) < 10 || len(password) > 63:
		return "length"
	case !digit || !upper || !lower:
		return "complexity"
	case weakDigits(password):
		return "weak"
	case number != "" && strings.Contains(password, number):
		return "contains_number"
	}
	for _, name := range names {
		if len(name) >= 3 && strings.Contains(strings.ToLower(password), strings.ToLower(name)) {
			return "contains_name"
		}
	}
	return ""
}

// registrationPasswordProblem returns the validation type for a SIP registration password, or "".
func registrationPasswordProblem(password string) string {
	switch {
	case len(password) < 8 || len(password) > 63:
		return "length"
	case strings.IndexFunc(password, func(r rune) bool { return r <= ' ' || r > '~' }) >= 0:
		return "format"
	case weakDigits(password):
		return "weak"
	}
	return ""
}

// voicemailPINProblem returns the validation type for a voicemail PIN, or "".
func voicemailPINProblem(pin, number string) string {
	switch {
	case len(pin) < 4 || len(pin) > 16:
		return "length"
	case strings.Trim(pin, "0123456789") != "":
		return "format"
	case weakDigits(pin):
		return "weak"
	case pin == number:
		return "contains_number"
	}
	return ""
}

// validExtensionNumber: 1 to 8 digits.
func validExtensionNumber(number string) bool {
	return number != "" && len(number) <= 8 && strings.Trim(number, "0123456789") == ""
}

// validMobileNumber: digits, letters and ( ) . - + * #, at most 31.
func validMobileNumber(mobile string) bool {
	return len(mobile) <= 31 && strings.IndexFunc(mobile, func(r rune) bool {
		return r > unicode.MaxASCII || !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("().-+*#", r)
	}) < 0
}

// validCallerID is the P-Series rule for an outbound caller ID: at most 31 digits, letters and
// [ ] ( ) . - + * #.
func validCallerID(callerID string) bool {
	return len(callerID) <= 31 && strings.IndexFunc(callerID, func(r rune) bool {
		return r > unicode.MaxASCII || !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("[]().-+*#", r)
	}) < 0
}

// validEmail is a rough shape check: one @, something on each side, a dot in the domain.
func validEmail(email string) bool {
	local, domain, found := strings.Cut(email, "@")
	return found && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(email, " \t,;<>") &&
		!strings.Contains(domain, "@") && len(email) <= 254
}
