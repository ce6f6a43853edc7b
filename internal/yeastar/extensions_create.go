package yeastar

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// CreateExtension creates a SIP extension (extension/create) and returns it as extension/get
// reads it, without its secrets.
//
// The request is sent once, through Create: the new ID comes from the answer when it carries
// one (create and get: 2 calls), else from an exact-number search (3 calls). After a lost
// answer (dropped connection, timeout, 5xx, errcode -2, errcode 2 PROCESSING) the number is
// looked up, with backoff, before any repeat: an extension that matches what was asked is
// adopted, one that differs is an *ExtensionExistsError. A number or e-mail address that is
// already taken at create (40003 with duplicate_field_list, or 40002 naming number or
// email_addr) is an *ExtensionExistsError naming the extension that holds it; nothing is
// created.
//
// The secrets join the client's redaction set before anything is sent (a digit-only PIN is
// redacted by its field's name instead). On error the result is
// nil, except when the PBX holds the new extension but reading it back failed: then it carries
// only the ID. The new extension joins the cached AllExtensions listing (no request), so that a
// later plan-time check in the same run (a phone whose extension_id is the new extension) sees
// it; a listing being read meanwhile is not kept, since it may predate the extension.
func (c *Client) CreateExtension(ctx context.Context, spec NewExtension) (*ExtensionDetail, error) {
	spec = withCreateDefaults(spec)
	c.secrets.add(spec.UserPassword, spec.RegistrationPassword, spec.VoicemailPIN)
	body := createBody(spec)
	ext, err := Create(ctx, c, Creation[*ExtensionDetail]{
		Kind: "extension", KeyName: "number", Key: spec.Number, DuplicateFields: []string{"number", "email_addr"},
		Send: func(ctx context.Context) (int, error) {
			resp, err := c.do(ctx, request{method: http.MethodPost, path: "extension/create", body: body, authenticated: true, once: true})
			if err != nil {
				return 0, err
			}
			return createdID(resp), nil
		},
		Find: func(ctx context.Context) ([]int, error) {
			found, err := c.findExtensions(ctx, spec.Number, func(e Extension) bool { return e.Number == spec.Number })
			ids := make([]int, len(found))
			for i, e := range found {
				ids[i] = e.ID
			}
			return ids, err
		},
		Read:        c.GetExtension,
		Differences: func(found *ExtensionDetail) []string { return extensionDifferences(found, spec) },
		Exists: func(id int, differences []string) error {
			return &ExtensionExistsError{ID: id, Number: spec.Number, Field: "number", Value: spec.Number, Differences: differences}
		},
	})
	var notRead *AddedNotReadError
	switch {
	case err == nil:
		c.rememberExtension(Extension{ID: ext.ID, Number: ext.Number, CallerIDName: ext.CallerIDName, Email: ext.Email})
		return ext, nil
	case errors.As(err, &notRead):
		c.rememberExtension(Extension{ID: notRead.ID, Number: spec.Number, Email: spec.Email})
		return &ExtensionDetail{ID: notRead.ID}, err
	}
	if _, _, emailTaken := DuplicateField(err, "email_addr"); emailTaken && spec.Email != "" {
		if holder, findErr := c.FindExtensionByEmail(context.WithoutCancel(ctx), spec.Email); findErr == nil && holder != nil {
			return nil, &ExtensionExistsError{ID: holder.ID, Number: holder.Number, Field: "email", Value: spec.Email}
		}
		if holder := emailHolder(err); holder != "" {
			// The search did not find it: name the holder as the PBX did.
			return nil, &ExtensionExistsError{Number: holder, Field: "email", Value: spec.Email}
		}
	}
	return nil, err
}

// rememberExtension adds a new extension to the cached listing, in place of any entry with its
// ID.
func (c *Client) rememberExtension(e Extension) {
	c.extensionList.update(struct{}{}, func(list []Extension) []Extension {
		kept := make([]Extension, 0, len(list)+1)
		for _, old := range list {
			if old.ID != e.ID {
				kept = append(kept, old)
			}
		}
		return append(kept, e)
	})
}

