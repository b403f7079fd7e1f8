package exporter

import (
	"path/filepath"
	"strings"

	"github.com/rapportkoll/rapportkoll/rules/check"
)

// FileNames returns how the inputs of a run are named in its outputs
// (Översikt, Källor, sources of rows, report.json, manifest.json): by base
// name when those are unique, as people expect; else, when two inputs from
// different folders share a base name, every input by its path relative
// to the folder all of them are in ("2022/kommunstyrelsen.xlsx"), so that
// none is mistaken for another.
func FileNames(results []*check.Submission) func(string) string {
	count := map[string]int{}
	clash := false
	for _, r := range results {
		b := filepath.Base(r.File)
		count[b]++
		clash = clash || count[b] > 1
	}
	if !clash {
		return base
	}
	abs := make([]string, len(results))
	common := ""
	for i, r := range results {
		a, err := filepath.Abs(r.File)
		if err != nil {
			a = filepath.Clean(r.File)
		}
		abs[i] = a
		if i == 0 {
			common = filepath.Dir(a)
		} else {
			common = commonDir(common, filepath.Dir(a))
		}
	}
	names := map[string]string{}
	for i, r := range results {
		rel, err := filepath.Rel(common, abs[i])
		if err != nil {
			rel = abs[i]
		}
		names[r.File] = filepath.ToSlash(rel)
	}
	return func(file string) string {
		if n, ok := names[file]; ok {
			return n
		}
		return base(file)
	}
}

// commonDir is the deepest folder that holds both a and b (cleaned,
// absolute paths).
func commonDir(a, b string) string {
	for a != b {
		if len(a) > len(b) {
			a, b = b, a
		}
		if strings.HasPrefix(b, a) && (strings.HasSuffix(a, string(filepath.Separator)) || b[len(a)] == filepath.Separator) {
			return a
		}
		parent := filepath.Dir(b)
		if parent == b {
			return b
		}
		b = parent
	}
	return a
}
