package yeastar

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The call-routing objects (ring groups, queues, IVRs; trunks, inbound and outbound routes)
// share one shape: the seven calls X/list, X/search, X/get, X/query, X/create, X/update and
// X/delete, a unique key (a number in the PBX's one number space, or a name for objects
// without a number), and destinations. This file holds what they share; each kind adds its
// fields in a file of its own (ringgroups.go, queues.go, ivrs.go).

// RoutingKind describes one kind of call-routing object.
type RoutingKind struct {
	// Noun names the kind in messages: "ring group".
	Noun string
	// Path is the API's name for it: "ringgroup" (without underscore), "queue", "ivr".
	Path string
	// KeyField is the unique field objects are found by: "number" or "name".
	KeyField string
	// DestType is the destination type that sends calls to an object of this kind
	// ("ring_group"); "" for kinds no destination names (trunks).
	DestType string
	// listFields are where X/list and X/search may answer their records, besides data.
	listFields []string
}

// The kinds of call-routing object.
var (
	KindRingGroup = RoutingKind{Noun: "ring group", Path: "ringgroup", KeyField: "number", DestType: DestRingGroup}
	KindQueue     = RoutingKind{Noun: "queue", Path: "queue", KeyField: "number", DestType: DestQueue, listFields: []string{queueListField}}
	KindIVR       = RoutingKind{Noun: "IVR", Path: "ivr", KeyField: "number", DestType: DestIVR}
	// Trunks and routes have no number: their name is their key (trunks.go, routes.go).
	KindTrunk         = RoutingKind{Noun: "SIP trunk", Path: "trunk", KeyField: "name"}
	KindInboundRoute  = RoutingKind{Noun: "inbound route", Path: "inbound_route", KeyField: "name"}
	KindOutboundRoute = RoutingKind{Noun: "outbound route", Path: "outbound_route", KeyField: "name"}
)

// Permission is the API application's permission that the kind's calls need, as an ACCESS
// DENIED diagnostic names it.
func (k RoutingKind) Permission() string { return permissionFor(k.Path) }

// numberedKinds are the routing kinds that hold numbers of the one number space, besides
// extensions.
var numberedKinds = []RoutingKind{KindRingGroup, KindQueue, KindIVR}

// RoutingSummary is one object as X/list and X/search list it.
type RoutingSummary struct {
	Kind   RoutingKind
	ID     int
	Number string
	Name   string
	// Position is a route's pos, its place in the evaluation order from 1, which the listings
	// carry; 0 for other kinds, and for an object this client created since it listed them.
	Position int
}

// Key is the object's unique key: its number, or its name for kinds without a number.
func (s RoutingSummary) Key() string {
	if s.Kind.KeyField == "name" {
		return s.Name
	}
	return s.Number
}

// String names the object as a person would recognise it: "ring group 6300 Reception (ID 3)".
func (s RoutingSummary) String() string {
	return fmt.Sprintf("%s %s (ID %d)", s.Kind.Noun, strings.TrimSpace(s.Number+" "+s.Name), s.ID)
}

type routingSummaryJSON struct {
	ID     flexInt    `json:"id"`
	Number flexString `json:"number"`
	Name   string     `json:"name"`
	Pos    flexInt    `json:"pos"`
}

// SearchRouting lists the objects of a kind whose fields contain keyword, reading every page;
// "" lists them all (X/list). It asks the PBX every time (no cache).
func (c *Client) SearchRouting(ctx context.Context, kind RoutingKind, keyword string) ([]RoutingSummary, error) {
	path, query := kind.Path+"/list", url.Values{}
	if keyword != "" {
		path, query = kind.Path+"/search", url.Values{"search_value": {keyword}}
	}
	found, err := searchAllUnder(ctx, c, path, query, kind.listFields, func(r routingSummaryJSON) int { return int(r.ID) })
	if err != nil {
		return nil, err
	}
	out := make([]RoutingSummary, len(found))
	for i, r := range found {
		out[i] = RoutingSummary{Kind: kind, ID: int(r.ID), Number: string(r.Number), Name: r.Name, Position: int(r.Pos)}
	}
	return out, nil
}

