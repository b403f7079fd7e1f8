package exporter

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// Options tune Consolidate.
type Options struct {
	// BeforeSwap runs after every output is written and before the output
	// folder is put in place; tests use it to simulate a late failure.
	BeforeSwap func(tmp string) error
	// Step, if set, is called at each step of putting the output folder in
	// place (StepWriting, ...); tests use it to stop the process there.
	Step func(name string)
	// Inputs are the files and folders read; the output folder must not
	// be or hold one of them (CheckOutDir).
	Inputs []string
}

// Manifest is manifest.json: what was read and written, with hashes, so an
// auditor can verify every file.
type Manifest struct {
	Tool    ToolID     `json:"tool"`
	Spec    SpecID     `json:"spec"`
	Inputs  []FileHash `json:"inputs"`
	Outputs []FileHash `json:"outputs"`
	// NoFeedback lists the readable submissions that got no feedback
	// workbook, only their text, and why, for the operator's log.
	NoFeedback []NoFeedback `json:"no_feedback_workbook,omitempty"`
	// History is the consolidation's record in the history (consolidate
	// --db) and the chain value after it.
	History *HistoryRef `json:"history,omitempty"`
	// Options are the options that change results (absent in manifests of
	// rapportkoll 0.3).
	Options *RunOptions `json:"options,omitempty"`
	// Created is the run's date in RFC 3339 (Run.Created, from
	// SOURCE_DATE_EPOCH); absent when none was given.
	Created string `json:"created,omitempty"`
	// Prior are the reports of last year the run compared with
	// (--foregaende, the history); absent when none.
	Prior []PriorInput `json:"prior,omitempty"`
}

// RunOptions are the options of a consolidation that change its results.
type RunOptions struct {
	Period string `json:"period"`
	Strict bool   `json:"strict"`
	Lang   string `json:"lang"`
}

// NoFeedback is a submission whose feedback workbook could not be made.
type NoFeedback struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// ToolID names the program that wrote the outputs.
type ToolID struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// FileHash is a file with its SHA-256 and size.
type FileHash struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Consolidate writes every output of a run into outDir, atomically: either
// all of Sammanställning.xlsx, feedback/, report.json and manifest.json are
// in place, or outDir is as it was before. An outDir that holds files
// rapportkoll did not write, or one of opt.Inputs, is refused with an
// *OutDirError before anything is written.
func Consolidate(outDir string, run Run, opt Options) (Manifest, error) {
	var m Manifest
	if err := checkNotInput(outDir, opt.Inputs); err != nil {
		return m, err
	}
	err := writeDirAtomically(outDir, func(tmp string) error {
		var err error
		m, err = writeOutputs(tmp, run)
		return err
	}, opt)
	return m, err
}

// outputs writes files into a folder being built and records their
// hashes; safe for use from several goroutines.
type outputs struct {
	dir        string
	mu         sync.Mutex
	hashes     []FileHash
	noFeedback []NoFeedback
}

func (o *outputs) write(name string, data []byte) error {
	if err := writeFile(filepath.Join(o.dir, filepath.FromSlash(name)), data); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	o.record(name, sum[:], int64(len(data)))
	return nil
}

// create writes the file name as write writes it, hashed as it goes,
// instead of making all of it in memory first.
func (o *outputs) create(name string, write func(io.Writer) error) error {
	h := sha256.New()
	var size int64
	err := createFile(filepath.Join(o.dir, filepath.FromSlash(name)), func(w io.Writer) error {
		cw := &countWriter{w: io.MultiWriter(w, h)}
		err := write(cw)
		size = cw.n
		return err
	})
	if err != nil {
		return err
	}
	o.record(name, h.Sum(nil), size)
	return nil
}

