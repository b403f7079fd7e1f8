package xlsx

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

func sstOf(texts ...string) sharedStrings {
	var t sharedStrings
	for _, s := range texts {
		t.add([]byte(s))
	}
	return t
}

func (t *sharedStrings) all() []string {
	out := make([]string, t.len())
	for i := range out {
		out[i] = t.at(i)
	}
	return out
}

// tableKinds are the two ways a table is held: on the heap (a small
// part) and mapped outside it (a part of offHeapFrom bytes or more).
var tableKinds = []struct {
	name string
	size int64
}{
	{"heap", 0},
	{"mapped", offHeapFrom},
}

// TestSharedStrings: entries come back as added, also empty ones, ones
// that span two chunks, ones longer than a chunk, ones whose length takes
// a varint of two or three bytes, and ones far from a mark.
func TestSharedStrings(t *testing.T) {
	texts := []string{"", "delad & text", "två", ""}
	texts = append(texts, strings.Repeat("a", sstChunk-len("delad & texttvå")-3), "spans", strings.Repeat("b", 2*sstChunk+7), "", "sist")
	for i := range 3 * markEvery {
		texts = append(texts, strings.Repeat("c", i*13), fmt.Sprintf("Verksamhet %d", i))
	}
	texts = append(texts, strings.Repeat("d", 127), strings.Repeat("e", 128), strings.Repeat("f", 1<<14))
	for _, kind := range tableKinds {
		t.Run(kind.name, func(t *testing.T) {
			size := kind.size // the heap whatever the text, or room for all of it
			if size > 0 {
				size += int64(len(strings.Join(texts, "")))
			}
			tab := newSharedStrings(size)
			defer tab.release()
			if mapped := tab.mem != nil; mapped != (kind.size > 0) && mapAnonWorks() {
				t.Fatalf("mapped = %v for a %s table", mapped, kind.name)
			}
			for _, s := range texts {
				tab.add([]byte(s))
			}
			if tab.len() != len(texts) {
				t.Fatalf("len = %d, want %d", tab.len(), len(texts))
			}
			for i, want := range texts {
				if got := tab.at(i); got != want {
					t.Errorf("at(%d) = %.20q (%d bytes), want %.20q (%d bytes)", i, got, len(got), want, len(want))
				}
			}
		})
	}
}

func mapAnonWorks() bool {
	b, err := mapAnon(4096)
	unmapAnon(b)
	return err == nil
}

// TestUnusedSharedStringsCompact: a table of many strings no cell uses
// costs their bytes, a byte of length each and a mark every markEvery
// entries, not a Go string apiece.
func TestUnusedSharedStringsCompact(t *testing.T) {
	const n = 100_000
	for _, kind := range tableKinds {
		t.Run(kind.name, func(t *testing.T) {
			tab := newSharedStrings(kind.size)
			defer tab.release()
			for range n {
				tab.add([]byte("Oanvänd"))
			}
			if got := len(tab.chunks); got != 1 || cap(tab.chunks[0]) > 2*sstChunk {
				t.Errorf("%d chunks for 800 kB of text, want 1", got)
			}
			if got := len(tab.lens); got != n {
				t.Errorf("len(lens) = %d, want %d", got, n)
			}
			if got := len(tab.marks); got != n/markEvery {
				t.Errorf("len(marks) = %d, want %d", got, n/markEvery)
			}
			if got, want := tab.footprint(), n*len("Oanvänd")+n+n/markEvery*8; got != want {
				t.Errorf("footprint = %d, want %d", got, want)
			}
		})
	}
}

// footprint is the bytes the table's entries take: text, lengths, marks.
func (t *sharedStrings) footprint() int { return t.size() + len(t.lens) + 8*len(t.marks) }

// TestSharedStringsReserve: the table is sized ahead by what <sst>
// announces, but never beyond what the part can hold or maxReserve, so a
// lying attribute costs nothing.
func TestSharedStringsReserve(t *testing.T) {
	tests := []struct {
		attrs string
		size  int64
		want  int
	}{
		{`count="10" uniqueCount="3"`, 1000, 3},
		{`count="10"`, 1000, 10},
		{`uniqueCount="1000000000"`, 1000, 200},
		{`uniqueCount="1000000000"`, 1 << 40, maxReserve},
		{`uniqueCount="-5"`, 1000, 0},
		{`uniqueCount="x"`, 1000, 0},
		{``, 1000, 0},
		{`uniqueCount="7"`, 0, 0},
	}
	for _, tt := range tests {
		var sst sharedStrings
		sst.reserve([]byte(tt.attrs), tt.size)
		if got := cap(sst.lens); got != tt.want {
			t.Errorf("reserve(%q, %d): cap %d, want %d", tt.attrs, tt.size, got, tt.want)
		}
	}
}

// TestSharedStringsRelease: a released table is empty, whether mapped or
// not, and releasing it again does nothing.
func TestSharedStringsRelease(t *testing.T) {
	for _, kind := range tableKinds {
		tab := newSharedStrings(kind.size)
		tab.add([]byte("kvar"))
		tab.release()
		tab.release()
		if tab.len() != 0 || tab.mem != nil || tab.chunks != nil {
			t.Errorf("%s: released table has %d entries, mem %v", kind.name, tab.len(), tab.mem)
		}
	}
}

