package check

import "github.com/rapportkoll/rapportkoll/importer"

// RowPipe hands rows to a function on a goroutine of its own, in order
// and in batches, so that reading rows and using them take a core each:
// a large sheet's rows to the rules, a consolidated sheet's rows to its
// totals while they are written. The rows must not change once added.
type RowPipe struct {
	batch  []importer.Row
	ch     chan []importer.Row
	done   chan any // the rules goroutine's panic, or nil
	closed bool
}

const pipeBatch = 512

// StartRowPipe starts a pipe to fn; Close or Abandon ends it.
func StartRowPipe(fn func(importer.Row)) *RowPipe {
	p := &RowPipe{batch: make([]importer.Row, 0, pipeBatch), ch: make(chan []importer.Row, 4), done: make(chan any, 1)}
	go func() {
		defer func() {
			failure := recover()
			for range p.ch { // a failed rule must not block the reader
			}
			p.done <- failure
		}()
		for b := range p.ch {
			for _, r := range b {
				fn(r)
			}
		}
	}()
	return p
}

// Add queues a row.
func (p *RowPipe) Add(r importer.Row) {
	p.batch = append(p.batch, r)
	if len(p.batch) == pipeBatch {
		p.ch <- p.batch
		p.batch = make([]importer.Row, 0, pipeBatch)
	}
}

// Close waits until fn has had every row; a panic of fn is raised again
// here, on the caller's goroutine, where its recover is.
func (p *RowPipe) Close() {
	if len(p.batch) > 0 {
		p.ch <- p.batch
	}
	p.closed = true
	close(p.ch)
	if failure := <-p.done; failure != nil {
		panic(failure)
	}
}

// Abandon ends a pipe that was not closed (the reader stopped or
// panicked): the goroutine drains what is queued and ends. Its own
// panic, if any, is dropped: the reader's failure is the one reported.
// After Close it does nothing.
func (p *RowPipe) Abandon() {
	if p.closed {
		return
	}
	p.closed = true
	close(p.ch)
	<-p.done
}
