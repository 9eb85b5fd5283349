// Package emulatortest starts cognito-local for a test: one helper instead of one per package.
package emulatortest

import (
	"context"
	"testing"

	"github.com/clickops/cognito-pool/emulator"
)

// Start starts cognito-local for one test and stops it at the test's end.
func Start(tb testing.TB) *emulator.Emulator {
	tb.Helper()
	e, err := emulator.Start(context.Background(), emulator.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	return e
}
