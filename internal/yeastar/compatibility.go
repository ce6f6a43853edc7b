package yeastar

import (
	"context"
	"net/http"
	"net/url"
)

// Menus of the auto_provisioning/compatibility endpoint.
const (
	MenuPhoneVendor   = "phone_vendor"
	MenuPhoneModel    = "phone_model"
	MenuPhoneTemplate = "phone_template"
	MenuAutopMethod   = "autop_method"
)

// Option is one item the compatibility endpoint lists. What Text, Value and Type mean depends on
// the menu: for autop_method, Text is the provisioning link and Value the method.
type Option struct {
	Text  string `json:"text"`
	Value string `json:"value"`
	Type  string `json:"type"`
}

// CompatibilityQuery is one question to the compatibility endpoint.
type CompatibilityQuery struct {
	Menu   string
	Vendor string
	Model  string
}

func (q CompatibilityQuery) values() url.Values {
	v := url.Values{"menu": {q.Menu}}
	if q.Vendor != "" {
		v.Set("vendor", q.Vendor)
	}
	if q.Model != "" {
		v.Set("model", q.Model)
	}
	return v
}

// PhoneVendors lists the phone vendors the PBX can auto-provision.
func (c *Client) PhoneVendors(ctx context.Context) ([]Option, error) {
	return c.Compatibility(ctx, CompatibilityQuery{Menu: MenuPhoneVendor})
}

// PhoneModels lists the models of a vendor, by the vendor's value (e.g. "Yealink", "Ale").
func (c *Client) PhoneModels(ctx context.Context, vendor string) ([]Option, error) {
	return c.Compatibility(ctx, CompatibilityQuery{Menu: MenuPhoneModel, Vendor: vendor})
}

// PhoneTemplates lists the provisioning templates of a model, by the model's value.
func (c *Client) PhoneTemplates(ctx context.Context, model string) ([]Option, error) {
	return c.Compatibility(ctx, CompatibilityQuery{Menu: MenuPhoneTemplate, Model: model})
}

// AutopMethods lists the auto-provisioning methods and links of a vendor's model.
func (c *Client) AutopMethods(ctx context.Context, vendor, model string) ([]Option, error) {
	return c.Compatibility(ctx, CompatibilityQuery{Menu: MenuAutopMethod, Vendor: vendor, Model: model})
}

// Compatibility answers one query. The compatibility data is static while a client lives (it
// changes only with the PBX's firmware), so each distinct query is sent once (see answerCache).
// The returned slice is shared: callers must not modify it.
func (c *Client) Compatibility(ctx context.Context, q CompatibilityQuery) ([]Option, error) {
	return c.catalog.get(ctx, q, q.values().Encode(), func(ctx context.Context) ([]Option, error) {
		resp, err := c.do(ctx, request{
			method:        http.MethodGet,
			path:          "auto_provisioning/compatibility",
			query:         q.values(),
			authenticated: true,
		})
		if err != nil {
			return nil, err
		}
		options := []Option{}
		if err := decodeData(resp.request, resp.status, resp.env, &options, c.secrets.redact); err != nil {
			return nil, c.secrets.redactError(err)
		}
		return options, nil
	})
}
