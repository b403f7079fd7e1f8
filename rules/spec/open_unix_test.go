//go:build unix

package spec_test

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestLoadSpecialFiles: a spec that is a named pipe or a device is
// refused at once, never waited on or read without end.
func TestLoadSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "spec.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for _, name := range []string{fifo, "/dev/zero", t.TempDir()} {
		done := make(chan error, 1)
		go func() { _, err := spec.Load(name); done <- err }()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("Load(%s) = nil error", name)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("Load(%s) did not return", name)
		}
	}
}
