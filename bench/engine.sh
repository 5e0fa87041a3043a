#!/usr/bin/env bash
# Times the engine's benchmarks (autograd and autograd/nn) as README.md's speed
# table reports them: per step and per node (forward and backward apart), the
# natural demo step against the tuned one, a step with 50 trained models
# below it on the tape against one on an empty tape, and the floor that
# memory puts under a node.
#
# The figures are CPU time, which the benchmarks read from their thread's
# clock (autograd/internal/cpuclock): on a machine shared with other jobs,
# as ours is, the wall clock (go test's ns/op) mostly measures the wait for
# a CPU, and CPU time the work. Each round runs every benchmark once, in
# turn, so that they all see the same machine; the script prints the
# medians over the rounds, and the medians of the rounds' ratios.
#
# Usage, from anywhere in the repository: bench/engine.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -c -o "$tmp/autograd.test" ./autograd
go test -c -o "$tmp/nn.test" ./autograd/nn
for r in $(seq "$rounds"); do
	{
		(cd autograd && "$tmp/autograd.test" -test.run '^$' -test.bench 'MoonsGraph|Chain|TapeMemory' -test.benchmem)
		(cd autograd/nn && "$tmp/nn.test" -test.run '^$' -test.bench 'TrainMoons|History' -test.benchmem)
	} | awk -v r="$r" '/^Benchmark/ {
		name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
		for (i = 3; i < NF; i += 2) print r, name, $(i + 1), $i
	}' >>"$tmp/results"
done

# The results hold one line per round, benchmark and unit: round name unit value.
awk -v rounds="$rounds" '
function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
# m returns the median over the rounds of a benchmark'"'"'s unit.
function m(name, unit,    k, a, n) {
	n = 0
	for (k = 1; k <= rounds; k++) if ((k, name, unit) in v) a[++n] = v[k, name, unit]
	return n ? median(a, n) : -1
}
# ratio returns the median over the rounds of name1/name2 in unit.
function ratio(name1, name2, unit,    k, a, n) {
	n = 0
	for (k = 1; k <= rounds; k++) if ((k, name1, unit) in v && (k, name2, unit) in v) a[++n] = v[k, name1, unit] / v[k, name2, unit]
	return n ? median(a, n) : -1
}
{ v[$1, $2, $3] = $4 }
END {
	printf "littlegrad'"'"'s benchmarks: CPU time, medians of %d rounds that run each in turn\n", rounds
	split("MoonsGraph MoonsGraphNatural Chain", g, " ")
	for (i = 1; i in g; i++) {
		n = g[i]
		printf "  %-18s %6.3f ms a step, %5.2f ns a node (forward %.2f, backward %.2f), %d nodes, %d allocs\n",
			n, m(n, "cpu-ns/node") * m(n, "nodes/op") / 1e6, m(n, "cpu-ns/node"),
			m(n, "fwd-cpu-ns/node"), m(n, "bwd-cpu-ns/node"), m(n, "nodes/op"), m(n, "allocs/op")
	}
	split("TrainMoons TrainMoonsNatural", g, " ")
	for (i = 1; i in g; i++)
		printf "  %-18s %6.3f ms a step, %d nodes, %d allocs\n", g[i], m(g[i], "cpu-ns/op") / 1e6, m(g[i], "nodes/op"), m(g[i], "allocs/op")
	printf "  TrainMoonsNatural / TrainMoons: %.2f\n", ratio("TrainMoonsNatural", "TrainMoons", "cpu-ns/op")
	printf "  History, with 50 trained demos below / with none: %.2f a step, %.2f its Backward\n",
		m("History", "step-ratio"), m("History", "backward-ratio")
	w = m("TapeMemory/write/nodes=65477", "cpu-ns/node"); r = m("TapeMemory/read/nodes=65477", "cpu-ns/node")
	printf "  TapeMemory, the floor under a node: in the caches (2 MB), writing %.2f ns (%.0f GB/s), reading %.2f ns (%.0f GB/s);\n", w, 32 / w, r, 32 / r
	w = m("TapeMemory/write/nodes=8388608", "cpu-ns/node"); r = m("TapeMemory/read/nodes=8388608", "cpu-ns/node")
	printf "    in main memory (256 MB), writing %.2f ns (%.0f GB/s), reading %.2f ns (%.0f GB/s)\n", w, 32 / w, r, 32 / r
}' "$tmp/results"
