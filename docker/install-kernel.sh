#!/usr/bin/env bash
# The image's step as the learner: install the "Go (littlegrad)" kernel, as
# ./tutorial.sh does, then drop from Go's caches what the notebooks do not
# use, keeping them warm and working offline.
#
# go run ./kernel install builds GoNB and goimports, which fills the module
# cache and the build cache with their dependencies (x/tools, zap, the LSP
# packages, ...), and warms the cache for the notebooks' packages. Kept:
# every module that littlegrad's packages (and so the notebooks and
# cmd/littlegrad) build from, and the build cache entries that building them
# uses. Dropped: the other modules' sources, every module's zip (the
# extracted tree is what builds use; the .mod, .info and .ziphash files stay,
# so the go command still resolves and verifies the module graph offline),
# and the rest of the build cache.
set -euo pipefail
cd "$(dirname "$0")/.."

go run ./kernel install

packages=(./autograd/... ./display/... ./cmd/...)
gocache=$(go env GOCACHE)
modcache=$(go env GOMODCACHE)

# The build cache: mark every entry unused, then let a build of the
# packages mark what it reads (go refreshes an entry's mtime when it is
# more than an hour old), then delete the rest.
find "$gocache" -mindepth 2 -type f -exec touch -m -d '2 days ago' {} +
go build -o /dev/null ./cmd/littlegrad
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
