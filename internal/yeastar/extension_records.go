package yeastar

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ExtensionDetail is one extension as extension/get reads it. It has no password fields: the
// client drops user_password, reg_password and vm_pin while decoding, so that nothing
// downstream can copy them into a state.
type ExtensionDetail struct {
	ID                      int
	Number                  string
	FirstName, LastName     string
	CallerIDName            string
	Email                   string // email_addr
	MobileNumber            string
	Title                   string
	CallerID                string
	RoleID                  int    // 0 when the PBX reports none
	PresenceStatus          string // one of PresenceStatuses
	ConcurrentRegistrations int
	VoicemailEnabled        bool   // enb_vm
	VoicemailPINRequired    bool   // enb_vm_pin
	RegistrationName        string // reg_name
}

// NewExtension is what CreateExtension creates; its type is always SIP. The three secrets are
// sent once, added to the client's redaction set first, and never logged.
type NewExtension struct {
	Number, FirstName, LastName, Email, MobileNumber, Title, CallerID string
	// RoleID 0 leaves the PBX's default role (role_id is not sent).
	RoleID int
	// PresenceStatus "" sends PresenceAvailable; ConcurrentRegistrations 0 sends 1.
	PresenceStatus                                   string
	ConcurrentRegistrations                          int
	VoicemailEnabled, VoicemailPINRequired           bool
	RegistrationName                                 string
	UserPassword, RegistrationPassword, VoicemailPIN string
}

// ExtensionChanges holds the fields UpdateExtension changes; nil means unchanged, not sent.
type ExtensionChanges struct {
	FirstName, LastName, Email, MobileNumber, Title, CallerID *string
	RoleID                                                    *int
	PresenceStatus                                            *string
	ConcurrentRegistrations                                   *int
	VoicemailEnabled, VoicemailPINRequired                    *bool
	RegistrationName                                          *string
	UserPassword, RegistrationPassword, VoicemailPIN          *string
}

// ExtensionSecrets are an extension's SIP registration password and voicemail PIN, as
// extension/getpassword reads them (decoded from Base64).
type ExtensionSecrets struct{ RegistrationPassword, VoicemailPIN string }

// ExtensionExistsError says that a value that must be unique (the number or the e-mail
// address) belongs to an extension the caller did not create, or that an extension found after
// a lost answer differs from the one asked for.
type ExtensionExistsError struct {
	// ID and Number name the extension that holds the value (ID 0 when the PBX did not say
	// which one and it could not be found).
	ID     int
	Number string
	// Field is "number" or "email"; Value the value asked for.
	Field string
	Value string
	// Differences is set when a lost answer found an extension that differs from what was
	// asked, e.g. `first name "Janet" (asked "Jane")`.
	Differences []string
}

func (e *ExtensionExistsError) Error() string {
	holder := fmt.Sprintf("extension %s (ID %d)", e.Number, e.ID)
	switch {
	case e.ID == 0 && e.Number != "":
		holder = "extension " + e.Number
	case e.ID == 0:
		holder = "another extension"
	}
	switch {
	case len(e.Differences) > 0:
		return fmt.Sprintf("the PBX has %s, which differs from the one asked for: %s", holder, strings.Join(e.Differences, ", "))
	case e.Field == "email":
		return fmt.Sprintf("the e-mail address %s is already used by %s", e.Value, holder)
	default:
		return fmt.Sprintf("the extension number %s is already taken by %s", e.Value, holder)
	}
}

// ExtensionInUseError is the PBX's refusal to delete an extension that another object still
// uses (70091 CONNECTION_RELATION_EXISTED).
type ExtensionInUseError struct {
	ID     int
	Number string
	// PhoneIDs are the phones of the auto-provisioning list assigned to the extension; empty
	// when none was found (then something else uses it) or they could not be listed.
	PhoneIDs []int
	// Err is the PBX's answer.
	Err error
}

func (e *ExtensionInUseError) Error() string {
	what := fmt.Sprintf("extension %s (ID %d)", e.Number, e.ID)
	if e.Number == "" {
		what = fmt.Sprintf("extension ID %d", e.ID)
	}
	if len(e.PhoneIDs) == 0 {
		return fmt.Sprintf("the PBX refuses to delete %s because another object still uses it: %v", what, e.Err)
	}
	ids := make([]string, len(e.PhoneIDs))
	for i, id := range e.PhoneIDs {
		ids[i] = strconv.Itoa(id)
	}
	noun := "phone"
	if len(ids) > 1 {
		noun = "phones"
	}
	return fmt.Sprintf("the PBX refuses to delete %s because %s %s of the auto-provisioning list %s assigned to it: %v",
		what, noun, strings.Join(ids, ", "), map[bool]string{true: "are", false: "is"}[len(ids) > 1], e.Err)
}

func (e *ExtensionInUseError) Unwrap() error { return e.Err }

