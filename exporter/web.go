package exporter

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// FeedbackWorkbook returns the feedback workbook of a submission checked
// from bytes in memory (check.Bytes, an upload to the web page): the same
// workbook as consolidate writes to feedback/, built from data instead of
// the file on disk. data must be the bytes checked (their SHA-256 is
// compared). A workbook that cannot be marked, or a library that panics
// on it, gives an error, never a panic.
func FeedbackWorkbook(r *check.Submission, data []byte, lang rules.Lang) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("internal error: %v", p)
		}
	}()
	if r.Status == rules.Unreadable || r.NoFeedbackWorkbook {
		return nil, errNoFeedback
	}
	if slices.ContainsFunc(r.Findings, func(fd rules.Finding) bool { return fd.Rule == string(importer.TooManySheets) }) {
		return nil, errTooManySheets
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != r.SHA256 {
		return nil, errChanged
	}
	return feedbackFrom(data, r, lang, time.Time{})
}

// errNoFeedback is the error of a submission that gets no feedback
// workbook: unreadable, or too large to mark.
var errNoFeedback = fmt.Errorf("no feedback workbook for this file")
