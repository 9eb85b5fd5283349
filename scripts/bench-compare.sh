#!/usr/bin/env bash
# make bench-compare: cognitojwt against aws-jwt-verify, the verifier a Node backend would pick.
# One token and one JWKS, written once by cognitojwt's TestWriteBenchFixtures into a temp dir, are
# verified by: Go's raw RSA (SHA-256 + rsa.VerifyPKCS1v15, the floor), cognitojwt cold (token
# cache off) and repeated (cache on), the same three in a GOEXPERIMENT=boringcrypto build when cgo
# and a C compiler are there, and aws-jwt-verify's verifySync (bench/jwtverify/bench.mjs). Each
# round runs every one of them once (interleaved: a noisy machine slows all alike); the tables are
# the medians and their ratios to aws-jwt-verify (scripts/bench-table.sh), of wall-clock time and
# of the process's CPU time per call (which leaves out the time other processes held the CPU).
# Usage: scripts/bench-compare.sh (ROUNDS=10 and BENCHTIME=1, in seconds, by default)
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
rounds=${ROUNDS:-10}
benchtime=${BENCHTIME:-1}
out=bench-compare.out

fixtures=$(mktemp -d)
trap 'rm -rf "$fixtures"' EXIT

echo "building the cognitojwt benchmarks"
"$GO" test -c -o bin/cognitojwt.test ./cognitojwt

# boring_skip prints why the boringcrypto build can't be made here, or nothing when it can.
boring_skip() {
	local goos goarch cc
	goos=$("$GO" env GOOS) goarch=$("$GO" env GOARCH) cc=$("$GO" env CC)
	case "$goos/$goarch" in
	linux/amd64 | linux/arm64) ;;
	*) echo "GOEXPERIMENT=boringcrypto is for linux/amd64 and linux/arm64 only, this is $goos/$goarch"; return ;;
	esac
	if ! command -v "${cc%% *}" >/dev/null; then
		echo "it needs cgo and there is no C compiler (go env CC is \"$cc\", CGO_ENABLED $("$GO" env CGO_ENABLED); Debian: apt-get install gcc)"
	fi
}
boring=""
reason=$(boring_skip)
if [ -n "$reason" ]; then
	echo "boringcrypto build SKIPPED: $reason"
else
	echo "building the cognitojwt benchmarks with GOEXPERIMENT=boringcrypto (cgo)"
	if GOEXPERIMENT=boringcrypto CGO_ENABLED=1 "$GO" test -c -o bin/cognitojwt-boring.test ./cognitojwt; then
		boring=bin/cognitojwt-boring.test
		"$GO" version -m "$boring" | grep -q 'GOEXPERIMENT=boringcrypto' ||
			{ echo "bench-compare: $boring was not built with boringcrypto" >&2; exit 1; }
	else
		reason="its build failed (above)"
		echo "boringcrypto build SKIPPED: $reason"
	fi
fi

(cd cognitojwt && ../bin/cognitojwt.test -test.run '^TestWriteBenchFixtures$' -benchfixtures "$fixtures" >/dev/null)

gobench() { # test binary, name prefix
	(cd cognitojwt && "../$1" -test.run '^$' -test.bench '^Benchmark(RawRSA|VerifyCold|VerifyCached)$' \
		-test.benchtime "${benchtime}s" -test.benchmem -benchfixtures "$fixtures") |
		grep '^Benchmark' | sed "s/^Benchmark/Benchmark$2/"
}
rm -f "$out"
for i in $(seq "$rounds"); do
	echo "round $i of $rounds"
	{
		node bench/jwtverify/bench.mjs "$fixtures" "$benchtime"
		gobench bin/cognitojwt.test ""
		if [ -n "$boring" ]; then gobench "$boring" Boring; fi
	} | tee -a "$out"
done

for unit in ns/op cpu-ns/op; do
	echo
	echo "$unit, medians of $rounds interleaved rounds ($out); one RS256 access token, RSA-2048, same JWKS:"
	scripts/bench-table.sh "$out" "$unit" AwsJwtVerify aws-jwt-verify \
		AwsJwtVerify RawRSA VerifyCold VerifyCached BoringRawRSA BoringVerifyCold BoringVerifyCached
done
if [ -z "$boring" ]; then echo "(the Boring rows were not run: $reason)"; fi
