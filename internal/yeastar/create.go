package yeastar

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DefaultLookupBudget bounds the look-ups that find out what a create whose answer was lost
// did. It starts when the answer is lost, so that a long request timeout does not eat it.
const DefaultLookupBudget = 2 * time.Minute

// Creation describes one create call that is not idempotent (phone/batchcreate,
// extension/create) for Create: what to send, how to find the object by its unique key, and
// how to tell the object asked for from someone else's. Every function is required.
//
// Create calls the functions from one goroutine, on contexts it derives; they must use the
// context they are given and nothing else, since those contexts outlive a Ctrl-C on purpose.
type Creation[T any] struct {
	// Kind names the object in messages: "phone", "extension".
	Kind string
	// KeyName and Key name the unique value the object is found by, for messages: "MAC address"
	// and "80:5E:C0:11:22:33", or "number" and "1001".
	KeyName string
	Key     string
	// DuplicateFields are the request fields whose "already taken" refusal means that the key
	// (or another unique value of this object, such as an extension's e-mail address) is taken:
	// {"mac"}, or {"number", "email_addr"}. Both refusal shapes count (see DuplicateField).
	DuplicateFields []string

	// Send sends the create request exactly once: build it with request.once, so that the HTTP
	// layer never repeats it. It returns the new object's ID when the answer carries one, and 0
	// when it does not (phone/batchcreate never does).
	Send func(ctx context.Context) (id int, err error)
	// Find looks the key up now and returns the ID of every object that holds it, compared
	// exactly (a keyword search must be filtered): none, one, or more. It must not come from a
	// cache.
	Find func(ctx context.Context) (ids []int, err error)
	// Read reads one object by ID: it is what Create returns.
	Read func(ctx context.Context, id int) (T, error)
	// Differences compares an object found under the key with what was asked, for example
	// `model "T46U" (asked "CP920")`; none means it is the object asked for.
	Differences func(found T) []string
	// Exists builds the error for a key that an object this call did not add holds (id); its
	// differences are empty when the object was there before the first request.
	Exists func(id int, differences []string) error
}

// Create sends a create request that is not idempotent and makes sure it adds the object at
// most once, and that the caller learns its ID whenever it was added, whatever the PBX answers
// or the user does meanwhile.
//
// What Create does with each answer to op.Send:
//   - Success: the object is found (by the ID of the answer when it carries one and this was
//     the first request, else by op.Find, looking again with backoff while a search lags behind
//     the add, up to the client's max_retries) and read back with op.Read.
//   - Lost (no answer, a timeout, a body that is not the API's, an HTTP 5xx without errcode,
//     errcode -2 INTERNAL SERVER ERROR), and errcode 2 PROCESSING or 1 PARTIAL SUCCESS, none of
//     which says whether the PBX acted: Create waits with backoff, then looks the key up with
//     op.Find (for PROCESSING and PARTIAL SUCCESS, up to max_retries+1 times, since the object
//     may still land). One object found is adopted if op.Differences finds none, and is
//     op.Exists(id, differences) otherwise (an object that cannot be read is not adopted).
//     Nothing found: the request is sent again, at most max_retries times in all; then, or
//     when ctx was cancelled meanwhile, the error is a *NotCreatedError (nothing was added).
//   - A refusal that DuplicateField matches with op.DuplicateFields: on the first request,
//     the key is looked up and the error is op.Exists(id, nil), or the refusal itself when the
//     taken value is not under the key; on a repeat, the lost request landed after all, and
//     the object is adopted as above.
//   - Errcode 70082 (busy) is repeated by the client's request path with backoff, honouring
//     Retry-After, within max_retries; any other refusal is returned as it is, unrepeated.
//
// Two or more objects found under the key, whenever Create looks, are a *DuplicatesError that
// names them all: none is adopted.
//
// Contexts: if ctx is done before anything is sent, Create returns its error and sends
// nothing; it takes the access token first on ctx, so that a Ctrl-C during a slow login still
// sends nothing. Once sent, neither the request nor the look-ups are cancelled by ctx
// (Ctrl-C): the request is bounded by the client's request timeout, and the look-ups and their
// waits by a budget (DefaultLookupBudget) that starts when an answer is lost or accepted, not
// before the request is sent. After ctx is cancelled, Create still resolves what was sent, but
// sends nothing more.
//
// On error the returned object is the zero value. When the PBX holds the object this call
// added but op.Read failed, the error is an *AddedNotReadError carrying its ID, so that the
// caller can keep track of it.
func Create[T any](ctx context.Context, c *Client, op Creation[T]) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	if _, err := c.tokens.token(ctx); err != nil {
		return zero, err
	}
	// NOTE: the request must reach its end even if the run is interrupted: cancelling it would
	// not undo what the PBX may already be doing, only hide it. busyWaitContext keeps ctx for
	// the waits between busy (70082) answers, after which nothing was done.
	sendCtx := withBusyWaitContext(context.WithoutCancel(ctx), ctx)
	r := &creator[T]{c: c, op: op}
	for attempt := 0; ; attempt++ {
		id, err := op.Send(sendCtx)
		lookCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.lookupBudget)
		result, done, err := r.resolve(lookCtx, attempt, id, err)
		cancel()
		if done {
			return result, err
		}
		if attempt >= c.retryMax || ctx.Err() != nil {
			return zero, &NotCreatedError{Kind: op.Kind, KeyName: op.KeyName, Key: op.Key, Attempts: attempt + 1, Interrupted: ctx.Err() != nil, Err: err}
		}
		c.debug(ctx, "Yeastar create: nothing found after a lost answer; sending it again", map[string]any{"kind": op.Kind, "attempt": attempt + 2})
	}
}

