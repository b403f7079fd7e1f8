package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// tr is the catalogue's text of key in lang: the log's messages ("log.…")
// and the words of the terminal.
func tr(lang rules.Lang, key string) string { return catalog.Get(lang, key) }

// f is the name of a log field in the run's language: the catalogue's
// "log.field.<name>" ("fil" or "file"), so that a log line is one
// language, its message and its field names, in the console and the JSON
// format.
func (e *env) f(name string) string { return catalog.Get(e.lang, "log.field."+name) }

// dur is a duration for a log field, with its unit, to the millisecond
// ("3ms", "1.204s").
func dur(d time.Duration) string { return d.Round(time.Millisecond).String() }

// seconds is a duration in seconds with one decimal, in the language's
// way ("1,2 s", "1.2 s"), or in milliseconds below a second ("340 ms"),
// for the last line of a run.
func seconds(lang rules.Lang, d time.Duration) string {
	if d < 950*time.Millisecond {
		return fmt.Sprintf("%d ms", d.Round(time.Millisecond).Milliseconds())
	}
	tenths := (d + 50*time.Millisecond) / (100 * time.Millisecond)
	return fmt.Sprintf("%d%s%d s", tenths/10, catalog.Get(lang, "size.decimal_sep"), tenths%10)
}

// logDone ends a run's log with how long it took ("klar på 1,2 s").
func logDone(e *env, start time.Time) {
	d := time.Since(start)
	e.log.Info().Str(e.f("took"), dur(d)).Msg(catalog.Fill(e.lang, "log.done", "duration", seconds(e.lang, d)))
}

// allCellsFlags registers --alla-celler and its English name --all-cells:
// one line per cell in the text report instead of one line per repeated
// finding (exporter.OutputOptions.AllCells).
func allCellsFlags(fs *flag.FlagSet, v *bool) {
	fs.BoolVar(v, "alla-celler", false, "en rad per cell i stället för en rad per upprepat fynd")
	fs.BoolVar(v, "all-cells", false, "one line per cell instead of one line per repeated finding")
}
