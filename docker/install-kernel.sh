#!/usr/bin/env bash
# The image's step as the learner: install the "Go (littlegrad)" kernel, as
# ./tutorial.sh does, into the Jupyter on PATH (its share/jupyter, outside
# the home folder), then drop from Go's caches what the notebooks do not
# use, keeping them warm.
#
# go run ./kernel install builds GoNB, goimports and gopls, which fills the
# module cache and the build cache with their dependencies (x/tools, zap, the
# LSP packages, ...), downloads every module of the checkout's module graph
# for cells offline, and builds a cell offline as GoNB does, which warms the
# build cache for the notebooks' packages.
# Kept: every module that littlegrad's packages (and so the notebooks and
# cmd/littlegrad) build from, and the build cache entries that building them
# uses. Dropped: the other modules' sources, every module's zip (builds use
# the extracted tree; the .mod, .info and .ziphash files stay, so the go
# command still resolves and verifies the module graph offline), and the
# rest of the build cache.
set -euo pipefail
cd "$(dirname "$0")/.."

go run ./kernel install -prefix "$(python3 -c 'import sys; print(sys.prefix)')"

# go run ./kernel install has left what cells need offline (GoNB builds each
# in a workspace with the checkout, which loads more of the module graph than
# a build in the checkout does; see kernel/internal/offline): the builds and
# lists below, in the checkout, read the same modules and compiled packages.
packages=(./autograd/... ./display/... ./cmd/...)
gocache=$(go env GOCACHE)
modcache=$(go env GOMODCACHE)

# The build cache: mark every entry unused, then let a build of
# cmd/littlegrad, which imports all the notebooks' packages, mark what it
# reads (go refreshes an entry's mtime when it is more than an hour old),
# then delete the rest.
find "$gocache" -mindepth 2 -type f -exec touch -m -d '2 days ago' {} +
go build -o /dev/null ./cmd/littlegrad
# and as the kernel builds cells: with the tag under which display draws
# through the kernel's renderer (see kernel/spec.go).
go build -tags littlegrad_kernel -o /dev/null ./cmd/littlegrad
find "$gocache" -mindepth 2 -type f ! -newermt '1 day ago' -delete

# The module cache: keep the modules the packages build from (their paths
# escaped as the cache spells them, a capital X as !x).
keep=" $(go list -deps -f '{{with .Module}}{{if .Version}}{{.Path}}@{{.Version}}{{end}}{{end}}' "${packages[@]}" |
	sort -u | sed 's/[A-Z]/!\L&/g' | tr '\n' ' ') "
find "$modcache/cache/download" -name '*.zip' -delete
for mod in $(cd "$modcache" && find . -path ./cache -prune -o -type d -name '*@*' -print -prune); do
	mod=${mod#./}
	if [[ $keep != *" $mod "* ]]; then
		chmod -R u+w "$modcache/$mod"
		rm -rf "${modcache:?}/$mod"
	fi
done
find "$modcache" -mindepth 1 -type d -empty -delete
