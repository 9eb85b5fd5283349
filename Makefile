# Each target a README command. Targets install what they need (Go modules, the pinned emulator).
GO ?= go

EMULATOR_BIN := emulator/node_modules/.bin/cognito-local

.PHONY: test vet fmt-check lint-workflows emulator-deps apptest-deps test-node18 local local-serve app-config

## local: start cognito-local, deploy the program into it, run the smoke test, print the outputs.
local: emulator-deps
	$(GO) build -o bin/ . ./smoketest
	bin/cognito-pool local -smoketest bin/smoketest

## local-serve: as local, then keep the emulator and pool up until Ctrl-C (front-end work).
local-serve: emulator-deps
	$(GO) build -o bin/ . ./smoketest
	bin/cognito-pool local -smoketest bin/smoketest -serve

## app-config: the apps' settings from stack outputs: OUTPUTS=FILE, or the current stack's
## `pulumi stack output --json` when OUTPUTS is empty. Stops at the first error: no Pulumi CLI
## without OUTPUTS, or a failing `pulumi stack output`, never reaches appconfig.
app-config:
	@if [ -z "$(OUTPUTS)" ] && ! command -v pulumi >/dev/null; then \
		echo "make app-config: no Pulumi CLI to read the stack outputs: install it (https://www.pulumi.com/docs/iac/download-install/) or pass OUTPUTS=FILE, a file holding the JSON of \`pulumi stack output --json\`" >&2; \
		exit 2; fi
	$(GO) build -o bin/ ./cmd/appconfig
	@if [ -n "$(OUTPUTS)" ]; then bin/appconfig -outputs "$(OUTPUTS)"; \
	else out=$$(pulumi stack output --json) && printf '%s\n' "$$out" | bin/appconfig -outputs -; fi

## test: gofmt, go vet, staticcheck, actionlint on the workflows, then every test with the race detector
## (the emulator tests included).
test: fmt-check vet lint-workflows emulator-deps apptest-deps
	$(GO) test -race -count=1 ./...

## lint-workflows: actionlint (pinned in go.mod as a tool), with shellcheck on the run: scripts and
## on scripts/, then the tests of the deploy approval script (a stand-in gh; needs jq).
lint-workflows:
	@command -v shellcheck >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
		{ echo "installing shellcheck for actionlint"; apt-get update -qq && apt-get install -y -qq shellcheck >/dev/null; } || \
		echo "shellcheck not installed: actionlint checks the workflows without it"; }
	$(GO) tool actionlint -no-color
	@if command -v shellcheck >/dev/null; then shellcheck scripts/*.sh; fi
	@command -v jq >/dev/null || { echo "installing jq for scripts/deploy-approval_test.sh"; \
		apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
	scripts/deploy-approval_test.sh

## emulator-deps: Node.js and the pinned cognito-local (npm ci), when missing or out of date.
emulator-deps: $(EMULATOR_BIN)

## test-node18: the emulator tests under Debian 12's Node.js 18 (what `apt-get install nodejs` gives
## there), unpacked beside the installed one: apt-get download + dpkg -x, nothing installed.
test-node18: emulator-deps
	emulator/with-debian12-node.sh $(GO) test -race -count=1 ./emulator/

# NEED_NODE installs Node.js and npm with apt-get when they are missing (recipes that npm ci).
NEED_NODE = @command -v node >/dev/null && command -v npm >/dev/null || { \
		echo "Node.js and npm are missing; installing them with apt-get"; \
		apt-get update -qq && apt-get install -y -qq nodejs npm; }

$(EMULATOR_BIN): emulator/package.json emulator/package-lock.json
	$(NEED_NODE)
	cd emulator && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## apptest-deps: the pinned aws-amplify 5 and 6 that apptest drives (npm ci), when missing or out of date.
APPTEST_DEPS := apptest/node_modules/.package-lock.json
apptest-deps: $(APPTEST_DEPS)

$(APPTEST_DEPS): apptest/package.json apptest/package-lock.json apptest/.npmrc | $(EMULATOR_BIN)
	cd apptest && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## vet: go vet and staticcheck (pinned in go.mod as a tool).
vet:
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

fmt-check:
	@out=$$(find . -name '*.go' -not -path '*/node_modules/*' | xargs gofmt -l); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

.PHONY: bench bench-compare bench-instructions
## bench: the cognitojwt benchmarks, ten interleaved rounds (A B C D, A B C D, ...: a noisy machine
## slows all four alike), then each one's median and its ratio to raw RSA (scripts/bench-table.sh).
bench:
	$(GO) test -c -o bin/cognitojwt.test ./cognitojwt
	@rm -f bench.out; for i in 1 2 3 4 5 6 7 8 9 10; do \
		(cd cognitojwt && ../bin/cognitojwt.test -test.run '^$$' -test.bench . -test.benchtime 1s -test.benchmem) | grep '^Benchmark' | tee -a bench.out; \
	done
	@for unit in ns/op cpu-ns/op; do echo; scripts/bench-table.sh bench.out $$unit RawRSA "raw RSA" RawRSA VerifyCold VerifyCached GolangJWT; done

## bench-compare: cognitojwt (cold, repeated), Go's raw RSA and aws-jwt-verify 5.2.1's verifySync
## (Node) on the same token and JWKS, ten interleaved rounds, also with GOEXPERIMENT=boringcrypto
## when cgo can build it; medians and ratios to aws-jwt-verify (scripts/bench-compare.sh).
bench-compare: bench/jwtverify/node_modules/.package-lock.json
	GO=$(GO) scripts/bench-compare.sh

bench/jwtverify/node_modules/.package-lock.json: bench/jwtverify/package.json bench/jwtverify/package-lock.json
	$(NEED_NODE)
	cd bench/jwtverify && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## bench-instructions: the same benchmarks as instruction counts (callgrind): repeatable ratios.
bench-instructions:
	$(GO) test -c -o bin/cognitojwt.test ./cognitojwt
	scripts/bench-instructions.sh bin/cognitojwt.test
