package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
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
	for i, f := range r.Facts {
		if i > 0 {
			facts = append(facts, ',')
		}
		facts = appendString(append(facts, `{"cell":`...), f.Cell)
		facts = appendString(append(facts, `,"column":`...), f.Column)
		facts = strconv.AppendInt(append(facts, `,"decimals":`...), int64(f.Decimals), 10)
		facts = appendString(append(facts, `,"kind":`...), f.Kind)
		facts = appendString(append(facts, `,"raw":`...), f.Raw)
		facts = appendString(append(facts, `,"row":`...), f.Row)
		facts = appendString(append(facts, `,"sheet":`...), f.Sheet)
		facts = appendString(append(facts, `,"value":`...), f.Value)
		facts = append(facts, '}')
	}
	facts = append(facts, ']')
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

// appendString appends s as encoding/json writes it (without HTML
// escaping): plain text as it is, anything else through encoding/json.
func appendString(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		return append(b, encode(s)...)
	}
	for i := 0; i < len(s); i++ {
		// U+2028 and U+2029 (E2 80 A8, E2 80 A9) encoding/json escapes;
		// the other characters that begin with 0xE2 (such as − and –)
		// it writes as they are.
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || (c == 0xE2 && lineSeparator(s[i:])) {
			return append(b, encode(s)...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// lineSeparator reports whether s begins with U+2028 or U+2029.
func lineSeparator(s string) bool {
	return len(s) >= 3 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)
}

// canonical assembles the canonical form from its parts, the facts and
// findings as the very bytes given (so that any change to stored bytes
// changes the hash). It is written out by hand, keys in sorted order, to
// save encoding the parts twice.
func canonical(r *Record, facts, findings []byte) []byte {
	workbook := ""
	if r.Workbook != nil {
		workbook = sha256Hex(r.Workbook)
	}
	b := make([]byte, 0, len(facts)+len(findings)+1024)
	str := func(key, v string) {
		b = appendString(append(b, key...), v)
	}
	num := func(key string, v int64) {
		b = append(b, key...)
		b = strconv.AppendInt(b, v, 10)
	}
	str(`{"department":`, r.Department)
	num(`,"errors":`, int64(r.Errors))
	b = append(append(b, `,"facts":`...), facts...)
	str(`,"file":`, r.File)
	b = append(append(b, `,"findings":`...), findings...)
	num(`,"id":`, r.ID)
	num(`,"infos":`, int64(r.Infos))
	str(`,"kind":`, r.Kind)
	str(`,"period":`, r.Period)
	str(`,"received":`, r.Received)
	str(`,"report_sha256":`, sha256Hex(r.Report))
	num(`,"seq":`, r.Seq)
	str(`,"sha256":`, r.SHA256)
	num(`,"size":`, r.Size)
	str(`,"spec":{"name":`, r.SpecName)
	str(`,"version":`, r.SpecVersion)
	str(`},"status":`, r.Status)
	str(`,"tool_version":`, r.ToolVersion)
	num(`,"warnings":`, int64(r.Warnings))
	str(`,"workbook_sha256":`, workbook)
	return append(b, '}')
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

// decodeParts is the inverse of canonParts.
func decodeParts(r *Record, facts, findings []byte) error {
	var fs []canonFact
	var ns []canonFinding
	if err := json.Unmarshal(facts, &fs); err != nil {
		return err
	}
	if err := json.Unmarshal(findings, &ns); err != nil {
		return err
	}
	r.Facts, r.Findings = make([]Fact, len(fs)), make([]Finding, len(ns))
	for i, f := range fs {
		r.Facts[i] = Fact{Sheet: f.Sheet, Row: f.Row, Column: f.Column, Kind: f.Kind, Value: f.Value,
			Decimals: f.Decimals, Raw: f.Raw, Cell: f.Cell}
	}
	for i, f := range ns {
		r.Findings[i] = Finding{Severity: f.Severity, Rule: f.Rule, Sheet: f.Sheet, Cell: f.Cell,
			Message: f.Message, Expected: f.Expected, Actual: f.Actual}
	}
	return nil
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
