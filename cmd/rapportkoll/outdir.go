package main

import (
	"errors"
	"io"
	"io/fs"
	"os"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
)

// checkNamedInputs refuses a named input that does not exist: a mistyped
// path is an argument error, so that it never replaces a good previous
// output with an empty consolidation. A path that exists but cannot be
// read (a dangling link, no permission) is left to the check, which
// reports it as a finding.
func checkNamedInputs(inputs []string, lang rules.Lang, stderr io.Writer) (int, bool) {
	for _, in := range inputs {
		if _, err := os.Lstat(in); errors.Is(err, fs.ErrNotExist) {
			return failf(stderr, "%s", pickLang(lang,
				"hittar inte "+in+". Kontrollera sökvägen; inget lästes och inget skrevs.",
				"cannot find "+in+". Check the path; nothing was read and nothing was written.")), false
		}
	}
	return 0, true
}

// outDirFailure explains an output folder that may not be used, or an
// error while writing it.
func outDirFailure(stderr io.Writer, out string, err error, lang rules.Lang) int {
	var oe *exporter.OutDirError
	if errors.As(err, &oe) {
		return failf(stderr, "%s", oe.Message(lang))
	}
	return failf(stderr, "%s", pickLang(lang,
		"kunde inte skriva utdata till "+out+" (inget ändrades där): "+err.Error(),
		"could not write the outputs to "+out+" (nothing was changed there): "+err.Error()))
}

func pickLang(lang rules.Lang, sv, en string) string {
	if lang == rules.English {
		return en
	}
	return sv
}
