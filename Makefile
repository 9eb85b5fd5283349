# Each target a README command. Targets install what they need (Go modules, the pinned emulator).
GO ?= go

.PHONY: test vet fmt-check

## test: gofmt check, go vet, then every test with the race detector.
test: fmt-check vet
	$(GO) test -race -count=1 ./...

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
