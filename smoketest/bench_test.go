package main

import (
	"context"
	"io"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkJourney times one whole smoke journey (sign-up to delete) against cognito-local and
// reports its Cognito API calls: go test -run '^$' -bench Journey ./smoketest
func BenchmarkJourney(b *testing.B) {
	p := deployPool(b)
	tgt, err := readTarget(p.path, nil)
	if err != nil {
		b.Fatal(err)
	}
	tgt.useEndpoint(p.emu.Endpoint)
	calls := &atomic.Int64{}
	client, err := newClient(context.Background(), tgt, nil, calls)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		j, err := newJourney(tgt, client, "password", p.emu.Code, "example.com")
		if err != nil {
			b.Fatal(err)
		}
		if res := j.run(context.Background(), 10*time.Second, &textReporter{w: io.Discard}); res.failed > 0 {
			b.Fatalf("journey failed: %+v", res)
		}
	}
	b.ReportMetric(float64(calls.Load())/float64(b.N), "calls/op")
}
