//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package exporter

import (
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// underLock runs fn holding an exclusive lock on the folder dir (flock on
// the folder itself, so nothing is left behind); the lock is released
// when fn returns or the process ends. A file system without locks runs
// fn unlocked.
func underLock(dir string, fn func() error) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err == nil {
		defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	}
	return fn()
}

// holdLock takes a shared lock on the folder dir until release is called
// or the process ends, so that stale can tell a live temporary folder
// from one a stopped run left.
func holdLock(dir string) (release func()) {
	f, err := os.Open(dir)
	if err != nil {
		return func() {}
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return func() {}
	}
	return func() { f.Close() }
}

// stale reports whether no process holds the folder dir: its writer
// stopped. On a file system without locks, a folder older than maxAge is
// taken to be stale.
func stale(dir string, maxAge time.Duration) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	switch err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err {
	case nil:
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return true
	case syscall.EWOULDBLOCK:
		return false
	}
	st, err := f.Stat()
	return err == nil && time.Since(st.ModTime()) > maxAge
}

// mountPoint reports whether the folder dir (with its Lstat st) is a mount
// point: on another device than its parent, so it cannot be renamed.
func mountPoint(dir string, st os.FileInfo) bool {
	pst, err := os.Stat(filepath.Dir(dir))
	if err != nil {
		return false
	}
	a, ok1 := st.Sys().(*syscall.Stat_t)
	b, ok2 := pst.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && a.Dev != b.Dev
}

// copyGroup gives the folder dir the group of the folder st describes; a
// failure (not a member of that group) leaves it as it is.
func copyGroup(st os.FileInfo, dir string) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		os.Lchown(dir, -1, int(sys.Gid))
	}
}
