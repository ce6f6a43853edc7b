package yeastar

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Phone is one phone of the PBX's auto-provisioning list, as phone/get describes it.
type Phone struct {
	ID                 int
	MAC                string
	Vendor             string
	Model              string
	TemplateName       string
	ProvisioningMethod string
	ProvisioningLink   string
	RPSAuth            bool
	// ExtensionID is the assigned extension's ID; 0 when none is assigned.
	ExtensionID int
}

// PhoneSummary is one phone as phone/search lists it.
type PhoneSummary struct {
	ID                 int
	MAC                string
	Vendor             string
	Model              string
	TemplateName       string
	IP                 string
	Firmware           string
	RegistrationStatus string
	// ExtensionNumber and ExtensionName are "Unassigned" when no extension is assigned.
	ExtensionNumber string
	ExtensionName   string
}

// NewPhone is what AddPhone adds.
type NewPhone struct {
	MAC                string
	Vendor             string
	Model              string
	TemplateName       string
	ProvisioningMethod string
	RPSAuth            bool
	// ExtensionID is the ID of the extension the phone rings for. It is required: the vendor's
	// reference marks ext_id required for every phone of phone/batchcreate, so a phone cannot
	// be added without an extension.
	ExtensionID int
}

// ErrPhoneNeedsExtension is AddPhone's answer to a phone without an extension ID (0 or less),
// refused before anything is sent: phone/batchcreate requires ext_id for every phone.
var ErrPhoneNeedsExtension = errors.New("a phone can only be added with an extension: phone/batchcreate requires ext_id for every phone")

// PhoneExistsError says that the PBX already holds a phone with the MAC address that was to be
// added, one that this client did not add or that differs from what was asked.
type PhoneExistsError struct {
	ID  int
	MAC string
	// Differences lists what the existing phone has that was not asked, e.g. `model "T46U"
	// (asked "CP920")`; empty when the phone was there before the request.
	Differences []string
}

func (e *PhoneExistsError) Error() string {
	if len(e.Differences) == 0 {
		return fmt.Sprintf("the PBX already has a phone with MAC address %s (phone ID %d)", e.MAC, e.ID)
	}
	return fmt.Sprintf("the PBX has a phone with MAC address %s (phone ID %d) that differs from the one asked for: %s",
		e.MAC, e.ID, strings.Join(e.Differences, ", "))
}

type phoneJSON struct {
	ID                 flexInt `json:"id"`
	MAC                string  `json:"mac"`
	Vendor             string  `json:"vendor"`
	Model              string  `json:"model"`
	TemplateName       string  `json:"template_name"`
	ProvisioningMethod string  `json:"provisioning_method"`
	ProvisioningLink   string  `json:"provisioning_link"`
	EnbRPSAuth         flexInt `json:"enb_rps_auth"`
	AssignedExtension  flexInt `json:"assigned_extension"`
}

type phoneSummaryJSON struct {
	ID                flexInt `json:"id"`
	MAC               string  `json:"mac"`
	Vendor            string  `json:"vendor"`
	Model             string  `json:"model"`
	TemplateName      string  `json:"template_name"`
	IP                string  `json:"ip"`
	Firmware          string  `json:"firmware"`
	AssignedExtStatus string  `json:"assigned_ext_status"`
	AssignedExtNum    string  `json:"assigned_ext_num"`
	AssignedExtName   string  `json:"assigned_ext_name"`
}

func (p phoneSummaryJSON) summary() PhoneSummary {
	return PhoneSummary{
		ID: int(p.ID), MAC: p.MAC, Vendor: p.Vendor, Model: p.Model, TemplateName: p.TemplateName, IP: p.IP,
		Firmware: p.Firmware, RegistrationStatus: p.AssignedExtStatus, ExtensionNumber: p.AssignedExtNum, ExtensionName: p.AssignedExtName,
	}
}

