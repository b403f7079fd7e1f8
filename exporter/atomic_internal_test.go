package exporter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
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

// fakeOutput writes a minimal output of rapportkoll into dir: a
// report.json and a manifest listing it.
func fakeOutput(t *testing.T, dir, report string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "report.json"), []byte(report), 0o644)
	sum := sha256.Sum256([]byte(report))
	m := Manifest{Tool: ToolID{Name: "rapportkoll", Version: "test"},
		Outputs: []FileHash{{Path: "report.json", SHA256: hex.EncodeToString(sum[:]), Size: int64(len(report))}}}
	data, err := marshalManifest(m)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644)
}

// TestRecoverLegacySwap: rapportkoll 0.3 moved the previous output to
// .ut.tmp-ID.old before renaming the new one in; a run stopped between
// the two left no ut. The previous output is put back.
func TestRecoverLegacySwap(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "ut")
	fakeOutput(t, filepath.Join(root, ".ut.tmp-42.old"), "förra")
	if err := RecoverOutDir(out); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(out, "report.json")); err != nil || string(data) != "förra" {
		t.Errorf("previous output not put back: %q, %v", data, err)
	}
}

// TestRecoverTouchesOnlyItsOwn: folders beside the output that look like
// rapportkoll's temporaries but hold a user's files are left whole, while
// what a stopped run left (empty folders of a half-removed old output, a
// stale partial output) is removed.
func TestRecoverTouchesOnlyItsOwn(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "ut")
	fakeOutput(t, out, "nu")
	old := time.Now().Add(-2 * time.Hour)
	keep := map[string]string{
		".ut.tmp-backup/budget-2024.docx":              "mina siffror",
		".ut.tmp-123/budget-2024.docx":                 "mina siffror",
		".ut.tmp-124.old/budget-2024.docx":             "mina siffror",
		".ut" + journalTag + "old-7/anteckningar.txt":  "mina",
		".ut" + journalTag + "new-8/feedback/egen.pdf": "min",
	}
	gone := map[string]string{
		".ut" + journalTag + "tmp-9/feedback/Kommunstyrelsen.txt": "x",
	}
	// A 0.3 temporary has no manifest to check it by: it stays, as do
	// edited files of output names in folders whose manifest fails.
	keep[".ut.tmp-125/report.json"] = "{}"
	keep[".ut.tmp-126.old/report.json"] = "redigerad"
	keep[".ut"+journalTag+"old-mitt/report.json"] = "min"
	for _, m := range []map[string]string{keep, gone} {
		for name, content := range m {
			p := filepath.Join(root, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(content), 0o644)
		}
	}
	os.MkdirAll(filepath.Join(root, ".ut"+journalTag+"old-6", "feedback"), 0o755)
	for _, d := range []string{".ut.tmp-backup", ".ut.tmp-123", ".ut.tmp-125", ".ut.tmp-126.old", ".ut" + journalTag + "tmp-9"} {
		os.Chtimes(filepath.Join(root, d), old, old)
	}
	if err := RecoverOutDir(out); err != nil {
		t.Fatal(err)
	}
	for name, content := range keep {
		if data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name))); err != nil || string(data) != content {
			t.Errorf("%s: %q, %v; a user's file was touched", name, data, err)
		}
	}
	for _, name := range []string{".ut" + journalTag + "tmp-9", ".ut" + journalTag + "old-6"} {
		if !missing(filepath.Join(root, name)) {
			t.Errorf("%s was left", name)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(out, "report.json")); string(data) != "nu" {
		t.Error("the output was changed")
	}
}

// TestWriteFileChunks: a file written a chunk at a time holds exactly the
// bytes, whatever their length against the chunk; an existing file is
// replaced whole.
func TestWriteFileChunks(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, writeChunk - 1, writeChunk, writeChunk + 1, 3*writeChunk + 5} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*31 + n)
		}
		name := filepath.Join(dir, "sub", "f.bin")
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, bytes.Repeat([]byte{'x'}, 4*writeChunk), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := writeFile(name, data); err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes: read back %d bytes, equal %v, %v", n, len(got), bytes.Equal(got, data), err)
		}
	}
}

// TestWriteFileSmall: a small file costs no chunk-sized buffer (a
// consolidation writes two per department).
func TestWriteFileSmall(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("återkoppling\n"), 150) // about a feedback text
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range 20 {
		if err := writeFile(filepath.Join(dir, strconv.Itoa(i)+".txt"), data); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / 20; per > writeChunk/16 {
		t.Errorf("writeFile of %d bytes allocated %d bytes a call, want well under the %d-byte chunk", len(data), per, writeChunk)
	}
}
