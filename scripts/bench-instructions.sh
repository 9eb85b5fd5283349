#!/usr/bin/env bash
# Instruction counts of the cognitojwt benchmarks under valgrind's callgrind: repeatable on a noisy
# machine where wall-clock ratios swing by ±25%. Each benchmark runs at 500 and 1,500 iterations;
# the difference / 1,000 is the per-call count (set-up cancels out). GOMAXPROCS=1 keeps idle
# scheduler threads from adding spin instructions. Usage: scripts/bench-instructions.sh [test binary]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-bin/cognitojwt.test}
command -v valgrind >/dev/null || { echo "valgrind is missing (Debian: apt-get install valgrind)" >&2; exit 2; }
count() { # benchmark iterations -> instructions
	(cd cognitojwt && GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		"../$bin" -test.run '^$' -test.bench "^Benchmark$1\$" -test.benchtime "$2x" 2>&1) |
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_op() { echo $(( ($(count "$1" 1500) - $(count "$1" 500)) / 1000 )); }
raw=$(per_op RawRSA)
for b in RawRSA VerifyCold VerifyCached GolangJWT; do
	n=$(if [ "$b" = RawRSA ]; then echo "$raw"; else per_op "$b"; fi)
	awk -v b="$b" -v n="$n" -v r="$raw" 'BEGIN { printf "%-13s %9d instructions/op  %6.3fx raw RSA  (1/%.0f)\n", b, n, n/r, r/n }'
done
