package exporter

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRecoverKeepsLiveTemporary: a temporary folder whose run is still
// writing it (it holds the lock) is left alone; once the run is gone it
// is removed.
func TestRecoverKeepsLiveTemporary(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "ut")
	tmp := filepath.Join(root, ".ut"+journalTag+stageTmp+"123")
	if err := os.MkdirAll(filepath.Join(tmp, "feedback"), 0o755); err != nil {
		t.Fatal(err)
	}
	release := holdLock(tmp)
	if err := RecoverOutDir(out); err != nil {
		t.Fatal(err)
	}
	if missing(tmp) {
		t.Fatal("a live run's temporary folder was removed")
	}
	release()
	if err := RecoverOutDir(out); err != nil {
		t.Fatal(err)
	}
	if !missing(tmp) {
		t.Error("a stopped run's temporary folder was left")
	}
}

// TestRecoverLegacySwap: rapportkoll 0.3 moved the previous output to
// .ut.tmp-ID.old before renaming the new one in; a run stopped between
// the two left no ut. The previous output is put back.
func TestRecoverLegacySwap(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "ut")
	old := filepath.Join(root, ".ut.tmp-42.old")
	if err := os.MkdirAll(old, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(old, "report.json"), []byte("förra"), 0o644)
	if err := RecoverOutDir(out); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(out, "report.json")); err != nil || string(data) != "förra" {
		t.Errorf("previous output not put back: %q, %v", data, err)
	}
}
