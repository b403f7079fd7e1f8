package spec

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/expr"
)

// checker validates a decoded spec and collects errors with their lines.
type checker struct {
	spec *Spec
	root *yaml.Node
	file string
	errs ErrorList
}

func (c *checker) errorf(path []any, format string, args ...any) {
	c.errs = append(c.errs, &Error{File: c.file, Line: c.line(path), Msg: fmt.Sprintf(format, args...)})
}

// line finds the line of the node at path (map keys and list indexes).
func (c *checker) line(path []any) int {
	n := c.root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	best := n.Line
	for _, p := range path {
		var next *yaml.Node
		switch p := p.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == p {
						next = n.Content[i+1]
						best = n.Content[i].Line
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && p < len(n.Content) {
				next = n.Content[p]
				best = next.Line
			}
		}
		if next == nil {
			return best
		}
		n = next
	}
	return best
}

func (c *checker) check() {
	if err := validate.Struct(c.spec); err != nil {
		var ve validator.ValidationErrors
		if errors.As(err, &ve) {
			for _, fe := range ve {
				c.errorf(namespacePath(fe.Namespace()), "%s: %s", yamlName(fe.Field()), describeTag(fe))
			}
		}
	}
	seenSheets := map[string]bool{}
	seenRules := map[string]bool{}
	for i := range c.spec.Sheets {
		sh := &c.spec.Sheets[i]
		path := []any{"sheets", i}
		n := importer.Normalize(sh.Name)
		switch {
		case n == "":
			c.errorf(path, "bladet saknar namn (name)")
		case seenSheets[n]:
			c.errorf(append(path, "name"), "bladet %q finns redan", sh.Name)
		}
		seenSheets[n] = true
		c.checkLayout(sh, path)
		for k, row := range sh.TemplateRows {
			for col := range row {
				if sh.Column(col) == nil {
					c.errorf([]any{"sheets", i, "template_rows", k}, "template_rows: kolumnen %q finns inte i bladet %q", col, sh.Name)
				}
			}
		}
		c.checkRowDecimals(sh, i)
		for k := range sh.Columns {
			if from := sh.Columns[k].ListFrom; from != "" {
				other := c.spec.Sheet(from)
				if other == nil || other.Column(sh.Columns[k].Name) == nil {
					c.errorf([]any{"sheets", i, "columns", k, "list_from"}, "list_from: bladet %q saknar kolumnen %q", from, sh.Columns[k].Name)
				}
			}
		}
		for j := range sh.Rules {
			r := &sh.Rules[j]
			rp := append(slices.Clone(path), "rules", j)
			if r.ID != "" && seenRules[r.ID] {
				c.errorf(append(rp, "id"), "regel-id %q används redan", r.ID)
			}
			seenRules[r.ID] = true
			c.checkRule(sh, r, rp)
		}
	}
	c.checkIdentity()
}

// checkIdentity: the identity and overview name sheets and columns that
// exist.
func (c *checker) checkIdentity() {
	if id := c.spec.Identity; id.Sheet != "" {
		if sh := c.spec.Sheet(id.Sheet); sh == nil {
			c.errorf([]any{"identity", "sheet"}, "identity: bladet %q finns inte i mallen", id.Sheet)
		} else {
			if id.Department == "" || id.Period == "" {
				c.errorf([]any{"identity"}, "identity: ange department och period (kolumnerna som anger nämnd och period)")
			}
			c.checkColumns(sh, []any{"identity"}, "identity", id.Department, id.Period, id.TemplateVersion)
		}
	}
	if ov := c.spec.Overview; ov.Sheet != "" {
		sh := c.spec.Sheet(ov.Sheet)
		if sh == nil {
			c.errorf([]any{"overview", "sheet"}, "overview: bladet %q finns inte i mallen", ov.Sheet)
			return
		}
		for k, col := range ov.Columns {
			c.checkColumns(sh, []any{"overview", "columns", k}, "overview", col.Column)
		}
	}
}

var columnTypes = []importer.ColumnType{
	importer.TypeText, importer.TypeAmount, importer.TypePercent, importer.TypeNumber,
	importer.TypeDate, importer.TypeEnum, importer.TypeEmail, importer.TypeTarget,
}

