package yeastar

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// searchPageSize is the page size the client asks for. The PBX may send fewer records per
// page than asked (its own default is unconfirmed and may be as small as 10), so the client
// always reads total_number and asks for further pages.
const searchPageSize = 100

// flexInt is a number the PBX may send as a JSON number or as a numeric string ("17", "" for
// none). Anything else reads as zero.
type flexInt int

func (n *flexInt) UnmarshalJSON(data []byte) error {
	text := strings.TrimSpace(strings.Trim(string(data), `"`))
	if v, err := strconv.Atoi(text); err == nil {
		*n = flexInt(v)
	}
	return nil
}

// searchAll reads every page of a paged search (phone/search, extension/search,
// extension/list) and returns the records in the PBX's order. It stops when it holds
// total_number records, at an empty page, or at a page that brings no record it has not seen
// (a PBX that ignores the page parameter would otherwise be asked forever). Records that
// appear twice, because the list shifted between two pages, are kept once.
func searchAll[T any](ctx context.Context, c *Client, path string, query url.Values, id func(T) int) ([]T, error) {
	seen := map[int]bool{}
	var all []T
	for page := 1; ; page++ {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(page))
		q.Set("page_size", strconv.Itoa(searchPageSize))
		resp, err := c.do(ctx, request{method: http.MethodGet, path: path, query: q, authenticated: true})
		if err != nil {
			return nil, err
		}
		var records []T
		if err := decodeData(resp.request, resp.status, resp.env, &records, c.secrets.redact); err != nil {
			return nil, c.secrets.redactError(err)
		}
		var total flexInt = -1
		if len(resp.env.TotalNumber) > 0 {
			_ = json.Unmarshal(resp.env.TotalNumber, &total)
		}
		fresh := 0
		for _, r := range records {
			if !seen[id(r)] {
				seen[id(r)] = true
				all = append(all, r)
				fresh++
			}
		}
		if fresh == 0 || (total >= 0 && len(all) >= int(total)) {
			return all, nil
		}
	}
}
