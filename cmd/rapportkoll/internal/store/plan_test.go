package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// kept is sample with its workbook kept.
func kept(dept, period string, n int) *Record {
	r := sample(dept, period, n)
	r.Workbook = []byte(fmt.Sprintf("workbook %s %d", dept, n))
	sum := sha256.Sum256(r.Workbook)
	r.SHA256, r.Size = hex.EncodeToString(sum[:]), int64(len(r.Workbook))
	return r
}

// planText is a plan as "department:record:use" words, record the n of
// sample (0 when none).
func planText(plan []Planned, nOf map[int64]int) string {
	var words []string
	for _, p := range plan {
		n := 0
		if p.Sub != nil {
			n = nOf[p.Sub.ID]
		}
		words = append(words, fmt.Sprintf("%s:%d:%s", p.Department, n, [...]string{"in", "missing", "unlisted", "notkept"}[p.Use]))
	}
	return strings.Join(words, " ")
}

// Plan takes the latest submission of each department of the period,
// normalised; one whose latest workbook is not kept is NotKept even when
// an earlier one is kept; with a register, the expected departments come
// first and the others are Unlisted.
func TestPlan(t *testing.T) {
	for _, eng := range engines() {
		t.Run(eng.name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, eng.dsn(t), Options{})
			nOf := map[int64]int{}
			for n, r := range []*Record{
				kept("Kommunstyrelsen", "Helår 2023", 1),
				kept("Grundskolenämnden", "Helår 2023", 2),
				kept("kommunstyrelsen", "helår  2023", 3), // the same department and period, written otherwise: named as its latest states it
				kept("Kommunstyrelsen", "Helår 2022", 4),
				kept("Vård", "Helår 2023", 5),
				sample("Vård", "Helår 2023", 6), // its latest, not kept
			} {
				mustAppend(t, s, r)
				nOf[r.ID] = n + 1
			}
			ps, plan, err := s.Plan(ctx, "HELÅR 2023")
			if got, want := planText(plan, nOf), "Grundskolenämnden:2:in kommunstyrelsen:3:in Vård:6:notkept"; err != nil || got != want {
				t.Errorf("Plan = %s, %v; want %s", got, err, want)
			}
			if ps.Period != "HELÅR 2023" || len(ps.Departments) != 0 {
				t.Errorf("Plan's state = %+v", ps)
			}
			if err := s.SetRegister(ctx, "Helår 2023", []string{"Vård", "Kultur", "kommunstyrelsen"}, time.Now()); err != nil {
				t.Fatal(err)
			}
			_, plan, err = s.Plan(ctx, "Helår 2023")
			if got, want := planText(plan, nOf), "Vård:6:notkept Kultur:0:missing kommunstyrelsen:3:in Grundskolenämnden:2:unlisted"; err != nil || got != want {
				t.Errorf("Plan with a register = %s, %v; want %s", got, err, want)
			}
			if _, plan, err := s.Plan(ctx, "Helår 2021"); err != nil || len(plan) != 0 {
				t.Errorf("Plan of a period without submissions = %v, %v", plan, err)
			}
		})
	}
}

// LoadKept gives the record with its workbook, and ErrWorkbookChanged for
// one whose workbook was not kept.
func TestLoadKept(t *testing.T) {
	for _, eng := range engines() {
		t.Run(eng.name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, eng.dsn(t), Options{})
			a, b := kept("Kommunstyrelsen", "Helår 2023", 1), sample("Vård", "Helår 2023", 2)
			mustAppend(t, s, a)
			mustAppend(t, s, b)
			if rec, err := s.LoadKept(ctx, a.ID); err != nil || string(rec.Workbook) != string(a.Workbook) {
				t.Errorf("LoadKept(%d) = %v, want its workbook", a.ID, err)
			}
			if _, err := s.LoadKept(ctx, b.ID); !errors.Is(err, ErrWorkbookChanged) {
				t.Errorf("LoadKept(%d) without a workbook = %v, want ErrWorkbookChanged", b.ID, err)
			}
			if _, err := s.LoadKept(ctx, 99); !errors.Is(err, ErrNotFound) {
				t.Errorf("LoadKept(99) = %v, want ErrNotFound", err)
			}
		})
	}
}
