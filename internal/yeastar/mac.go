package yeastar

import (
	"fmt"
	"strings"
)

// NormalizeMAC reads a MAC address in any common notation (80:5E:C0:11:22:33,
// 80-5e-c0-11-22-33, 805e.c011.2233, 805EC0112233) and returns it as the vendor's guide writes
// it: upper-case hex pairs separated by colons.
func NormalizeMAC(raw string) (string, error) {
	hex := macDigits(raw)
	if hex == "" {
		return "", fmt.Errorf("%q is not a MAC address: write 12 hexadecimal digits, for example 80:5E:C0:11:22:33, 80-5e-c0-11-22-33 or 805ec0112233", raw)
	}
	var b strings.Builder
	for i := 0; i < len(hex); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(hex[i : i+2])
	}
	return b.String(), nil
}

// SameMAC reports whether a and b are the same MAC address, whatever their notation.
func SameMAC(a, b string) bool {
	da := macDigits(a)
	return da != "" && da == macDigits(b)
}

// macDigits returns the 12 upper-case hex digits of a MAC address written with one consistent
// separator (":", "-" or "." between groups of equal length) or none, and "" for anything else.
func macDigits(raw string) string {
	s := strings.ToUpper(strings.TrimSpace(raw))
	var groups []string
	switch {
	case strings.Contains(s, ":"):
		groups = strings.Split(s, ":")
	case strings.Contains(s, "-"):
		groups = strings.Split(s, "-")
	case strings.Contains(s, "."):
		groups = strings.Split(s, ".")
	default:
		groups = []string{s}
	}
	// Six groups of two (80:5E:...), three groups of four (805E.C011.2233) or one of twelve.
	width := 12 / len(groups)
	if len(groups) != 1 && len(groups) != 3 && len(groups) != 6 {
		return ""
	}
	for _, g := range groups {
		if len(g) != width {
			return ""
		}
		for _, r := range g {
			if !strings.ContainsRune("0123456789ABCDEF", r) {
				return ""
			}
		}
	}
	return strings.Join(groups, "")
}
