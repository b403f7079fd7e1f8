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
// Only a regular file is opened (OpenInput).
func Sniff(name string) error {
	f, size, err := OpenInput(name, MaxFileSize)
	if err != nil {
		return err
	}
	defer f.Close()
	return sniffReader(f, size)
}

// sniffReader is Sniff for a file already open.
func sniffReader(r io.ReaderAt, size int64) error {
	head := make([]byte, min(size, 512))
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return fmt.Errorf("%w: %v", ErrFileAccess, err)
	}
	return sniffHead(head[:n], r)
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
// data, when not nil, is the whole file, read by the caller; else file,
// when not nil, is the file opened by the caller (OpenInput); else the
// file is opened by name.
func openBook(name string, data []byte, file *os.File, size int64, lim xlsx.Limits) (*xlsx.Book, error) {
	var r io.ReaderAt
	var closer io.Closer // the file opened here, closed with the book
	switch {
	case data != nil:
		r, size = bytes.NewReader(data), int64(len(data))
	case file != nil:
		r = file
	default:
		f, n, err := OpenInput(name, MaxFileSize)
		if err != nil {
			return nil, err
		}
		r, size, closer = f, n, f
	}
	b, err := openReaderAt(r, size, closer, lim)
	if err != nil && closer != nil {
		closer.Close()
	}
	return b, err
}

func openReaderAt(r io.ReaderAt, size int64, closer io.Closer, lim xlsx.Limits) (*xlsx.Book, error) {
	if err := sniffReader(r, size); err != nil {
		return nil, err
	}
	b, err := xlsx.OpenReaderAt(r, size, closer, lim)
	if err == nil {
		return b, nil
	}
	switch {
	case errors.Is(err, xlsx.ErrTooLarge):
		return nil, fmt.Errorf("%w: %v", ErrTooLarge, err)
	case errors.Is(err, xlsx.ErrNotWorkbook):
		return nil, classifyZip(r, size, err)
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
func classifyZip(r io.ReaderAt, size int64, cause error) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
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
