package exporter

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"
)

// wellFormedRef is the check wellFormed makes, by Token.
func wellFormedRef(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

var wellFormedCases = []string{
	``, `<a/>`, `<a><b></b></a>`, `<a><b></a></b>`, `<a>`, `</a>`, `<x:a xmlns:x="u"><x:b/></x:a>`, `<x:a></y:a>`,
	`<a b="1" b="2"/>`, `<a b=1/>`, `<a>&bogus;</a>`, `<a>&amp;&#65;</a>`, `<?xml version="1.0"?><a/>`, `<a/><b/>`,
	"<a>\x01</a>", `<a><!-- c --><![CDATA[<x>]]></a>`, `<a xmlns="u"><b/></a>`, `<a:b:c/>`,
}

func TestWellFormed(t *testing.T) {
	for _, s := range wellFormedCases {
		wellFormedMemo = partMemo[error]{}
		if got, want := wellFormed([]byte(s)) == nil, wellFormedRef([]byte(s)) == nil; got != want {
			t.Errorf("wellFormed(%q) well-formed = %v, Token says %v", s, got, want)
		}
	}
}

// FuzzWellFormed holds wellFormed to Token's answer.
func FuzzWellFormed(f *testing.F) {
	for _, s := range wellFormedCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := wellFormed([]byte(s)) == nil, wellFormedRef([]byte(s)) == nil; got != want {
			t.Fatalf("wellFormed(%q) well-formed = %v, Token says %v", s, got, want)
		}
	})
}
