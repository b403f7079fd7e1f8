package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// upload is what a form posted to /kontroll or /inlamning holds: the
// file's bytes and name, or the id of a file checked before ("Lämna in"
// on a result page).
type upload struct {
	name    string
	data    []byte
	checkID string
	hasFile bool
	release func() // gives back the upload's place (Server.uploads)
}

// httpError is an answer other than 200, with its message to the user.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

// readUpload reads the multipart body as a stream: the part fil into a
// buffer bounded by the upload limit, small fields into small buffers;
// nothing is written to disk (no ParseMultipartForm).
//
// At most cap(s.uploads) bodies are read at once, so that memory stays
// bounded by about that many times the upload limit, and at most
// MaxUploadsPerKey of one key; a key over its rate limit has no body read
// at all, and a body must arrive within the body timeout. The caller must
// call the returned release when it no longer needs the upload's bytes.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (*upload, *httpError) {
	// a body refused or not read to its end is not read after the answer
	// either (net/http would, for the next request on the connection):
	// the connection is closed instead
	refuse := func(herr *httpError) (*upload, *httpError) {
		w.Header().Set("Connection", "close")
		return nil, herr
	}
	keyRelease, herr := s.admitUpload(w, r)
	if herr != nil {
		return refuse(herr)
	}
	release, herr := s.acquire(r, s.uploads, "uppladdningar")
	if herr != nil {
		keyRelease()
		return refuse(herr)
	}
	u, herr := s.readUpload1(w, r)
	if herr != nil {
		release()
		keyRelease()
		return refuse(herr)
	}
	u.release = func() { release(); keyRelease() }
	return u, nil
}

func (s *Server) readUpload1(w http.ResponseWriter, r *http.Request) (*upload, *httpError) {
	lang := langOf(r)
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, &httpError{http.StatusBadRequest, say(lang, "err.notmultipart")}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &httpError{http.StatusBadRequest, say(lang, "err.notmultipart")}
	}
	u := &upload{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, s.bodyError(lang, err)
		}
		switch part.FormName() {
		case "fil":
			data, err := s.readPart(r, part)
			if err != nil {
				return nil, s.bodyError(lang, err)
			}
			u.data, u.name, u.hasFile = data, cleanName(part.FileName()), true
		case "kontroll":
			b, err := io.ReadAll(io.LimitReader(part, 64))
			if err != nil {
				return nil, s.bodyError(lang, err)
			}
			u.checkID = strings.TrimSpace(string(b))
		default:
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, s.bodyError(lang, err)
			}
		}
		part.Close()
	}
	if !u.hasFile && u.checkID == "" {
		return nil, &httpError{http.StatusBadRequest, say(lang, "err.nofile")}
	}
	return u, nil
}

// readPart reads the file part into a slice of about its size: the
// buffer is sized from the request's Content-Length (which bounds the
// part) when there is one, so that it never doubles, and copied to an
// exact slice when it holds much more than the part (a chunked body).
// The cache counts what the slice holds of memory (its capacity).
func (s *Server) readPart(r *http.Request, part io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	if n := r.ContentLength; n > 0 && n <= s.cfg.MaxUpload {
		buf.Grow(int(n) + bytes.MinRead) // ReadFrom grows when under MinRead is free
	}
	if _, err := buf.ReadFrom(part); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if cap(data)-len(data) > len(data)/16+64<<10 {
		data = bytes.Clone(data)
	}
	return data, nil
}

func (s *Server) bodyError(lang rules.Lang, err error) *httpError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &httpError{http.StatusRequestEntityTooLarge, say(lang, "err.toolarge", "limit", sizeText(s.cfg.MaxUpload))}
	}
	if isTimeout(err) {
		return &httpError{http.StatusRequestTimeout, say(lang, "err.slowbody")}
	}
	return &httpError{http.StatusBadRequest, say(lang, "err.readbody")}
}

// cleanName is the base name of a client's file name, for the findings
// only (download names are the server's own): no folders, no control
// characters; "arbetsbok.xlsx" when there is none.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = exporter.Short(name)
	if name == "" || name == "." || name == "/" || name == ".." {
		return "arbetsbok.xlsx"
	}
	return name
}

func sizeText(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d byte", n)
}

// runCheck checks an upload in one of the server's slots: when none is
// free within QueueWait, the answer is 503. The key's rate limit was
// counted before the body was read (readUpload).
func (s *Server) runCheck(r *http.Request, u *upload) (*check.Submission, *httpError) {
	lang := langOf(r)
	release, herr := s.acquire(r, s.slots, "kontrollplatser")
	if herr != nil {
		return nil, herr
	}
	defer release()
	if s.cfg.beforeCheck != nil {
		s.cfg.beforeCheck()
	}
	start := time.Now()
	sub := check.Bytes(s.cfg.Spec, u.name, u.data, check.Options{Lang: lang, KeepTables: true, Spill: memSpiller(treeSpillBytes, lang),
		PriorFor: s.priorFor(r.Context())})
	s.cfg.Log.Info().Str("fil", exporter.Printable(u.name)).Int64("storlek", sub.Size).Str("status", string(sub.Status)).
		Int("fel", sub.Findings.Count(rules.Error)).Dur("tid", time.Since(start)).Msg("kontrollerad")
	return sub, nil
}

// acquire takes a place in sem, waiting at most QueueWait: then the
// answer is 503 with a message.
func (s *Server) acquire(r *http.Request, sem chan struct{}, what string) (release func(), herr *httpError) {
	t := time.NewTimer(s.cfg.QueueWait)
	defer t.Stop()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-t.C:
		s.cfg.Log.Warn().Int("samtidiga", cap(sem)).Str("vad", what).Msg("alla platser upptagna; 503")
	case <-r.Context().Done():
	}
	return nil, &httpError{http.StatusServiceUnavailable, say(langOf(r), "err.busy")}
}
