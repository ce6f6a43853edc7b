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
	// generation counts forget calls, so that a fetch that began before one does not keep
	// its (possibly stale) answer.
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
			// Forgotten meanwhile: answer this caller, keep nothing.
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

// forget drops the answer kept for q, so that the next get asks the PBX again: a write made
// the answer stale (CreateExtension forgets the extension listing). A fetch under way is not
// joined by later callers, and keeps nothing.
func (ac *answerCache[K, V]) forget(q K, key string) {
	ac.mu.Lock()
	defer ac.mu.Unlock()
	delete(ac.kept, q)
	delete(ac.failed, q)
	ac.generation++
	ac.group.Forget(key)
}
