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
	ExtensionID        int
}

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
// phone/batchcreate is not idempotent and answers with no ID, so AddPhone never repeats it
// blindly. When its answer is lost (the connection drops, a timeout, a 5xx or errcode -2, any
// of which may come after the PBX acted), AddPhone waits, then looks the MAC address up: a
// phone that matches what was asked is the one it added and is returned; one that differs is
// a *PhoneExistsError; none at all means the PBX did not act, and the request is sent again,
// up to the client's retry limit. A repeat that the PBX refuses because the address is now
// taken means the lost request landed late: that phone is adopted the same way. A MAC address
// the PBX already holds at the first request is a *PhoneExistsError, so nothing is ever added
// twice, and two phones with the address after a repeat are an error naming both.
//
// On error, the returned phone is nil, except when the PBX holds the phone this call added
// but reading it back failed: then it carries the ID, so that the caller can keep track of it.
func (c *Client) AddPhone(ctx context.Context, spec NewPhone) (*Phone, error) {
	mac, err := NormalizeMAC(spec.MAC)
	if err != nil {
		return nil, err
	}
	spec.MAC = mac
	body := batchCreateRequest{
		Vendor: spec.Vendor, Model: spec.Model, TemplateName: spec.TemplateName, ProvisioningMethod: spec.ProvisioningMethod,
		PhoneList: []batchCreateEntry{{MAC: mac, ExtID: spec.ExtensionID}},
	}
	if spec.RPSAuth {
		body.EnbRPSAuth = 1
	}
	// NOTE: once the request may have reached the PBX, the look-ups that find out what it did
	// must finish even if the run is interrupted (Ctrl-C), or a phone could be added untracked.
	lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
	defer cancel()

	for attempt := 0; ; attempt++ {
		_, err := c.do(ctx, request{method: http.MethodPost, path: "phone/batchcreate", body: body, authenticated: true, once: true})
		switch {
		case err == nil:
			return c.findAdded(lookupCtx, spec, attempt > 0)
		case attempt > 0 && errors.Is(err, ErrInvalidParameter) && namesParameter(err, "mac"):
			// The address was free before this repeat: the lost request landed after all.
			return c.adoptAfterLostAnswer(lookupCtx, spec, err)
		case !answerLost(err):
			if errors.Is(err, ErrInvalidParameter) && namesParameter(err, "mac") {
				// Most likely the address is taken: say by which phone.
				if found, findErr := c.FindPhoneByMAC(lookupCtx, mac); findErr == nil && found != nil {
					return nil, &PhoneExistsError{ID: found.ID, MAC: mac}
				}
			}
			return nil, err
		}

		// The PBX may still be working on the lost request: give it time before looking.
		c.debug(ctx, "Yeastar phone/batchcreate answer lost: looking the MAC address up before any repeat", map[string]any{"mac": mac, "attempt": attempt + 1})
		if sleepErr := sleep(lookupCtx, backoffWithJitter(c.retryWaitMin, c.retryWaitMax, attempt, nil)); sleepErr != nil {
			return nil, err
		}
		found, findErr := c.FindPhoneByMAC(lookupCtx, mac)
		switch {
		case findErr != nil:
			return nil, fmt.Errorf("the answer to adding phone %s was lost (%w), and looking the MAC address up failed too (%w): "+
				"the PBX may or may not hold the phone now", mac, err, findErr)
		case found != nil:
			return c.readBackAdded(lookupCtx, found.ID, spec, true)
		case attempt >= c.retryMax || ctx.Err() != nil:
			return nil, err
		}
	}
}

// lookupTimeout bounds the look-ups AddPhone makes after the PBX may have acted.
const lookupTimeout = 2 * time.Minute

