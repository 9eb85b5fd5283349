package cliio

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "in.json")
	if err := os.WriteFile(path, []byte("from file"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{{"-", "from stdin"}, {path, "from file"}} {
		got, err := ReadInput(tt.path, strings.NewReader("from stdin"), 10)
		if err != nil || string(got) != tt.want {
			t.Errorf("ReadInput(%q)=%q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
	tests := []struct {
		name, path, stdin string
		max               int64
		want              string
	}{
		{"missing file", filepath.Join(dir, "missing"), "", 10, filepath.Join(dir, "missing") + ": no such file"},
		{"directory", dir, "", 10, dir + ": is a directory"},
		{"file over the cap", path, "", 8, path + ": over 8 bytes"},
		{"stdin over the cap", "-", strings.Repeat("x", 2<<20), 1 << 20, "stdin: over 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadInput(tt.path, strings.NewReader(tt.stdin), tt.max)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err=%v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestInFile(t *testing.T) {
	sentinel := errors.New("bad")
	err := InFile("o.json", errors.Join(fmt.Errorf("%w: one", sentinel), errors.New("two")))
	if got, want := err.Error(), "o.json: bad: one\no.json: two"; got != want {
		t.Errorf("Error()=%q, want %q", got, want)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("InFile does not wrap the error")
	}
	if InFile("x", nil) != nil {
		t.Errorf("InFile(nil) is not nil")
	}
}

func TestQuote(t *testing.T) {
	long := strings.Repeat("é", 50<<20/2)
	tests := []struct{ in, want string }{
		{"eu-west-1", `"eu-west-1"`},
		{"a\nb", `"a\nb"`},
		{strings.Repeat("a", QuoteMax), `"` + strings.Repeat("a", QuoteMax) + `"`},
		{strings.Repeat("a", QuoteMax+1), `"` + strings.Repeat("a", QuoteMax) + `"… (65 bytes)`},
		{long, `"` + strings.Repeat("é", QuoteMax) + `"… (52428800 bytes)`},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%.20q…)=%.100s, want %.100s", tt.in, got, tt.want)
		}
	}
}

func TestNoArgs(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string // "" = no error
	}{
		{[]string{"-x", "1"}, ""},
		{[]string{"-x", "1", "web/.env"}, `unexpected argument "web/.env": cmd takes flags only`},
		{[]string{"extra", "-x", "2"}, `unexpected argument "extra"`},
	} {
		fs := flag.NewFlagSet("cmd", flag.ContinueOnError)
		fs.String("x", "", "")
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		err := NoArgs(fs)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("NoArgs(%q)=%v, want %q", tt.args, err, tt.want)
		}
	}
}

// TestHintIfTerminal: no hint for a pipe, a file or /dev/null (a character device that is not a
// terminal). The terminal case runs against a real pseudo-terminal in internal/clitest.
func TestHintIfTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for name, in := range map[string]io.Reader{"pipe": r, "dev null": null, "reader": strings.NewReader("")} {
		var b strings.Builder
		HintIfTerminal(in, &b, "hint")
		if b.Len() != 0 {
			t.Errorf("%s: hint %q", name, b.String())
		}
	}
}

func TestCheckPaths(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ok := filepath.Join(dir, "ok.env")
	tests := []struct {
		name  string
		files []OutFile
		want  string // "" = passes
	}{
		{"all fine", []OutFile{{"-a", ok, nil}, {"-b", "", nil}, {"-c", file, nil}}, ""},
		{"no directory", []OutFile{{"-a", ok, nil}, {"-b", filepath.Join(dir, "nodir", "b.env"), nil}}, `-b "` + dir + `/nodir/b.env": directory "` + dir + `/nodir" does not exist`},
		{"directory is a file", []OutFile{{"-a", filepath.Join(file, "x"), nil}}, "is not a directory"},
		{"target is a directory", []OutFile{{"-a", dir, nil}}, "is a directory"},
		{"same file twice", []OutFile{{"-a", ok, nil}, {"-b", filepath.Join(dir, ".", "ok.env"), nil}}, "-a and -b name the same file"},
		{"name too long", []OutFile{{"-a", filepath.Join(dir, strings.Repeat("n", 300)), nil}}, "file name too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPaths(tt.files)
			if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("err=%v, want %q", err, tt.want)
			}
		})
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.env"), filepath.Join(dir, strings.Repeat("b", 250))
	if err := WriteFiles([]OutFile{{"-a", a, []byte("A\n")}, {"-x", "", nil}, {"-b", b, []byte("B\n")}}, 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{a: "A\n", b: "B\n"} {
		data, err := os.ReadFile(path)
		if err != nil || string(data) != want {
			t.Errorf("%s=%q, %v; want %q", path, data, err, want)
		}
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, %v; want 0644", path, st.Mode(), err)
		}
	}
	if got := listDir(t, dir); len(got) != 2 {
		t.Errorf("files left: %q, want the two written", got)
	}
}

// TestWriteFilesFailsCleanly: a rename failing part-way leaves no temporary file and removes the
// files this call created; a file that existed is replaced or untouched, never half-written.
func TestWriteFilesFailsCleanly(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.json")
	if err := os.WriteFile(existing, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := []OutFile{
		{"-a", filepath.Join(dir, "new.env"), []byte("new")},
		{"-b", filepath.Join(dir, "third.env"), []byte("third")},
	}
	calls := 0
	rename = func(from, to string) error {
		if calls++; calls == 2 {
			return errors.New("injected failure")
		}
		return os.Rename(from, to)
	}
	defer func() { rename = os.Rename }()
	err := WriteFiles(files, 0o644)
	if err == nil || !strings.Contains(err.Error(), `-b "`+files[1].Path+`": injected failure`) {
		t.Fatalf("err=%v, want the -b rename failure", err)
	}
	if got := listDir(t, dir); !slices.Equal(got, []string{"existing.json"}) {
		t.Errorf("files left: %q, want only existing.json", got)
	}

	// Replacing an existing file, then failing: the error says it was replaced.
	calls = 0
	err = WriteFiles([]OutFile{{"-a", existing, []byte("new")}, files[1]}, 0o644)
	if err == nil || !strings.Contains(err.Error(), "already replaced") {
		t.Fatalf("err=%v, want it to name the replaced file", err)
	}
	if got := listDir(t, dir); !slices.Equal(got, []string{"existing.json"}) {
		t.Errorf("files left: %q, want only existing.json", got)
	}
}
