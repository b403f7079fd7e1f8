package exporter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// OutDirProblem names why an output folder may not be used.
type OutDirProblem string

// The reasons an output folder is refused.
const (
	OutDirIsInput OutDirProblem = "input"   // it is, or holds, one of the inputs
	OutDirForeign OutDirProblem = "foreign" // it holds files rapportkoll did not write, or changed ones
	OutDirNotDir  OutDirProblem = "notdir"  // it exists and is no folder
	OutDirSymlink OutDirProblem = "symlink" // it is a symbolic link
	OutDirMount   OutDirProblem = "mount"   // it is a mount point, which cannot be renamed
)

// OutDirError says why an output folder may not be replaced. Nothing has
// been written or removed when it is returned.
type OutDirError struct {
	Dir     string
	Problem OutDirProblem
	// Paths are the inputs inside the folder, or its files that
	// rapportkoll did not write or that were changed since (at most
	// maxListed, relative to Dir), or nil.
	Paths []string
	More  int // further paths not listed
}

// maxListed bounds the paths an OutDirError names.
const maxListed = 5

func (e *OutDirError) Error() string { return e.Message(rules.Swedish) }

// Message explains the problem and what to do, in the user's language.
func (e *OutDirError) Message(lang rules.Lang) string {
	list := strings.Join(e.Paths, ", ")
	if e.More > 0 {
		list += catalog.Fill(lang, "outdir.more", "n", strconv.Itoa(e.More))
	}
	r := strings.NewReplacer("{dir}", e.Dir, "{paths}", list)
	switch e.Problem {
	case OutDirIsInput:
		return r.Replace(tr(lang, "outdir.is_input"))
	case OutDirForeign:
		msg := r.Replace(tr(lang, "outdir.foreign"))
		if slices.ContainsFunc(e.Paths, isLockFile) {
			msg += " " + tr(lang, "outdir.lock_file")
		}
		return msg
	case OutDirNotDir:
		return r.Replace(tr(lang, "outdir.not_dir"))
	case OutDirMount:
		return r.Replace(tr(lang, "outdir.mount"))
	case OutDirSymlink:
		return r.Replace(tr(lang, "outdir.symlink"))
	}
	return string(e.Problem)
}

// isLockFile reports whether a file's name is that of the lock file Excel
// (~$Bok.xlsx) or LibreOffice (.~lock.Bok.xlsx#) keeps beside a workbook
// that is open.
func isLockFile(p string) bool {
	name := filepath.Base(p)
	return strings.HasPrefix(name, "~$") || (strings.HasPrefix(name, ".~lock.") && strings.HasSuffix(name, "#"))
}

// CheckOutDir reports whether dir may receive a consolidation of inputs:
// it must not be or hold one of the inputs, and it must not exist, be
// empty, or be a previous output of rapportkoll whose files are all listed
// in its manifest.json, unchanged. It returns an *OutDirError otherwise,
// and other errors when dir cannot be examined.
func CheckOutDir(dir string, inputs []string) error {
	if err := checkNotInput(dir, inputs); err != nil {
		return err
	}
	_, err := previousOutput(dir)
	return err
}

// checkNotInput refuses an output folder that is, or holds, an input.
func checkNotInput(dir string, inputs []string) error {
	out := realPath(dir)
	for _, in := range inputs {
		p := realPath(in)
		if p == out || within(p, out) {
			return &OutDirError{Dir: dir, Problem: OutDirIsInput, Paths: []string{in}}
		}
	}
	return nil
}

// realPath is name made absolute with its symbolic links resolved, as far
// as it exists.
func realPath(name string) string {
	abs, err := filepath.Abs(name)
	if err != nil {
		return filepath.Clean(name)
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(p) == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

// within reports whether path lies inside dir.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// previousOutput examines dir before it is replaced, and returns the files
// in it that a replacement may remove (relative, slash-separated): none
// when dir does not exist or is empty; else every file its manifest.json
// lists, and the manifest itself, when dir holds nothing else (no other
// file, link or empty folder) and no listed file was changed.
func previousOutput(dir string) ([]string, error) {
	dir = filepath.Clean(dir) // "ut/" of a link to a folder is the link
	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	case st.Mode()&fs.ModeSymlink != 0:
		return nil, &OutDirError{Dir: dir, Problem: OutDirSymlink}
	case !st.IsDir():
		return nil, &OutDirError{Dir: dir, Problem: OutDirNotDir}
	}
	if mountPoint(dir, st) {
		return nil, &OutDirError{Dir: dir, Problem: OutDirMount}
	}
	listed := map[string]FileHash{}
	if m, err := readManifest(dir); err == nil {
		for _, h := range m.Outputs {
			listed[h.Path] = h
		}
	}
	var ours, foreign []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case p == dir:
			return nil
		case d.IsDir():
			if !holdsListed(rel, listed) {
				foreign = append(foreign, rel+"/")
				return fs.SkipDir
			}
			return nil
		case rel == "manifest.json" && len(listed) > 0:
			ours = append(ours, rel)
			return nil
		}
		if h, ok := listed[rel]; ok && d.Type().IsRegular() && sameFile(p, h) {
			ours = append(ours, rel)
			return nil
		}
		foreign = append(foreign, rel)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(foreign) > 0 {
		slices.Sort(foreign)
		e := &OutDirError{Dir: dir, Problem: OutDirForeign, Paths: foreign}
		if len(foreign) > maxListed {
			e.Paths, e.More = foreign[:maxListed], len(foreign)-maxListed
		}
		return nil, e
	}
	return ours, nil
}