// FindRouting returns every object of a kind whose key is exactly key (a search is a keyword
// search: 630 also finds 6300). It asks the PBX every time.
func (c *Client) FindRouting(ctx context.Context, kind RoutingKind, key string) ([]RoutingSummary, error) {
	all, err := c.SearchRouting(ctx, kind, key)
	if err != nil {
		return nil, err
	}
	var found []RoutingSummary
	for _, s := range all {
		if s.Key() == key {
			found = append(found, s)
		}
	}
	return found, nil
}

// FindRoutingOne is FindRouting for one object: nil when there is none, the first when the
// PBX holds several.
func (c *Client) FindRoutingOne(ctx context.Context, kind RoutingKind, key string) (*RoutingSummary, error) {
	found, err := c.FindRouting(ctx, kind, key)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return &found[0], nil
}

// AllRouting lists every object of a kind once per client, as AllExtensions does for
// extensions: later calls get the first answer, with the objects this client created or
// deleted since. It serves plan-time checks.
func (c *Client) AllRouting(ctx context.Context, kind RoutingKind) ([]RoutingSummary, error) {
	return c.routingLists.get(ctx, kind.Path, kind.Path, func(ctx context.Context) ([]RoutingSummary, error) {
		return c.SearchRouting(ctx, kind, "")
	})
}

// rememberRouting adds a new object to the cached listing of its kind.
func (c *Client) rememberRouting(s RoutingSummary) {
	c.routingLists.update(s.Kind.Path, func(list []RoutingSummary) []RoutingSummary {
		kept := slices.DeleteFunc(slices.Clone(list), func(old RoutingSummary) bool { return old.ID == s.ID })
		return append(kept, s)
	})
}

// forgetRouting removes a deleted object from the cached listing of its kind.
func (c *Client) forgetRouting(kind RoutingKind, id int) {
	c.routingLists.update(kind.Path, func(list []RoutingSummary) []RoutingSummary {
		return slices.DeleteFunc(slices.Clone(list), func(old RoutingSummary) bool { return old.ID == id })
	})
}

// IsRoutingNotFound reports whether err is the PBX's answer to an ID it does not know (as
// IsExtensionNotFound): callers that act on it confirm the disappearance with FindRouting.
func IsRoutingNotFound(err error) bool { return IsExtensionNotFound(err) }

// routingCodec is what one kind of object adds to the shared calls: how to read its record
// and how to write it.
type routingCodec[T any] struct {
	kind RoutingKind
	// decode reads one record of X/get or X/query.
	decode func(record map[string]json.RawMessage) T
	id     func(T) int
	key    func(T) string
	// body is the create request of an object, without id; an update sends the fields of it
	// that changed.
	body func(T) map[string]any
	// destinations are the object's destinations by what they are ("failover", "key 1"), for
	// naming what still uses an object the PBX refuses to delete.
	destinations func(T) map[string]Destination
	// trunkIDs are the trunks a route takes calls through, for naming what still uses a trunk;
	// nil for kinds without trunks.
	trunkIDs func(T) []int
	// explain, when set, turns a refusal of a create or update of want (id 0 for a create) into
	// a clearer error (a trunk's host and port taken, naming the trunk that has them).
	explain func(ctx context.Context, c *Client, id int, want T, err error) error
	// secretFields are the fields of a record or a body that hold a secret (a SIP trunk's
	// password, for the issue "Calls in and out"): their values join the client's redaction set
	// before a body is sent, and a read drops them after learning them, so that nothing
	// downstream can copy them into a state.
	secretFields []string
}

// learnSecrets adds the secrets of a record or body to the client's redaction set, and drops
// them from a record read.
func (r Routing[T]) learnSecrets(record map[string]json.RawMessage, body map[string]any) {
	for _, field := range r.codec.secretFields {
		if record != nil {
			r.c.secrets.add(textField(record, field))
			delete(record, field)
		}
		if v, isText := body[field].(string); isText {
			r.c.secrets.add(v)
		}
	}
}

// Routing is the calls of one kind of object, with its fields: Client.RingGroups() and so on.
type Routing[T any] struct {
	c     *Client
	codec *routingCodec[T]
}

// Kind is the kind of object these calls handle.
func (r Routing[T]) Kind() RoutingKind { return r.codec.kind }

