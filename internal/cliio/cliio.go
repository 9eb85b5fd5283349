// Package cliio holds what the project's commands share for reading their input.
package cliio

import (
	"io"
	"os"
)

// ReadInput reads the file at path, or stdin when path is "-" (the commands' convention for
// `pulumi … --json | go run ./cmd/…`).
func ReadInput(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(path)
}
