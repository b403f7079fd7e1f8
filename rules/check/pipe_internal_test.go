package check

import (
	"testing"

	"github.com/rapportkoll/rapportkoll/importer"
)

// TestPipeOrderAndPanic: rows reach the rules in order; a rule's panic in
// the pipe's goroutine neither blocks the reader nor gets lost, but is
// raised again by close, where File turns it into a finding.
func TestPipeOrderAndPanic(t *testing.T) {
	var got []int
	p := startPipe(func(r importer.Row) { got = append(got, r.Num) })
	for i := range 2000 {
		p.add(importer.Row{Num: i})
	}
	p.close()
	for i, n := range got {
		if n != i {
			t.Fatalf("row %d arrived as %d", i, n)
		}
	}
	if len(got) != 2000 {
		t.Fatalf("%d rows arrived, want 2000", len(got))
	}

	p = startPipe(func(r importer.Row) {
		if r.Num == 3 {
			panic("rule bug")
		}
	})
	for i := range 20 * pipeBatch {
		p.add(importer.Row{Num: i})
	}
	defer func() {
		if r := recover(); r != "rule bug" {
			t.Errorf("close raised %v, want the rule's panic", r)
		}
	}()
	p.close()
	t.Error("close returned after the rules goroutine panicked")
}
