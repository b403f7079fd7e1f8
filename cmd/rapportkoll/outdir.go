package main

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
)

// checkNamedInputs refuses a named input that cannot be opened at all
// (it does not exist, a part of its path is a file, it is a link to
// nothing, it may not be read): a mistyped path is an argument error, so
// that it never replaces a good previous output with an empty
// consolidation. A special file (a pipe, a device) is left to the check,
// which reports it as a finding.
func checkNamedInputs(inputs []string, lang rules.Lang, stderr io.Writer) (int, bool) {
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err == nil && st.Mode().IsRegular() {
			var f *os.File
			if f, err = os.OpenFile(in, os.O_RDONLY|openNonblock, 0); err == nil {
				f.Close()
			}
		}
		if err == nil {
			continue
		}
		if _, lerr := os.Lstat(in); lerr == nil && errors.Is(err, fs.ErrNotExist) {
			target, _ := os.Readlink(in)
			return failf(stderr, "%s", pickLang(lang,
				in+" är en länk till "+target+", som inte finns (en utdelad mapp som inte är ansluten?). Kontrollera sökvägen; inget lästes och inget skrevs.",
				in+" is a link to "+target+", which does not exist (a share that is not mounted?). Check the path; nothing was read and nothing was written.")), false
		}
		if errors.Is(err, fs.ErrNotExist) {
			return failf(stderr, "%s", pickLang(lang,
				"hittar inte "+in+". Kontrollera sökvägen; inget lästes och inget skrevs.",
				"cannot find "+in+". Check the path; nothing was read and nothing was written.")), false
		}
		return failf(stderr, "%s", pickLang(lang,
			"kan inte läsa "+in+": "+osReason(err, lang)+". Kontrollera sökvägen; inget lästes och inget skrevs.",
			"cannot read "+in+": "+osReason(err, lang)+". Check the path; nothing was read and nothing was written.")), false
	}
	return 0, true
}

// osReason says why a file operation failed, in the user's language (the
// system's own text, in English, only for a reason not known here).
func osReason(err error, lang rules.Lang) string {
	reasons := []struct {
		err    error
		sv, en string
	}{
		{fs.ErrPermission, "behörighet saknas", "permission denied"},
		{fs.ErrNotExist, "finns inte", "does not exist"},
		{syscall.ENOTDIR, "en del av sökvägen är en fil, ingen mapp", "a part of the path is a file, not a folder"},
		{syscall.ENOSPC, "disken är full", "the disk is full"},
		{syscall.EROFS, "filsystemet är skrivskyddat", "the file system is read-only"},
		{syscall.EBUSY, "mappen används (är den en monteringspunkt?)", "the folder is busy (is it a mount point?)"},
		{syscall.EXDEV, "mappen ligger på en annan disk än mappen den står i", "the folder is on another disk than the folder it is in"},
		{syscall.ENAMETOOLONG, "namnet är för långt", "the name is too long"},
		{syscall.ELOOP, "länkarna pekar på varandra i en slinga", "the links point to each other in a loop"},
	}
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return pickLang(lang, r.sv, r.en)
		}
	}
	return pickLang(lang, "systemfel ("+err.Error()+")", "system error ("+err.Error()+")")
}

// outDirFailure explains an output folder that may not be used, or an
// error while writing it.
func outDirFailure(stderr io.Writer, out string, err error, lang rules.Lang) int {
	var oe *exporter.OutDirError
	if errors.As(err, &oe) {
		return failf(stderr, "%s", oe.Message(lang))
	}
	return failf(stderr, "%s", pickLang(lang,
		"kunde inte skriva utdata till "+out+": "+osReason(err, lang)+". Inget ändrades där.",
		"could not write the outputs to "+out+": "+osReason(err, lang)+". Nothing was changed there."))
}

func pickLang(lang rules.Lang, sv, en string) string {
	if lang == rules.English {
		return en
	}
	return sv
}
