package yeastar

import (
	"context"
	"net/url"
	"strings"
)

// Extension is one extension of the PBX.
type Extension struct {
	ID           int
	Number       string
	CallerIDName string
	Email        string
}

type extensionJSON struct {
	ID           flexInt `json:"id"`
	Number       string  `json:"number"`
	CallerIDName string  `json:"caller_id_name"`
	Email        string  `json:"email_addr"`
}

func (e extensionJSON) extension() Extension {
	return Extension{ID: int(e.ID), Number: e.Number, CallerIDName: e.CallerIDName, Email: e.Email}
}

func extensionID(e extensionJSON) int { return int(e.ID) }

func extensions(found []extensionJSON) []Extension {
	out := make([]Extension, len(found))
	for i, e := range found {
		out[i] = e.extension()
	}
	return out
}

// FindExtension returns the extension whose number is exactly number, or nil when there is
// none. extension/search is a keyword search (1001 also finds 10010), so its results are
// filtered for the exact number. It asks the PBX every time (no cache).
func (c *Client) FindExtension(ctx context.Context, number string) (*Extension, error) {
	found, err := c.findExtensions(ctx, number, func(e Extension) bool { return e.Number == number })
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return &found[0], nil
}

// FindExtensionByEmail returns the extension whose e-mail address is email (compared without
// case, as the PBX keeps addresses unique), or nil when there is none. It asks the PBX every
// time (no cache).
func (c *Client) FindExtensionByEmail(ctx context.Context, email string) (*Extension, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return nil, nil
	}
	found, err := c.findExtensions(ctx, email, func(e Extension) bool { return strings.EqualFold(e.Email, email) })
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return &found[0], nil
}

// findExtensions searches for keyword and keeps the extensions that match exactly.
func (c *Client) findExtensions(ctx context.Context, keyword string, exact func(Extension) bool) ([]Extension, error) {
	all, err := c.SearchExtensions(ctx, keyword)
	if err != nil {
		return nil, err
	}
	var found []Extension
	for _, e := range all {
		if exact(e) {
			found = append(found, e)
		}
	}
	return found, nil
}

// SearchExtensions lists the extensions whose fields (number, name, e-mail address) contain
// keyword, reading every page; "" lists every extension (extension/list). It asks the PBX every
// time (no cache).
func (c *Client) SearchExtensions(ctx context.Context, keyword string) ([]Extension, error) {
	path, query := "extension/list", url.Values{}
	if keyword != "" {
		path, query = "extension/search", url.Values{"search_value": {keyword}}
	}
	found, err := searchAll(ctx, c, path, query, extensionID)
	if err != nil {
		return nil, err
	}
	return extensions(found), nil
}

// AllExtensions lists every extension (extension/list, every page) once per client: later
// calls get the first answer, with the extensions this client created or deleted since. It serves plan-time checks of
// extension IDs and suggestions for an unknown number, where one listing answers for the whole
// configuration.
func (c *Client) AllExtensions(ctx context.Context) ([]Extension, error) {
	return c.extensionList.get(ctx, struct{}{}, "extensions", func(ctx context.Context) ([]Extension, error) {
		return c.SearchExtensions(ctx, "")
	})
}
