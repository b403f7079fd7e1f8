package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// GenesisChain is the chain value before the first record.
var GenesisChain = strings.Repeat("0", 64)

// Canonical is the form of a record that its hash covers: JSON with the
// keys of every object sorted, no insignificant space, decimals and times
// as the strings stored, the report and a kept workbook by their SHA-256.
// Facts and findings keep their stored order. The chain fields are not
// part of it (the chain covers the record hash). Changing this function
// breaks every stored history: testdata/canonical.golden guards it.
func Canonical(r *Record) []byte {
	facts := make([]map[string]any, len(r.Facts))
	for i, f := range r.Facts {
		facts[i] = map[string]any{
			"sheet": f.Sheet, "row": f.Row, "column": f.Column, "kind": f.Kind,
			"value": f.Value, "decimals": f.Decimals, "raw": f.Raw, "cell": f.Cell,
		}
	}
	findings := make([]map[string]any, len(r.Findings))
	for i, f := range r.Findings {
		findings[i] = map[string]any{
			"severity": f.Severity, "rule": f.Rule, "sheet": f.Sheet, "cell": f.Cell,
			"message": f.Message, "expected": f.Expected, "actual": f.Actual,
		}
	}
	workbook := ""
	if r.Workbook != nil {
		workbook = sha256Hex(r.Workbook)
	}
	m := map[string]any{
		"id": r.ID, "kind": r.Kind,
		"department": r.Department, "period": r.Period, "seq": r.Seq, "received": r.Received,
		"file": r.File, "sha256": r.SHA256, "size": r.Size,
		"spec": map[string]any{"name": r.SpecName, "version": r.SpecVersion}, "tool_version": r.ToolVersion,
		"status": r.Status, "errors": r.Errors, "warnings": r.Warnings, "infos": r.Infos,
		"report_sha256": sha256Hex(r.Report), "workbook_sha256": workbook,
		"facts": facts, "findings": findings,
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		panic(err) // maps of strings and integers always encode
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// RecordHash is the SHA-256 of the record's canonical form, in hex.
func RecordHash(r *Record) string { return sha256Hex(Canonical(r)) }

// NextChain is the chain value after a record: the SHA-256 of the previous
// chain value and the record hash, both as their 64 hex digits.
func NextChain(prev, recordHash string) string {
	return sha256Hex([]byte(prev + recordHash))
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