// Get reads one object by ID (X/get). Its data may be one object or a list of one (the guide
// shows both for other objects). An ID the PBX does not know is an error for which
// IsRoutingNotFound is true.
func (r Routing[T]) Get(ctx context.Context, id int) (T, error) {
	var zero T
	kind := r.codec.kind
	resp, err := r.c.do(ctx, request{method: http.MethodGet, path: kind.Path + "/get", authenticated: true,
		query: url.Values{"id": {strconv.Itoa(id)}}})
	if err != nil {
		return zero, err
	}
	records, err := r.c.routingRecords(resp)
	if err != nil {
		return zero, err
	}
	if len(records) == 0 {
		return zero, fmt.Errorf("%s: %w (the answer holds no %s)", resp.request, ErrDataNotFound, kind.Noun)
	}
	for _, record := range records {
		r.learnSecrets(record, nil)
	}
	for _, record := range records {
		if got := intField(record, "id"); got == id || len(records) == 1 && got == 0 {
			record["id"] = json.RawMessage(strconv.Itoa(id))
			return r.codec.decode(record), nil
		}
	}
	return zero, &ResponseError{Request: resp.request, HTTPStatus: resp.status,
		Problem: fmt.Sprintf("the answer holds %d %ss, none with ID %d", len(records), kind.Noun, id)}
}

// Query reads several objects by ID (X/query, 100 IDs per request), in the order of ids; IDs
// the PBX does not know are left out. queue/query documents data as one object even for
// several IDs: one object and a list are both read.
func (r Routing[T]) Query(ctx context.Context, ids []int) ([]T, error) {
	byID := map[int]T{}
	for start := 0; start < len(ids); start += extensionQueryBatch {
		batch := ids[start:min(start+extensionQueryBatch, len(ids))]
		text := make([]string, len(batch))
		for i, id := range batch {
			text[i] = strconv.Itoa(id)
		}
		resp, err := r.c.do(ctx, request{method: http.MethodGet, path: r.codec.kind.Path + "/query", authenticated: true,
			query: url.Values{"ids": {strings.Join(text, ",")}}})
		if err != nil {
			return nil, err
		}
		records, err := r.c.routingRecords(resp)
		if err != nil {
			return nil, err
		}
		for _, record := range records {
			r.learnSecrets(record, nil)
			object := r.codec.decode(record)
			byID[r.codec.id(object)] = object
		}
	}
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		if object, found := byID[id]; found {
			out = append(out, object)
			delete(byID, id)
		}
	}
	return out, nil
}

// routingRecords reads data as one record or a list of them.
func (c *Client) routingRecords(resp *response) ([]map[string]json.RawMessage, error) {
	trimmed := strings.TrimSpace(string(resp.env.Data))
	if trimmed == "" || trimmed == "null" || trimmed == "{}" || trimmed == "[]" {
		return nil, nil
	}
	data := resp.env.Data
	if !strings.HasPrefix(trimmed, "[") {
		data = json.RawMessage("[" + trimmed + "]")
	}
	var records []map[string]json.RawMessage
	if err := json.Unmarshal(data, &records); err != nil {
		return nil, c.secrets.redactError(&ResponseError{Request: resp.request, HTTPStatus: resp.status,
			Problem: "the data field has an unexpected shape: " + shapeProblem(err), Snippet: snippet(c.secrets.redact(trimmed))})
	}
	return records, nil
}

