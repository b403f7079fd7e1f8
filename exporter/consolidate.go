package exporter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

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

func writeOutputs(dir string, run Run) (Manifest, error) {
	files := map[string][]byte{}
	data, err := buildConsolidated(run)
	if err != nil {
		return Manifest{}, fmt.Errorf("Sammanställning.xlsx: %w", err)
	}
	files["Sammanställning.xlsx"] = data
	names := namer{}
	for _, r := range run.Results {
		name := r.Department
		if name == "" {
			name = strings.TrimSuffix(base(r.File), filepath.Ext(r.File))
		}
		name = names.name(name)
		workbook := ""
		if r.Status != rules.Unreadable {
			if data, err := buildFeedback(r, run.Lang); err == nil {
				workbook = "feedback/" + name + ".xlsx"
				files[workbook] = data
			}
		}
		files["feedback/"+name+".txt"] = []byte(feedbackText(r, workbook, run.Lang))
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, NewReport(run.Spec, run.Results, base)); err != nil {
		return Manifest{}, err
	}
	files["report.json"] = buf.Bytes()
	m := Manifest{Tool: ToolID{Name: "rapportkoll", Version: run.Version}, Spec: SpecID{Name: run.Spec.Name, Version: run.Spec.Version}}
	for _, r := range run.Results {
		m.Inputs = append(m.Inputs, FileHash{Path: base(r.File), SHA256: r.SHA256, Size: r.Size})
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), files[name]); err != nil {
			return Manifest{}, err
		}
		sum := sha256.Sum256(files[name])
		m.Outputs = append(m.Outputs, FileHash{Path: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(files[name]))})
	}
	data, err = json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	return m, os.WriteFile(filepath.Join(dir, "manifest.json"), append(data, '\n'), 0o644)
}