type creator[T any] struct {
	c  *Client
	op Creation[T]
}

// resolve handles one answer to op.Send. done is false when nothing was found after a lost
// answer, and the request may be repeated; err is then the lost answer.
func (r *creator[T]) resolve(ctx context.Context, attempt, id int, sendErr error) (result T, done bool, err error) {
	c, op := r.c, r.op
	repeated := attempt > 0
	var zero T
	if sendErr == nil {
		result, err := r.findAccepted(ctx, id, repeated)
		return result, true, err
	}
	if _, _, taken := DuplicateField(sendErr, op.DuplicateFields...); taken {
		ids, findErr := op.Find(ctx)
		switch {
		case findErr != nil && repeated:
			return zero, true, fmt.Errorf("the PBX refused to add %s %s again (%w), and looking it up failed (%w): the first request may have added it",
				op.Kind, op.Key, sendErr, findErr)
		case findErr != nil || len(ids) == 0:
			// Taken by something not under the key (an extension's e-mail address, say).
			return zero, true, sendErr
		case len(ids) > 1:
			return zero, true, r.duplicates(ids)
		case repeated:
			// The key was free before this repeat: the lost request landed after all.
			result, err := r.readBack(ctx, ids[0], true)
			return result, true, err
		default:
			return zero, true, op.Exists(ids[0], nil)
		}
	}
	looks := 1
	switch {
	case errors.Is(sendErr, ErrProcessing) || errors.Is(sendErr, ErrPartialSuccess):
		looks = c.retryMax + 1
	case !answerLost(sendErr):
		return zero, true, sendErr
	}
	c.debug(ctx, "Yeastar create answer lost or unclear: looking the key up before any repeat",
		map[string]any{"kind": op.Kind, "attempt": attempt + 1})
	for look := range looks {
		// The PBX may still be working on the request: give it time before looking.
		if err := sleep(ctx, backoffWithJitter(c.retryWaitMin, c.retryWaitMax, attempt+look, nil)); err != nil {
			return zero, true, r.unresolved(sendErr, fmt.Errorf("the look-up budget of %s is spent", c.lookupBudget))
		}
		ids, findErr := op.Find(ctx)
		switch {
		case findErr != nil:
			return zero, true, r.unresolved(sendErr, findErr)
		case len(ids) > 1:
			return zero, true, r.duplicates(ids)
		case len(ids) == 1:
			result, err := r.readBack(ctx, ids[0], true)
			return result, true, err
		}
	}
	return zero, false, sendErr
}

// findAccepted finds the object the PBX accepted. A search may lag behind the add, so an
// object not found yet is looked for again, up to the retry limit. After a repeated request,
// a second object with the same key is an error that names both.
func (r *creator[T]) findAccepted(ctx context.Context, id int, repeated bool) (T, error) {
	c, op := r.c, r.op
	var zero T
	if id != 0 && !repeated {
		return r.readBack(ctx, id, false)
	}
	for attempt := 0; ; attempt++ {
		ids, err := op.Find(ctx)
		switch {
		case err != nil && id != 0:
			return r.readBack(ctx, id, false)
		case err != nil:
			return zero, fmt.Errorf("the PBX added %s %s, but looking up its ID failed: %w", op.Kind, op.Key, err)
		case len(ids) > 1:
			return zero, r.duplicates(ids)
		case len(ids) == 1:
			return r.readBack(ctx, ids[0], false)
		case id != 0:
			return r.readBack(ctx, id, false)
		case attempt >= c.retryMax:
			return zero, fmt.Errorf("the PBX accepted %s %s, but no %s with that %s can be found", op.Kind, op.Key, op.Kind, op.KeyName)
		}
		if err := sleep(ctx, backoffWithJitter(c.retryWaitMin, c.retryWaitMax, attempt, nil)); err != nil {
			return zero, fmt.Errorf("the PBX accepted %s %s, but it could not be found within %s: %w", op.Kind, op.Key, c.lookupBudget, err)
		}
	}
}

