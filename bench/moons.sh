#!/usr/bin/env bash
# Compares one training step of micrograd's demo in littlegrad and in PyTorch.
#
# The step: an MLP 2-16-16-1 (ReLU hidden layers) on 100 two-moons points,
# hinge loss + 1e-4 * sum(p*p), backward and an SGD update, in float64. The
# Go side is two benchmarks of autograd/nn: BenchmarkTrainMoons, the step as
# package nn's documentation writes it (AppendForward, nn.Hinge, nn.L2), and
# BenchmarkTrainMoonsNatural, the same step written the way a micrograd user
# writes it (Forward(x)[0], the losses from MulScalar, AddScalar, Relu and
# p.Mul(p), autograd.Sum, slices made at every step). The PyTorch side is
# bench/moons_torch.py, batched, on the same data and initial weights
# (autograd/nn/testdata/moons_demo.json), timed as plain tensor operations and
# as torch.nn modules with torch.optim.SGD. The two run in turn, `rounds`
# times (default 5), so that both see the same machine; the script prints
# the median time per step of each, and the medians of the rounds' ratios.
# Times are CPU time of the working thread, as both sides read it (Go's
# benchmarks from autograd/internal/cpuclock, Python's time.thread_time_ns):
# on a machine shared with other jobs the wall clock mostly measures the
# wait for a CPU.
#
# Without PyTorch (Debian: apt-get install python3-torch) it prints the Go
# times, says that PyTorch is missing, and exits 0. PYTHON names another
# Python than Debian's /usr/bin/python3.
#
# Usage, from anywhere in the repository: bench/moons.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

torch=no
if command -v "$python" >/dev/null && "$python" -c 'import torch' 2>/dev/null; then
	torch=yes
fi
go test -c -o "$tmp/nn.test" ./autograd/nn
for _ in $(seq "$rounds"); do
	# One line per round: tuned ns, tuned allocs, natural ns, natural allocs.
	(cd autograd/nn && "$tmp/nn.test" -test.run '^$' -test.bench '^BenchmarkTrainMoons(Natural)?$' -test.benchmem) |
		awk '/^BenchmarkTrainMoons/ {
			for (i = 3; i < NF; i += 2) u[$(i + 1)] = $i
			s = u["cpu-ns/op"] " " u["allocs/op"]
			if ($1 ~ /Natural/) n = s; else t = s
		} END { print t, n }' >>"$tmp/go"
	if [ "$torch" = yes ]; then
		"$python" bench/moons_torch.py autograd/nn/testdata/moons_demo.json >>"$tmp/torch"
	else
		echo "none" >>"$tmp/torch"
	fi
done
paste -d ' ' "$tmp/go" "$tmp/torch" >"$tmp/rounds"

# median prints the median of awk expression $1 over the rounds.
median() {
	awk "{ print $1 }" "$tmp/rounds" | sort -g |
		awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
ms() { awk -v ns="$1" 'BEGIN { printf "%8.3f ms", ns / 1e6 }'; }
echo "micrograd's demo, one training step (MLP 2-16-16-1, 100 points, float64), median of $rounds rounds:"
printf '  %-62s %s  (%s allocs)\n' "littlegrad, BenchmarkTrainMoons (AppendForward, nn.Hinge, nn.L2)" "$(ms "$(median '$1')")" "$(median '$2')"
printf '  %-62s %s  (%s allocs)\n' "littlegrad, BenchmarkTrainMoonsNatural (Forward, ops, Sum)" "$(ms "$(median '$3')")" "$(median '$4')"
printf 'time of the natural step / time of the tuned step: %.2f\n' "$(median '$3 / $1')"
if [ "$torch" = no ]; then
	echo "PyTorch is not installed for $python (Debian: apt-get install python3-torch): no comparison."
	exit 0
fi
# moons_torch.py prints: torch <version> threads <n> tensors <ns> modules <ns>
version=$(awk 'NR == 1 { print $6 ", " $8 " thread(s)" }' "$tmp/rounds")
printf '  %-62s %s\n' "PyTorch $version, tensor ops" "$(ms "$(median '$10')")" \
	"PyTorch $version, torch.nn + torch.optim" "$(ms "$(median '$12')")"
printf 'time of littlegrad / time of PyTorch tensor ops: %.2f (tuned), %.2f (natural)\n' "$(median '$1 / $10')" "$(median '$3 / $10')"
printf 'time of littlegrad / time of torch.nn + torch.optim: %.2f (tuned), %.2f (natural)\n' "$(median '$1 / $12')" "$(median '$3 / $12')"
