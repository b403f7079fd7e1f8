package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

type checkOptions struct {
	globals
	format      string
	minSeverity string
	allCells    bool
	workers     int
	prior       priorFlag
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	start := time.Now()
	var o checkOptions
	fs := o.flagSet("check", stderr)
	fs.StringVar(&o.format, "format", "text", "text eller json")
	fs.StringVar(&o.minSeverity, "min-severity", "info", "visa fynd från denna allvarlighet: error, warning eller info")
	allCellsFlags(fs, &o.allCells)
	fs.IntVar(&o.workers, "j", runtime.NumCPU(), "antal filer som kontrolleras samtidigt")
	registerPrior(fs, &o.prior)
	files, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if code, ok := checkFormat(stderr, o.format, exporter.Formats...); !ok {
		return code
	}
	if len(files) == 0 {
		return failf(stderr, "%s", pickLang(rules.Lang(o.lang), "ange minst en fil att kontrollera, till exempel: rapportkoll check inlamnat/*.xlsx",
			"name at least one file to check, for example: rapportkoll check inlamnat/*.xlsx"))
	}
	minSev, err := rules.ParseSeverity(o.minSeverity)
	if err != nil {
		return failf(stderr, "%v", err)
	}
	e, err := o.env(stdout, stderr)
	if err != nil {
		return envFailure(stderr, err)
	}
	checkCollector.apply()
	files0 := files
	files, err = expandInputs(files, e)
	if err != nil {
		return failf(stderr, "%v", err)
	}
	if len(files) == 0 {
		return failf(stderr, pickLang(e.lang, "hittade inga .xlsx-filer i %s", "found no .xlsx files in %s"), strings.Join(files0, ", "))
	}
	pin, code, ok := findPrior(e, o.prior, stderr)
	if !ok {
		return code
	}
	priors, _, err := loadPrior(ctx, e, pin, o.workers)
	if err != nil {
		return failf(stderr, "%v", err)
	}
	out, err := exporter.NewOutput(o.format, stdout, exporter.OutputOptions{Spec: e.spec, Lang: e.lang,
		FileName: exporter.FileNames(nameOnly(files)), MinSeverity: minSev, AllCells: o.allCells, Workers: o.workers}) // base names, unless two are alike
	if err != nil {
		return failf(stderr, "%v", err)
	}
	var prepare func(*check.Submission) // the text report made as each file is checked, not all after the last
	if p, ok := out.(exporter.Preparer); ok {
		prepare = p.Prepare
	}
	results, err := checkAll(ctx, e, files, o.workers, false, lastYear{files: priors}, progressOut(stderr, o.quiet), prepare)
	if err != nil {
		return failf(stderr, "%v", err)
	}
	check.CheckBatch(results, e.lang)
	if err := exporter.WriteAll(out, results); err != nil {
		return failf(stderr, pickLang(e.lang, "kunde inte skriva rapporten: %v", "could not write the report: %v"), err)
	}
	logDone(e, start)
	return exitCode(results)
}

// expandInputs replaces each folder by the .xlsx files directly in it, in
// name order, leaving out Excel lock files (~$...) and hidden files. A file
// given twice (by two names, through a folder and by name, by a link) is
// read once, where it first appears.
func expandInputs(args []string, e *env) ([]string, error) {
	var named []string
	add := func(name string) { named = append(named, name) }
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() || isXLSX(a) {
			add(a) // the check explains what is wrong with it (a folder named .xlsx too)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, fmt.Errorf(pickLang(e.lang, "kan inte läsa mappen %s: %v", "cannot read the folder %s: %v"), a, err)
		}
		for _, de := range entries {
			name := de.Name()
			full := exporter.Printable(filepath.Join(a, name))
			switch {
			case strings.HasPrefix(name, "~$") || strings.HasPrefix(name, "."):
				if isXLSX(name) || spreadsheetLike(name) {
					e.log.Info().Str(e.f("file"), full).Msg(tr(e.lang, "log.skip_hidden"))
				}
			case isXLSX(name) || spreadsheetLike(name):
				// A workbook in another format is checked too, so that it
				// gets its message (.xls: save as .xlsx, ...), not silence.
				add(filepath.Join(a, name))
			default:
				e.log.Warn().Str(e.f("file"), full).Msg(tr(e.lang, "log.skip_other"))
			}
		}
	}
	// Each file is looked up once, several at a time: on a network share
	// every lookup waits for the server.
	infos := make([]os.FileInfo, len(named))
	_, _ = check.Each(context.Background(), len(named), statWorkers, func(i int) {
		infos[i], _ = os.Stat(named[i])
	})
	var out []string
	seen := inputSet{}
	for i, name := range named {
		if first, dup := seen.add(name, infos[i]); dup {
			e.log.Info().Str(e.f("file"), name).Str(e.f("same_as"), first).Msg(tr(e.lang, "log.same_file"))
			continue
		}
		out = append(out, name)
	}
	return out, nil
}

// statWorkers is how many files expandInputs looks up at once.
const statWorkers = 16

// isXLSX reports whether a name ends in .xlsx, whatever the case.
func isXLSX(name string) bool { return strings.EqualFold(filepath.Ext(name), ".xlsx") }

// spreadsheetLike reports whether a name is of a spreadsheet format a
// department may have saved instead of .xlsx; such files are checked, so
// that each gets its format's message.
func spreadsheetLike(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xls", ".xlsm", ".xlsb", ".xltx", ".xltm", ".ods", ".csv":
		return true
	}
	return false
}

// inputSet is the files of a run so far, to find one given twice: by
// os.SameFile when it can be looked up, else by its cleaned absolute path.
// Only files of the same size and modification time can be the same, so
// each is compared with those alone: a folder of thousands is not
// compared pair by pair.
type inputSet struct {
	files map[inputKey][]inputFile
	paths map[string]string
}

type inputKey struct{ size, modified int64 }

type inputFile struct {
	name string
	info os.FileInfo
}

// add records name, whose os.Stat is st (nil when it failed), and
// reports whether it is a file already recorded, and under which name.
func (s *inputSet) add(name string, st os.FileInfo) (first string, dup bool) {
	abs, err := filepath.Abs(name)
	if err != nil {
		abs = filepath.Clean(name)
	}
	if s.paths == nil {
		s.paths = map[string]string{}
		s.files = map[inputKey][]inputFile{}
	}
	if first, ok := s.paths[abs]; ok {
		return first, true
	}
	s.paths[abs] = name
	if st == nil {
		return "", false
	}
	k := inputKey{st.Size(), st.ModTime().UnixNano()}
	for _, f := range s.files[k] {
		if os.SameFile(f.info, st) {
			return f.name, true
		}
	}
	s.files[k] = append(s.files[k], inputFile{name, st})
	return "", false
}
