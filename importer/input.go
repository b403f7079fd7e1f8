package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// MaxFileSize is the largest file read as a submission, checked before a
// byte of it is read or hashed: a filled-in template is well under 1 MiB,
// and the largest workbooks measured (1 M Drift rows) are about 40 MiB.
const MaxFileSize = 512 << 20

// Sentinel errors of OpenInput, beside those of errors.go.
var (
	ErrNotRegular   = errors.New("not a regular file")
	ErrSymlinkLoop  = errors.New("a symbolic link loop")
	ErrFileTooLarge = errors.New("the file is larger than the limit")
)

// KindError is a file that is not a regular file (a named pipe, a device,
// a socket, a folder); it wraps ErrNotRegular.
type KindError struct {
	Name string
	Mode fs.FileMode
}

func (e *KindError) Error() string {
	return fmt.Sprintf("%s: %v (%s)", e.Name, ErrNotRegular, e.Mode.Type())
}

func (e *KindError) Unwrap() error { return ErrNotRegular }

// SizeError is a file larger than the limit; it wraps ErrFileTooLarge.
type SizeError struct {
	Name        string
	Size, Limit int64
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("%s: %v (%d bytes, limit %d)", e.Name, ErrFileTooLarge, e.Size, e.Limit)
}

func (e *SizeError) Unwrap() error { return ErrFileTooLarge }

// OpenInput opens a submitted file for reading, and only a regular file of
// at most limit bytes: the name is looked up first (a named pipe would
// block the open, /dev/zero would never end), opened without blocking
// where the platform allows it, and the opened descriptor is looked at
// again, so that a pipe or device put in its place meanwhile is refused
// too. It returns the file and its size, or an error wrapping ErrNoFile,
// ErrSymlinkLoop, ErrNotRegular, ErrFileTooLarge or ErrFileAccess.
func OpenInput(name string, limit int64) (*os.File, int64, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, 0, lookupError(name, err)
	}
	if err := inputOK(name, st, limit); err != nil {
		return nil, 0, err
	}
	f, err := os.OpenFile(name, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, 0, lookupError(name, err)
	}
	st, err = f.Stat()
	if err == nil {
		err = inputOK(name, st, limit)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}

func inputOK(name string, st fs.FileInfo, limit int64) error {
	switch {
	case !st.Mode().IsRegular():
		return &KindError{Name: name, Mode: st.Mode()}
	case limit > 0 && st.Size() > limit:
		return &SizeError{Name: name, Size: st.Size(), Limit: limit}
	}
	return nil
}

// lookupError classifies an error of looking up or opening a file.
func lookupError(name string, err error) error {
	switch {
	case errors.Is(err, syscall.ELOOP):
		return fmt.Errorf("%w: %v", ErrSymlinkLoop, err)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %v", ErrNoFile, err)
	}
	return fmt.Errorf("%w: %v", ErrFileAccess, err)
}