// flexString is a text the PBX may send as a JSON string or a number (a PIN of digits).
type flexString string

func (s *flexString) UnmarshalJSON(data []byte) error {
	var text string
	if json.Unmarshal(data, &text) == nil {
		*s = flexString(text)
		return nil
	}
	if trimmed := strings.TrimSpace(string(data)); trimmed != "null" && json.Valid(data) && !strings.ContainsAny(trimmed, "{[\"") {
		*s = flexString(trimmed)
	}
	return nil
}

// extensionDetailJSON is extension/get's data. It has no fields for the secrets, so that they
// are dropped while decoding (see extensionSecretsJSON).
type extensionDetailJSON struct {
	ID                      flexInt    `json:"id"`
	Number                  flexString `json:"number"`
	FirstName               string     `json:"first_name"`
	LastName                string     `json:"last_name"`
	CallerIDName            string     `json:"caller_id_name"`
	Email                   string     `json:"email_addr"`
	MobileNumber            flexString `json:"mobile_number"`
	Title                   string     `json:"title"`
	CallerID                flexString `json:"caller_id"`
	RoleID                  flexInt    `json:"role_id"`
	PresenceStatus          string     `json:"presence_status"`
	ConcurrentRegistrations flexInt    `json:"concurrent_registrations"`
	EnbVM                   flexInt    `json:"enb_vm"`
	EnbVMPIN                flexInt    `json:"enb_vm_pin"`
	RegName                 flexString `json:"reg_name"`
}

func (e extensionDetailJSON) detail() ExtensionDetail {
	return ExtensionDetail{
		ID: int(e.ID), Number: string(e.Number), FirstName: e.FirstName, LastName: e.LastName, CallerIDName: e.CallerIDName,
		Email: e.Email, MobileNumber: string(e.MobileNumber), Title: e.Title, CallerID: string(e.CallerID), RoleID: int(e.RoleID),
		PresenceStatus: e.PresenceStatus, ConcurrentRegistrations: int(e.ConcurrentRegistrations),
		VoicemailEnabled: e.EnbVM != 0, VoicemailPINRequired: e.EnbVMPIN != 0, RegistrationName: string(e.RegName),
	}
}

// extensionSecretsJSON reads the secrets a read may carry, only to add them to the client's
// redaction set: they are never returned.
type extensionSecretsJSON struct {
	UserPassword flexString `json:"user_password"`
	RegPassword  flexString `json:"reg_password"`
	VMPin        flexString `json:"vm_pin"`
}

// decodeExtensionDetails reads extension/get's or extension/query's data: one object or a list
// of them. The secrets in it are handed to learn (the client's redaction set) and dropped.
func decodeExtensionDetails(data json.RawMessage, learn func(...string)) ([]ExtensionDetail, error) {
	trimmed := strings.TrimSpace(string(data))
	if trimmed == "" || trimmed == "null" {
		return nil, nil
	}
	if !strings.HasPrefix(trimmed, "[") {
		data = json.RawMessage("[" + trimmed + "]")
	}
	var records []extensionDetailJSON
	if err := json.Unmarshal(data, &records); err != nil {
		return nil, err
	}
	var secrets []extensionSecretsJSON
	if json.Unmarshal(data, &secrets) == nil {
		for _, s := range secrets {
			learn(string(s.UserPassword), string(s.RegPassword), string(s.VMPin))
		}
	}
	out := make([]ExtensionDetail, len(records))
	for i, r := range records {
		out[i] = r.detail()
	}
	return out, nil
}

// decodePasswordAnswer reads extension/getpassword's answer: the guide puts `password` beside
// errcode; a PBX that nests it in data ({"password": ...} or the bare string) is read too. The
// value is Base64 (padded or not). learn receives the encoded and the decoded value before
// anything can fail, so that no error or log line can show either.
func decodePasswordAnswer(body []byte, data json.RawMessage, learn func(...string)) (string, error) {
	var top struct {
		Password *flexString `json:"password"`
	}
	_ = json.Unmarshal(body, &top)
	encoded := ""
	switch {
	case top.Password != nil:
		encoded = string(*top.Password)
	case len(data) > 0:
		var nested struct {
			Password flexString `json:"password"`
		}
		if json.Unmarshal(data, &nested) == nil && nested.Password != "" {
			encoded = string(nested.Password)
		} else {
			var bare flexString
			_ = json.Unmarshal(data, &bare)
			encoded = string(bare)
		}
	}
	encoded = strings.TrimSpace(encoded)
	learn(encoded)
	if encoded == "" {
		return "", errors.New("the answer holds no password")
	}
	decoded, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		decoded, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(encoded, "="))
	}
	if err != nil {
		// Not the error itself: base64's errors quote an offset into the secret, harmless, but
		// the message says all a reader needs.
		return "", errors.New("the password in the answer is not Base64")
	}
	learn(string(decoded))
	return string(decoded), nil
}
