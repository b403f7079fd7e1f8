package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/exporter/appendtext"
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
	facts, findings := canonParts(r)
	return canonical(r, facts, findings)
}

// canonParts encodes the facts and the findings as they appear in the
// canonical form (what encoding/json would write for []canonFact and
// []canonFinding, written out by hand: this runs once per submission and
// the facts are most of it); they are stored so.
func canonParts(r *Record) (facts, findings []byte) {
	facts = make([]byte, 0, 160*len(r.Facts)+2)
	facts = append(facts, '[')
	// a table's facts share their sheet, a row's their label, and most
	// their kind: the text written for the fact before is copied
	var kind, row, sheet repeated
	for i, f := range r.Facts {
		if i > 0 {
			facts = append(facts, ',')
		}
		facts = appendString(append(facts, `{"cell":`...), f.Cell)
		facts = appendString(append(facts, `,"column":`...), f.Column)
		facts = strconv.AppendInt(append(facts, `,"decimals":`...), int64(f.Decimals), 10)
		facts = kind.append(append(facts, `,"kind":`...), f.Kind)
		facts = appendString(append(facts, `,"raw":`...), f.Raw)
		facts = row.append(append(facts, `,"row":`...), f.Row)
		facts = sheet.append(append(facts, `,"sheet":`...), f.Sheet)
		facts = appendString(append(facts, `,"value":`...), f.Value)
		facts = append(facts, '}')
	}
	facts = append(facts, ']')
	findings = make([]byte, 0, 320*len(r.Findings)+2)
	findings = append(findings, '[')
	for i, f := range r.Findings {
		if i > 0 {
			findings = append(findings, ',')
		}
		findings = appendString(append(findings, `{"actual":`...), f.Actual)
		findings = appendString(append(findings, `,"cell":`...), f.Cell)
		findings = appendString(append(findings, `,"expected":`...), f.Expected)
		findings = appendString(append(findings, `,"message":`...), f.Message)
		findings = appendString(append(findings, `,"rule":`...), f.Rule)
		findings = appendString(append(findings, `,"severity":`...), f.Severity)
		findings = appendString(append(findings, `,"sheet":`...), f.Sheet)
		findings = append(findings, '}')
	}
	return facts, append(findings, ']')
}

// repeated is where in the buffer the text last written for one field of
// the facts is, to copy it when the next fact has the same.
type repeated struct {
	s        string
	from, to int
}

// append appends s as appendString does, from the buffer when s is the
// text written last.
func (m *repeated) append(b []byte, s string) []byte {
	if m.to > 0 && s == m.s {
		return append(b, b[m.from:m.to]...)
	}
	from := len(b)
	b = appendString(b, s)
	*m = repeated{s: s, from: from, to: len(b)}
	return b
}

// appendString appends s as encoding/json writes it without HTML
// escaping (its appendString, written out again: facts and findings are
// most of a record, and a message with a quote in it went through
// encoding/json whole): a quote and a backslash after a backslash, the
// control characters that have a short escape with it, the others and
// U+2028 and U+2029 as \u escapes, bytes that are not UTF-8 as \ufffd.
// FuzzAppendString holds it to encoding/json (exporter/appendtext).
func appendString(b []byte, s string) []byte { return appendtext.JSONString(b, s) }

// canonical assembles the canonical form from its parts, the facts and
// findings as the very bytes given (so that any change to stored bytes
// changes the hash). It is written out by hand, keys in sorted order, to
// save encoding the parts twice.
func canonical(r *Record, facts, findings []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(facts) + len(findings) + 1024)
	writeCanonical(&b, r, facts, findings)
	return b.Bytes()
}

// canonicalHash is sha256Hex(canonical(r, facts, findings)), without
// making the canonical form: its pieces go to the hash as they are made.
func canonicalHash(r *Record, facts, findings []byte) string {
	h := sha256.New()
	writeCanonical(h, r, facts, findings)
	return hex.EncodeToString(h.Sum(nil))
}

// writeCanonical writes the canonical form of r to w in four pieces: the
// fields before the facts, the facts, the fields up to the findings, the
// findings and the rest.
func writeCanonical(w io.Writer, r *Record, facts, findings []byte) {
	reportSHA, workbookSHA := r.reportSHA, r.workbookSHA
	if reportSHA == "" {
		reportSHA, workbookSHA = contentHashes(r)
	}
	b := make([]byte, 0, 1024)
	str := func(key, v string) {
		b = appendString(append(b, key...), v)
	}
	num := func(key string, v int64) {
		b = append(b, key...)
		b = strconv.AppendInt(b, v, 10)
	}
	str(`{"department":`, r.Department)
	num(`,"errors":`, int64(r.Errors))
	w.Write(append(b, `,"facts":`...)) // a hash or a buffer: Write does not fail
	w.Write(facts)
	b = b[:0]
	str(`,"file":`, r.File)
	w.Write(append(b, `,"findings":`...))
	w.Write(findings)
	b = b[:0]
	num(`,"id":`, r.ID)
	num(`,"infos":`, int64(r.Infos))
	str(`,"kind":`, r.Kind)
	str(`,"period":`, r.Period)
	str(`,"received":`, r.Received)
	str(`,"report_sha256":`, reportSHA)
	num(`,"seq":`, r.Seq)
	str(`,"sha256":`, r.SHA256)
	num(`,"size":`, r.Size)
	str(`,"spec":{"name":`, r.SpecName)
	str(`,"version":`, r.SpecVersion)
	str(`},"status":`, r.Status)
	str(`,"tool_version":`, r.ToolVersion)
	num(`,"warnings":`, int64(r.Warnings))
	str(`,"workbook_sha256":`, workbookSHA)
	w.Write(append(b, '}'))
}

// contentHashes are the SHA-256 of r's report and of its kept workbook
// ("" when none was kept), as the canonical form holds them.
func contentHashes(r *Record) (report, workbook string) {
	if r.Workbook != nil {
		workbook = sha256Hex(r.Workbook)
	}
	return sha256Hex(r.Report), workbook
}

// encode is JSON without HTML escaping and without the final newline, of
// values that always encode (strings, integers and structs of them).
func encode(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // cannot fail for these types
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// The canonical form's objects. encoding/json writes a struct's fields in
// declaration order: they are declared in sorted key order.
type canonFact struct {
	Cell     string `json:"cell"`
	Column   string `json:"column"`
	Decimals int32  `json:"decimals"`
	Kind     string `json:"kind"`
	Raw      string `json:"raw"`
	Row      string `json:"row"`
	Sheet    string `json:"sheet"`
	Value    string `json:"value"`
}

type canonFinding struct {
	Actual   string `json:"actual"`
	Cell     string `json:"cell"`
	Expected string `json:"expected"`
	Message  string `json:"message"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Sheet    string `json:"sheet"`
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