// TestSharedStringsPart: a shared-strings part reads to the same entries
// whether the table is on the heap or mapped, and whether the fast scanner
// or encoding/xml reads it: rich text runs joined, phonetic runs left out,
// spaces kept, entities and _xHHHH_ escapes decoded, line ends normalized,
// empty items kept in their place.
func TestSharedStringsPart(t *testing.T) {
	items := []struct{ xml, want string }{
		{`<si><t>Verksamhet</t></si>`, "Verksamhet"},
		{`<si/>`, ""},
		{`<si></si>`, ""},
		{`<si><t/></si>`, ""},
		{`<si><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">Rik </t></r><r><t>text</t></r></si>`, "Rik text"},
		{`<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>`, "漢字"},
		{`<si><t xml:space="preserve">  två  </t></si>`, "  två  "},
		{`<si><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#229;&#x2212;</t></si>`, `a & b <c> "d" 'e' å−`},
		{`<si><t>A_x000D_B_x005F_x0041_</t></si>`, "A\rB_x0041_"},
		{"<si><t>rad1\r\nrad2\rrad3</t></si>", "rad1\nrad2\nrad3"},
		{`<x:si><x:t>med prefix</x:t></x:si>`, "med prefix"},
	}
	var body strings.Builder
	var want []string
	for i := range 3 * markEvery { // entries past several marks
		it := items[i%len(items)]
		body.WriteString(it.xml)
		want = append(want, it.want)
	}
	part := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="m" xmlns:x="m" count="99" uniqueCount="48">` + body.String() + `</sst>`
	for _, kind := range tableKinds {
		readers := []struct {
			name string
			read func() (sharedStrings, error)
		}{
			{"scanner", func() (sharedStrings, error) {
				return newScanner(testBook(), strings.NewReader(part)).sharedStrings(int64(len(part)) + kind.size)
			}},
			{"encoding/xml", func() (sharedStrings, error) {
				out := newSharedStrings(int64(len(part)) + kind.size)
				err := (&Book{lim: DefaultLimits}).decodeSharedStringsInto(&out, strings.NewReader(part), "xl/sharedStrings.xml")
				return out, err
			}},
		}
		for _, r := range readers {
			t.Run(kind.name+"/"+r.name, func(t *testing.T) {
				tab, err := r.read()
				defer tab.release()
				if err != nil {
					t.Fatal(err)
				}
				got := tab.all()
				if len(got) != len(want) {
					t.Fatalf("%d entries, want %d", len(got), len(want))
				}
				for i := range want {
					if got[i] != want[i] {
						t.Errorf("entry %d = %q, want %q", i, got[i], want[i])
					}
				}
			})
		}
	}
}

// TestMappedTableHoldsItsPart: the memory mapped for a part holds every
// table that part can make, the densest in entries and the densest in
// text alike, so that nothing of it goes on the heap after all.
func TestMappedTableHoldsItsPart(t *testing.T) {
	if !mapAnonWorks() {
		t.Skip("no mapping on this platform: the table is on the heap")
	}
	fill := func(item string) string {
		return `<sst>` + strings.Repeat(item, offHeapFrom/len(item)+1) + `</sst>`
	}
	parts := map[string]string{
		"empty items":      fill(`<si/>`),
		"one-letter items": fill(`<si><t>x</t></si>`),
		"one long item":    `<sst><si><t>` + strings.Repeat("y", offHeapFrom) + `</t></si></sst>`,
		"long lengths":     fill(`<si><t>` + strings.Repeat("z", 200) + `</t></si>`),
	}
	for name, part := range parts {
		t.Run(name, func(t *testing.T) {
			tab, err := newScanner(testBook(), strings.NewReader(part)).sharedStrings(int64(len(part)))
			if err != nil {
				t.Fatal(err)
			}
			defer tab.release()
			if tab.mem == nil {
				t.Fatal("table not mapped")
			}
			inside := func(b, m []byte) bool {
				return len(b) == 0 || unsafe.SliceData(b) == unsafe.SliceData(m)
			}
			if !inside(tab.lens, tab.mem.lens) || !inside(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(tab.marks))), 1), tab.mem.marks) {
				t.Errorf("lengths or marks moved to the heap (%d entries)", tab.len())
			}
			for i, c := range tab.chunks {
				if &c[:1][0] != &tab.mem.text[i*sstChunk] {
					t.Errorf("chunk %d not in the mapped text", i)
				}
			}
		})
	}
}

// FuzzSharedStrings reads a shared-strings part made of the fuzzer's
// bytes into a table on the heap and into a mapped one: they must agree,
// entry for entry, or fail alike. The bytes split at 0 are also added as
// entries to both kinds of table and must come back as they went in.
func FuzzSharedStrings(f *testing.F) {
	f.Add([]byte(`<si><t>a</t></si><si/><si><r><t xml:space="preserve"> b </t></r><rPh><t>c</t></rPh></si>`))
	f.Add([]byte("<si><t>&amp;_x000D_\r\n</t></si>\x00\x00" + strings.Repeat("x", 300)))
	f.Fuzz(func(t *testing.T, data []byte) {
		part := `<sst xmlns="m">` + string(data) + `</sst>`
		heap, herr := newScanner(testBook(), strings.NewReader(part)).sharedStrings(int64(len(part)))
		mapped, merr := newScanner(testBook(), strings.NewReader(part)).sharedStrings(int64(len(part)) + offHeapFrom)
		defer heap.release()
		defer mapped.release()
		if (herr == nil) != (merr == nil) {
			t.Fatalf("heap error %v, mapped error %v", herr, merr)
		}
		if h, m := strings.Join(heap.all(), "\x00"), strings.Join(mapped.all(), "\x00"); h != m || heap.len() != mapped.len() {
			t.Fatalf("heap table %q, mapped table %q", h, m)
		}
		entries := strings.Split(string(data), "\x00")
		for _, kind := range tableKinds {
			tab := newSharedStrings(kind.size)
			for _, e := range entries {
				tab.add([]byte(e))
			}
			got := tab.all()
			tab.release()
			if strings.Join(got, "\x00") != string(data) || len(got) != len(entries) {
				t.Fatalf("%s table gives %q, want %q", kind.name, got, entries)
			}
		}
	})
}
