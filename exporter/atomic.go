package exporter

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeDirAtomically builds a folder with write and puts it in place of
// dir: the files are written into a temporary folder beside dir, and only
// when all are written is the old dir (if any) swapped out and removed. A
// failure leaves dir as it was and removes the temporary folder. beforeSwap,
// if set, runs between writing and swapping (tests use it to fail there).
func writeDirAtomically(dir string, write func(tmp string) error, beforeSwap func(tmp string) error) (err error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	if beforeSwap != nil {
		if err := beforeSwap(tmp); err != nil {
			return err
		}
	}
	return swap(dir, tmp)
}

// swap renames tmp to dir, moving an existing dir aside first and removing
// it afterwards.
func swap(dir, tmp string) error {
	st, err := os.Stat(dir)
	switch {
	case os.IsNotExist(err):
		return os.Rename(tmp, dir)
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%s finns och är ingen mapp", dir)
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir) // put the previous output back
		return err
	}
	return os.RemoveAll(old)
}

// writeFile writes data to name inside a folder being built.
func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}