// forgetExtension removes a deleted extension from the cached listing.
func (c *Client) forgetExtension(id int) {
	c.extensionList.update(struct{}{}, func(list []Extension) []Extension {
		kept := make([]Extension, 0, len(list))
		for _, old := range list {
			if old.ID != id {
				kept = append(kept, old)
			}
		}
		return kept
	})
}

// withCreateDefaults fills in what the PBX requires at create and NewExtension leaves zero.
func withCreateDefaults(spec NewExtension) NewExtension {
	if spec.PresenceStatus == "" {
		spec.PresenceStatus = PresenceAvailable
	}
	if spec.ConcurrentRegistrations == 0 {
		spec.ConcurrentRegistrations = 1
	}
	return spec
}

func createBody(spec NewExtension) extensionFields {
	optional := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	body := extensionFields{
		Type: "SIP", Number: spec.Number,
		FirstName: optional(spec.FirstName), LastName: optional(spec.LastName), Email: optional(spec.Email),
		MobileNumber: optional(spec.MobileNumber), Title: optional(spec.Title), CallerID: optional(spec.CallerID),
		UserPassword: &spec.UserPassword, RegName: &spec.RegistrationName, RegPassword: &spec.RegistrationPassword,
		ConcurrentRegistrations: &spec.ConcurrentRegistrations, PresenceStatus: &spec.PresenceStatus,
		EnbVM: flag(&spec.VoicemailEnabled), EnbVMPIN: flag(&spec.VoicemailPINRequired), VMPin: optional(spec.VoicemailPIN),
	}
	if spec.RoleID != 0 {
		body.RoleID = &spec.RoleID
	}
	return body
}

// createdID reads the new extension's id from extension/create's answer: beside errcode, as the
// organization and contact creates answer it, or in data; 0 when the answer has none.
func createdID(resp *response) int {
	var top struct {
		ID flexInt `json:"id"`
	}
	if json.Unmarshal(resp.body, &top) == nil && top.ID > 0 {
		return int(top.ID)
	}
	var nested struct {
		ID flexInt `json:"id"`
	}
	if len(resp.env.Data) > 0 && json.Unmarshal(resp.env.Data, &nested) == nil && nested.ID > 0 {
		return int(nested.ID)
	}
	return 0
}

// emailHolder returns the external_source_name (the holder's number) of a 40003 entry for
// email_addr, or "".
func emailHolder(err error) string {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return ""
	}
	for _, d := range apiErr.DuplicateFields {
		if strings.EqualFold(d.Field, "email_addr") {
			return d.ExternalSourceName
		}
	}
	return ""
}

// extensionDifferences compares an extension found after a lost answer with what was asked.
// The secrets cannot be compared (they are not read), and fields the PBX fills in when they are
// not sent (caller ID, role) are compared only when they were sent.
func extensionDifferences(found *ExtensionDetail, spec NewExtension) []string {
	var out []string
	compare := func(name, have, want string) {
		if have != want {
			out = append(out, fmt.Sprintf("%s %q (asked %q)", name, have, want))
		}
	}
	compare("first name", found.FirstName, spec.FirstName)
	compare("last name", found.LastName, spec.LastName)
	compare("e-mail address", strings.ToLower(found.Email), strings.ToLower(spec.Email))
	compare("mobile number", found.MobileNumber, spec.MobileNumber)
	compare("title", found.Title, spec.Title)
	if spec.CallerID != "" {
		compare("caller ID", found.CallerID, spec.CallerID)
	}
	if spec.RoleID != 0 {
		compare("role ID", strconv.Itoa(found.RoleID), strconv.Itoa(spec.RoleID))
	}
	compare("presence status", found.PresenceStatus, spec.PresenceStatus)
	compare("concurrent registrations", strconv.Itoa(found.ConcurrentRegistrations), strconv.Itoa(spec.ConcurrentRegistrations))
	compare("voicemail", strconv.FormatBool(found.VoicemailEnabled), strconv.FormatBool(spec.VoicemailEnabled))
	compare("voicemail PIN required", strconv.FormatBool(found.VoicemailPINRequired), strconv.FormatBool(spec.VoicemailPINRequired))
	compare("registration name", found.RegistrationName, spec.RegistrationName)
	return out
}
