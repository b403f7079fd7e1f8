package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkAppend stores submissions of the size of a generated
// department (about 190 facts and a few findings) into SQLite.
func BenchmarkAppend(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "h.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	base := sample("Kultur", "Helår 2023", 1)
	for i := range 180 {
		base.Facts = append(base.Facts, Fact{Sheet: "Drift", Row: fmt.Sprintf("verksamhet %d", i), Column: "Budget helår",
			Kind: "number", Value: fmt.Sprint(-1000 * i), Cell: fmt.Sprintf("C%d", i+5)})
	}
	base.Report = make([]byte, 8000)
	b.ResetTimer()
	for i := range b.N {
		r := *base
		r.Department = fmt.Sprint("Nämnd ", i%50)
		if err := s.Append(context.Background(), &r); err != nil {
			b.Fatal(err)
		}
	}
}
