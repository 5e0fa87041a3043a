#!/usr/bin/env bash
# Compares one training step of micrograd's demo in littlegrad and in PyTorch.
#
# The step: an MLP 2-16-16-1 (ReLU hidden layers) on 100 two-moons points,
# hinge loss + 1e-4 * sum(p*p), backward and an SGD update, in float64. The
# Go side is BenchmarkTrainMoons in autograd/nn; the PyTorch side is
# bench/moons_torch.py, batched, on the same data and initial weights
# (autograd/nn/testdata/moons_demo.json), timed as plain tensor operations and
# as torch.nn modules with torch.optim.SGD. The two run in turn, `rounds`
# times (default 5), so that both see the same machine; the script prints the
# median time per step of each and their ratio. The machine's load changes
# the times; compare the ratios.
#
# Without PyTorch (Debian: apt-get install python3-torch) it prints the Go
# time, says that PyTorch is missing, and exits 0. PYTHON names another
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
	(cd autograd/nn && "$tmp/nn.test" -test.run '^$' -test.bench '^BenchmarkTrainMoons$' -test.benchmem) |
		awk '/^BenchmarkTrainMoons/ { print $3, $7 }' >>"$tmp/go"
	if [ "$torch" = yes ]; then
		"$python" bench/moons_torch.py autograd/nn/testdata/moons_demo.json >>"$tmp/torch"
	fi
done

# median prints the median of the numbers in column $1 of file $2.
median() {
	awk -v c="$1" '{ print $c }' "$2" | sort -g |
		awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
go_ns=$(median 1 "$tmp/go")
allocs=$(median 2 "$tmp/go")
echo "micrograd's demo, one training step (MLP 2-16-16-1, 100 points, float64), median of $rounds rounds:"
printf '  %-56s %8.3f ms  (%s allocs)\n' "littlegrad, BenchmarkTrainMoons" "$(echo "$go_ns" | awk '{ print $1 / 1e6 }')" "$allocs"
if [ "$torch" = no ]; then
	echo "PyTorch is not installed for $python (Debian: apt-get install python3-torch): no comparison."
	exit 0
fi
version=$(awk 'NR == 1 { print $2 ", " $4 " thread(s)" }' "$tmp/torch")
tensors=$(median 6 "$tmp/torch")
modules=$(median 8 "$tmp/torch")
printf '  %-56s %8.3f ms\n' "PyTorch $version, tensor ops" "$(echo "$tensors" | awk '{ print $1 / 1e6 }')" \
	"PyTorch $version, torch.nn + torch.optim" "$(echo "$modules" | awk '{ print $1 / 1e6 }')"
awk -v g="$go_ns" -v t="$tensors" -v m="$modules" 'BEGIN {
	printf "time of littlegrad / time of PyTorch: %.2f (tensor ops), %.2f (torch.nn + torch.optim)\n", g / t, g / m
}'
