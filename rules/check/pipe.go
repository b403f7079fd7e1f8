package check

import "github.com/rapportkoll/rapportkoll/importer"

// rowPipe hands a large sheet's rows to the rules in another goroutine, in
// batches, so that reading and checking use a core each.
type rowPipe struct {
	batch  []importer.Row
	ch     chan []importer.Row
	done   chan any // the rules goroutine's panic, or nil
	closed bool
}

const pipeBatch = 512

func startPipe(fn func(importer.Row)) *rowPipe {
	p := &rowPipe{batch: make([]importer.Row, 0, pipeBatch), ch: make(chan []importer.Row, 4), done: make(chan any, 1)}
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

// add queues a row.
func (p *rowPipe) add(r importer.Row) {
	p.batch = append(p.batch, r)
	if len(p.batch) == pipeBatch {
		p.ch <- p.batch
		p.batch = make([]importer.Row, 0, pipeBatch)
	}
}

// close waits until every row has been checked; a panic of the rules
// goroutine is raised again here, where File recovers it.
func (p *rowPipe) close() {
	if len(p.batch) > 0 {
		p.ch <- p.batch
	}
	p.closed = true
	close(p.ch)
	if failure := <-p.done; failure != nil {
		panic(failure)
	}
}

// abandon ends a pipe that was not closed (the reader stopped or
// panicked): the rules goroutine drains what is queued and ends. Its own
// panic, if any, is dropped: the reader's failure is the one reported.
func (p *rowPipe) abandon() {
	if p.closed {
		return
	}
	p.closed = true
	close(p.ch)
	<-p.done
}
