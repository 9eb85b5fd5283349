# Each target a README command. Targets install what they need (Go modules, the pinned emulator).
GO ?= go

EMULATOR_BIN := emulator/node_modules/.bin/cognito-local

.PHONY: test vet fmt-check lint-workflows emulator-deps local local-serve

## local: start cognito-local, deploy the program into it, run the smoke test, print the outputs.
local: emulator-deps
	$(GO) build -o bin/smoketest ./smoketest
	$(GO) run . local -smoketest bin/smoketest

## local-serve: as local, then keep the emulator and pool up until Ctrl-C (front-end work).
local-serve: emulator-deps
	$(GO) build -o bin/smoketest ./smoketest
	$(GO) run . local -smoketest bin/smoketest -serve

## test: gofmt, go vet, actionlint on the workflows, then every test with the race detector
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

$(EMULATOR_BIN): emulator/package.json emulator/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { \
		echo "Node.js and npm are missing; installing them with apt-get"; \
		apt-get update -qq && apt-get install -y -qq nodejs npm; }
	cd emulator && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(find . -name '*.go' -not -path '*/node_modules/*' | xargs gofmt -l); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

.PHONY: bench
## bench: the cognitojwt benchmarks in one run, then their ratios to raw RSA (the README's figures).
bench:
	$(GO) test -run '^$$' -bench . -benchtime 2s -count 5 ./cognitojwt | tee bench.out
	@awk '/^Benchmark/ { name=$$1; sub(/-[0-9]+$$/, "", name); n[name]++; s[name]+=$$3 } \
	END { raw=s["BenchmarkRawRSA"]/n["BenchmarkRawRSA"]; \
	for (k in s) printf "%-22s %10.0f ns/op  %6.3fx raw RSA  (1/%.0f)\n", k, s[k]/n[k], s[k]/n[k]/raw, raw/(s[k]/n[k]) }' bench.out | sort
