//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package xlsx

import "errors"

// mapAnon is not available here: shared strings stay on the Go heap.
func mapAnon(int) ([]byte, error) { return nil, errors.ErrUnsupported }

func unmapAnon([]byte) {}
