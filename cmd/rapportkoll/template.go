package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

type templateOptions struct {
	globals
	out       string
	namnd     string
	period    string
	noProtect bool
}

func runTemplate(_ context.Context, args []string, stdout, stderr io.Writer) int {
	var o templateOptions
	fs := o.flagSet("template", stderr)
	fs.StringVar(&o.out, "o", "", "mallens filnamn (.xlsx)")
	fs.StringVar(&o.namnd, "namnd", "", "nämndens namn, förifyllt på bladet Info")
	fs.StringVar(&o.period, "period", "", `period, till exempel "Helår 2023"`)
	fs.BoolVar(&o.noProtect, "no-protect", false, "lämna bladen oskyddade")
	rest, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		return failf(stderr, "okänt argument %q; ange utfil med -o", rest[0])
	}
	if o.out == "" {
		return failf(stderr, "ange mallens filnamn med -o, till exempel: rapportkoll template -o Mall.xlsx")
	}
	e, err := o.env(stdout, stderr)
	if err != nil {
		return envFailure(stderr, err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if msg := checkTemplateArgs(e.spec, o, set); msg != "" {
		return failf(stderr, "%s", msg)
	}
	created, err := sourceDate(os.Getenv("SOURCE_DATE_EPOCH"), e.lang)
	if err != nil {
		return failf(stderr, "%v", err)
	}
	data, err := exporter.BuildTemplate(e.spec, exporter.TemplateOptions{
		Department: strings.TrimSpace(o.namnd), Period: strings.Join(strings.Fields(o.period), " "), NoProtect: o.noProtect,
		Created: created,
	})
	if err != nil {
		return failf(stderr, "kunde inte skapa mallen: %v", err)
	}
	if err := writeFileAtomically(o.out, data); err != nil {
		if errors.Is(err, errExists) {
			return failf(stderr, "%s", pickLang(e.lang,
				o.out+" finns redan. rapportkoll skriver aldrig över en befintlig fil (den kan vara en ifylld mall): välj ett annat filnamn med -o.",
				o.out+" exists already. rapportkoll never overwrites an existing file (it may be a filled-in template): choose another file name with -o."))
		}
		return failf(stderr, "%s", pickLang(e.lang,
			"kunde inte skriva "+o.out+": "+osReason(err, e.lang)+" (ingen fil skrevs).",
			"could not write "+o.out+": "+osReason(err, e.lang)+" (no file was written)."))
	}
	e.log.Info().Str(e.f("file"), o.out).Str(e.f("template"), e.spec.Name+" "+e.spec.Version).Msg(tr(e.lang, "log.template"))
	return exitOK
}

// checkTemplateArgs validates --namnd and --period against the spec's Info
// sheet; it returns a message for the user, or "".
func checkTemplateArgs(s *spec.Spec, o templateOptions, set map[string]bool) string {
	info := s.Sheet(s.Identity.Sheet)
	if set["namnd"] {
		n := strings.TrimSpace(o.namnd)
		max := 100
		if info != nil {
			if c := info.Column(s.Identity.Department); c != nil && c.MaxLength > 0 {
				max = c.MaxLength
			}
		}
		switch {
		case n == "":
			return "--namnd är tomt; ange nämndens namn, till exempel --namnd Kommunstyrelsen"
		case utf8.RuneCountInString(n) > max:
			return "--namnd är längre än " + strconv.Itoa(max) + " tecken; förkorta namnet"
		}
	}
	if set["period"] && info != nil {
		if c := info.Column(s.Identity.Period); c != nil && c.Format != "" {
			p := strings.Join(strings.Fields(o.period), " ")
			if re, err := regexp.Compile(c.Format); err == nil && !re.MatchString(p) {
				return `--period "` + o.period + `" går inte att läsa; skriv till exempel "Helår 2023", "Delår april 2023" eller "Delår augusti 2023"`
			}
		}
	}
	return ""
}

// errExists is returned by writeFileAtomically for a file that is there
// already with other contents.
var errExists = errors.New("finns redan")

// writeFileAtomically writes data to a temporary file beside name and
// links it into place, so no partial file is ever left and a file that is
// already there is never replaced (it may be a department's filled-in
// template): the same bytes are fine, other bytes are errExists.
func writeFileAtomically(name string, data []byte) error {
	if st, err := os.Lstat(name); err == nil {
		if !st.Mode().IsRegular() {
			return errExists // a folder, a link, a pipe: never opened, never replaced
		}
		if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
			return nil
		}
		return errExists
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return err
	}
	// A hard link fails when name exists, unlike a rename, so a file
	// written meanwhile by someone else is not replaced either.
	if err := os.Link(tmp.Name(), name); err != nil {
		if _, serr := os.Lstat(name); serr == nil {
			return errExists
		}
		return err
	}
	return nil
}
