// Package cliio holds what the project's commands share at their edges: reading their input with a
// size cap, quoting input in errors, refusing stray arguments, hinting when stdin is a terminal,
// and writing their output files all-or-nothing.
package cliio

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"
)

// Name is how errors name an input path: "stdin" for "-", else the path.
func Name(path string) string {
	if path == "-" {
		return "stdin"
	}
	return path
}

// ReadInput reads the file at path, or stdin when path is "-" (the commands' convention for
// `pulumi … --json | go run ./cmd/…`). It refuses input over max bytes without reading past
// max+1, so a huge or endless input fails fast instead of filling memory. Errors name the input.
func ReadInput(path string, stdin io.Reader, max int64) ([]byte, error) {
	r := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err // *fs.PathError: names the path
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		if path == "-" {
			return nil, fmt.Errorf("stdin: %w", err)
		}
		return nil, err // *fs.PathError from the file: names the path
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: over %s: not the output this command reads", Name(path), Size(max))
	}
	return data, nil
}

// InFile returns err with every line prefixed by "name: ": errors.Join puts one problem a line,
// and each line then names the input it is about. The result wraps err (errors.Is works).
func InFile(name string, err error) error {
	if err == nil {
		return nil
	}
	return &inFile{prefix: name + ": ", err: err}
}

type inFile struct {
	prefix string
	err    error
}

func (e *inFile) Error() string {
	return e.prefix + strings.ReplaceAll(e.err.Error(), "\n", "\n"+e.prefix)
}

func (e *inFile) Unwrap() error { return e.err }

// Size renders a byte count for messages: "1 MiB", "64 KiB", "100 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// QuoteMax is how many characters of an input value Quote shows.
const QuoteMax = 64

// Quote quotes an input value for an error message, Go-style, and cuts it after QuoteMax
// characters: `"abc…"… (52428800 bytes)`. An error line stays short whatever the input holds.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= QuoteMax {
		return strconv.Quote(s)
	}
	cut, n := 0, 0
	for i := range s {
		if n == QuoteMax {
			cut = i
			break
		}
		n++
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(s[:cut]), len(s))
}

// NoArgs returns an error when fs has arguments left after its flags: the commands take none, and
// a flag written after a stray word would otherwise be silently ignored.
func NoArgs(fs *flag.FlagSet) error {
	if fs.NArg() == 0 {
		return nil
	}
	return fmt.Errorf("unexpected argument %s: %s takes flags only (flags after it are not read either; -h lists them)", Quote(fs.Arg(0)), fs.Name())
}

// HintIfTerminal writes hint to stderr when stdin is a terminal: a command reading stdin there
// would otherwise wait silently for input the user did not mean to type.
func HintIfTerminal(stdin io.Reader, stderr io.Writer, hint string) {
	f, ok := stdin.(interface{ Fd() uintptr })
	if ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintln(stderr, hint)
	}
}

// OutFile is one file a command writes.
type OutFile struct {
	Flag, Path string // the flag that named it, for errors
	Data       []byte
}

// rename is os.Rename; tests replace it to fail part-way.
var rename = os.Rename

// CheckPaths checks every output path before anything is read or written: each is given once, its
// directory exists, and it is not a directory itself. Files with an empty Path are skipped.
func CheckPaths(files []OutFile) error {
	seen := map[string]string{}
	for _, f := range files {
		if f.Path == "" {
			continue
		}
		abs, err := filepath.Abs(f.Path)
		if err != nil {
			return fmt.Errorf("%s %s: %w", f.Flag, Quote(f.Path), err)
		}
		if other, ok := seen[abs]; ok {
			return fmt.Errorf("%s and %s name the same file %s", other, f.Flag, Quote(f.Path))
		}
		seen[abs] = f.Flag
		dir := filepath.Dir(f.Path)
		switch st, err := os.Stat(dir); {
		case errors.Is(err, os.ErrNotExist):
			return fmt.Errorf("%s %s: directory %s does not exist", f.Flag, Quote(f.Path), Quote(dir))
		case err != nil:
			return fmt.Errorf("%s %s: %w", f.Flag, Quote(f.Path), err)
		case !st.IsDir():
			return fmt.Errorf("%s %s: %s is not a directory", f.Flag, Quote(f.Path), Quote(dir))
		}
		switch st, err := os.Stat(f.Path); {
		case err == nil && st.IsDir():
			return fmt.Errorf("%s %s is a directory", f.Flag, Quote(f.Path))
		case err != nil && !errors.Is(err, os.ErrNotExist):
			return fmt.Errorf("%s %s: %w", f.Flag, Quote(f.Path), err)
		}
	}
	return nil
}

// WriteFiles writes every file with a non-empty Path, all or nothing as far as the file system
// allows: each goes to a temporary file in its own directory first, and only when all are written
// are they renamed over their targets (a rename is atomic within a directory: a reader sees the old
// file or the new one, never half of one). On any failure the temporary files are removed, and so
// are targets this call created; a target that existed before and was already replaced when a later
// rename failed keeps its new content (the error says which). Call CheckPaths first.
func WriteFiles(files []OutFile, perm os.FileMode) (err error) {
	type pending struct {
		OutFile
		tmp     string
		existed bool
	}
	var todo []*pending
	defer func() {
		if err == nil {
			return
		}
		for _, p := range todo {
			if p.tmp != "" {
				os.Remove(p.tmp)
			}
		}
	}()
	for _, f := range files {
		if f.Path == "" {
			continue
		}
		p := &pending{OutFile: f}
		todo = append(todo, p)
		if p.tmp, err = writeTemp(f, perm); err != nil {
			return fmt.Errorf("%s %s: %w", f.Flag, Quote(f.Path), err)
		}
		_, statErr := os.Lstat(f.Path)
		p.existed = statErr == nil
	}
	for i, p := range todo {
		if err = rename(p.tmp, p.Path); err != nil {
			var replaced []string
			for _, done := range todo[:i] {
				if done.existed {
					replaced = append(replaced, done.Path)
				} else {
					os.Remove(done.Path)
				}
			}
			if len(replaced) > 0 {
				return fmt.Errorf("%s %s: %w (already replaced: %q)", p.Flag, Quote(p.Path), err, replaced)
			}
			return fmt.Errorf("%s %s: %w", p.Flag, Quote(p.Path), err)
		}
		p.tmp = ""
	}
	return nil
}

// writeTemp writes f.Data to a new temporary file beside f.Path and returns its name.
func writeTemp(f OutFile, perm os.FileMode) (string, error) {
	base := filepath.Base(f.Path)
	if len(base) > 32 {
		base = base[:32] // the temporary name stays under NAME_MAX whatever the target's length
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.Path), "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	_, err = tmp.Write(f.Data)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}