// Create adds an object (X/create) at most once, through Create, keyed by its number or name:
// the new ID comes from the answer when it carries one (create and get: 2 calls), else from an
// exact search by key (3 calls); after a lost answer the key is looked up before any repeat. A
// key another object of this kind holds is a *RoutingExistsError naming it; a number another
// kind holds (an extension, say) is a *NumberTakenError naming the holder. Nothing is created
// twice. The new object joins the cached AllRouting listing.
func (r Routing[T]) Create(ctx context.Context, want T) (T, error) {
	var zero T
	c, kind := r.c, r.codec.kind
	key := r.codec.key(want)
	body := r.codec.body(want)
	r.learnSecrets(nil, body)
	created, err := Create(ctx, c, Creation[T]{
		Kind: kind.Noun, KeyName: kind.KeyField, Key: key, DuplicateFields: []string{kind.KeyField},
		Send: func(ctx context.Context) (int, error) {
			resp, err := c.do(ctx, request{method: http.MethodPost, path: kind.Path + "/create", body: body, authenticated: true, once: true})
			if err != nil {
				return 0, err
			}
			return createdID(resp), nil
		},
		Find: func(ctx context.Context) ([]int, error) {
			found, err := c.FindRouting(ctx, kind, key)
			ids := make([]int, len(found))
			for i, s := range found {
				ids[i] = s.ID
			}
			return ids, err
		},
		Read: r.Get,
		Differences: func(found T) []string {
			// A secret is never read back (see learnSecrets), so it cannot be compared, and a
			// difference would show it.
			return fieldDifferences(r.withoutSecrets(r.codec.body(found)), r.withoutSecrets(body))
		},
		Exists: func(id int, differences []string) error {
			return &RoutingExistsError{Kind: kind, ID: id, Key: key, Differences: differences}
		},
	})
	var notRead *AddedNotReadError
	switch {
	case err == nil:
		c.rememberRouting(r.summary(created))
		return created, nil
	case errors.As(err, &notRead):
		c.rememberRouting(RoutingSummary{Kind: kind, ID: notRead.ID, Number: key})
		return zero, err
	}
	if _, _, taken := DuplicateField(err, "number"); taken && kind.KeyField == "number" {
		// Taken by another kind of the one number space.
		if holder, findErr := c.NumberHolder(context.WithoutCancel(ctx), key); findErr == nil && holder != nil {
			return zero, &NumberTakenError{Number: key, Holder: *holder, Err: err}
		}
		// Not a kind this client lists (a conference room, a paging group): name the holder as
		// the PBX did, where it did.
		taken := &NumberTakenError{Number: key, Err: err}
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			for _, d := range apiErr.DuplicateFields {
				if strings.EqualFold(d.Field, "number") && d.ExternalSource != "" {
					taken.Holder = NumberHolder{Kind: d.ExternalSource, Number: d.ExternalSourceName}
				}
			}
		}
		return zero, taken
	}
	return zero, r.explained(ctx, 0, want, err)
}

// withoutSecrets is a body without the kind's secret fields.
func (r Routing[T]) withoutSecrets(body map[string]any) map[string]any {
	out := make(map[string]any, len(body))
	for field, v := range body {
		if !slices.Contains(r.codec.secretFields, field) {
			out[field] = v
		}
	}
	return out
}

// explained passes a refusal through the kind's explain, when it has one.
func (r Routing[T]) explained(ctx context.Context, id int, want T, err error) error {
	if err == nil || r.codec.explain == nil {
		return err
	}
	return r.codec.explain(context.WithoutCancel(ctx), r.c, id, want, err)
}

func (r Routing[T]) summary(object T) RoutingSummary {
	body := r.codec.body(object)
	s := RoutingSummary{Kind: r.codec.kind, ID: r.codec.id(object)}
	s.Number, _ = body["number"].(string)
	s.Name, _ = body["name"].(string)
	return s
}

// Update changes the fields in which want differs from prior, and only those (X/update): a
// destination is sent as its three fields together, a member list whole (the PBX replaces it).
// With nothing changed it sends nothing. Sending the same change twice does no harm, so it is
// retried like any request.
func (r Routing[T]) Update(ctx context.Context, id int, prior, want T) error {
	changes := changedFields(r.codec.body(prior), r.codec.body(want))
	r.learnSecrets(nil, changes)
	return r.explained(ctx, id, want, r.c.updateRouting(ctx, r.codec.kind, id, changes))
}

// updateRouting sends X/update with id and fields; nothing when fields is empty.
func (c *Client) updateRouting(ctx context.Context, kind RoutingKind, id int, fields map[string]any) error {
	if len(fields) == 0 {
		return nil
	}
	body := map[string]any{"id": id}
	for k, v := range fields {
		body[k] = v
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: kind.Path + "/update", body: body, authenticated: true})
	if err == nil {
		if name, renamed := fields["name"].(string); renamed {
			c.routingLists.update(kind.Path, func(list []RoutingSummary) []RoutingSummary {
				out := slices.Clone(list)
				for i := range out {
					if out[i].ID == id {
						out[i].Name = name
					}
				}
				return out
			})
		}
	}
	return err
}

// changedFields returns the fields of want whose JSON differs from prior's; a destination's
// three fields go together.
func changedFields(prior, want map[string]any) map[string]any {
	changed := map[string]any{}
	prefixes := map[string]bool{}
	for field, value := range want {
		if !sameJSON(prior[field], value) {
			changed[field] = value
			if prefix, ok := destinationField(field); ok {
				prefixes[prefix] = true
			}
		}
	}
	for prefix := range prefixes {
		for _, suffix := range []string{"_dest", "_dest_value", "_dest_prefix"} {
			if v, found := want[prefix+suffix]; found {
				changed[prefix+suffix] = v
			}
		}
	}
	return changed
}

