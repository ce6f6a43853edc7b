package yeastar

import (
	"context"
	"net/url"
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
// filtered for the exact number.
func (c *Client) FindExtension(ctx context.Context, number string) (*Extension, error) {
	found, err := searchAll(ctx, c, "extension/search", url.Values{"search_value": {number}}, extensionID)
	if err != nil {
		return nil, err
	}
	for _, e := range found {
		if e.Number == number {
			ext := e.extension()
			return &ext, nil
		}
	}
	return nil, nil
}

// AllExtensions lists every extension (extension/list, every page) once per client: later
// calls get the first answer. It serves plan-time checks of extension IDs and suggestions for
// an unknown number, where one listing answers for the whole configuration.
func (c *Client) AllExtensions(ctx context.Context) ([]Extension, error) {
	return c.extensionList.get(ctx, struct{}{}, "extensions", func(ctx context.Context) ([]Extension, error) {
		found, err := searchAll(ctx, c, "extension/list", url.Values{}, extensionID)
		if err != nil {
			return nil, err
		}
		return extensions(found), nil
	})
}
