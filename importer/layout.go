package importer

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ColumnType is the kind of value a column holds.
type ColumnType string

// Column types of the template spec.
const (
	TypeText    ColumnType = "text"    // free text
	TypeAmount  ColumnType = "amount"  // tkr, whole numbers unless decimals says otherwise
	TypePercent ColumnType = "percent" // percent units: 3 means 3 %
	TypeNumber  ColumnType = "number"  // any decimal number
	TypeDate    ColumnType = "date"    // a date
	TypeEnum    ColumnType = "enum"    // one of a fixed list (checked by rules)
	TypeEmail   ColumnType = "email"   // an e-mail address (checked by rules)
	TypeTarget  ColumnType = "target"  // a target expression such as "≤38" (parsed by rules)
)

// Numeric reports whether values of the type are read as decimals.
func (t ColumnType) Numeric() bool {
	return t == TypeAmount || t == TypePercent || t == TypeNumber
}

// Column describes one column of a table sheet, or one labelled field of a
// key-value sheet such as Info.
type Column struct {
	// Name identifies the column in rules; it defaults to Header.
	Name string `yaml:"name"`
	// Header is the text of the header cell (or the label, for fields).
	Header string `yaml:"header"`
	// Pattern, instead of Header, matches headers by regular expression; a
	// first capture group of four digits is taken as the column's year.
	Pattern string `yaml:"pattern"`
	// Repeat lets Pattern match several columns (the year columns).
	Repeat bool `yaml:"repeat"`
	// Type is the kind of value; Decimals the number of decimals stated.
	Type     ColumnType `yaml:"type"`
	Decimals int32      `yaml:"decimals"`
	// Required means the header must be present.
	Required bool `yaml:"required"`
	// Exact marks counts and other figures that are not rounded (Stickprov,
	// Fel): checks give them no rounding tolerance.
	Exact bool `yaml:"exact"`
	// MaxAbs bounds the magnitude of numbers (default by type); MaxLength
	// bounds text length (default 2000).
	MaxAbs    string `yaml:"max_abs"`
	MaxLength int    `yaml:"max_length"`
	// Values lists the allowed values of an enum column.
	Values []string `yaml:"values"`
	// Format is a regular expression a text value must match (e.g. Period).
	Format string `yaml:"format"`
	// ListFrom names a sheet whose column of the same name gives this
	// column's dropdown in the template (Nämndmål from Måluppfyllelse).
	ListFrom string `yaml:"list_from"`
	// TemplateHeaders are the headers the template writes for a pattern
	// column, with {year}, {year-1}, {year-2} for the report year and
	// before: ["{year-2}", "{year-1}", "{year}"], ["Etappmål {year}"].
	TemplateHeaders []string `yaml:"template_headers"`

	re   *regexp.Regexp
	norm string // Header, normalized
}

// Layout of a sheet: table (header row then data rows) or keyvalue (label
// in column A, value in column B).
const (
	LayoutTable    = "table"
	LayoutKeyValue = "keyvalue"
)

// SheetLayout describes how one sheet of the template is read.
type SheetLayout struct {
	Name     string   `yaml:"name"`
	Required bool     `yaml:"required"`
	Layout   string   `yaml:"layout"`
	Key      string   `yaml:"key"`    // the label column (e.g. Verksamhet)
	Parent   string   `yaml:"parent"` // the parent column (Ingår i), if any
	Columns  []Column `yaml:"columns"`
	// Purpose is a sentence for the template's instructions.
	Purpose string `yaml:"purpose"`

	headers *headerMemo // the header rows resolved, from Compile
}

// Compile prepares the patterns of a layout; it returns the first bad one.
// A layout changed after Compile must be compiled again.
func (s *SheetLayout) Compile() error {
	s.headers = &headerMemo{rows: map[string]resolvedHeader{}}
	for i := range s.Columns {
		c := &s.Columns[i]
		if c.Name == "" {
			c.Name = c.Header
		}
		c.norm = Normalize(c.Header)
		if c.Pattern != "" {
			re, err := regexp.Compile("(?i)" + c.Pattern)
			if err != nil {
				return err
			}
			c.re = re
		}
	}
	return nil
}

