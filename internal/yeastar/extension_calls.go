package yeastar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// extensionQueryBatch is how many IDs one extension/query asks for: the IDs travel in the
// query string, which proxies may cap at a few kilobytes.
const extensionQueryBatch = 100

// GetExtension reads one extension by ID (extension/get). The passwords the PBX may return are
// dropped while decoding, after joining the client's redaction set. An extension the PBX does
// not know is an error for which IsExtensionNotFound is true; the vendor leaves that answer
// unconfirmed, so callers that act on it confirm the disappearance with FindExtension.
func (c *Client) GetExtension(ctx context.Context, id int) (*ExtensionDetail, error) {
	resp, err := c.do(ctx, request{
		method: http.MethodGet, path: "extension/get", authenticated: true,
		query: url.Values{"id": {strconv.Itoa(id)}},
	})
	if err != nil {
		return nil, err
	}
	if data := strings.TrimSpace(string(resp.env.Data)); data == "" || data == "null" || data == "[]" || data == "{}" {
		return nil, fmt.Errorf("%s: %w (the answer holds no extension)", resp.request, ErrDataNotFound)
	}
	details, err := c.decodeExtensions(resp)
	if err != nil {
		return nil, err
	}
	for _, d := range details {
		if d.ID == id || len(details) == 1 && d.ID == 0 {
			d.ID = id
			return &d, nil
		}
	}
	return nil, c.secrets.redactError(&ResponseError{Request: resp.request, HTTPStatus: resp.status,
		Problem: fmt.Sprintf("the answer holds %d extensions, none with ID %d", len(details), id)})
}

// decodeExtensions decodes extension/get's or extension/query's data, dropping the secrets.
func (c *Client) decodeExtensions(resp *response) ([]ExtensionDetail, error) {
	details, err := decodeExtensionDetails(resp.env.Data, c.secrets.add)
	if err != nil {
		return nil, c.secrets.redactError(&ResponseError{
			Request: resp.request, HTTPStatus: resp.status,
			Problem: "the data field has an unexpected shape: " + shapeProblem(err), Snippet: snippet(c.secrets.redact(string(resp.env.Data))),
		})
	}
	return details, nil
}

// IsExtensionNotFound reports whether err is the PBX's answer to an extension ID it does not
// know: DATA NOT FOUND (60001, the likely answer), a parameter error naming the ID, or no
// extension in the data. Which one a PBX sends is unconfirmed.
func IsExtensionNotFound(err error) bool {
	return errors.Is(err, ErrDataNotFound) || errors.Is(err, ErrInvalidParameter) && namesParameter(err, "id")
}

// GetExtensions reads several extensions by ID (extension/query, up to 100 IDs per request), in
// the order of ids; IDs the PBX does not know are left out. The passwords are dropped as in
// GetExtension.
func (c *Client) GetExtensions(ctx context.Context, ids []int) ([]ExtensionDetail, error) {
	byID := map[int]ExtensionDetail{}
	for start := 0; start < len(ids); start += extensionQueryBatch {
		batch := ids[start:min(start+extensionQueryBatch, len(ids))]
		text := make([]string, len(batch))
		for i, id := range batch {
			text[i] = strconv.Itoa(id)
		}
		resp, err := c.do(ctx, request{
			method: http.MethodGet, path: "extension/query", authenticated: true,
			query: url.Values{"ids": {strings.Join(text, ",")}},
		})
		if err != nil {
			return nil, err
		}
		details, err := c.decodeExtensions(resp)
		if err != nil {
			return nil, err
		}
		for _, d := range details {
			byID[d.ID] = d
		}
	}
	out := make([]ExtensionDetail, 0, len(ids))
	for _, id := range ids {
		if d, found := byID[id]; found {
			out = append(out, d)
			delete(byID, id) // an ID asked twice is answered once
		}
	}
	return out, nil
}

// extensionFields is the body of extension/create and extension/update: the guide's names.
// Pointers leave a field out.
type extensionFields struct {
	ID                      int     `json:"id,omitempty"`
	Type                    string  `json:"type,omitempty"`
	Number                  string  `json:"number,omitempty"`
	FirstName               *string `json:"first_name,omitempty"`
	LastName                *string `json:"last_name,omitempty"`
	Email                   *string `json:"email_addr,omitempty"`
	MobileNumber            *string `json:"mobile_number,omitempty"`
	Title                   *string `json:"title,omitempty"`
	CallerID                *string `json:"caller_id,omitempty"`
	UserPassword            *string `json:"user_password,omitempty"`
	RegName                 *string `json:"reg_name,omitempty"`
	RegPassword             *string `json:"reg_password,omitempty"`
	ConcurrentRegistrations *int    `json:"concurrent_registrations,omitempty"`
	PresenceStatus          *string `json:"presence_status,omitempty"`
	RoleID                  *int    `json:"role_id,omitempty"`
	EnbVM                   *int    `json:"enb_vm,omitempty"`
	EnbVMPIN                *int    `json:"enb_vm_pin,omitempty"`
	VMPin                   *string `json:"vm_pin,omitempty"`
}

