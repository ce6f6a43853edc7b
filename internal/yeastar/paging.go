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

// maxListingReads bounds how many times searchAll reads a listing that changes under it.
const maxListingReads = 4

// ErrListingChanged says that a listing changed while it was read, as many times as the
// client reads it.
var ErrListingChanged = errors.New("the listing changed while it was read")

// searchAll reads every page of a paged search (phone/search, extension/search,
// extension/list) and returns the records in the PBX's order. It reads until it holds
// total_number records. A listing whose total_number changes between pages, or that ends
// (an empty page) before total_number records came in, changed while it was read (a phone was
// added or deleted meanwhile): it is read again from the first page, up to maxListingReads
// times in all, and is then an error, never a silently short list. A page that brings no
// record it has not seen while records are missing (a PBX that ignores the page parameter) is
// an error rather than a partial list or an endless loop. Records that appear twice, because
// the list shifted between two pages, are kept once.
func searchAll[T any](ctx context.Context, c *Client, path string, query url.Values, id func(T) int) ([]T, error) {
	return searchAllUnder(ctx, c, path, query, nil, id)
}

// searchAllUnder is searchAll for a listing that answers its records under the first of
// listFields the answer holds (queue/list answers under queue_list), else under data.
func searchAllUnder[T any](ctx context.Context, c *Client, path string, query url.Values, listFields []string, id func(T) int) ([]T, error) {
	for read := 1; ; read++ {
		all, err := searchAllOnce(ctx, c, path, query, listFields, id)
		if !errors.Is(err, ErrListingChanged) {
			return all, err
		}
		if read >= maxListingReads {
			return nil, fmt.Errorf("%s: %w on each of %d reads: try again when the PBX's list is not being changed", path, err, read)
		}
		c.debug(ctx, "Yeastar listing changed while it was read: reading it again", map[string]any{"path": path, "read": read + 1})
	}
}

func searchAllOnce[T any](ctx context.Context, c *Client, path string, query url.Values, listFields []string, id func(T) int) ([]T, error) {
	seen := map[int]bool{}
	var all []T
	var firstTotal flexInt = -1
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
		env := resp.env
		for _, field := range listFields {
			if raw, found := env.Fields[field]; found {
				env = &envelope{Data: raw, TotalNumber: env.TotalNumber, Fields: env.Fields}
				break
			}
		}
		if err := decodeData(resp.request, resp.status, env, &records, c.secrets.redact); err != nil {
			return nil, c.secrets.redactError(err)
		}
		var total flexInt = -1
		if len(resp.env.TotalNumber) > 0 {
			_ = json.Unmarshal(resp.env.TotalNumber, &total)
		}
		if page == 1 {
			firstTotal = total
		} else if total != firstTotal {
			return nil, fmt.Errorf("%w (total_number went from %d to %d at page %d)", ErrListingChanged, int(firstTotal), int(total), page)
		}
		fresh := 0
		for _, r := range records {
			// A record without an ID cannot be told apart from another: each one is kept.
			if key := id(r); key == 0 || !seen[key] {
				seen[key] = true
				all = append(all, r)
				fresh++
			}
		}
		switch {
		case total >= 0 && len(all) >= int(total):
			return all, nil
		case fresh == 0 && total >= 0 && len(records) > 0:
			// The PBX repeats a page it already sent: the list would be partial, and a phone
			// missing from it could be added twice.
			return nil, c.secrets.redactError(&ResponseError{Request: resp.request, HTTPStatus: resp.status,
				Problem: fmt.Sprintf("the search says it holds %d records, but page %d repeats earlier ones after %d", int(total), page, len(all))})
		case fresh == 0 && total >= 0:
			// Records deleted while the list was read: what follows may have moved onto pages
			// already read.
			return nil, fmt.Errorf("%w (page %d is empty after %d of %d records)", ErrListingChanged, page, len(all), int(total))
		case fresh == 0:
			// Without total_number, an empty page ends the list.
			return all, nil
		}
	}
}