// Column returns the column named name, or nil.
func (s *SheetLayout) Column(name string) *Column {
	for i := range s.Columns {
		if s.Columns[i].Name == name {
			return &s.Columns[i]
		}
	}
	return nil
}

// Normalize folds a sheet name, header or label for matching: Unicode NFC,
// lower case, surrounding space removed, runs of white space (line breaks
// and no-break spaces included) made one space.
//
// A text that is not normalized ASCII already is folded once and then
// looked up (normCache): headers, labels and sheet names repeat in every
// workbook of a batch, and the general fold (NFC) allocates.
func Normalize(s string) string {
	if normalASCII(s) {
		return s
	}
	if len(s) > normCacheLen {
		return normalize(s)
	}
	return normCache.get(s)
}

// normalize is Normalize without the cache.
func normalize(s string) string {
	if n, ok := normalizeASCII(s); ok {
		return n
	}
	return normalizeRunes(s)
}

// normalASCII reports whether s is ASCII that Normalize returns unchanged:
// no upper case, no white space but single spaces between words.
func normalASCII(s string) bool {
	space := true // the previous byte was a space (or there is none yet)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80 || c >= 'A' && c <= 'Z' || c >= '\t' && c <= '\r':
			return false
		case c == ' ':
			if space {
				return false
			}
			space = true
			continue
		}
		space = false
	}
	return !space || s == ""
}

// normCacheLen is the longest text Normalize keeps in normCache, and
// normCacheMax how many it keeps: some hundred distinct headers, labels
// and names make a batch, the first ones met are kept and no more once it
// is full (some 2.5 MB at most), so that texts that differ in every file
// or row cannot make it grow or churn.
const (
	normCacheLen = 128
	normCacheMax = 4096
)

// normCache holds folded texts for Normalize, for concurrent workers: a
// sync.Map, whose lookups write nothing that the workers share.
var normCache foldCache

type foldCache struct {
	m sync.Map     // text → its fold
	n atomic.Int64 // texts stored (at most normCacheMax)
}

// get returns the fold of s, from the cache or made and kept.
func (c *foldCache) get(s string) string {
	if n, ok := c.m.Load(s); ok {
		return n.(string)
	}
	n := normalize(s)
	if c.n.Load() >= normCacheMax || c.n.Add(1) > normCacheMax {
		return n // full: a sheet of a million names would only churn it
	}
	// s may lie in a larger string (a row's text): the key is a copy, and
	// so is the fold, lest a fold that kept part of s keep all of it
	c.m.Store(strings.Clone(s), strings.Clone(n))
	return n
}

// len is how many folds the cache holds.
func (c *foldCache) len() int {
	n := 0
	c.m.Range(func(_, _ any) bool { n++; return true })
	return n
}

// normalizeRunes is Normalize for any text, in NFC first.
func normalizeRunes(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// normalizeASCII is Normalize for text of ASCII only (ok false otherwise),
// returning s itself when it is already normalized: labels are matched on
// every row, and most are short ASCII.
func normalizeASCII(s string) (string, bool) {
	clean, space := true, true // space: the previous byte was white space (or none yet)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return "", false
		case c == ' ' || c >= '\t' && c <= '\r':
			clean = clean && c == ' ' && !space
			space = true
			continue
		case c >= 'A' && c <= 'Z':
			clean = false
		}
		space = false
	}
	if clean && (!space || s == "") {
		return s, true
	}
	b := make([]byte, 0, len(s))
	space = false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c >= '\t' && c <= '\r' {
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b), true
}

// matchHeader reports whether a header cell's text names the column, and the
// year its pattern captured (0 if none).
func (c *Column) matchHeader(text string) (ok bool, year int) {
	return c.matchNormalized(Normalize(text))
}

// matchNormalized is matchHeader for text already normalized.
func (c *Column) matchNormalized(n string) (ok bool, year int) {
	if c.re == nil {
		norm := c.norm
		if norm == "" { // a layout that was not compiled
			norm = Normalize(c.Header)
		}
		return n == norm, 0
	}
	m := c.re.FindStringSubmatch(n)
	if m == nil {
		return false, 0
	}
	if len(m) > 1 && len(m[1]) == 4 {
		for _, r := range m[1] {
			if r < '0' || r > '9' {
				return true, 0
			}
			year = year*10 + int(r-'0')
		}
	}
	return true, year
}