func flag(b *bool) *int {
	if b == nil {
		return nil
	}
	v := 0
	if *b {
		v = 1
	}
	return &v
}

// UpdateExtension changes the non-nil fields of changes, and only those (extension/update). New
// secrets join the client's redaction set before anything is sent. With nothing to change it
// sends nothing. Sending the same change twice does no harm, so it is retried like any request.
func (c *Client) UpdateExtension(ctx context.Context, id int, changes ExtensionChanges) error {
	body := extensionFields{
		ID: id, FirstName: changes.FirstName, LastName: changes.LastName, Email: changes.Email, MobileNumber: changes.MobileNumber,
		Title: changes.Title, CallerID: changes.CallerID, UserPassword: changes.UserPassword, RegName: changes.RegistrationName,
		RegPassword: changes.RegistrationPassword, ConcurrentRegistrations: changes.ConcurrentRegistrations,
		PresenceStatus: changes.PresenceStatus, RoleID: changes.RoleID, EnbVM: flag(changes.VoicemailEnabled),
		EnbVMPIN: flag(changes.VoicemailPINRequired), VMPin: changes.VoicemailPIN,
	}
	if body == (extensionFields{ID: id}) {
		return nil
	}
	for _, secret := range []*string{changes.UserPassword, changes.RegistrationPassword, changes.VoicemailPIN} {
		if secret != nil {
			c.secrets.add(*secret)
		}
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: "extension/update", body: body, authenticated: true})
	return err
}

// DeleteExtension deletes an extension (extension/delete), and drops it from the cached
// AllExtensions listing. One that is already gone is not an error: that is the state asked for
// (the PBX's "not found" is confirmed with a listing, as DeletePhone does). One still in use (70091, e.g. a phone assigned to it) is
// an *ExtensionInUseError naming the phones of the auto-provisioning list assigned to it.
func (c *Client) DeleteExtension(ctx context.Context, id int) error {
	_, err := c.do(ctx, request{
		method: http.MethodGet, path: "extension/delete", authenticated: true,
		query: url.Values{"id": {strconv.Itoa(id)}},
	})
	switch {
	case err == nil:
		c.forgetExtension(id)
		return nil
	case IsExtensionNotFound(err):
		// A parameter error naming id may also mean a malformed request, so "gone" is believed
		// only when a fresh listing (as DeletePhone does) lacks the extension.
		all, listErr := c.SearchExtensions(ctx, "")
		if listErr != nil {
			return fmt.Errorf("the PBX answered that extension ID %d does not exist (%w), but listing the extensions to confirm it failed: %w", id, err, listErr)
		}
		for _, e := range all {
			if e.ID == id {
				return fmt.Errorf("the PBX refused to delete extension ID %d as unknown, yet still lists it (number %s): %w", id, e.Number, err)
			}
		}
		c.forgetExtension(id)
		return nil
	case errors.Is(err, ErrInUse):
		inUse := &ExtensionInUseError{ID: id, Err: err}
		// Best effort: the error stands without the phones.
		if ext, getErr := c.GetExtension(ctx, id); getErr == nil {
			inUse.Number = ext.Number
			inUse.PhoneIDs = c.phonesAssignedTo(ctx, ext.Number)
		}
		return inUse
	}
	return err
}

// phonesAssignedTo returns the IDs of the phones assigned to the extension with this number,
// nil when none are or they cannot be listed.
func (c *Client) phonesAssignedTo(ctx context.Context, number string) []int {
	phones, err := c.PhonesAssignedTo(ctx, number)
	if err != nil {
		return nil
	}
	ids := make([]int, 0, len(phones))
	for _, p := range phones {
		ids = append(ids, p.ID)
	}
	return ids
}

// PhonesAssignedTo lists the phones of the auto-provisioning list assigned to the extension
// with this number. Whether phone/search matches the assigned extension's number is
// unconfirmed, so a search that finds none is followed by a full listing.
func (c *Client) PhonesAssignedTo(ctx context.Context, number string) ([]PhoneSummary, error) {
	var assigned []PhoneSummary
	for _, keyword := range []string{number, ""} {
		phones, err := c.SearchPhones(ctx, keyword)
		if err != nil {
			return nil, err
		}
		for _, p := range phones {
			if p.ExtensionNumber == number {
				assigned = append(assigned, p)
			}
		}
		if len(assigned) > 0 {
			return assigned, nil
		}
	}
	return nil, nil
}

