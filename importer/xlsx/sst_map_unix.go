//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package xlsx

import "syscall"

// mapAnon maps n bytes of zeroed memory outside the Go heap; its pages
// take memory only once written to.
func mapAnon(n int) ([]byte, error) {
	return syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
}

func unmapAnon(b []byte) {
	if len(b) > 0 {
		syscall.Munmap(b)
	}
}