func sameJSON(a, b any) bool {
	x, errA := json.Marshal(a)
	y, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(x) == string(y)
}

// fieldDifferences compares an object found after a lost answer with the create body asked
// for, field by field: `ring_strategy "sequentially" (asked "ring_all")`.
func fieldDifferences(found, asked map[string]any) []string {
	var out []string
	fields := make([]string, 0, len(asked))
	for field := range asked {
		fields = append(fields, field)
	}
	slices.Sort(fields)
	for _, field := range fields {
		if !sameJSON(found[field], asked[field]) {
			have, _ := json.Marshal(found[field])
			want, _ := json.Marshal(asked[field])
			out = append(out, fmt.Sprintf("%s %s (asked %s)", field, have, want))
		}
	}
	return out
}

// Delete deletes an object (X/delete). One already gone is not an error (the PBX's "not
// found" is confirmed with a fresh listing first). One still in use (70091) is a
// *RoutingInUseError naming, where the provider can find them, the ring groups, queues and
// IVRs whose destinations send calls to it.
func (r Routing[T]) Delete(ctx context.Context, id int) error {
	return r.c.DeleteRouting(ctx, r.codec.kind, id)
}

// DeleteRouting is Delete for any kind.
func (c *Client) DeleteRouting(ctx context.Context, kind RoutingKind, id int) error {
	_, err := c.do(ctx, request{method: http.MethodGet, path: kind.Path + "/delete", authenticated: true,
		query: url.Values{"id": {strconv.Itoa(id)}}})
	switch {
	case err == nil:
		c.forgetRouting(kind, id)
		return nil
	case IsRoutingNotFound(err):
		all, listErr := c.SearchRouting(ctx, kind, "")
		if listErr != nil {
			return fmt.Errorf("the PBX answered that %s ID %d does not exist (%w), but listing the %ss to confirm it failed: %w",
				kind.Noun, id, err, kind.Noun, listErr)
		}
		if i := slices.IndexFunc(all, func(s RoutingSummary) bool { return s.ID == id }); i >= 0 {
			return fmt.Errorf("the PBX refused to delete %s as unknown, yet still lists it: %w", all[i], err)
		}
		c.forgetRouting(kind, id)
		return nil
	case errors.Is(err, ErrInUse) && kind.Path == KindTrunk.Path:
		return &RoutingInUseError{Kind: kind, ID: id, UsedBy: c.trunkUsers(ctx, id), Err: err}
	case errors.Is(err, ErrInUse):
		return &RoutingInUseError{Kind: kind, ID: id, UsedBy: c.routingUsers(ctx, kind.DestType, id), Err: err}
	}
	return err
}

// usesOf lists the objects of this kind whose destinations send calls to the object of
// destination type destType and ID id, as "IVR 6500 Main menu (ID 2), key 1".
func (r Routing[T]) usesOf(ctx context.Context, destType string, id int) ([]string, error) {
	all, err := r.c.SearchRouting(ctx, r.codec.kind, "")
	if err != nil || len(all) == 0 {
		return nil, err
	}
	ids := make([]int, len(all))
	byID := map[int]RoutingSummary{}
	for i, s := range all {
		ids[i] = s.ID
		byID[s.ID] = s
	}
	objects, err := r.Query(ctx, ids)
	if err != nil {
		return nil, err
	}
	target := strconv.Itoa(id)
	var uses []string
	for _, object := range objects {
		destinations := r.codec.destinations(object)
		labels := make([]string, 0, len(destinations))
		for label, d := range destinations {
			if d.Type == destType && d.Value == target {
				labels = append(labels, label)
			}
		}
		slices.Sort(labels)
		for _, label := range labels {
			uses = append(uses, fmt.Sprintf("%s, %s", byID[r.codec.id(object)], label))
		}
	}
	return uses, nil
}