// readBack reads the object found under the key. When the request's answer was lost
// (adopting), it is adopted only if it is what was asked for.
func (r *creator[T]) readBack(ctx context.Context, id int, adopting bool) (T, error) {
	op := r.op
	var zero T
	found, err := op.Read(ctx, id)
	if err != nil {
		if adopting {
			// Without reading it, it cannot be told from someone else's object: it is not adopted.
			return zero, op.Exists(id, []string{fmt.Sprintf("it could not be read to compare (%v)", err)})
		}
		return zero, &AddedNotReadError{Kind: op.Kind, Key: op.Key, ID: id, Err: err}
	}
	if adopting {
		if differences := op.Differences(found); len(differences) > 0 {
			return zero, op.Exists(id, differences)
		}
	}
	return found, nil
}

func (r *creator[T]) duplicates(ids []int) error {
	return &DuplicatesError{Kind: r.op.Kind, KeyName: r.op.KeyName, Key: r.op.Key, IDs: ids}
}

func (r *creator[T]) unresolved(lost, lookErr error) error {
	return fmt.Errorf("the answer to adding %s %s was lost (%w), and looking the %s up failed too (%w): "+
		"the PBX may or may not hold it now", r.op.Kind, r.op.Key, lost, r.op.KeyName, lookErr)
}

// NotCreatedError says that the answers to a create were lost (or PROCESSING) and that
// looking the key up afterwards found nothing: the PBX did not add the object.
type NotCreatedError struct {
	Kind, KeyName, Key string
	// Attempts is how many times the request was sent.
	Attempts int
	// Interrupted is true when the run was cancelled (Ctrl-C) meanwhile, so no repeat was sent.
	Interrupted bool
	// Err is the last lost answer.
	Err error
}

func (e *NotCreatedError) Error() string {
	if e.Interrupted {
		return fmt.Sprintf("the run was interrupted while adding %s %s; the answer was lost, and looking the %s up afterwards found none, "+
			"so the PBX did not add it: %v", e.Kind, e.Key, e.KeyName, e.Err)
	}
	return fmt.Sprintf("adding %s %s failed: the answer was lost %d time(s), and looking the %s up after each found none, "+
		"so the PBX did not add it: %v", e.Kind, e.Key, e.Attempts, e.KeyName, e.Err)
}

func (e *NotCreatedError) Unwrap() error { return e.Err }

// DuplicatesError says that the PBX holds several objects under a key that should be unique.
type DuplicatesError struct {
	Kind, KeyName, Key string
	IDs                []int
}

func (e *DuplicatesError) Error() string {
	ids := make([]string, len(e.IDs))
	for i, id := range e.IDs {
		ids[i] = strconv.Itoa(id)
	}
	return fmt.Sprintf("the PBX holds %d %ss with %s %s (IDs %s): none was adopted; delete all but one in the web portal, then import that one",
		len(e.IDs), e.Kind, e.KeyName, e.Key, strings.Join(ids, ", "))
}

// AddedNotReadError says that the PBX added the object, as ID, but reading it back failed.
type AddedNotReadError struct {
	Kind, Key string
	ID        int
	Err       error
}

func (e *AddedNotReadError) Error() string {
	return fmt.Sprintf("the PBX added %s %s as ID %d, but reading it back failed: %v", e.Kind, e.Key, e.ID, e.Err)
}

func (e *AddedNotReadError) Unwrap() error { return e.Err }

type busyWaitKey struct{}

// withBusyWaitContext keeps the caller's own context beside a detached one, so that the waits
// between busy answers (after which nothing was done) still end at a Ctrl-C.
func withBusyWaitContext(detached, caller context.Context) context.Context {
	return context.WithValue(detached, busyWaitKey{}, caller)
}

// busyWaitContext returns the context the waits between busy answers end with.
func busyWaitContext(ctx context.Context) context.Context {
	if caller, ok := ctx.Value(busyWaitKey{}).(context.Context); ok {
		return caller
	}
	return ctx
}
