//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package exporter

import (
	"os"
	"time"
)

// underLock runs fn; this platform has no folder locks, so two runs into
// one folder at the same moment are not serialised here.
func underLock(dir string, fn func() error) error { return fn() }

// holdLock does nothing on this platform.
func holdLock(dir string) (release func()) { return func() {} }

// stale reports whether a temporary folder is older than maxAge, this
// platform having no locks to tell whether its writer still runs.
func stale(dir string, maxAge time.Duration) bool {
	st, err := os.Stat(dir)
	return err == nil && time.Since(st.ModTime()) > maxAge
}

// mountPoint reports false: this platform's devices are not compared.
func mountPoint(dir string, st os.FileInfo) bool { return false }

// copyGroup does nothing on this platform.
func copyGroup(st os.FileInfo, dir string) {}