// decodePhone reads phone/get's data, which the vendor's guide types as an array but shows as
// one object: both are accepted.
func decodePhone(data json.RawMessage) (*Phone, error) {
	var one phoneJSON
	if trimmed := strings.TrimSpace(string(data)); strings.HasPrefix(trimmed, "[") {
		var list []phoneJSON
		if err := json.Unmarshal(data, &list); err != nil {
			return nil, err
		}
		if len(list) != 1 {
			return nil, fmt.Errorf("%d phones where one was expected", len(list))
		}
		one = list[0]
	} else if err := json.Unmarshal(data, &one); err != nil {
		return nil, err
	}
	return &Phone{
		ID: int(one.ID), MAC: one.MAC, Vendor: one.Vendor, Model: one.Model, TemplateName: one.TemplateName,
		ProvisioningMethod: one.ProvisioningMethod, ProvisioningLink: one.ProvisioningLink,
		RPSAuth: one.EnbRPSAuth != 0, ExtensionID: int(one.AssignedExtension),
	}, nil
}

// GetPhone reads one phone by ID. A phone the PBX does not know is an error for which
// IsPhoneNotFound is true; the vendor leaves that answer unconfirmed, so callers that act on
// it confirm the disappearance with FindPhoneByMAC.
func (c *Client) GetPhone(ctx context.Context, id int) (*Phone, error) {
	resp, err := c.do(ctx, request{
		method: http.MethodGet, path: "phone/get", authenticated: true,
		query: url.Values{"id": {strconv.Itoa(id)}},
	})
	if err != nil {
		return nil, err
	}
	if data := strings.TrimSpace(string(resp.env.Data)); data == "" || data == "null" || data == "[]" || data == "{}" {
		return nil, fmt.Errorf("%s: %w (the answer holds no phone)", resp.request, ErrDataNotFound)
	}
	phone, err := decodePhone(resp.env.Data)
	if err != nil {
		return nil, c.secrets.redactError(&ResponseError{
			Request: resp.request, HTTPStatus: resp.status,
			Problem: "the data field has an unexpected shape: " + shapeProblem(err), Snippet: snippet(c.secrets.redact(string(resp.env.Data))),
		})
	}
	if phone.ID == 0 {
		phone.ID = id
	}
	return phone, nil
}

// SearchPhones lists the phones whose fields contain keyword (every phone when it is empty),
// reading every page, in the PBX's order.
func (c *Client) SearchPhones(ctx context.Context, keyword string) ([]PhoneSummary, error) {
	query := url.Values{}
	if keyword != "" {
		query.Set("search_value", keyword)
	}
	found, err := searchAll(ctx, c, "phone/search", query, func(p phoneSummaryJSON) int { return int(p.ID) })
	if err != nil {
		return nil, err
	}
	phones := make([]PhoneSummary, len(found))
	for i, p := range found {
		phones[i] = p.summary()
	}
	return phones, nil
}

// FindPhoneByMAC returns the phone with this MAC address, compared in any notation, or nil
// when the PBX has none.
func (c *Client) FindPhoneByMAC(ctx context.Context, mac string) (*PhoneSummary, error) {
	found, err := c.findPhonesByMAC(ctx, mac)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return &found[0], nil
}

// findPhonesByMAC returns every phone with this MAC address. The search is a keyword search,
// so its results are filtered for the exact address; and since the notation the PBX stores is
// unconfirmed, a keyword search that finds no exact match is followed by a full listing.
func (c *Client) findPhonesByMAC(ctx context.Context, mac string) ([]PhoneSummary, error) {
	canonical, err := NormalizeMAC(mac)
	if err != nil {
		return nil, err
	}
	exact := func(phones []PhoneSummary) []PhoneSummary {
		var out []PhoneSummary
		for _, p := range phones {
			if SameMAC(p.MAC, canonical) {
				out = append(out, p)
			}
		}
		return out
	}
	phones, err := c.SearchPhones(ctx, canonical)
	if err != nil {
		return nil, err
	}
	if found := exact(phones); len(found) > 0 {
		return found, nil
	}
	if phones, err = c.SearchPhones(ctx, ""); err != nil {
		return nil, err
	}
	return exact(phones), nil
}