func (o *outputs) record(name string, sum []byte, size int64) {
	o.mu.Lock()
	o.hashes = append(o.hashes, FileHash{Path: name, SHA256: hex.EncodeToString(sum), Size: size})
	o.mu.Unlock()
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// writeFeedback builds and writes every department's feedback workbook and
// text, on the run's workers, each as soon as it is made so that they are
// not all held in memory; names are handed out first, in input order, so
// the output does not depend on scheduling. The first job the workers
// take is first, a job of its own (the consolidated workbook).
func writeFeedback(run Run, out *outputs, first func() error) error {
	names := namer{}
	base := make([]string, len(run.Results))
	for i, r := range run.Results {
		name := r.Department
		if name == "" {
			name = strings.TrimSuffix(filepath.Base(r.File), filepath.Ext(r.File))
		}
		base[i] = "feedback/" + names.name(name)
	}
	n := len(run.Results)
	errs := make([]error, n+1) // the last for first
	// job 0 is first; job i is the feedback of result i-1
	check.Each(context.Background(), n+1, run.Workers, func(i int) {
		if i == 0 {
			errs[n] = first()
			return
		}
		errs[i-1] = writeOneFeedback(run, i-1, base[i-1], out)
	})
	return errors.Join(errs...)
}

func writeOneFeedback(run Run, i int, base string, out *outputs) error {
	r := run.Results[i]
	workbook := ""
	var failed error
	switch {
	case r.Status == rules.Unreadable:
	case r.NoFeedbackWorkbook:
		// too large for excelize to mark: its finding says so, and the text goes out
		out.mu.Lock()
		out.noFeedback = append(out.noFeedback, NoFeedback{File: filepath.Base(r.File), Reason: "too large for a feedback workbook (" + check.NoFeedbackRule + ")"})
		out.mu.Unlock()
	default:
		// a workbook that cannot be marked gets the text only, which says why
		var checked []byte
		if i < len(run.Workbooks) {
			checked = run.Workbooks[i]
		}
		data, err := safeFeedback(r, checked, run.Lang, run.Created)
		if err != nil {
			failed = err
			out.mu.Lock()
			out.noFeedback = append(out.noFeedback, NoFeedback{File: filepath.Base(r.File), Reason: err.Error()})
			out.mu.Unlock()
		} else {
			workbook = base + ".xlsx"
			if err := out.write(workbook, data); err != nil {
				return err
			}
		}
	}
	return out.write(base+".txt", []byte(feedbackText(r, workbook, run.Lang, failed)))
}

// safeFeedback builds a feedback workbook, from the file checked or, when
// given, the bytes checked, or says why it could not, even when a library
// panics on a strange file: the text still goes out.
func safeFeedback(r *check.Submission, checked []byte, lang rules.Lang, created time.Time) (data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			data, err = nil, fmt.Errorf("internal error: %v", p)
		}
	}()
	if checked == nil {
		return buildFeedback(r, lang, created)
	}
	// as buildFeedback, with the bytes in place of the file
	if slices.ContainsFunc(r.Findings, func(fd rules.Finding) bool { return fd.Rule == string(importer.TooManySheets) }) {
		return nil, errTooManySheets
	}
	if sum := sha256.Sum256(checked); hex.EncodeToString(sum[:]) != r.SHA256 {
		return nil, errChanged
	}
	return feedbackFrom(checked, r, lang, created)
}

func writeOutputs(dir string, run Run) (Manifest, error) {
	out := &outputs{dir: dir}
	// The consolidated workbook is one long job, taken first by one of the
	// workers while the others make feedback workbooks.
	err := writeFeedback(run, out, func() error {
		err := out.create("Sammanställning.xlsx", func(w io.Writer) error { return writeConsolidated(w, run) })
		if err != nil {
			return fmt.Errorf("Sammanställning.xlsx: %w", err)
		}
		return nil
	})
	if err != nil {
		return Manifest{}, err
	}
	var buf bytes.Buffer
	name := FileNames(run.Results)
	if err := WriteJSON(&buf, NewReport(run.Spec, run.Results, name)); err != nil {
		return Manifest{}, err
	}
	if err := out.write("report.json", buf.Bytes()); err != nil {
		return Manifest{}, err
	}
	m := Manifest{Tool: ToolID{Name: "rapportkoll", Version: run.Version}, Spec: SpecID{Name: run.Spec.Name, Version: run.Spec.Version}}
	for _, r := range run.Results {
		// A name that is not UTF-8 (from an archive made on another
		// system) is written as JSON would read it back, so that the
		// manifest is recognised as rapportkoll's on the next run.
		m.Inputs = append(m.Inputs, FileHash{Path: strings.ToValidUTF8(name(r.File), "\uFFFD"), SHA256: r.SHA256, Size: r.Size})
	}
	m.Outputs = out.hashes
	slices.SortFunc(m.Outputs, func(a, b FileHash) int { return strings.Compare(a.Path, b.Path) })
	m.NoFeedback = out.noFeedback
	m.History = run.History
	m.Created = run.created()
	m.Prior = run.Prior
	m.Options = &RunOptions{Period: run.Period, Strict: run.Strict, Lang: string(run.Lang)}
	if m.Options.Lang == "" {
		m.Options.Lang = string(rules.Swedish)
	}
	slices.SortFunc(m.NoFeedback, func(a, b NoFeedback) int {
		return cmp.Or(strings.Compare(a.File, b.File), strings.Compare(a.Reason, b.Reason))
	})
	data, err := marshalManifest(m)
	if err != nil {
		return Manifest{}, err
	}
	return m, writeFile(filepath.Join(dir, "manifest.json"), data)
}
