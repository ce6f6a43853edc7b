package yeastar

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// NumberHolder is the object that holds a number of the PBX's one number space.
type NumberHolder struct {
	// Kind is "extension" or a routing kind's Noun ("ring group", "queue", "IVR"), or, for a
	// holder only the PBX's refusal named, its external_source ("conference"); ID is then 0.
	Kind   string
	ID     int
	Number string
	// Name is an extension's caller ID name or a routing object's name.
	Name string
}

func (h NumberHolder) String() string {
	if h.ID == 0 { // named by the PBX's refusal only
		return strings.TrimSpace(h.Kind + " " + strings.TrimSpace(h.Number+" "+h.Name))
	}
	return fmt.Sprintf("%s %s (ID %d)", h.Kind, strings.TrimSpace(h.Number+" "+h.Name), h.ID)
}

// NumberHolder returns the object that holds number in the PBX's one number space
// (extensions, ring groups, queues and IVRs), or nil when none does. It looks in the cached
// listings (AllExtensions, AllRouting), and confirms a number found there with a search as of
// now, since the holder may have been deleted since (by a replacement in this apply). Conference
// rooms and paging groups are not listed by this API: the PBX refuses their numbers at create.
func (c *Client) NumberHolder(ctx context.Context, number string) (*NumberHolder, error) {
	extensions, err := c.AllExtensions(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range extensions {
		if e.Number != number {
			continue
		}
		found, err := c.FindExtension(ctx, number)
		if err != nil {
			return nil, err
		}
		if found != nil {
			return &NumberHolder{Kind: "extension", ID: found.ID, Number: found.Number, Name: found.CallerIDName}, nil
		}
		break
	}
	return c.RoutingNumberHolder(ctx, number)
}

// RoutingNumberHolder is NumberHolder for the ring groups, queues and IVRs only.
func (c *Client) RoutingNumberHolder(ctx context.Context, number string) (*NumberHolder, error) {
	for _, kind := range numberedKinds {
		all, err := c.AllRouting(ctx, kind)
		if err != nil {
			return nil, err
		}
		for _, s := range all {
			if s.Number != number {
				continue
			}
			found, err := c.FindRoutingOne(ctx, kind, number)
			if err != nil {
				return nil, err
			}
			if found != nil {
				return &NumberHolder{Kind: kind.Noun, ID: found.ID, Number: found.Number, Name: found.Name}, nil
			}
			break
		}
	}
	return nil, nil
}

// Menus of system/get_menuoptions that the routing objects take values from.
const (
	MenuCustomPrompt = "custom_prompt"
	MenuGroupVM      = "group_vm"
	MenuConference   = "conference"
)

// MenuOptions lists the options of one menu of system/get_menuoptions (custom_prompt,
// group_vm, conference, ...): Text is an option's name, Value its ID (or a prompt's file
// name) as a string. It is asked once per client and menu; the returned slice is shared.
func (c *Client) MenuOptions(ctx context.Context, menu string) ([]Option, error) {
	return c.menus.get(ctx, menu, "menu "+menu, func(ctx context.Context) ([]Option, error) {
		resp, err := c.do(ctx, request{
			method: http.MethodGet, path: "system/get_menuoptions", authenticated: true,
			query: url.Values{"menu": {menu}},
		})
		if err != nil {
			return nil, err
		}
		var raw []struct {
			Text  string     `json:"text"`
			Value flexString `json:"value"`
			Type  string     `json:"type"`
		}
		if err := decodeData(resp.request, resp.status, resp.env, &raw, c.secrets.redact); err != nil {
			return nil, c.secrets.redactError(err)
		}
		options := make([]Option, len(raw))
		for i, r := range raw {
			options[i] = Option{Text: r.Text, Value: string(r.Value), Type: r.Type}
		}
		return options, nil
	})
}
