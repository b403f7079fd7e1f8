package exporter

import (
	"strconv"

	"github.com/rapportkoll/rapportkoll/exporter/appendtext"
	"github.com/rapportkoll/rapportkoll/rules"
)

// AppendJSON appends the report as WriteJSON writes it: the bytes that
// encoding/json's Encoder writes with SetIndent("", "  ") and
// SetEscapeHTML(false), final newline included, written out by hand
// (submit makes one report per file stored, and reflection was most of
// its cost). TestAppendJSONIsEncodingJSON holds the two to the same
// bytes, and fails when a field is added to the report's types and not
// here.
func AppendJSON(b []byte, r Report) []byte {
	b = append(b, "{\n  \"spec\": {\n    \"name\": "...)
	b = appendJSONString(b, r.Spec.Name)
	b = append(b, ",\n    \"version\": "...)
	b = appendJSONString(b, r.Spec.Version)
	b = append(b, "\n  },\n  \"submissions\": "...)
	switch {
	case r.Submissions == nil:
		b = append(b, "null"...)
	case len(r.Submissions) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i := range r.Submissions {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n    "...)
			b = appendSubmission(b, &r.Submissions[i])
		}
		b = append(b, "\n  ]"...)
	}
	return append(b, "\n}\n"...)
}

// appendSubmission writes one submission at the depth of report.json's
// submissions list (its '{' already indented).
func appendSubmission(b []byte, s *Submission) []byte {
	const in = "\n      " // a field of the submission
	b = append(b, '{')
	b = appendJSONString(append(b, in+`"file": `...), s.File)
	b = appendJSONString(append(b, ","+in+`"sha256": `...), s.SHA256)
	b = appendJSONString(append(b, ","+in+`"department": `...), s.Department)
	b = appendJSONString(append(b, ","+in+`"period": `...), s.Period)
	b = appendJSONString(append(b, ","+in+`"status": `...), string(s.Status))
	b = append(b, ","+in+`"findings": `...)
	switch {
	case s.Findings == nil:
		b = append(b, "null"...)
	case len(s.Findings) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i := range s.Findings {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendFinding(b, &s.Findings[i])
		}
		b = append(b, in+"]"...)
	}
	b = append(b, ","+in+`"checks": `...)
	switch {
	case s.Checks == nil:
		b = append(b, "null"...)
	case len(s.Checks) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i := range s.Checks {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCheck(b, &s.Checks[i])
		}
		b = append(b, in+"]"...)
	}
	return append(b, "\n    }"...)
}

func appendFinding(b []byte, f *Finding) []byte {
	const in = "\n          " // a field of the finding
	b = appendJSONString(append(b, "\n        {"+in+`"severity": `...), f.Severity)
	b = appendJSONString(append(b, ","+in+`"rule": `...), f.Rule)
	b = appendJSONString(append(b, ","+in+`"sheet": `...), f.Sheet)
	b = appendJSONString(append(b, ","+in+`"cell": `...), f.Cell)
	b = appendJSONString(append(b, ","+in+`"message": `...), f.Message)
	if f.Expected != "" {
		b = appendJSONString(append(b, ","+in+`"expected": `...), f.Expected)
	}
	if f.Actual != "" {
		b = appendJSONString(append(b, ","+in+`"actual": `...), f.Actual)
	}
	return append(b, "\n        }"...)
}

func appendCheck(b []byte, c *rules.Check) []byte {
	const in = "\n          "
	b = appendJSONString(append(b, "\n        {"+in+`"rule": `...), c.Rule)
	b = strconv.AppendInt(append(b, ","+in+`"evaluated": `...), int64(c.Evaluated), 10)
	b = strconv.AppendInt(append(b, ","+in+`"failed": `...), int64(c.Failed), 10)
	return append(b, "\n        }"...)
}

// appendJSONString appends s as encoding/json writes it without HTML
// escaping (its appendString, written out again): a quote and a
// backslash after a backslash, the control characters that have a short
// escape with it, the others and U+2028 and U+2029 as \u escapes, bytes
// that are not UTF-8 as \ufffd. FuzzAppendJSONString holds it to
// encoding/json.
func appendJSONString(b []byte, s string) []byte { return appendtext.JSONString(b, s) }
