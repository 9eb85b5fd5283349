#!/usr/bin/env bash
# The medians of interleaved benchmark rounds as a table: one unit (ns/op, or cpu-ns/op), the
# rounds' range, and the ratio to a baseline. The one place the figures of `make bench` and
# `make bench-compare` are computed. Input: lines shaped like `go test -bench` output
# (`Benchmark<Name>-<procs> <n> <x> ns/op <y> cpu-ns/op ...`), any number of rounds per name; the
# median of an even count is the lower middle value.
# Usage: scripts/bench-table.sh FILE UNIT BASELINE "BASELINE LABEL" NAME...
set -euo pipefail
[ $# -ge 5 ] || { echo "usage: $0 FILE UNIT BASELINE 'BASELINE LABEL' NAME..." >&2; exit 2; }
file=$1 unit=$2 base=$3 label=$4
shift 4
awk -v unit="$unit" -v base="$base" -v label="$label" -v names="$*" '
	/^Benchmark/ {
		name = substr($1, 10)
		sub(/-[0-9]+$/, "", name)
		for (i = 3; i < NF; i++) if ($(i + 1) == unit) { v[name, ++n[name]] = $i; break }
	}
	function median(name,    k, j, t, a) {
		for (k = 1; k <= n[name]; k++) a[k] = v[name, k] + 0
		for (k = 2; k <= n[name]; k++) { t = a[k]; for (j = k - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		lo[name] = a[1]; hi[name] = a[n[name]]
		return a[int((n[name] + 1) / 2)]
	}
	END {
		if (!n[base]) { print "bench-table: no " unit " results for the baseline " base > "/dev/stderr"; exit 1 }
		b = median(base)
		printf "| %-20s | %6s | %14s | %18s | %s |\n", "benchmark", "rounds", "median " unit, "range " unit, "vs " label
		printf "| %-20s | %6s | %14s | %18s | %s |\n", "---", "---:", "---:", "---:", "---"
		split(names, list, " ")
		for (i = 1; i in list; i++) {
			name = list[i]
			if (!n[name]) { printf "| %-20s | %6d | %14s | %18s | %s |\n", name, 0, "-", "-", "not run"; continue }
			m = median(name)
			r = m / b
			ratio = sprintf("%.3f×", r)
			if (r < 1) ratio = ratio sprintf(1 / r < 10 ? " (1/%.1f)" : " (1/%.0f)", 1 / r)
			printf "| %-20s | %6d | %14.0f | %18s | %s |\n", name, n[name], m, sprintf("%.0f–%.0f", lo[name], hi[name]), ratio
		}
	}
' "$file"