func (c *checker) checkLayout(sh *Sheet, path []any) {
	switch sh.Layout {
	case "":
		sh.Layout = importer.LayoutTable
	case importer.LayoutTable, importer.LayoutKeyValue:
	default:
		c.errorf(append(path, "layout"), "okänd layout %q (table eller keyvalue)", sh.Layout)
	}
	if len(sh.Columns) == 0 {
		c.errorf(path, "bladet %q har inga kolumner (columns)", sh.Name)
	}
	names := map[string]bool{}
	for k := range sh.Columns {
		col := &sh.Columns[k]
		cp := append(slices.Clone(path), "columns", k)
		if col.Header == "" && col.Pattern == "" {
			c.errorf(cp, "kolumnen saknar header eller pattern")
		}
		if col.Pattern != "" {
			if _, err := regexp.Compile(col.Pattern); err != nil {
				c.errorf(append(cp, "pattern"), "ogiltigt mönster: %v", err)
			}
		}
		if col.Format != "" {
			if _, err := regexp.Compile(col.Format); err != nil {
				c.errorf(append(cp, "format"), "ogiltigt format: %v", err)
			}
		}
		if !slices.Contains(columnTypes, col.Type) {
			c.errorf(append(cp, "type"), "okänd kolumntyp %q", col.Type)
		}
		if col.Type == importer.TypeEnum && len(col.Values) == 0 {
			c.errorf(cp, "enum-kolumnen %q saknar values", col.Header)
		}
		if col.Decimals < 0 || col.Decimals > 6 {
			c.errorf(append(cp, "decimals"), "decimals måste vara 0–6")
		}
		if col.MaxAbs != "" {
			if _, err := decimal.NewFromString(col.MaxAbs); err != nil {
				c.errorf(append(cp, "max_abs"), "max_abs är inget tal: %q", col.MaxAbs)
			}
		}
		name := col.Name
		if name == "" {
			name = col.Header
		}
		if names[name] {
			c.errorf(cp, "kolumnen %q finns redan", name)
		}
		names[name] = true
	}
	if err := sh.Compile(); err != nil {
		return // reported above
	}
	for _, f := range []struct{ key, val string }{{"key", sh.Key}, {"parent", sh.Parent}} {
		if f.val != "" && sh.Column(f.val) == nil {
			c.errorf(append(path, f.key), "%s: kolumnen %q finns inte i bladet", f.key, f.val)
		}
	}
}

func (c *checker) checkRule(sh *Sheet, r *Rule, path []any) {
	kind := Kind(r.Kind)
	if r.Kind != "" && kind == nil {
		if len(kindRegistry) == 0 {
			c.errorf(append(path, "kind"), "inga regeltyper är registrerade: programmet måste importera paketet rules")
			return
		}
		c.errorf(append(path, "kind"), "okänd regeltyp %q (tillåtna: %s)", r.Kind, strings.Join(KindNames(), ", "))
		return
	}
	if kind == nil {
		kind = &KindInfo{} // no kind given: reported by the validator
	}
	set := map[string]bool{
		"column": r.Column != "", "columns": len(r.Columns) > 0, "expr": r.Expr != "",
		"tag": r.Tag != "", "labels": len(r.Labels) > 0, "outcome": r.Outcome != "",
		"sheet": r.Sheet != "", "other": r.Other != "", "rating": r.Rating != "",
		"row": r.Row != "", "pairs": len(r.Pairs) > 0, "items": len(r.Items) > 0,
	}
	for _, f := range kind.Fields {
		if !set[f] {
			c.errorf(path, "regeln %q (%s) kräver fältet %s", r.ID, r.Kind, f)
		}
	}
	c.checkColumns(sh, path, "column", r.Column)
	c.checkColumns(sh, path, "columns", r.Columns...)
	c.checkColumns(sh, path, "recompute", r.Recompute...)
	c.checkColumns(sh, path, "outcome", r.Outcome)
	c.checkColumns(sh, path, "assessment", r.Assessment)
	if kind.NeedsParent && sh.Parent == "" {
		c.errorf(path, "regeln %q (%s) kräver att bladet anger parent", r.ID, r.Kind)
	}
	if kind.NeedsKey && sh.Key == "" {
		c.errorf(path, "regeln %q (%s) kräver att bladet anger key", r.ID, r.Kind)
	}
	for _, b := range []struct{ key, val string }{{"min", r.Min}, {"max", r.Max}} {
		if _, err := decimal.NewFromString(b.val); b.val != "" && err != nil {
			c.errorf(append(path, b.key), "%s är inget tal: %q", b.key, b.val)
		}
	}
	if kind.Check != nil {
		for _, msg := range kind.Check(sh, r) {
			c.errorf(path, "%s", msg)
		}
	}
	for lang := range r.Message {
		if lang != "sv" && lang != "en" {
			c.errorf(append(path, "message"), "message: okänt språk %q (sv eller en)", lang)
		}
	}
	if r.Tag != "" {
		if err := checkTag(r.Tag); err != nil {
			c.errorf(append(path, "tag"), "okänd validator-tagg %q: %v", r.Tag, err)
		}
	}
	c.checkExpr(sh, path, "expr", r.Expr)
	c.checkExpr(sh, path, "when", r.When)
	if r.Sheet != "" {
		other := c.spec.Sheet(r.Sheet)
		if other == nil {
			c.errorf(append(path, "sheet"), "bladet %q finns inte i mallen", r.Sheet)
			return
		}
		c.checkColumns(other, path, "other", r.Other)
		for mine, theirs := range r.Pairs {
			c.checkColumns(sh, path, "pairs", mine)
			c.checkColumns(other, path, "pairs", theirs)
		}
	}
	for k, it := range r.Items {
		c.checkExpr(sh, append(slices.Clone(path), "items", k), "expr", it.Expr)
	}
}