// AllPhones lists every phone once per client: later calls get the first answer. It serves
// plan-time checks (is this MAC address taken?), where one listing answers for every phone of
// the configuration; use SearchPhones for an answer as of now.
func (c *Client) AllPhones(ctx context.Context) ([]PhoneSummary, error) {
	return c.phoneList.get(ctx, struct{}{}, "phones", func(ctx context.Context) ([]PhoneSummary, error) {
		return c.SearchPhones(ctx, "")
	})
}

type batchCreateRequest struct {
	Vendor             string             `json:"vendor"`
	Model              string             `json:"model"`
	TemplateName       string             `json:"template_name"`
	ProvisioningMethod string             `json:"provisioning_method"`
	EnbRPSAuth         int                `json:"enb_rps_auth"`
	PhoneList          []batchCreateEntry `json:"phone_list"`
}

type batchCreateEntry struct {
	MAC   string `json:"mac"`
	ExtID int    `json:"ext_id"`
}

// AddPhone adds one phone to the auto-provisioning list and returns it as phone/get reads it.
//
// phone/batchcreate is not idempotent and answers with no ID, so AddPhone sends it through
// Create (see there): a lost answer (or PROCESSING, PARTIAL SUCCESS) is resolved by looking
// the MAC address up before any repeat; a matching phone is adopted, a different one is a
// *PhoneExistsError; a repeat refused because the address is now taken (40002 naming `mac`
// or 40003 naming it in duplicate_field_list) adopts the late original; a MAC address the PBX
// already holds at the first request is a *PhoneExistsError; two phones with the address are a
// *DuplicatesError naming both. A Ctrl-C does not cut the request or its look-ups short.
//
// On error, the returned phone is nil, except when the PBX holds the phone this call added
// but reading it back failed: then it carries the ID, so that the caller can keep track of it.
func (c *Client) AddPhone(ctx context.Context, spec NewPhone) (*Phone, error) {
	mac, err := NormalizeMAC(spec.MAC)
	if err != nil {
		return nil, err
	}
	if spec.ExtensionID <= 0 {
		return nil, fmt.Errorf("adding phone %s with extension ID %d: %w", mac, spec.ExtensionID, ErrPhoneNeedsExtension)
	}
	spec.MAC = mac
	body := batchCreateRequest{
		Vendor: spec.Vendor, Model: spec.Model, TemplateName: spec.TemplateName, ProvisioningMethod: spec.ProvisioningMethod,
		PhoneList: []batchCreateEntry{{MAC: mac, ExtID: spec.ExtensionID}},
	}
	if spec.RPSAuth {
		body.EnbRPSAuth = 1
	}
	phone, err := Create(ctx, c, Creation[*Phone]{
		Kind: "phone", KeyName: "MAC address", Key: mac, DuplicateFields: []string{"mac"},
		Send: func(ctx context.Context) (int, error) {
			_, err := c.do(ctx, request{method: http.MethodPost, path: "phone/batchcreate", body: body, authenticated: true, once: true})
			return 0, err
		},
		Find: func(ctx context.Context) ([]int, error) {
			found, err := c.findPhonesByMAC(ctx, mac)
			ids := make([]int, len(found))
			for i, p := range found {
				ids[i] = p.ID
			}
			return ids, err
		},
		Read:        c.GetPhone,
		Differences: func(p *Phone) []string { return phoneDifferences(p, spec) },
		Exists: func(id int, differences []string) error {
			return &PhoneExistsError{ID: id, MAC: mac, Differences: differences}
		},
	})
	var notRead *AddedNotReadError
	if errors.As(err, &notRead) {
		return &Phone{ID: notRead.ID}, err
	}
	return phone, err
}

func phoneDifferences(p *Phone, spec NewPhone) []string {
	var out []string
	compare := func(name, have, want string) {
		if have != want {
			out = append(out, fmt.Sprintf("%s %q (asked %q)", name, have, want))
		}
	}
	compare("vendor", p.Vendor, spec.Vendor)
	compare("model", p.Model, spec.Model)
	compare("template", p.TemplateName, spec.TemplateName)
	compare("provisioning method", p.ProvisioningMethod, spec.ProvisioningMethod)
	compare("extension ID", strconv.Itoa(p.ExtensionID), strconv.Itoa(spec.ExtensionID))
	compare("RPS authentication", strconv.FormatBool(p.RPSAuth), strconv.FormatBool(spec.RPSAuth))
	return out
}

