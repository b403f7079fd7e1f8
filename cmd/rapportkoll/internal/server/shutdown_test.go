package server

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"
)

// A shutdown lets the check under way finish and answer, then Serve
// returns; the server's timeouts are all set.
func TestGracefulShutdown(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	s := newSite(t, func(c *Config) {
		c.beforeCheck = func() {
			close(entered)
			<-release
		}
	})
	hs := s.srv.HTTPServer("127.0.0.1:0")
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout <= 0 || hs.IdleTimeout <= 0 {
		t.Errorf("timeouts not all set: %+v", hs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	served := make(chan error, 1)
	go func() {
		served <- s.srv.Serve(ctx, "127.0.0.1:0", "", "", func(a net.Addr) { addrc <- a.String() })
	}()
	addr := <-addrc
	s.ts.URL = "http://" + addr // the site's helpers now talk to this server
	answered := make(chan answer, 1)
	go func() {
		answered <- s.upload("/kontroll", s.keys[ks], "k.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx"))
	}()
	<-entered
	cancel()
	time.Sleep(50 * time.Millisecond) // Shutdown has closed the listener
	if _, err := http.Get("http://" + addr + "/"); err == nil {
		t.Errorf("a new request after the shutdown began was served")
	}
	close(release)
	if a := <-answered; a.status != http.StatusOK {
		t.Errorf("the check under way = %d, want 200", a.status)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the shutdown")
	}
}

// A client that trickles its headers is cut off after the header timeout
// and holds up nobody else.
func TestSlowClient(t *testing.T) {
	s := newSite(t, func(c *Config) { c.readHeaderTimeout = 200 * time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan string, 1)
	go s.srv.Serve(ctx, "127.0.0.1:0", "", "", func(a net.Addr) { addrc <- a.String() })
	addr := <-addrc
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	conn.Write([]byte("POST /kontroll HTTP/1.1\r\nHost: " + addr + "\r\n"))
	closed := make(chan struct{})
	go func() {
		buf := make([]byte, 512)
		for {
			if _, err := conn.Read(buf); err != nil {
				close(closed)
				return
			}
		}
	}()
	for i := 0; ; i++ {
		select {
		case <-closed:
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("the slow client was cut off after %v", took)
			}
			resp, err := http.Get("http://" + addr + "/")
			if err != nil || resp.StatusCode != 200 {
				t.Errorf("GET / beside the slow client = %v, %v", resp, err)
			} else {
				resp.Body.Close()
			}
			return
		case <-time.After(100 * time.Millisecond):
			if time.Since(start) > 10*time.Second {
				t.Fatal("the slow client is still connected after 10 s")
			}
			conn.Write([]byte("X-Trickle: " + string(rune('a'+i%26)) + "\r\n"))
		}
	}
}

// Every way out of a request gives its places back: after many refused
// and accepted requests with one check slot, a check still runs at once.
func TestPlacesGivenBack(t *testing.T) {
	s := newSite(t, func(c *Config) { c.MaxChecks, c.QueueWait = 1, 20*time.Millisecond })
	ok := fixture(t, "kultur-och-fritidsnamnden-2023.xlsx")
	for range 3 {
		s.upload("/kontroll", s.keys[ks], "", nil)                                                           // no file: 400
		s.upload("/kontroll", s.keys[ks], "k.xlsx", fixture(t, "trasig-html.xlsx"))                          // 415
		s.upload("/inlamning", s.keys[ks], "k.xlsx", ok)                                                     // 403
		s.upload("/inlamning", s.keys["ekonomi"], "k.xlsx", ok)                                              // 403 before reading
		a := s.upload("/kontroll", s.keys[ks], "k.xlsx", ok)                                                 // 200
		s.do(nil, http.MethodGet, "/aterkoppling/"+a.header.Get("X-Rapportkoll-Check"), s.keys[ks], nil, "") // 200
	}
	if len(s.srv.slots) != 0 || len(s.srv.uploads) != 0 {
		t.Errorf("places held after the requests: %d check slots, %d uploads", len(s.srv.slots), len(s.srv.uploads))
	}
	if a := s.upload("/kontroll", s.keys[ks], "k.xlsx", ok); a.status != 200 {
		t.Errorf("POST /kontroll = %d, want 200", a.status)
	}
}
