# Each target a README command. Targets install what they need (Go modules, the pinned emulator).
GO ?= go

EMULATOR_BIN := emulator/node_modules/.bin/cognito-local

.PHONY: test vet fmt-check lint-workflows emulator-deps test-node18 local local-serve app-config

## local: start cognito-local, deploy the program into it, run the smoke test, print the outputs.
local: emulator-deps
	$(GO) build -o bin/ . ./smoketest
	bin/cognito-pool local -smoketest bin/smoketest

## local-serve: as local, then keep the emulator and pool up until Ctrl-C (front-end work).
local-serve: emulator-deps
	$(GO) build -o bin/ . ./smoketest
	bin/cognito-pool local -smoketest bin/smoketest -serve

## app-config: the apps' settings from stack outputs: OUTPUTS=FILE, or the current stack's
## `pulumi stack output --json` when OUTPUTS is empty.
app-config:
	@if [ -n "$(OUTPUTS)" ]; then $(GO) run ./cmd/appconfig -outputs "$(OUTPUTS)"; \
	else pulumi stack output --json | $(GO) run ./cmd/appconfig -outputs -; fi

## test: gofmt, go vet, staticcheck, actionlint on the workflows, then every test with the race detector
## (the emulator tests included).
test: fmt-check vet lint-workflows emulator-deps
	$(GO) test -race -count=1 ./...

## lint-workflows: actionlint (pinned in go.mod as a tool), with shellcheck on the run: scripts.
lint-workflows:
	@command -v shellcheck >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
		{ echo "installing shellcheck for actionlint"; apt-get update -qq && apt-get install -y -qq shellcheck >/dev/null; } || \
		echo "shellcheck not installed: actionlint checks the workflows without it"; }
	$(GO) tool actionlint -no-color

## emulator-deps: Node.js and the pinned cognito-local (npm ci), when missing or out of date.
emulator-deps: $(EMULATOR_BIN)

## test-node18: the emulator tests under Debian 12's Node.js 18 (what `apt-get install nodejs` gives
## there), unpacked beside the installed one: apt-get download + dpkg -x, nothing installed.
test-node18: emulator-deps
	emulator/with-debian12-node.sh $(GO) test -race -count=1 ./emulator/

$(EMULATOR_BIN): emulator/package.json emulator/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { \
		echo "Node.js and npm are missing; installing them with apt-get"; \
		apt-get update -qq && apt-get install -y -qq nodejs npm; }
	cd emulator && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## vet: go vet and staticcheck (pinned in go.mod as a tool).
vet:
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

fmt-check:
	@out=$$(find . -name '*.go' -not -path '*/node_modules/*' | xargs gofmt -l); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

.PHONY: bench bench-instructions
## bench: the cognitojwt benchmarks, ten interleaved rounds (A B C D, A B C D, ...: a noisy machine
## slows all four alike), then each one's median and its ratio to raw RSA: the README's figures.
BENCH_MEDIAN = grep "^Benchmark$$b-" bench.out | awk '{print $$3}' | sort -n | awk '{a[NR]=$$1} END {print a[int((NR+1)/2)]}'
bench:
	$(GO) test -c -o bin/cognitojwt.test ./cognitojwt
	@rm -f bench.out; for i in 1 2 3 4 5 6 7 8 9 10; do \
		bin/cognitojwt.test -test.run '^$$' -test.bench . -test.benchtime 1s -test.benchmem | grep '^Benchmark' | tee -a bench.out; \
	done
	@b=RawRSA; raw=$$($(BENCH_MEDIAN)); \
	for b in RawRSA VerifyCold VerifyCached GolangJWT; do \
		m=$$($(BENCH_MEDIAN)); \
		awk -v b=$$b -v m=$$m -v r=$$raw 'BEGIN { printf "%-13s median %8.0f ns/op  %6.3fx raw RSA  (1/%.0f)\n", b, m, m/r, r/m }'; \
	done

## bench-instructions: the same benchmarks as instruction counts (callgrind): repeatable ratios.
bench-instructions:
	$(GO) test -c -o bin/cognitojwt.test ./cognitojwt
	scripts/bench-instructions.sh bin/cognitojwt.test
