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
