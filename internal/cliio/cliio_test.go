package cliio

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.json")
	if err := os.WriteFile(path, []byte("from file"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{{"-", "from stdin"}, {path, "from file"}} {
		got, err := ReadInput(tt.path, strings.NewReader("from stdin"))
		if err != nil || string(got) != tt.want {
			t.Errorf("ReadInput(%q)=%q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
	if _, err := ReadInput(filepath.Join(t.TempDir(), "missing"), nil); !os.IsNotExist(err) {
		t.Errorf("missing file: err=%v", err)
	}
}