// answerLost reports whether a failed request may have been carried out by the PBX all the
// same: no answer, an answer that is not the API's, or the API's internal error.
func answerLost(err error) bool {
	var requestErr *RequestError
	var responseErr *ResponseError
	return errors.As(err, &requestErr) || errors.As(err, &responseErr) || errors.Is(err, ErrInternal)
}

// AnswerLost reports whether a failed request may have reached the PBX and been carried out all
// the same (see answerLost), rather than never having been sent: its caller cannot tell whether
// the PBX acted, e.g. whether a welcome e-mail went out.
func AnswerLost(err error) bool {
	return err != nil && answerLost(err) && !notCarriedOut(err)
}

// namesParameter reports whether err is an API error whose invalid_param_list names field.
func namesParameter(err error, field string) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	for _, p := range apiErr.InvalidParams {
		if strings.EqualFold(p.Field, field) {
			return true
		}
	}
	return false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type phoneRef struct {
	ID    int    `json:"id"`
	MAC   string `json:"mac"`
	ExtID int    `json:"ext_id"`
}

// unassignedExtID is the ext_id SetPhoneExtension sends to take a phone's extension away. That
// phone/batchupdate accepts it is *unconfirmed*: the vendor's reference documents batchupdate
// for changing the assignment and says nothing of removing it. This is the one place the guess
// lives.
const unassignedExtID = 0

// SetPhoneExtension assigns another extension to a phone (phone/batchupdate), or none with
// unassignedExtID. Sending it twice does no harm, so it is retried like any request. A PBX
// that refuses unassignedExtID (40002 naming ext_id) gets an error that says so.
func (c *Client) SetPhoneExtension(ctx context.Context, id int, mac string, extensionID int) error {
	if canonical, err := NormalizeMAC(mac); err == nil {
		mac = canonical
	}
	_, err := c.do(ctx, request{
		method: http.MethodPost, path: "phone/batchupdate", authenticated: true,
		body: map[string]any{"batch_id_list": []int{id}, "phone_list": []phoneRef{{ID: id, MAC: mac, ExtID: extensionID}}},
	})
	if extensionID == unassignedExtID && errors.Is(err, ErrInvalidParameter) && namesParameter(err, "ext_id") {
		return fmt.Errorf("this PBX does not unassign a phone through the API (phone/batchupdate refused ext_id %d, "+
			"which the vendor's reference leaves unconfirmed); the phone keeps its extension: %w", unassignedExtID, err)
	}
	return err
}

// DeletePhone removes a phone from the auto-provisioning list. A phone that is already gone
// is not an error: that is the state asked for. Since which answer the PBX gives to an
// unknown ID is unconfirmed (and 40002 naming batch_id_list may as well mean a malformed
// list), a not-found answer counts only once a listing confirms that the ID is gone.
func (c *Client) DeletePhone(ctx context.Context, id int) error {
	_, err := c.do(ctx, request{
		method: http.MethodPost, path: "phone/batchdelete", authenticated: true,
		body: map[string]any{"batch_id_list": []int{id}},
	})
	if !IsPhoneNotFound(err) {
		return err
	}
	phones, listErr := c.SearchPhones(ctx, "")
	if listErr != nil {
		return fmt.Errorf("the PBX answered that phone ID %d does not exist (%w), but listing the phones to confirm it failed: %w", id, err, listErr)
	}
	for _, p := range phones {
		if p.ID == id {
			return fmt.Errorf("the PBX refused to delete phone ID %d as unknown, yet still lists it (MAC address %s): %w", id, p.MAC, err)
		}
	}
	return nil
}

// IsPhoneNotFound reports whether err is the PBX's answer to a phone ID it does not know:
// DATA NOT FOUND (60001, the likely answer), a parameter error naming the ID, or no phone in
// the data. Which one a PBX sends is unconfirmed.
func IsPhoneNotFound(err error) bool {
	return errors.Is(err, ErrDataNotFound) || (errors.Is(err, ErrInvalidParameter) && (namesParameter(err, "id") || namesParameter(err, "batch_id_list")))
}
