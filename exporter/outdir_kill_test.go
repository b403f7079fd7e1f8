//go:build linux || darwin

package exporter_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/exporter"
)

// TestKilledAtEachStep kills a consolidation (SIGKILL, in a child process)
// at each step of putting its output in place, then lets the next run
// recover: the output folder is then a complete output, the previous one
// or the new one as the step implies, every file as its manifest says,
// and no temporary folder is left beside it.
func TestKilledAtEachStep(t *testing.T) {
	if os.Getenv("RAPPORTKOLL_KILL_AT") != "" {
		return // the child is TestKillChild
	}
	tests := []struct {
		step     string
		previous bool   // a previous output exists
		want     string // the version in place after recovery
	}{
		{exporter.StepWriting, true, "förra"},
		{exporter.StepComplete, true, "förra"},
		{exporter.StepMovedOut, true, "ny"},
		{exporter.StepMovedIn, true, "ny"},
		{exporter.StepRemoving, true, "ny"},
		{exporter.StepFinished, true, "ny"},
		{exporter.StepWriting, false, ""},
		{exporter.StepComplete, false, "ny"},
	}
	for _, tt := range tests {
		name := tt.step
		if !tt.previous {
			name += " first run"
		}
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			out := filepath.Join(root, "ut")
			if tt.previous {
				if _, err := exporter.Consolidate(out, smallRun(t, "förra"), exporter.Options{}); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
			cmd.Env = append(os.Environ(), "RAPPORTKOLL_KILL_AT="+tt.step, "RAPPORTKOLL_KILL_OUT="+out)
			outb, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("child was not killed at %s: %v\n%s", tt.step, err, outb)
			}
			if err := exporter.RecoverOutDir(out); err != nil {
				t.Fatalf("RecoverOutDir: %v", err)
			}
			if got := manifestVersion(t, out); got != tt.want {
				t.Errorf("after recovery the output is version %q, want %q", got, tt.want)
			}
			if tt.want != "" {
				if err := exporter.CheckOutDir(out, nil); err != nil {
					t.Errorf("the recovered output is not a whole output: %v", err)
				}
			}
			var beside []string
			entries, _ := os.ReadDir(root)
			for _, e := range entries {
				if e.Name() != "ut" {
					beside = append(beside, e.Name())
				}
			}
			if len(beside) > 0 {
				t.Errorf("left beside the output: %v", beside)
			}
			// And the next run goes through.
			if _, err := exporter.Consolidate(out, smallRun(t, "nästa"), exporter.Options{}); err != nil {
				t.Fatal(err)
			}
			if got := manifestVersion(t, out); got != "nästa" {
				t.Errorf("next run: version %q", got)
			}
		})
	}
}

// TestKillChild is the child of TestKilledAtEachStep: it consolidates
// into RAPPORTKOLL_KILL_OUT and kills itself at RAPPORTKOLL_KILL_AT.
func TestKillChild(t *testing.T) {
	step, out := os.Getenv("RAPPORTKOLL_KILL_AT"), os.Getenv("RAPPORTKOLL_KILL_OUT")
	if step == "" {
		t.Skip("run by TestKilledAtEachStep")
	}
	var seen []string
	exporter.Consolidate(out, smallRun(t, "ny"), exporter.Options{Step: func(s string) {
		seen = append(seen, s)
		if s == step {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}})
	t.Fatalf("not killed: step %q never came (steps %v)", step, slices.Clip(seen))
}

// TestOutDirPipes: a named pipe where a manifest would be, in the output
// folder or in a stopped run's folder beside it, never makes the run
// wait: it is refused, or left alone.
func TestOutDirPipes(t *testing.T) {
	for _, where := range []string{"ut", ".ut.rapportkoll-old-1"} {
		t.Run(where, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, where)
			os.Mkdir(dir, 0o755)
			if err := syscall.Mkfifo(filepath.Join(dir, "manifest.json"), 0o644); err != nil {
				t.Skip(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := exporter.Consolidate(filepath.Join(root, "ut"), smallRun(t, "ny"), exporter.Options{})
				done <- err
			}()
			select {
			case err := <-done:
				var oe *exporter.OutDirError
				if where == "ut" && !errors.As(err, &oe) {
					t.Errorf("a pipe for a manifest: %v, want it refused", err)
				}
				if where != "ut" && err != nil {
					t.Errorf("beside the output: %v", err)
				}
			case <-time.After(time.Minute):
				t.Fatal("the run waited on a named pipe")
			}
			if _, err := os.Lstat(filepath.Join(dir, "manifest.json")); err != nil {
				t.Errorf("the pipe was removed: %v", err)
			}
		})
	}
}
