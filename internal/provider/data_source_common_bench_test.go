package provider

import (
	"fmt"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// BenchmarkCatalogueEntries measures the mapping of an answer to the data source's state model,
// the provider's share of the hot path after the client's decode.
func BenchmarkCatalogueEntries(b *testing.B) {
	for _, n := range []int{1, 30, 300} {
		options := make([]yeastar.Option, n)
		for i := range options {
			options[i] = yeastar.Option{Text: fmt.Sprintf("SIP-T%02dP", i), Value: fmt.Sprintf("SIP-T%02dP", i), Type: "Deskphone"}
		}
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				entries, byName := catalogueEntries(options)
				if len(entries) != n || len(byName) != n {
					b.Fatal("lost entries")
				}
			}
		})
	}
}
