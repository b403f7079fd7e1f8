package server

import (
	"bytes"
	"cmp"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// newBrowser starts Debian's chromium headless for a test, or skips the
// test with a line saying so when it is absent (never in CI:
// RAPPORTKOLL_CI).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("RAPPORTKOLL_CI") != "" {
			t.Fatal("chromium is missing, and RAPPORTKOLL_CI is set (.ci/run installs it)")
		}
		t.Skip("browser test skipped: chromium is not installed (apt-get install chromium; .ci/run does)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900), chromedp.UserDataDir(t.TempDir()))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser, without a timeout
		t.Fatalf("chromium did not start: %v", err)
	}
	tctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelT)
	return tctx
}

// login logs in on the start page with key, by keyboard and form.
func login(base, key string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#nyckel`)),
		chromedp.SendKeys(chromedp.CSS(`#nyckel`), key),
		chromedp.Submit(chromedp.CSS(`#nyckel`)),
		chromedp.WaitVisible(chromedp.CSS(`#fil`)),
	)
}

func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("text of %s: %v", css, err)
	}
	return strings.TrimSpace(s)
}

// A department uploads its workbook, sees the verdict and the first
// error's cell, downloads the feedback workbook and submits; the finance
// department's period page then shows the department as submitted.
func TestBrowserCheckSubmitAndPeriod(t *testing.T) {
	ctx := newBrowser(t)
	s := newSite(t, nil)
	file, err := filepath.Abs(filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx, login(s.ts.URL, s.keys[ks]),
		chromedp.SetUploadFiles(chromedp.CSS(`#fil`), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action="/kontroll"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.verdict`)))
	if err != nil {
		t.Fatal(err)
	}
	verdict := text(t, ctx, `.verdict`)
	sheet := text(t, ctx, `table.findings tbody tr:first-child td:nth-child(1)`)
	cell := text(t, ctx, `table.findings tbody tr:first-child td:nth-child(2)`)
	if verdict != "Underkänd" || sheet != "Drift" || cell != "F19" {
		t.Errorf("result page: verdict %q, first finding %s!%s; want Underkänd and Drift!F19", verdict, sheet, cell)
	}
	screenshot(t, ctx, "kontroll.png")

	// the download, fetched from Go with the page's cookie
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`a.button`), "href"))
	if err != nil || !href.Exists {
		t.Fatalf("no download link: %v", err)
	}
	cookies, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{s.ts.URL}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, s.ts.URL+href.Value, nil)
	for _, c := range cookies.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	resp.Body.Close()
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("GET %s = %d, not a workbook: %v", href.Value, resp.StatusCode, err)
	}
	if cs, _ := f.GetComments("Drift"); len(cs) == 0 {
		t.Errorf("the downloaded feedback workbook has no comments on Drift")
	}
	f.Close()

	// Lämna in
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/inlamning"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`dd.seq`)))
	if err != nil {
		t.Fatal(err)
	}
	if seq := text(t, ctx, `dd.seq`); seq != "1" {
		t.Errorf("receipt: submission %q, want 1", seq)
	}

	// the finance department, in a tab of its own with its own cookies
	fctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	err = chromedp.Do(fctx, login(s.ts.URL, s.keys["ekonomi"]),
		chromedp.SendKeys(chromedp.CSS(`#p`), helar),
		chromedp.Submit(chromedp.CSS(`#p`)),
		chromedp.WaitVisible(chromedp.CSS(`table.period`)))
	if err != nil {
		t.Fatal(err)
	}
	row := text(t, fctx, `table.period tbody tr:first-child`)
	missing := text(t, fctx, `table.period tbody tr.missing`)
	if !strings.Contains(row, "Kommunstyrelsen") || !strings.Contains(row, "avvisad") || !strings.Contains(missing, "saknas") {
		t.Errorf("period page: first row %q, a missing row %q", row, missing)
	}
	screenshot(t, fctx, "period.png")
}

// screenshot keeps a PNG of the page with go test -artifacts, its top
// 2,000 pixels in 256 colours (the README's fixtures/screenshots are
// made so, each well under 200 KB).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	small, err := shrinkPNG(shot, 2000)
	if err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(t.ArtifactDir(), name)
	if err := os.WriteFile(keep, small, 0o644); err != nil {
		t.Error(err)
	}
	t.Logf("screenshot: %s (%d bytes)", keep, len(small))
}

// shrinkPNG crops a PNG to maxHeight and maps it onto its 256 most
// frequent colours (a page is mostly a few colours and their
// anti-aliasing), each other colour to the nearest of them.
func shrinkPNG(data []byte, maxHeight int) ([]byte, error) {
	src, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	b.Max.Y = min(b.Max.Y, b.Min.Y+maxHeight)
	freq := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			freq[color.RGBAModel.Convert(src.At(x, y)).(color.RGBA)]++
		}
	}
	colors := make([]color.RGBA, 0, len(freq))
	for c := range freq {
		colors = append(colors, c)
	}
	slices.SortFunc(colors, func(a, b color.RGBA) int {
		return cmp.Or(freq[b]-freq[a], cmp.Compare(a.R, b.R), cmp.Compare(a.G, b.G), cmp.Compare(a.B, b.B))
	})
	pal := make(color.Palette, 0, 256)
	for _, c := range colors[:min(256, len(colors))] {
		pal = append(pal, c)
	}
	dst := image.NewPaletted(image.Rect(0, 0, b.Dx(), b.Dy()), pal)
	index := map[color.RGBA]uint8{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(src.At(x, y)).(color.RGBA)
			i, ok := index[c]
			if !ok {
				i = uint8(pal.Index(c))
				index[c] = i
			}
			dst.SetColorIndex(x-b.Min.X, y-b.Min.Y, i)
		}
	}
	var out bytes.Buffer
	err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, dst)
	return out.Bytes(), err
}

// The pages are plain forms: every input has a label.
func TestBrowserLabels(t *testing.T) {
	ctx := newBrowser(t)
	s := newSite(t, nil)
	if err := chromedp.Do(ctx, login(s.ts.URL, s.keys["ekonomi"])); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`[...document.querySelectorAll('input:not([type=hidden])')].filter(i => !i.labels || i.labels.length === 0).length`))
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d inputs on the start page have no label", n)
	}
}
