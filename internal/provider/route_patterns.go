package provider

import (
	"fmt"
	"strings"
)

// The PBX's dial pattern syntax, for the inbound routes' DID and caller ID patterns and the
// outbound routes' dial patterns: a digit matches itself, X any digit, Z 1 to 9, N 2 to 9,
// [1-5] or [135] one digit of the set; a final . matches one or more further characters and a
// final ! zero or more. Outbound patterns may also hold * # and +, each matching itself.

// patternToken is one position of a pattern: a set of characters, or the final . or !.
type patternToken struct {
	chars string // the characters this position matches; empty for . and !
	// rest is '.' (one or more of anything) or '!' (zero or more), for the final token.
	rest byte
}

// patternDigits are the characters X matches.
const patternDigits = "0123456789"

// parsePattern reads a pattern; outbound allows * # +. The error says what to fix.
func parsePattern(pattern string, outbound bool) ([]patternToken, error) {
	if pattern == "" {
		return nil, fmt.Errorf("a pattern cannot be empty")
	}
	var tokens []patternToken
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c >= '0' && c <= '9':
			tokens = append(tokens, patternToken{chars: string(c)})
		case c == 'X':
			tokens = append(tokens, patternToken{chars: patternDigits})
		case c == 'Z':
			tokens = append(tokens, patternToken{chars: "123456789"})
		case c == 'N':
			tokens = append(tokens, patternToken{chars: "23456789"})
		case outbound && (c == '*' || c == '#' || c == '+'):
			tokens = append(tokens, patternToken{chars: string(c)})
		case c == '[':
			end := strings.IndexByte(pattern[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("%q opens [ at position %d without closing it", pattern, i+1)
			}
			set, err := patternSet(pattern[i+1 : i+end])
			if err != nil {
				return nil, fmt.Errorf("%q: %w", pattern, err)
			}
			tokens = append(tokens, patternToken{chars: set})
			i += end
		case c == '.' || c == '!':
			if i != len(pattern)-1 {
				return nil, fmt.Errorf("%q has %c before its end: . (one or more further digits) and ! (zero or more) may only end a pattern", pattern, c)
			}
			if len(tokens) == 0 {
				return nil, fmt.Errorf("%q matches any number at all: start it with at least one digit, X, Z, N or [...]", pattern)
			}
			tokens = append(tokens, patternToken{rest: c})
		default:
			allowed := "digits, X, Z, N, [1-5], and a final . or !"
			if outbound {
				allowed = "digits, *, #, +, X, Z, N, [1-5], and a final . or !"
			}
			return nil, fmt.Errorf("%q holds %q, which the PBX's patterns do not take: use %s (X, Z and N in upper case)", pattern, string(c), allowed)
		}
	}
	return tokens, nil
}

// patternSet reads the inside of [...]: digits and ranges such as 1-5, optionally separated by
// commas.
func patternSet(inside string) (string, error) {
	var set strings.Builder
	items := strings.Split(strings.ReplaceAll(inside, ",", " "), " ")
	for _, item := range items {
		if item == "" {
			continue
		}
		for i := 0; i < len(item); i++ {
			lo := item[i]
			if lo < '0' || lo > '9' {
				return "", fmt.Errorf("[%s] holds %q: a set holds digits and ranges such as [1-5] or [135]", inside, string(lo))
			}
			hi := lo
			if i+2 < len(item) && item[i+1] == '-' {
				hi = item[i+2]
				if hi < lo || hi > '9' {
					return "", fmt.Errorf("[%s] holds the range %c-%c, which runs backwards or past 9", inside, lo, hi)
				}
				i += 2
			}
			for d := lo; d <= hi; d++ {
				if !strings.ContainsRune(set.String(), rune(d)) {
					set.WriteByte(d)
				}
			}
		}
	}
	if set.Len() == 0 {
		return "", fmt.Errorf("[%s] is an empty set", inside)
	}
	return set.String(), nil
}

// matchedDigits is how many leading characters a pattern is sure to match, which an outbound
// route's strip may remove: each digit, X, Z, N, * # + or [...] counts one, a final . one (it
// matches at least one), a final ! none.
func matchedDigits(tokens []patternToken) int {
	n := 0
	for _, t := range tokens {
		if t.rest != '!' {
			n++
		}
	}
	return n
}

// patternCovers reports whether every number that b matches, a matches too: a route with a
// before one with b takes all of b's calls.
func patternCovers(a, b []patternToken) bool {
	switch {
	case len(a) == 0:
		return len(b) == 0
	case a[0].rest == '!':
		return true
	case a[0].rest == '.':
		// One or more of anything: b must match at least one more character, always.
		return len(b) > 0 && b[0].rest != '!'
	case len(b) == 0 || b[0].rest != 0:
		// b has ended, or goes on with numbers of any length where a matches a fixed position.
		return false
	}
	for _, c := range b[0].chars {
		if !strings.ContainsRune(a[0].chars, c) {
			return false
		}
	}
	return patternCovers(a[1:], b[1:])
}
