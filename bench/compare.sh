#!/usr/bin/env bash
# Compares alb2ocsf with the DuckDB baseline (bench/duckdbbaseline) on one gzip corpus.
#
#   bench/compare.sh            # A B C A B C …: alb2ocsf, DuckDB full shape, DuckDB simple shape
#   bench/compare.sh scaling    # alb2ocsf alone: N vs 10N lines, GOMAXPROCS=1 vs 2
#
# Environment:
#   LINES       corpus size in lines (default 1000000); LINES=10000000 for the 10 M run
#   RUNS        runs of each side (default 3)
#   SEED        corpus seed (default 1)
#   THREADS     DuckDB threads (default: nproc)
#   SCALE_RUNS  runs at 10×LINES in scaling mode (default 1)
#
# The corpus is generated with bench/gencorpus under bench/corpus/ when missing.
# Each run is timed with /usr/bin/time -v; the table, the medians and the ratios are
# printed and written to bench/results/. alb2ocsf runs with its default options.
set -euo pipefail

mode=${1:-compare}
case $mode in
compare | scaling) ;;
*)
	echo "usage: bench/compare.sh [compare|scaling]" >&2
	exit 2
	;;
esac

LINES=${LINES:-1000000}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
THREADS=${THREADS:-$(nproc)}
SCALE_RUNS=${SCALE_RUNS:-1}
RSS_LIMIT_MIB=256

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if [[ ! -x /usr/bin/time ]]; then
	echo "installing GNU time for /usr/bin/time -v" >&2
	apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/alb2ocsf-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=bench/results/$mode-$stamp-lines-$LINES
rows=$results.tsv
summary=$results.txt
printf 'side\trun\tlines\tseconds\tlines_per_s\tpeak_rss_mib\n' >"$rows"

# corpus_for LINES prints the corpus folder of that size, generating it when missing.
# A corpus is complete once its .complete marker exists.
corpus_for() {
	local lines=$1 dir=bench/corpus/lines-$1-seed-$SEED
	if [[ ! -f $dir/.complete ]]; then
		echo "generating a corpus of $lines lines in $dir" >&2
		rm -rf "$dir"
		go run ./bench/gencorpus -out "$dir" -lines "$lines" -seed "$SEED" >&2
		touch "$dir/.complete"
	fi
	echo "$dir"
}

echo "building alb2ocsf and the DuckDB baseline into $work" >&2
go build -o "$work/alb2ocsf" ./cmd/alb2ocsf
go build -o "$work/duckdbbaseline" ./bench/duckdbbaseline

# measure SIDE RUN LINES CMD... runs CMD under /usr/bin/time -v and appends a row.
# alb2ocsf exits 3 when it rejected some lines; that still counts as a full run.
measure() {
	local side=$1 run=$2 lines=$3
	shift 3
	rm -rf "$work/out"
	mkdir -p "$work/out"
	local start end status=0
	start=$(date +%s.%N)
	/usr/bin/time -v -o "$work/time.txt" "$@" 2>"$work/stderr.txt" || status=$?
	end=$(date +%s.%N)
	if [[ $status -ne 0 && ! ($side == alb2ocsf* && $status -eq 3) ]]; then
		echo "$side run $run failed with exit status $status:" >&2
		cat "$work/stderr.txt" >&2
		exit 1
	fi
	local rss_kib seconds
	rss_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
	seconds=$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f", e - s}')
	awk -v side="$side" -v run="$run" -v lines="$lines" -v s="$seconds" -v rss="$rss_kib" \
		'BEGIN {printf "%s\t%s\t%d\t%.3f\t%.0f\t%.1f\n", side, run, lines, s, lines / s, rss / 1024}' |
		tee -a "$rows" >&2
	rm -rf "$work/out"
}

ours() {
	local side=$1 run=$2 corpus=$3 lines=$4
	shift 4
	measure "$side" "$run" "$lines" env "$@" "$work/alb2ocsf" convert -q -o "$work/out/events.parquet" "$corpus"
}

duckdb() {
	local shape=$1 run=$2 corpus=$3 lines=$4
	measure "duckdb-$shape" "$run" "$lines" \
		"$work/duckdbbaseline" -threads "$THREADS" -shape "$shape" "$corpus" "$work/out/events.parquet"
}

