package xlsx

import (
	"strconv"
	"strings"
)

// FormatClass is what a cell's number format says about its stored value.
type FormatClass uint8

// Number-format classes.
const (
	FormatGeneral FormatClass = iota // plain number or text
	FormatPercent                    // stored 0.03 is shown as 3 %
	FormatDate                       // stored serial day number
)

func (b *Book) readStyles(part string) ([]FormatClass, error) {
	if out, err := b.scanStyles(part); err == nil {
		return out, nil
	}
	return b.decodeStyles(part)
}

// decodeStyles reads the number formats of the cell styles with
// encoding/xml.
func (b *Book) decodeStyles(part string) ([]FormatClass, error) {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := b.decodePart(part, &st); err != nil {
		return nil, err
	}
	custom := map[int]FormatClass{}
	for _, f := range st.NumFmts {
		custom[f.ID] = ClassifyFormat(f.Code)
	}
	out := make([]FormatClass, len(st.Xfs))
	for i, xf := range st.Xfs {
		if c, ok := custom[xf.NumFmtID]; ok {
			out[i] = c
		} else {
			out[i] = builtinClass(xf.NumFmtID)
		}
	}
	return out, nil
}

// builtinClass classifies Excel's built-in number formats by id.
func builtinClass(id int) FormatClass {
	switch {
	case id == 9 || id == 10:
		return FormatPercent
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return FormatDate
	}
	return FormatGeneral
}

// ClassifyFormat classifies a custom number-format code such as `0 %`,
// `#,##0`, `yyyy-mm-dd` or `[$-41D]d mmmm yyyy`. Quoted text, escaped
// characters and bracketed sections are ignored.
func ClassifyFormat(code string) FormatClass {
	section, _, _ := strings.Cut(code, ";")
	var plain strings.Builder
	for i := 0; i < len(section); i++ {
		switch c := section[i]; c {
		case '"':
			j := strings.IndexByte(section[i+1:], '"')
			if j < 0 {
				i = len(section)
			} else {
				i += j + 1
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(section[i:], ']')
			if j < 0 {
				i = len(section)
			} else {
				i += j
			}
		default:
			plain.WriteByte(c)
		}
	}
	p := strings.ToLower(plain.String())
	if strings.Contains(p, "%") {
		return FormatPercent
	}
	if strings.ContainsAny(p, "ydhs") || (strings.Contains(p, "m") && !strings.Contains(p, "0") && !strings.Contains(p, "#")) {
		return FormatDate
	}
	return FormatGeneral
}

// styleClass returns the format class of a cell's s attribute.
func (b *Book) styleClass(s string) FormatClass {
	if s == "" {
		return FormatGeneral
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= len(b.styles) {
		return FormatGeneral
	}
	return b.styles[i]
}

// styleClassBytes is styleClass for the attribute's raw bytes.
func (b *Book) styleClassBytes(s []byte) FormatClass {
	i := 0
	if len(s) == 0 || len(s) > 9 {
		return b.styleClass(string(s))
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return b.styleClass(string(s))
		}
		i = i*10 + int(c-'0')
	}
	if i >= len(b.styles) {
		return FormatGeneral
	}
	return b.styles[i]
}

// scanStyles reads the number formats of the cell styles with the fast
// scanner; readStyles decodes with encoding/xml when it cannot.
func (b *Book) scanStyles(part string) ([]FormatClass, error) {
	custom := map[int]FormatClass{}
	var out []FormatClass
	inXfs := false
	err := b.scanPart(part, func(t tag) error {
		switch string(t.name) {
		case "numFmt":
			id, _ := attr(t.attrs, "numFmtId")
			code, _ := attr(t.attrs, "formatCode")
			n, err := strconv.Atoi(string(id))
			if err != nil {
				return errScan
			}
			text, err := unescapeXML(code)
			if err != nil {
				return err
			}
			custom[n] = ClassifyFormat(string(text))
		case "cellXfs":
			inXfs = !t.close && !t.empty
		case "xf":
			if !inXfs || t.close {
				return nil
			}
			n := 0
			if id, ok := attr(t.attrs, "numFmtId"); ok {
				var err error
				if n, err = strconv.Atoi(string(id)); err != nil {
					return errScan
				}
			}
			if c, ok := custom[n]; ok {
				out = append(out, c)
			} else {
				out = append(out, builtinClass(n))
			}
		}
		return nil
	})
	return out, err
}
