package exporter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/rapportkoll/rapportkoll/rules"
)

// Options tune Consolidate.
type Options struct {
	// BeforeSwap runs after every output is written and before the output
	// folder is put in place; tests use it to simulate a late failure.
	BeforeSwap func(tmp string) error
}

// Manifest is manifest.json: what was read and written, with hashes, so an
// auditor can verify every file.
type Manifest struct {
	Tool    ToolID     `json:"tool"`
	Spec    SpecID     `json:"spec"`
	Inputs  []FileHash `json:"inputs"`
	Outputs []FileHash `json:"outputs"`
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
// in place, or outDir is as it was before.
func Consolidate(outDir string, run Run, opt Options) (Manifest, error) {
	var m Manifest
	err := writeDirAtomically(outDir, func(tmp string) error {
		var err error
		m, err = writeOutputs(tmp, run)
		return err
	}, opt.BeforeSwap)
	return m, err
}

// outputs writes files into a folder being built and records their
// hashes; safe for use from several goroutines.
type outputs struct {
	dir    string
	mu     sync.Mutex
	hashes []FileHash
}

func (o *outputs) write(name string, data []byte) error {
	if err := writeFile(filepath.Join(o.dir, filepath.FromSlash(name)), data); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	o.mu.Lock()
	o.hashes = append(o.hashes, FileHash{Path: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))})
	o.mu.Unlock()
	return nil
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
	jobs := make(chan int)
	errs := make([]error, len(run.Results)+1) // the last for first
	var wg sync.WaitGroup
	workers := run.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				if i < 0 {
					errs[len(run.Results)] = first()
					continue
				}
				errs[i] = writeOneFeedback(run, i, base[i], out)
			}
		})
	}
	jobs <- -1
	for i := range run.Results {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return errors.Join(errs...)
}

func writeOneFeedback(run Run, i int, base string, out *outputs) error {
	r := run.Results[i]
	workbook := ""
	if r.Status != rules.Unreadable && !r.NoFeedbackWorkbook {
		// a workbook excelize cannot open gets the text only
		if data := safeFeedback(r, run.Lang); data != nil {
			workbook = base + ".xlsx"
			if err := out.write(workbook, data); err != nil {
				return err
			}
		}
	}
	return out.write(base+".txt", []byte(feedbackText(r, workbook, run.Lang)))
}

// safeFeedback builds a feedback workbook, or nil when that fails, even
// by a panic inside a library on a strange file: the text still goes out.
func safeFeedback(r *rules.Result, lang rules.Lang) (data []byte) {
	defer func() {
		if recover() != nil {
			data = nil
		}
	}()
	data, err := buildFeedback(r, lang)
	if err != nil {
		return nil
	}
	return data
}

func writeOutputs(dir string, run Run) (Manifest, error) {
	out := &outputs{dir: dir}
	// The consolidated workbook is one long job, taken first by one of the
	// workers while the others make feedback workbooks.
	err := writeFeedback(run, out, func() error {
		data, err := buildConsolidated(run)
		if err != nil {
			return fmt.Errorf("Sammanställning.xlsx: %w", err)
		}
		return out.write("Sammanställning.xlsx", data)
	})
	if err != nil {
		return Manifest{}, err
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, NewReport(run.Spec, run.Results, base)); err != nil {
		return Manifest{}, err
	}
	if err := out.write("report.json", buf.Bytes()); err != nil {
		return Manifest{}, err
	}
	m := Manifest{Tool: ToolID{Name: "rapportkoll", Version: run.Version}, Spec: SpecID{Name: run.Spec.Name, Version: run.Spec.Version}}
	for _, r := range run.Results {
		m.Inputs = append(m.Inputs, FileHash{Path: base(r.File), SHA256: r.SHA256, Size: r.Size})
	}
	m.Outputs = out.hashes
	slices.SortFunc(m.Outputs, func(a, b FileHash) int { return strings.Compare(a.Path, b.Path) })
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	return m, os.WriteFile(filepath.Join(dir, "manifest.json"), append(data, '\n'), 0o644)
}
