package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// reporter prints step outcomes as they happen.
type reporter interface {
	start(name string)
	step(name, action, detail string, d time.Duration) // action: pass, fail or skip
	summary(r results, apiCalls int64)
}

// textReporter prints `go test -v`-style lines: `--- PASS: sign-in (23ms)`.
type textReporter struct{ w io.Writer }

func (t *textReporter) start(string) {}

func (t *textReporter) step(name, action, detail string, d time.Duration) {
	fmt.Fprintf(t.w, "--- %s: %s (%s)\n", strings.ToUpper(action), name, d.Round(time.Millisecond))
	if detail != "" {
		fmt.Fprintf(t.w, "    %s\n", detail)
	}
}

func (t *textReporter) summary(r results, apiCalls int64) {
	verdict := "PASS"
	if r.failed > 0 {
		verdict = "FAIL"
	}
	fmt.Fprintf(t.w, "%s: %d passed, %d failed, %d skipped\n", verdict, r.passed, r.failed, r.skipped)
	fmt.Fprintf(t.w, "journey %s, %d Cognito API calls\n", r.elapsed.Round(time.Millisecond), apiCalls)
}

// event is cmd/test2json's event shape.
type event struct {
	Time    time.Time `json:"Time"`
	Action  string    `json:"Action"`
	Test    string    `json:"Test,omitempty"`
	Elapsed *float64  `json:"Elapsed,omitempty"`
	Output  string    `json:"Output,omitempty"`
}

// jsonReporter prints one test2json event per line.
type jsonReporter struct{ enc *json.Encoder }

func (j *jsonReporter) emit(e event) {
	e.Time = time.Now()
	_ = j.enc.Encode(e)
}

func seconds(d time.Duration) *float64 {
	s := d.Seconds()
	return &s
}

func (j *jsonReporter) start(name string) { j.emit(event{Action: "run", Test: name}) }

func (j *jsonReporter) step(name, action, detail string, d time.Duration) {
	if detail != "" {
		j.emit(event{Action: "output", Test: name, Output: detail + "\n"})
	}
	j.emit(event{Action: action, Test: name, Elapsed: seconds(d)})
}

func (j *jsonReporter) summary(r results, apiCalls int64) {
	j.emit(event{Action: "output", Output: fmt.Sprintf("%d passed, %d failed, %d skipped; %d Cognito API calls\n", r.passed, r.failed, r.skipped, apiCalls)})
	action := "pass"
	if r.failed > 0 {
		action = "fail"
	}
	j.emit(event{Action: action, Elapsed: seconds(r.elapsed)})
}
