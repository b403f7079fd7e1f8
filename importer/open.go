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
	head = head[:n]
	switch {
	case n == 0:
		return ErrEmptyFile
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return nil
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("%w: %v", ErrFileAccess, err)
		}
		return sniffOLE(f)
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
func openBook(name string, lim xlsx.Limits) (*xlsx.Book, error) {
	if err := Sniff(name); err != nil {
		return nil, err
	}
	b, err := xlsx.Open(name, lim)
	if err == nil {
		return b, nil
	}
	switch {
	case errors.Is(err, xlsx.ErrTooLarge):
		return nil, fmt.Errorf("%w: %v", ErrTooLarge, err)
	case errors.Is(err, xlsx.ErrNotWorkbook):
		return nil, classifyZip(name, err)
	}
	return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
}

// classifyZip names the format of a zip archive that is not an xlsx.
func classifyZip(name string, cause error) error {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		switch {
		case f.Name == "mimetype" || strings.HasPrefix(f.Name, "META-INF/manifest.xml"):
			return ErrODS
		case strings.HasSuffix(f.Name, "workbook.bin"):
			return ErrXLSB
		}
	}
	return fmt.Errorf("%w: %v", ErrNotXLSX, cause)
}