// checkTag tries a validator tag on a sample string, which panics inside
// validator for unknown tags.
func checkTag(tag string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	_ = validate.Var("", tag)
	return nil
}

func (c *checker) checkColumns(sh *Sheet, path []any, key string, names ...string) {
	for _, n := range names {
		if n != "" && sh.Column(n) == nil {
			c.errorf(append(slices.Clone(path), key), "%s: kolumnen %q finns inte i bladet %q", key, n, sh.Name)
		}
	}
}

func (c *checker) checkExpr(sh *Sheet, path []any, key, src string) {
	if src == "" {
		return
	}
	n, err := expr.Parse(src)
	if err != nil {
		c.errorf(append(slices.Clone(path), key), "%s: %v", key, err)
		return
	}
	for _, ref := range expr.Columns(n) {
		target := sh
		if ref.Sheet != "" {
			if target = c.spec.Sheet(ref.Sheet); target == nil {
				c.errorf(append(slices.Clone(path), key), "%s: bladet %q finns inte i mallen", key, ref.Sheet)
				continue
			}
		}
		c.checkColumns(target, path, key, ref.Column)
	}
}

// namespacePath turns "Spec.Sheets[2].Rules[0].Kind" into a YAML path.
func namespacePath(ns string) []any {
	parts := strings.Split(ns, ".")
	var out []any
	for _, p := range parts[1:] {
		name, idx, hasIdx := strings.Cut(p, "[")
		if name == "SheetLayout" {
			continue
		}
		out = append(out, yamlName(name))
		if hasIdx {
			if i, err := strconv.Atoi(strings.TrimSuffix(idx, "]")); err == nil {
				out = append(out, i)
			}
		}
	}
	return out
}

// yamlName converts a Go field name to the spec's snake_case key.
func yamlName(field string) string {
	var b strings.Builder
	for i, r := range field {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func describeTag(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "måste anges"
	case "min":
		return "måste ha minst " + fe.Param() + " element"
	case "oneof":
		return fmt.Sprintf("%q är inte tillåtet (tillåtna: %s)", fe.Value(), fe.Param())
	}
	return "ogiltigt värde (" + fe.Tag() + ")"
}

// checkRowDecimals: row_decimals names rows the template fills in.
func (c *checker) checkRowDecimals(sh *Sheet, i int) {
	for _, label := range slices.Sorted(maps.Keys(sh.RowDecimals)) {
		found := false
		for _, row := range sh.TemplateRows {
			if importer.Normalize(row[sh.Key]) == importer.Normalize(label) {
				found = true
			}
		}
		if !found {
			c.errorf([]any{"sheets", i, "row_decimals"}, "row_decimals: raden %q finns inte bland template_rows i bladet %q", label, sh.Name)
		}
	}
}
