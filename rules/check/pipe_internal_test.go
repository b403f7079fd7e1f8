package check

import (
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/importer"
)

// TestPipeOrderAndPanic: rows reach the rules in order; a rule's panic in
// the pipe's goroutine neither blocks the reader nor gets lost, but is
// raised again by close, where File turns it into a finding.
func TestPipeOrderAndPanic(t *testing.T) {
	var got []int
	p := StartRowPipe(func(r importer.Row) { got = append(got, r.Num) })
	for i := range 2000 {
		p.Add(importer.Row{Num: i})
	}
	p.Close()
	for i, n := range got {
		if n != i {
			t.Fatalf("row %d arrived as %d", i, n)
		}
	}
	if len(got) != 2000 {
		t.Fatalf("%d rows arrived, want 2000", len(got))
	}

	p = StartRowPipe(func(r importer.Row) {
		if r.Num == 3 {
			panic("rule bug")
		}
	})
	for i := range 20 * pipeBatch {
		p.Add(importer.Row{Num: i})
	}
	defer func() {
		if r := recover(); r != "rule bug" {
			t.Errorf("close raised %v, want the rule's panic", r)
		}
	}()
	p.Close()
	t.Error("close returned after the rules goroutine panicked")
}

// TestPipeAbandon: a pipe the reader leaves without closing (a sheet that
// broke off, a panic) still ends its goroutine, whatever was queued.
func TestPipeAbandon(t *testing.T) {
	seen := 0
	p := StartRowPipe(func(importer.Row) { seen++ })
	for i := range 3 * pipeBatch {
		p.Add(importer.Row{Num: i + 1})
	}
	done := make(chan struct{})
	go func() { p.Abandon(); p.Abandon(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("abandon did not end the rules goroutine")
	}
	if seen != 3*pipeBatch {
		t.Errorf("%d rows checked before the end, want the %d queued", seen, 3*pipeBatch)
	}
}

// TestSpillsClosedAtEnd: temporary files a check leaves open are closed
// at its end.
func TestSpillsClosedAtEnd(t *testing.T) {
	sp := tempSpill(t.TempDir())
	f, err := sp.create()
	if err != nil {
		t.Fatal(err)
	}
	sp.closeAll()
	if _, err := f.WriteAt([]byte("x"), 0); err == nil {
		t.Error("the file is still open")
	}
	sp.closeAll() // twice is harmless
}