// findAdded finds the phone the PBX accepted. A search may lag behind the add, so a phone not
// found yet is looked for again, up to the retry limit. After a repeated request, a second
// phone with the same address is an error that names both.
func (c *Client) findAdded(ctx context.Context, spec NewPhone, repeated bool) (*Phone, error) {
	for attempt := 0; ; attempt++ {
		found, err := c.findPhonesByMAC(ctx, spec.MAC)
		switch {
		case err != nil:
			return nil, fmt.Errorf("the PBX added phone %s, but looking up its ID failed: %w", spec.MAC, err)
		case len(found) > 1:
			ids := make([]string, len(found))
			for i, p := range found {
				ids[i] = strconv.Itoa(p.ID)
			}
			return nil, fmt.Errorf("the PBX now holds %d phones with MAC address %s (phone IDs %s) after a lost answer was repeated: "+
				"delete all but one in the web portal, then import that one", len(found), spec.MAC, strings.Join(ids, ", "))
		case len(found) == 1:
			return c.readBackAdded(ctx, found[0].ID, spec, repeated)
		case attempt >= c.retryMax:
			return nil, fmt.Errorf("the PBX accepted phone %s, but no phone with that MAC address can be found", spec.MAC)
		}
		if err := sleep(ctx, backoffWithJitter(c.retryWaitMin, c.retryWaitMax, attempt, nil)); err != nil {
			return nil, err
		}
	}
}

// adoptAfterLostAnswer takes over the phone that a lost request added after all.
func (c *Client) adoptAfterLostAnswer(ctx context.Context, spec NewPhone, refusal error) (*Phone, error) {
	found, err := c.FindPhoneByMAC(ctx, spec.MAC)
	switch {
	case err != nil:
		return nil, fmt.Errorf("the PBX refused to add phone %s again (%w), and looking it up failed (%w)", spec.MAC, refusal, err)
	case found == nil:
		return nil, refusal
	}
	return c.readBackAdded(ctx, found.ID, spec, true)
}

// readBackAdded reads the phone AddPhone found under its MAC address. When the request's
// answer was lost, the phone is adopted only if it is what was asked for.
func (c *Client) readBackAdded(ctx context.Context, id int, spec NewPhone, adopting bool) (*Phone, error) {
	phone, err := c.GetPhone(ctx, id)
	if err != nil {
		if adopting {
			// Without reading it, it cannot be told from someone else's phone: it is not adopted.
			return nil, &PhoneExistsError{ID: id, MAC: spec.MAC, Differences: []string{fmt.Sprintf("it could not be read to compare (%v)", err)}}
		}
		return &Phone{ID: id}, fmt.Errorf("the PBX added phone %s as phone ID %d, but reading it back failed: %w", spec.MAC, id, err)
	}
	if adopting {
		if differences := phoneDifferences(phone, spec); len(differences) > 0 {
			return nil, &PhoneExistsError{ID: id, MAC: spec.MAC, Differences: differences}
		}
	}
	return phone, nil
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

// SetPhoneExtension assigns another extension to a phone (phone/batchupdate). Sending it twice
// does no harm, so it is retried like any request.
func (c *Client) SetPhoneExtension(ctx context.Context, id int, mac string, extensionID int) error {
	if canonical, err := NormalizeMAC(mac); err == nil {
		mac = canonical
	}
	_, err := c.do(ctx, request{
		method: http.MethodPost, path: "phone/batchupdate", authenticated: true,
		body: map[string]any{"batch_id_list": []int{id}, "phone_list": []phoneRef{{ID: id, MAC: mac, ExtID: extensionID}}},
	})
	return err
}

// DeletePhone removes a phone from the auto-provisioning list. A phone that is already gone
// is not an error: that is the state asked for.
func (c *Client) DeletePhone(ctx context.Context, id int) error {
	_, err := c.do(ctx, request{
		method: http.MethodPost, path: "phone/batchdelete", authenticated: true,
		body: map[string]any{"batch_id_list": []int{id}},
	})
	if IsPhoneNotFound(err) {
		return nil
	}
	return err
}

// IsPhoneNotFound reports whether err is the PBX's answer to a phone ID it does not know:
// DATA NOT FOUND (60001, the likely answer), a parameter error naming the ID, or no phone in
// the data. Which one a PBX sends is unconfirmed.
func IsPhoneNotFound(err error) bool {
	return errors.Is(err, ErrDataNotFound) || (errors.Is(err, ErrInvalidParameter) && (namesParameter(err, "id") || namesParameter(err, "batch_id_list")))
}