// trunkUsesOf lists the objects of this kind (routes) that take calls through trunk id, as
// "inbound route Main number (ID 2)".
func (r Routing[T]) trunkUsesOf(ctx context.Context, id int) ([]string, error) {
	if r.codec.trunkIDs == nil {
		return nil, nil
	}
	all, err := r.c.SearchRouting(ctx, r.codec.kind, "")
	if err != nil || len(all) == 0 {
		return nil, err
	}
	ids := make([]int, len(all))
	byID := map[int]RoutingSummary{}
	for i, s := range all {
		ids[i] = s.ID
		byID[s.ID] = s
	}
	objects, err := r.Query(ctx, ids)
	if err != nil {
		return nil, err
	}
	var uses []string
	for _, object := range objects {
		if slices.Contains(r.codec.trunkIDs(object), id) {
			uses = append(uses, byID[r.codec.id(object)].String())
		}
	}
	return uses, nil
}

// trunkUsers lists, best effort, the inbound and outbound routes that take calls through a
// trunk; nil when none is found or they cannot be read.
func (c *Client) trunkUsers(ctx context.Context, id int) []string {
	var users []string
	for _, uses := range []func(context.Context, int) ([]string, error){c.InboundRoutes().trunkUsesOf, c.OutboundRoutes().trunkUsesOf} {
		if found, err := uses(ctx, id); err == nil {
			users = append(users, found...)
		}
	}
	return users
}

// routingUsers lists, best effort, the objects whose destinations send calls to the object of
// destination type destType and ID id; nil when none is found or they cannot be read (a
// route made in the portal, say, of a kind the provider does not read).
func (c *Client) routingUsers(ctx context.Context, destType string, id int) []string {
	if destType == "" {
		return nil
	}
	var users []string
	for _, uses := range []func(context.Context, string, int) ([]string, error){
		c.RingGroups().usesOf, c.Queues().usesOf, c.IVRs().usesOf, c.InboundRoutes().usesOf,
	} {
		found, err := uses(ctx, destType, id)
		if err == nil {
			users = append(users, found...)
		}
	}
	return users
}

// RoutingExistsError says that an object of this kind the caller did not create holds the
// key, or that the object found after a lost answer differs from the one asked for.
type RoutingExistsError struct {
	Kind        RoutingKind
	ID          int
	Key         string
	Differences []string
}

func (e *RoutingExistsError) Error() string {
	if len(e.Differences) > 0 {
		return fmt.Sprintf("the PBX has %s %s %s (ID %d), which differs from the one asked for: %s",
			e.Kind.Noun, e.Kind.KeyField, e.Key, e.ID, strings.Join(e.Differences, ", "))
	}
	return fmt.Sprintf("the PBX already has %s %s %s (ID %d)", e.Kind.Noun, e.Kind.KeyField, e.Key, e.ID)
}

// NumberTakenError says that another object of the one number space (an extension, another
// kind of routing object) holds the number asked for.
type NumberTakenError struct {
	Number string
	// Holder is who holds it; its Kind is empty when it could not be found.
	Holder NumberHolder
	Err    error
}

func (e *NumberTakenError) Error() string {
	if e.Holder.Kind == "" {
		return fmt.Sprintf("number %s is already taken on the PBX: %v", e.Number, e.Err)
	}
	return fmt.Sprintf("number %s is %s: %v", e.Number, e.Holder, e.Err)
}

func (e *NumberTakenError) Unwrap() error { return e.Err }

// RoutingInUseError is the PBX's refusal to delete an object that another one still uses
// (70091 CONNECTION_RELATION_EXISTED).
type RoutingInUseError struct {
	Kind RoutingKind
	ID   int
	// UsedBy names the ring groups, queues and IVRs found to send calls to it; empty when
	// none was found (an inbound route, or another object the provider does not read).
	UsedBy []string
	Err    error
}

func (e *RoutingInUseError) Error() string {
	if len(e.UsedBy) == 0 {
		return fmt.Sprintf("the PBX refuses to delete %s ID %d because another object still uses it: %v", e.Kind.Noun, e.ID, e.Err)
	}
	uses := "still send calls to it"
	if e.Kind.Path == KindTrunk.Path {
		uses = "still take calls through it"
	}
	return fmt.Sprintf("the PBX refuses to delete %s ID %d because %s %s: %v",
		e.Kind.Noun, e.ID, strings.Join(e.UsedBy, "; "), uses, e.Err)
}

func (e *RoutingInUseError) Unwrap() error { return e.Err }
