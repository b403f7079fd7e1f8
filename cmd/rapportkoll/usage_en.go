package main

import "github.com/rapportkoll/rapportkoll/rules"

// usageIn is the usage text in lang: English with --lang en (given before
// -h), Swedish otherwise. TestUsageEnglish keeps the two naming the same
// flags.
func usageIn(lang rules.Lang) string { return pickLang(lang, usage, usageEN) }

// usageEN is usage in English.
const usageEN = `rapportkoll – checks the departments' reports in Excel.

Usage:
  rapportkoll --version                        print the version
  rapportkoll check [flags] FILE.xlsx|FOLDER...   check submitted workbooks
  rapportkoll consolidate FOLDER|FILE... -o OUTDIR   check and consolidate a period
  rapportkoll consolidate --db DB --period PERIOD -o OUTDIR   consolidate the period's latest submissions from the history
  rapportkoll template -o Mall.xlsx [--namnd NAME] [--period "Helår 2023"]   make the template the departments fill in
  rapportkoll spec                             print the built-in template specification (YAML)
  rapportkoll submit [--db DB] FILE.xlsx|FOLDER...   check and store in the history; prints a receipt per file
  rapportkoll historik list|diff A B|verify [--db DB]   show, compare and verify the history
  rapportkoll nyckel skapa [--db DB] (--namnd NAME | --roll ekonomi|revisor)   make an access key to the web page
  rapportkoll nyckel lista|aterkalla ID [--db DB]   list the keys (never the keys themselves), revoke one
  rapportkoll period oppna|stang|namnder|visa PERIOD [--db DB] [--namnder A,B,…]   open and close a period
  rapportkoll serve [--db DB] [--addr 127.0.0.1:8080] [--max-upload 20MiB] [--tls-cert F --tls-key F]   the web page for the departments and finance

Flags of every command:
  --spec FILE             template specification (YAML) instead of the built-in one
  --lang sv|en            language of messages (default sv)
  --log-format console|json   log format on stderr (default console)
  -q                      quiet: no log but errors

Flags of check:
  --format text|json      text (default) or the report as JSON on stdout
  --min-severity error|warning|info   show only findings of at least this severity
                          in the text (default info: all); the counts and JSON have all
  --all-cells             one line per cell; otherwise a repeated finding of one rule
                          on one sheet is one line with its cells as ranges (B4:E8, C10);
                          JSON always has one finding per cell (Swedish: --alla-celler)
  -j N                    how many files are checked at once (default: the number of cores)

Flags of consolidate:
  -o OUTDIR               write Sammanställning.xlsx, feedback/, report.json and
                          manifest.json here (all or nothing). A previous output folder of
                          rapportkoll is replaced; a folder with other or changed files,
                          or that is or holds what is to be read, is refused (exit code 2)
  --strict                leave rejected submissions out of the municipality totals
  --period PERIOD         the period consolidated, such as "Helår 2023"; other periods
                          are rejected (default: the period most submissions state, on a
                          tie the latest)
  -j N                    how many files are checked and feedback workbooks written at
                          once (default: the number of cores)
  --db FILE|postgres://…  store the files and the consolidation in the history. Without
                          files and with --period: consolidate from the history each
                          department's latest submission for the period (of the period's
                          register, if it has one), checked again with the current template
                          specification; its workbook must be kept (submit --keep-files),
                          else nothing is written (exit code 2). The consolidation is stored
                          as a record that names the submissions it used

Flags of check, consolidate and submit:
  --foregaende FOLDER|FILE   last year's workbooks (may be given several times): each
                          department's figures for last year are compared with the same
                          department's report for the same period a year earlier (Helår 2023
                          against Helår 2022); differences beyond rounding are warnings. With
                          --db (consolidate, submit) last year comes from the history: the
                          period's latest consolidation that included the department, else
                          its latest accepted submission; --foregaende wins over the history.
                          Without either, each such rule says once that there was nothing
                          to compare with

Flags of template:
  -o FILE                 the template's file name (written whole or not at all; an
                          existing file is never overwritten)
  --namnd NAME            fill in the department's name on the sheet Info
  --period PERIOD         fill in the period, such as "Helår 2023" (gives the years too)
  --no-protect            leave the sheets unprotected (else protected without a password)

Flags of submit and historik:
  --db FILE|postgres://…  the history's database: an SQLite file (created by submit if
                          missing) or a PostgreSQL address (default: RAPPORTKOLL_DB)
  --format text|json      text (default) or JSON on stdout
  --keep-files            submit: store the workbooks in the database too
  --all-cells             submit: one line per cell in the text, as for check
  --period PERIOD, --namnd NAME   historik list: only this period or department
  historik diff A B       what changed from record A to record B (numbers from historik list):
                          values, rows added and removed, findings fixed and new
  historik verify         recomputes every record's hash and the chain; exit code 0 when all
                          match, 1 when a record does not (the first is named), 2 when it could not run

Environment variables:
  RAPPORTKOLL_DB          the history's database when --db is not given
  GOMEMLIMIT              soft memory limit (otherwise consolidate sets 256MiB, check and submit 28MiB plus what they keep)
  GOGC                    the garbage collector's GOGC (otherwise consolidate sets 200, check and submit 400)
  SOURCE_DATE_EPOCH       consolidate, template: the run's date, seconds since 1970-01-01 UTC
                          (such as 1700000000): the workbooks' date, and in
                          manifest.json and Källor; without it the outputs carry no date
  RAPPORTKOLL_CPUPROFILE  write a CPU profile of the run to this file (go tool pprof)

Exit codes:
  0  no errors found (warnings and info allowed); every submission accepted
  1  at least one file has errors or could not be read
  2  could not run (bad arguments, bad template specification)

Examples:
  rapportkoll check fixtures/inlamnat/*.xlsx
  rapportkoll check --format json inlamnat/kommunstyrelsen-2023.xlsx > report.json
  rapportkoll consolidate fixtures/inlamnat -o ut
  rapportkoll consolidate fixtures/inlamnat --foregaende fixtures/foregaende -o ut
  rapportkoll consolidate --db history.db --period "Helår 2023" -o ut
`
