package yeastar

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
)

func noRedaction(s string) string { return s }

// compatibilityBody is a phone_model answer of n items, as the PBX sends it.
func compatibilityBody(n int) []byte {
	items := make([]Option, n)
	for i := range items {
		items[i] = Option{Text: fmt.Sprintf("SIP-T%02dP", i), Value: fmt.Sprintf("SIP-T%02dP", i), Type: "Deskphone"}
	}
	body, _ := json.Marshal(map[string]any{"errcode": 0, "errmsg": "SUCCESS", "data": items})
	return body
}

// BenchmarkDecodeCompatibility measures the hot path of every answer: envelope, then data.
func BenchmarkDecodeCompatibility(b *testing.B) {
	for _, n := range []int{1, 30, 300} {
		body := compatibilityBody(n)
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				env, err := decodeEnvelope("GET /x", 200, body, noRedaction)
				if err != nil {
					b.Fatal(err)
				}
				var options []Option
				if err := decodeData("GET /x", 200, env, &options, noRedaction); err != nil || len(options) != n {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCachedCompatibility measures a repeated question, answered from the client's cache.
func BenchmarkCachedCompatibility(b *testing.B) {
	c, err := New(Config{BaseURL: "https://pbx.invalid", AccessToken: "unused-token"})
	if err != nil {
		b.Fatal(err)
	}
	q := CompatibilityQuery{Menu: MenuPhoneModel, Vendor: "Yealink"}
	c.catalog.kept[q] = []Option{{Text: "CP920", Value: "CP920", Type: "Conferencephone"}}
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Compatibility(ctx, q); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
