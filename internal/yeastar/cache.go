package yeastar

import (
	"context"
	"sync"

	"golang.org/x/sync/singleflight"
)

// answerCache keeps the answers of one client to questions whose answer does not change while
// a Terraform command runs (the compatibility catalogue, the list of extensions), and merges
// concurrent identical questions into one request. A question that failed after its retries
// keeps its error too: the plan fails with it anyway, and asking again for every duplicate
// would only lengthen a failing plan and load a struggling PBX.
type answerCache[K comparable, V any] struct {
	group  singleflight.Group
	mu     sync.RWMutex
	kept   map[K]V
	failed map[K]error
	// generation counts updates, so that a fetch that began before one does not keep its
	// (possibly stale) answer.
	generation uint64
}

func newAnswerCache[K comparable, V any]() *answerCache[K, V] {
	return &answerCache[K, V]{kept: map[K]V{}, failed: map[K]error{}}
}

// get returns the kept answer to q, or asks fetch once for all concurrent callers. key names q
// for singleflight.
func (ac *answerCache[K, V]) get(ctx context.Context, q K, key string, fetch func(context.Context) (V, error)) (V, error) {
	var zero V
	ac.mu.RLock()
	answer, ok := ac.kept[q]
	err := ac.failed[q]
	ac.mu.RUnlock()
	if ok {
		return answer, nil
	}
	if err != nil {
		return zero, err
	}

	// NOTE: as with the token, the shared fetch must not die with the one caller who started it.
	ac.mu.RLock()
	generation := ac.generation
	ac.mu.RUnlock()
	ch := ac.group.DoChan(key, func() (any, error) {
		answer, err := fetch(context.WithoutCancel(ctx))
		ac.mu.Lock()
		defer ac.mu.Unlock()
		switch {
		case ac.generation != generation:
			// Updated meanwhile: answer this caller, keep nothing.
		case err == nil:
			ac.kept[q] = answer
		default:
			ac.failed[q] = err
		}
		return answer, err
	})
	select {
	case <-ctx.Done():
		return zero, ctx.Err()
	case result := <-ch:
		if result.Err != nil {
			return zero, result.Err
		}
		answer, _ := result.Val.(V)
		return answer, nil
	}
}

// update replaces the answer kept for q with change(answer), when one is kept, so that a write
// this client made shows in later answers without asking the PBX again (CreateExtension adds
// the new extension to the listing). change must return a new value, not modify its argument:
// earlier callers may still hold it. A fetch under way keeps nothing, since its answer may
// predate the write; its callers get that answer, as they would have without the write.
func (ac *answerCache[K, V]) update(q K, change func(V) V) {
	ac.mu.Lock()
	defer ac.mu.Unlock()
	if answer, ok := ac.kept[q]; ok {
		ac.kept[q] = change(answer)
	}
	ac.generation++
}