# median SIDE COLUMN prints the median of a column of the rows of one side.
median() {
	awk -F'\t' -v side="$1" -v col="$2" 'NR > 1 && $1 == side {print $col}' "$rows" | sort -g |
		awk '{v[NR] = $1} END {if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

max_of() {
	awk -F'\t' -v side="$1" -v col="$2" 'NR > 1 && $1 == side && $col > m {m = $col} END {print m}' "$rows"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'
}

describe_machine() {
	echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(git status --porcelain 2>/dev/null | wc -l) paths changed in the working tree"
	echo "cpu:      $(nproc) x $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
	echo "memory:   $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
	echo "go:       $(go env GOVERSION)"
	echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min averages before the runs)"
}

print_table() {
	echo
	column -t -s $'\t' "$rows"
	echo
}

compare() {
	local corpus
	corpus=$(corpus_for "$LINES")
	describe_machine
	echo "corpus:   $corpus ($LINES lines), $RUNS runs per side, DuckDB threads $THREADS"
	for run in $(seq 1 "$RUNS"); do
		ours alb2ocsf "$run" "$corpus" "$LINES"
		duckdb full "$run" "$corpus" "$LINES"
		duckdb simple "$run" "$corpus" "$LINES"
	done
	print_table
	local ours_lps full_lps simple_lps
	ours_lps=$(median alb2ocsf 5)
	full_lps=$(median duckdb-full 5)
	simple_lps=$(median duckdb-simple 5)
	echo "median lines/s: alb2ocsf $ours_lps, duckdb full $full_lps, duckdb simple $simple_lps"
	echo "median peak RSS MiB: alb2ocsf $(median alb2ocsf 6), duckdb full $(median duckdb-full 6), duckdb simple $(median duckdb-simple 6)"
	echo "ratio alb2ocsf / duckdb full:   $(ratio "$ours_lps" "$full_lps")"
	echo "ratio alb2ocsf / duckdb simple: $(ratio "$ours_lps" "$simple_lps")"
	local peak
	peak=$(max_of alb2ocsf 6)
	echo "alb2ocsf max peak RSS: $peak MiB against the limit of $RSS_LIMIT_MIB MiB ($(awk -v p="$peak" -v l="$RSS_LIMIT_MIB" 'BEGIN {print (p <= l) ? "within" : "over"}'))"
}

scaling() {
	local small large big_lines
	big_lines=$((LINES * 10))
	small=$(corpus_for "$LINES")
	large=$(corpus_for "$big_lines")
	describe_machine
	echo "corpora:  $small ($LINES lines), $large ($big_lines lines)"
	for run in $(seq 1 "$RUNS"); do
		ours alb2ocsf-procs2 "$run" "$small" "$LINES" GOMAXPROCS=2
		ours alb2ocsf-procs1 "$run" "$small" "$LINES" GOMAXPROCS=1
	done
	for run in $(seq 1 "$SCALE_RUNS"); do
		ours alb2ocsf-procs2-10x "$run" "$large" "$big_lines" GOMAXPROCS=2
	done
	print_table
	local s_small s_large lps1 lps2
	s_small=$(median alb2ocsf-procs2 4)
	s_large=$(median alb2ocsf-procs2-10x 4)
	lps1=$(median alb2ocsf-procs1 5)
	lps2=$(median alb2ocsf-procs2 5)
	echo "median seconds: $LINES lines $s_small, $big_lines lines $s_large"
	echo "time ratio 10x lines / 1x lines: $(ratio "$s_large" "$s_small") (10.00 is linear)"
	echo "median lines/s: GOMAXPROCS=1 $lps1, GOMAXPROCS=2 $lps2"
	echo "speed-up GOMAXPROCS=2 / GOMAXPROCS=1: $(ratio "$lps2" "$lps1") (2.00 is ideal)"
	echo "median peak RSS MiB: $LINES lines $(median alb2ocsf-procs2 6), $big_lines lines $(median alb2ocsf-procs2-10x 6) (limit $RSS_LIMIT_MIB MiB)"
}

"$mode" 2>&1 | tee "$summary"
echo "results: $rows, $summary" >&2