// holdsListed reports whether the folder rel of an output holds a file the
// manifest lists.
func holdsListed(rel string, listed map[string]FileHash) bool {
	for p := range listed {
		if strings.HasPrefix(p, rel+"/") {
			return true
		}
	}
	return false
}

// readManifest reads the manifest.json of a previous output of rapportkoll:
// a regular file (opened without waiting, should it be a pipe), exactly as
// rapportkoll writes it, listing only names rapportkoll writes. Anything
// else is not taken for a manifest, so that no edited or forged one can
// make rapportkoll remove a file it did not write.
func readManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := readRegular(filepath.Join(dir, "manifest.json"), 64<<20)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, err
	}
	if m.Tool.Name != "rapportkoll" {
		return m, errors.New("not a manifest of rapportkoll")
	}
	if again, err := marshalManifest(m); err != nil || !bytes.Equal(again, data) {
		return m, errors.New("manifest.json was changed")
	}
	for _, h := range m.Outputs {
		if !outputName(h.Path) {
			return m, fmt.Errorf("manifest.json lists %q, which rapportkoll does not write", h.Path)
		}
	}
	return m, nil
}

// marshalManifest is manifest.json's bytes.
func marshalManifest(m Manifest) ([]byte, error) {
	data, err := json.MarshalIndent(m, "", "  ")
	return append(data, '\n'), err
}

// outputName reports whether rapportkoll writes a file of this name in an
// output folder.
func outputName(rel string) bool {
	switch rel {
	case "Sammanställning.xlsx", "report.json":
		return true
	}
	name, ok := strings.CutPrefix(rel, "feedback/")
	return ok && name != "" && !strings.Contains(name, "/") &&
		(strings.HasSuffix(name, ".xlsx") || strings.HasSuffix(name, ".txt"))
}

// readRegular reads a regular file of at most limit bytes, opened as the
// importer opens an input (importer.OpenInput: never waiting on a pipe);
// a link, a pipe or a device is an error.
func readRegular(name string, limit int64) ([]byte, error) {
	if st, err := os.Lstat(name); err != nil || st.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s is no regular file", name)
	}
	f, size, err := importer.OpenInput(name, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, size))
}

// sameFile reports whether the regular file at p has the size and SHA-256
// that h records.
func sameFile(p string, h FileHash) bool {
	f, size, err := importer.OpenInput(p, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if size != h.Size {
		return false
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return false
	}
	return hex.EncodeToString(sum.Sum(nil)) == h.SHA256
}

// removeListed removes the files of a previous output that previousOutput
// found to be rapportkoll's, manifest.json last (so that a run stopped
// half-way still leaves a folder the next run recognises), then the
// folders left empty, deepest first, and finally dir itself if it is
// empty. Anything else stays. afterFirst, if set, runs after the first
// file is removed (tests stop the process there).
func removeListed(dir string, files []string, afterFirst func()) error {
	files = slices.Clone(files)
	slices.SortStableFunc(files, func(a, b string) int {
		return b2i(a == "manifest.json") - b2i(b == "manifest.json")
	})
	// Each file is compared with the manifest once more just before it is
	// removed: one changed since previousOutput looked stays.
	listed := map[string]FileHash{}
	if m, err := readManifest(dir); err == nil {
		for _, h := range m.Outputs {
			listed[h.Path] = h
		}
	}
	var errs []error
	dirs := map[string]bool{}
	for i, rel := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if h, ok := listed[rel]; rel != "manifest.json" && (!ok || !sameFile(p, h)) {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
		if i == 0 && afterFirst != nil {
			afterFirst()
		}
		for d := path.Dir(rel); d != "." && d != "/"; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	sub := make([]string, 0, len(dirs))
	for d := range dirs {
		sub = append(sub, d)
	}
	// Deepest first: a longer path cannot be a parent of a shorter one.
	slices.SortFunc(sub, func(a, b string) int { return len(b) - len(a) })
	for _, d := range sub {
		os.Remove(filepath.Join(dir, filepath.FromSlash(d))) // fails, rightly, when not empty
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, fmt.Errorf("%s: %w", dir, err))
	}
	return errors.Join(errs...)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
