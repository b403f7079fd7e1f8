package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/richardlehane/mscfb"

	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// Sniff looks at the first bytes of a file and returns nil when it may be an
// xlsx workbook (a zip archive), or the sentinel error naming what it is.
func Sniff(name string) error {
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w: %v", ErrNoFile, err)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrFileAccess, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("%w: %s is a folder", ErrFileAccess, name)
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fmt.Errorf("%w: %v", ErrFileAccess, err)
	}
	return sniffHead(head[:n], f)
}

// sniffHead is Sniff for the first bytes of a file; whole reads the file
// from its start (for OLE containers).
func sniffHead(head []byte, whole io.ReaderAt) error {
	switch {
	case len(head) == 0:
		return ErrEmptyFile
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return nil
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return sniffOLE(whole)
	case bytes.HasPrefix(head, []byte("%PDF")):
		return ErrPDF
	case looksLikeText(head):
		return ErrTextFile
	}
	return ErrNotXLSX
}

// sniffOLE tells an encrypted xlsx (an OLE container with EncryptionInfo)
// from a legacy .xls (a Workbook stream).
func sniffOLE(r io.ReaderAt) error {
	doc, err := mscfb.New(r)
	if err != nil {
		return ErrLegacyXLS
	}
	for e, err := doc.Next(); err == nil; e, err = doc.Next() {
		switch e.Name {
		case "EncryptionInfo", "EncryptedPackage":
			return ErrEncrypted
		}
	}
	return ErrLegacyXLS
}

func looksLikeText(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c == 0 {
			return false
		}
	}
	return true
}

// openBook sniffs and opens a workbook, classifying failures.
// data, when not nil, is the whole file, read by the caller.
func openBook(name string, data []byte, lim xlsx.Limits) (*xlsx.Book, error) {
	var b *xlsx.Book
	var err error
	if data != nil {
		if err := sniffHead(data[:min(len(data), 512)], bytes.NewReader(data)); err != nil {
			return nil, err
		}
		b, err = xlsx.OpenBytes(data, lim)
	} else {
		if err := Sniff(name); err != nil {
			return nil, err
		}
		b, err = xlsx.Open(name, lim)
	}
	if err == nil {
		return b, nil
	}
	switch {
	case errors.Is(err, xlsx.ErrTooLarge):
		return nil, fmt.Errorf("%w: %v", ErrTooLarge, err)
	case errors.Is(err, xlsx.ErrNotWorkbook):
		return nil, classifyZip(name, data, err)
	}
	return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
}

// sheetError classifies an error met while reading a sheet's rows.
func sheetError(err error) error {
	if errors.Is(err, xlsx.ErrTooLarge) {
		return fmt.Errorf("%w: %w", ErrTooLarge, err)
	}
	return fmt.Errorf("%w: %w", ErrCorrupt, err)
}

// classifyZip names the format of a zip archive that is not an xlsx.
func classifyZip(name string, data []byte, cause error) error {
	var files []*zip.File
	if data != nil {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		files = zr.File
	} else {
		zr, err := zip.OpenReader(name)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		defer zr.Close()
		files = zr.File
	}
	for _, f := range files {
		switch {
		case f.Name == "mimetype" || strings.HasPrefix(f.Name, "META-INF/manifest.xml"):
			return ErrODS
		case strings.HasSuffix(f.Name, "workbook.bin"):
			return ErrXLSB
		}
	}
	return fmt.Errorf("%w: %v", ErrNotXLSX, cause)
}
