package yeastar

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"unicode"
)

// The PBX's documented rules for an extension's three secrets, and generators that meet them.
// No message ever contains the value checked: a secret must not reach a diagnostic.

// Presence statuses an extension can have.
const PresenceAvailable = "available"

// PresenceStatuses are the six statuses the PBX documents.
var PresenceStatuses = []string{PresenceAvailable, "away", "business_trip", "do_not_disturb", "lunch", "off_work"}

// MaxConcurrentRegistrations is how many devices may register to one extension (newer guides).
const MaxConcurrentRegistrations = 5

const (
	userPasswordMin, userPasswordMax = 10, 63
	regPasswordMin, regPasswordMax   = 8, 63
	pinMin, pinMax                   = 4, 16
	// minNameLength: shorter names ("Li", "") are not looked for in a password, since any
	// password would be likely to contain them.
	minNameLength = 3

	generatedPasswordLength = 24
	generatedPINLength      = 6
	generatedRegNameLength  = 10
)

// errWeakDigits is the same message for every secret.
var errWeakDigits = errors.New("must not contain 4 sequential digits (such as 1234 or 9876) or 4 identical digits (such as 1111)")

// hasWeakDigits reports whether s holds 4 sequential (up or down) or identical digits in a row.
func hasWeakDigits(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		up, down, same := true, true, true
		for j := i; j < i+4; j++ {
			if s[j] < '0' || s[j] > '9' {
				up, down, same = false, false, false
				break
			}
			if j > i {
				d := int(s[j]) - int(s[j-1])
				up, down, same = up && d == 1, down && d == -1, same && d == 0
			}
		}
		if up || down || same {
			return true
		}
	}
	return false
}

// CheckUserPassword checks the user's web and Linkus login password: 10 to 63 characters mixing
// digits, upper and lower case letters, no 4 sequential or identical digits, and not holding the
// extension number or any name of at least 3 characters (case-insensitively).
func CheckUserPassword(password, number string, names ...string) error {
	var digit, upper, lower bool
	for _, r := range password {
		digit = digit || unicode.IsDigit(r)
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
	}
	switch n := len(password); {
	case n < userPasswordMin || n > userPasswordMax:
		return fmt.Errorf("must be %d to %d characters long (it has %d)", userPasswordMin, userPasswordMax, n)
	case !digit || !upper || !lower:
		return errors.New("must mix digits, upper case and lower case letters")
	case hasWeakDigits(password):
		return errWeakDigits
	case number != "" && strings.Contains(password, number):
		// Neither the number nor the name is quoted: either is a part of the password.
		return errors.New("must not contain the extension number")
	}
	lowered := strings.ToLower(password)
	for _, name := range names {
		if len(name) >= minNameLength && strings.Contains(lowered, strings.ToLower(name)) {
			return errors.New("must not contain the user's first or last name")
		}
	}
	return nil
}

// CheckRegistrationPassword checks a SIP registration password: 8 to 63 printable ASCII
// characters without spaces, no 4 sequential or identical digits.
func CheckRegistrationPassword(password string) error {
	switch n := len(password); {
	case n < regPasswordMin || n > regPasswordMax:
		return fmt.Errorf("must be %d to %d characters long (it has %d)", regPasswordMin, regPasswordMax, n)
	case strings.IndexFunc(password, func(r rune) bool { return r <= ' ' || r > '~' }) >= 0:
		return errors.New("must be printable ASCII characters without spaces")
	case hasWeakDigits(password):
		return errWeakDigits
	}
	return nil
}

// CheckVoicemailPIN checks a voicemail PIN: 4 to 16 digits, no 4 sequential or identical
// digits, and not the extension number.
func CheckVoicemailPIN(pin, number string) error {
	switch n := len(pin); {
	case strings.Trim(pin, "0123456789") != "":
		return errors.New("must be digits only")
	case n < pinMin || n > pinMax:
		return fmt.Errorf("must be %d to %d digits long (it has %d)", pinMin, pinMax, n)
	case hasWeakDigits(pin):
		return errWeakDigits
	case pin == number:
		return errors.New("must not be the extension number")
	}
	return nil
}

const (
	lowerLetters = "abcdefghijklmnopqrstuvwxyz"
	upperLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits       = "0123456789"
	// maxGenerateTries bounds the draws until a value meets the rules; with 24 random
	// characters almost every draw does, so running out means the rules cannot be met (a name
	// of one repeated letter, say) rather than bad luck.
	maxGenerateTries = 1000
)

// randomString draws n characters of alphabet with crypto/rand, each equally likely.
func randomString(alphabet string, n int) (string, error) {
	limit := big.NewInt(int64(len(alphabet)))
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, limit)
		if err != nil {
			return "", fmt.Errorf("reading random numbers: %w", err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b), nil
}

// generate draws values until one meets check.
func generate(what string, draw func() (string, error), check func(string) error) (string, error) {
	for range maxGenerateTries {
		v, err := draw()
		if err != nil {
			return "", err
		}
		if check(v) == nil {
			return v, nil
		}
	}
	return "", fmt.Errorf("could not generate a %s that meets the PBX's rules", what)
}

// GenerateUserPassword returns a random 24-character user password (letters and digits,
// about 140 bits) that meets CheckUserPassword for this number and these names.
func GenerateUserPassword(number string, names ...string) (string, error) {
	return generate("user password",
		func() (string, error) { return randomString(lowerLetters+upperLetters+digits, generatedPasswordLength) },
		func(p string) error { return CheckUserPassword(p, number, names...) })
}

// GenerateRegistrationPassword returns a random 24-character SIP registration password.
// Letters and digits only, since some phones mishandle symbols in SIP credentials.
func GenerateRegistrationPassword() (string, error) {
	return generate("registration password",
		func() (string, error) { return randomString(lowerLetters+upperLetters+digits, generatedPasswordLength) },
		CheckRegistrationPassword)
}

// GenerateVoicemailPIN returns a random 6-digit voicemail PIN that meets CheckVoicemailPIN.
func GenerateVoicemailPIN(number string) (string, error) {
	return generate("voicemail PIN",
		func() (string, error) { return randomString(digits, generatedPINLength) },
		func(pin string) error { return CheckVoicemailPIN(pin, number) })
}

// GenerateRegistrationName returns a random SIP registration name of 10 lower-case letters and
// digits, not all digits, as the web portal makes one: the SIP user is then not the guessable
// extension number.
func GenerateRegistrationName() (string, error) {
	return generate("registration name",
		func() (string, error) { return randomString(lowerLetters+digits, generatedRegNameLength) },
		func(name string) error {
			if strings.Trim(name, digits) == "" {
				return errors.New("all digits")
			}
			return nil
		})
}
