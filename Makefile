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
