package check_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestBytesSameAsFile: a source from memory (an upload) gives what the
// same file on disk gives: hash, size, findings, checks, status, tables.
func TestBytesSameAsFile(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"kommunstyrelsen-2023.xlsx", "grundskolenamnden-2023.xlsx", "trasig-avbruten.xlsx", "trasig-losenord.xlsx", "trasig-tom-fil.xlsx"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(inlamnat, name)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			opt := check.Options{KeepTables: true}
			fromFile := check.File(s, path, opt)
			fromBytes := check.Bytes(s, path, data, opt)
			fromFile.Took, fromBytes.Took = 0, 0
			if !reflect.DeepEqual(fromFile, fromBytes) {
				t.Errorf("Bytes differs from File\nfile:  %+v\nbytes: %+v", fromFile, fromBytes)
			}
			if fromBytes.SHA256 == "" || fromBytes.Size != int64(len(data)) {
				t.Errorf("hash %q size %d, want a hash and %d", fromBytes.SHA256, fromBytes.Size, len(data))
			}
		})
	}
}

// TestBytesTooLarge: bytes over importer.MaxFileSize are not read; the
// submission is unreadable and says why.
func TestBytesTooLarge(t *testing.T) {
	s, _ := spec.Default()
	sub := check.Bytes(s, "stor.xlsx", make([]byte, importer.MaxFileSize+1), check.Options{})
	if sub.Status != rules.Unreadable || len(sub.Findings) != 1 || sub.SHA256 != "" {
		t.Fatalf("status %s, findings %v, hash %q", sub.Status, sub.Findings, sub.SHA256)
	}
}

// TestTempDir: a tree's names spill to Options.TempDir, and when no file
// can be made there the names stay in memory and the findings are the
// same.
func TestTempDir(t *testing.T) {
	s := streamedSpec(t)
	file := writeBook(t, driftRows(streamCases[2].rows...))
	kept := check.File(s, file, check.Options{StreamAbove: 1 << 40})
	dir := t.TempDir()
	for _, tmp := range []string{dir, filepath.Join(dir, "saknas")} {
		streamed := check.File(s, file, check.Options{StreamAbove: -1, TreeNamesInMemory: 1, TempDir: tmp})
		if !reflect.DeepEqual(kept.Findings, streamed.Findings) || !reflect.DeepEqual(kept.Checks, streamed.Checks) {
			t.Errorf("%s: findings differ\nkept:\n%s\nstreamed:\n%s", tmp, dump(kept.Findings), dump(streamed.Findings))
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left in TempDir: %v", left)
	}
}
