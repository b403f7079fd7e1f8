package exporter

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules"
)

// reference is how report.json was written before AppendJSON: the bytes
// AppendJSON must keep writing (stored reports are hashed as written).
func reference(t *testing.T, r Report) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAppendJSONIsEncodingJSON: the hand-written encoder writes what
// encoding/json writes, for empty and nil lists, omitted and present
// optional fields, and text that needs escaping (quotes, control
// characters, U+2028, invalid UTF-8, HTML characters left as they are).
func TestAppendJSONIsEncodingJSON(t *testing.T) {
	odd := []string{"", "plain", "Kultur- och fritidsnämnden", `"quoted" \ back`, "tab\there\nnew\r\b\f\x00\x1f",
		"line\u2028sep\u2029", "minus −5 … – ok", "bad \xff\xfe utf-8", "\xe2\x80", "\xe2", "<a href='x'>&amp;</a>",
		"\u007f del", "emoji 😀", strings.Repeat("å", 300)}
	spec := SpecID{Name: "Månadsrapport", Version: "2024.1"}
	var manyFindings []Finding
	for i, s := range odd {
		manyFindings = append(manyFindings, Finding{Severity: "error", Rule: s, Sheet: s, Cell: "B" + s, Message: s,
			Expected: odd[(i+1)%len(odd)], Actual: odd[(i+2)%len(odd)]})
	}
	sub := func(f []Finding, c []rules.Check) Submission {
		return Submission{File: "a.xlsx", SHA256: strings.Repeat("ab", 32), Department: "Kultur", Period: "Helår 2023",
			Status: rules.Status("rejected"), Findings: f, Checks: c}
	}
	tests := []struct {
		name string
		r    Report
	}{
		{"nil submissions", Report{Spec: spec}},
		{"no submissions", Report{Spec: spec, Submissions: []Submission{}}},
		{"nil lists", Report{Spec: spec, Submissions: []Submission{sub(nil, nil)}}},
		{"empty lists", Report{Spec: spec, Submissions: []Submission{sub([]Finding{}, []rules.Check{})}}},
		{"one finding, no optional fields", Report{Spec: spec, Submissions: []Submission{sub([]Finding{{Severity: "info", Rule: "R1"}}, []rules.Check{})}}},
		{"findings and checks", Report{Spec: spec, Submissions: []Submission{
			sub(manyFindings, []rules.Check{{Rule: "sum", Evaluated: 12, Failed: 3}, {Rule: "x", Evaluated: 0, Failed: -1}}),
			sub([]Finding{{Severity: "warning", Expected: "1"}, {Severity: "warning", Actual: "2"}}, nil),
		}}},
		{"odd spec", Report{Spec: SpecID{Name: odd[3], Version: odd[7]}, Submissions: []Submission{{Status: rules.Status(odd[4])}}}},
	}
	for _, s := range odd {
		tests = append(tests, struct {
			name string
			r    Report
		}{"text " + s, Report{Spec: SpecID{Name: s}, Submissions: []Submission{{File: s, SHA256: s, Department: s, Period: s}}}})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := reference(t, tc.r)
			if got := AppendJSON(nil, tc.r); !bytes.Equal(got, want) {
				t.Errorf("AppendJSON wrote\n%s\nencoding/json writes\n%s", got, want)
			}
			var b bytes.Buffer
			if err := WriteJSON(&b, tc.r); err != nil || !bytes.Equal(b.Bytes(), want) {
				t.Errorf("WriteJSON wrote (err %v)\n%s\nwant\n%s", err, b.Bytes(), want)
			}
		})
	}
}

// TestAppendJSONKnowsEveryField: a field added to one of the report's
// types must be added to AppendJSON too (and to this list).
func TestAppendJSONKnowsEveryField(t *testing.T) {
	known := map[reflect.Type]string{
		reflect.TypeFor[Report]():      "Spec Submissions",
		reflect.TypeFor[SpecID]():      "Name Version",
		reflect.TypeFor[Submission]():  "File SHA256 Department Period Status Findings Checks",
		reflect.TypeFor[Finding]():     "Severity Rule Sheet Cell Message Expected Actual",
		reflect.TypeFor[rules.Check](): "Rule Evaluated Failed",
	}
	for typ, want := range known {
		var names []string
		for f := range typ.Fields() {
			names = append(names, f.Name)
		}
		if got := strings.Join(names, " "); got != want {
			t.Errorf("%v has the fields %q, AppendJSON writes %q: update AppendJSON", typ, got, want)
		}
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	r := Report{Spec: SpecID{Name: "Månadsrapport", Version: "1"}, Submissions: []Submission{{File: "a.xlsx", Status: "rejected"}}}
	for i := range 40 {
		r.Submissions[0].Findings = append(r.Submissions[0].Findings, Finding{Severity: "error", Rule: "sum", Sheet: "Drift",
			Cell: "C12", Message: strings.Repeat("Summan stämmer inte med raderna ovan. ", 3), Expected: "1234.50", Actual: string(rune('0' + i%10))})
	}
	var buf []byte
	for b.Loop() {
		buf = AppendJSON(buf[:0], r)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"Kultur- och fritidsnämnden", "\u2028\"\\\x00\b\f\x7f", "\xff\xe2\x80", "−5 € \ufffd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		if got, want := string(appendJSONString(nil, s)), strings.TrimSuffix(b.String(), "\n"); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}