// ResetExtension gives an existing extension every field of spec but its number (which cannot
// change): the names, the e-mail address and the other texts (an empty one is cleared), the
// settings, and the three secrets, which join the client's redaction set first. The extension
// keeps its ID, and the phones assigned to it stay assigned. It is how a new person takes over
// a number that a leaver gives up in the same run: none of the leaver's secrets still works.
func (c *Client) ResetExtension(ctx context.Context, id int, spec NewExtension) error {
	spec = withCreateDefaults(spec)
	text := func(v string) *string { return &v }
	callerID := spec.CallerID
	if callerID == "" {
		callerID = spec.Number // the PBX's default for a new extension
	}
	changes := ExtensionChanges{
		FirstName: text(spec.FirstName), LastName: text(spec.LastName), Email: text(spec.Email),
		MobileNumber: text(spec.MobileNumber), Title: text(spec.Title), CallerID: text(callerID),
		PresenceStatus: text(spec.PresenceStatus), ConcurrentRegistrations: &spec.ConcurrentRegistrations,
		VoicemailEnabled: &spec.VoicemailEnabled, VoicemailPINRequired: &spec.VoicemailPINRequired,
		RegistrationName: text(spec.RegistrationName),
		UserPassword:     text(spec.UserPassword), RegistrationPassword: text(spec.RegistrationPassword), VoicemailPIN: text(spec.VoicemailPIN),
	}
	if spec.RoleID != 0 {
		changes.RoleID = &spec.RoleID
	}
	if err := c.UpdateExtension(ctx, id, changes); err != nil {
		return err
	}
	c.rememberExtension(Extension{ID: id, Number: spec.Number, CallerIDName: strings.TrimSpace(spec.FirstName + " " + spec.LastName), Email: spec.Email})
	return nil
}

// ExtensionSecrets reads an extension's SIP registration password and voicemail PIN
// (extension/getpassword, Base64-decoded). Both values, encoded and decoded, join the client's
// redaction set before they are returned.
func (c *Client) ExtensionSecrets(ctx context.Context, id int) (*ExtensionSecrets, error) {
	read := func(kind string) (string, error) {
		resp, err := c.do(ctx, request{
			method: http.MethodGet, path: "extension/getpassword", authenticated: true,
			query: url.Values{"id": {strconv.Itoa(id)}, "type": {kind}},
		})
		if err != nil {
			return "", err
		}
		secret, err := decodePasswordAnswer(resp.body, resp.env.Data, c.secrets.add)
		if err != nil {
			// Never a snippet of the body: it is the secret.
			return "", &ResponseError{Request: resp.request, HTTPStatus: resp.status, Problem: err.Error()}
		}
		return secret, nil
	}
	regPassword, err := read("reg_password")
	if err != nil {
		return nil, err
	}
	pin, err := read("vm_pin")
	if err != nil {
		return nil, err
	}
	return &ExtensionSecrets{RegistrationPassword: regPassword, VoicemailPIN: pin}, nil
}

// UserRoles lists the PBX's user roles (system/get_menuoptions?menu=role): Text is a role's
// name, Value its ID as a string. The roles cannot be changed through the API, so the answer
// is asked once per client. The returned slice is shared: callers must not modify it.
func (c *Client) UserRoles(ctx context.Context) ([]Option, error) {
	return c.userRoles.get(ctx, struct{}{}, "roles", func(ctx context.Context) ([]Option, error) {
		resp, err := c.do(ctx, request{
			method: http.MethodGet, path: "system/get_menuoptions", authenticated: true,
			query: url.Values{"menu": {"role"}},
		})
		if err != nil {
			return nil, err
		}
		var raw []struct {
			Text  string     `json:"text"`
			Value flexString `json:"value"`
		}
		if err := decodeData(resp.request, resp.status, resp.env, &raw, c.secrets.redact); err != nil {
			return nil, c.secrets.redactError(err)
		}
		roles := make([]Option, len(raw))
		for i, r := range raw {
			roles[i] = Option{Text: r.Text, Value: string(r.Value)}
		}
		return roles, nil
	})
}

// SendWelcomeEmail sends the Linkus welcome e-mail of one extension
// (extension/send_welcome_email). It is sent once, never repeated: a repeat after a lost answer
// could send the e-mail twice.
func (c *Client) SendWelcomeEmail(ctx context.Context, id int) error {
	_, err := c.do(ctx, request{
		method: http.MethodPost, path: "extension/send_welcome_email", authenticated: true, once: true,
		body: map[string][]int{"id_list": {id}},
	})
	return err
}
