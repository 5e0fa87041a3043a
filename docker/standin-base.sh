#!/usr/bin/env bash
# Makes a stand-in for the image docker/Dockerfile starts FROM,
# golang:1.26-bookworm, in the local podman storage, from Debian's packages
# and this machine's Go. Our CI builds and runs the image with podman, and no
# image registry is reachable from it, so the official base cannot be pulled.
#
# What it is: `debootstrap --variant=minbase bookworm` (the same variant the
# official debian:bookworm image is made with), with the Debian packages of
# buildpack-deps and the golang image that matter for building Go (git, gcc,
# g++, libc6-dev, make, pkg-config, ca-certificates, curl, wget, netbase,
# procps), the apt settings of the official Debian images (delete downloaded
# .debs, no translations), this machine's Go (`go env GOROOT`, which must be
# Go 1.26) in /usr/local/go, and the golang image's environment: GOPATH=/go
# (mode 1777), PATH=/go/bin:/usr/local/go/bin:..., GOTOOLCHAIN=local,
# GOLANG_VERSION, WORKDIR /go.
#
# What it adds: this machine's CA bundle (/etc/ssl/certs/ca-certificates.crt),
# also as a local CA so that update-ca-certificates keeps it. Outbound TLS here
# goes through a proxy whose CA is only in that bundle; without it the go
# command in the build cannot download modules (x509: unknown authority).
#
# The gap to the real golang:1.26-bookworm, so nothing in docker/ comes to
# depend on it unseen: no gnupg, sq, mercurial, subversion, openssh-client or
# git-lfs; Go is the machine's build of Go 1.26, not the release tarball
# verified by its signature; the Debian packages are today's, not the
# snapshot the official image was made from; one layer instead of several.
#
# The image is tagged docker.io/library/golang:1.26-bookworm and labelled
# with a hash of this script, the Go version and the CA bundle. Run again, it
# does nothing while that hash matches, and it never replaces an image it did
# not make (a real golang image that was pulled is better than this).
#
# usage: docker/standin-base.sh  (as root; needs podman and debootstrap)
# PODMAN, if set, is the podman command to use, with its global flags.
set -euo pipefail

image=docker.io/library/golang:1.26-bookworm
label=org.littlegrad.standin
podman=(${PODMAN:-podman})
cabundle=/etc/ssl/certs/ca-certificates.crt

if [ "$(id -u)" -ne 0 ]; then
	echo "standin-base.sh: debootstrap needs root: run it with sudo" >&2
	exit 1
fi
for cmd in debootstrap go "${podman[0]}"; do
	if ! command -v "$cmd" >/dev/null; then
		echo "standin-base.sh: $cmd is missing: apt-get install podman runc debootstrap (and Go 1.26: https://go.dev/dl/)" >&2
		exit 1
	fi
done
goroot=$(go env GOROOT)
goversion=$(go env GOVERSION)
case "$goversion" in
go1.26*) ;;
*)
	echo "standin-base.sh: the image is golang:1.26 but this machine's go is $goversion" >&2
	exit 1
	;;
esac

hash=$(cat "$0" "$cabundle" <(echo "$goversion") | sha256sum | cut -c1-16)
old=""
if "${podman[@]}" image exists "$image"; then
	old=$("${podman[@]}" image inspect --format "{{.Id}}" "$image")
	have=$("${podman[@]}" image inspect --format "{{index .Labels \"$label\"}}" "$image")
	if [ "$have" = "$hash" ]; then
		echo "standin-base.sh: $image is up to date"
		exit 0
	fi
	if [ -z "$have" ] || [ "$have" = "<no value>" ]; then
		echo "standin-base.sh: $image is there and was not made by this script: keeping it"
		exit 0
	fi
fi

start=$(date +%s)
rootfs=$(mktemp -d /var/tmp/golang-standin.XXXXXX)
cleanup() {
	# debootstrap mounts /proc and /sys in the target; a failed run can
	# leave them mounted, and rm must not descend into them.
	for m in proc sys dev/pts dev; do
		mountpoint -q "$rootfs/$m" && umount -l "$rootfs/$m"
	done
	rm -rf --one-file-system "$rootfs"
}
trap cleanup EXIT

echo "standin-base.sh: debootstrap bookworm into $rootfs"
debootstrap --variant=minbase \
	--include=ca-certificates,curl,wget,netbase,procps,git,gcc,g++,libc6-dev,make,pkg-config \
	bookworm "$rootfs" http://deb.debian.org/debian >"$rootfs.log" 2>&1 || {
	tail -20 "$rootfs.log" >&2
	exit 1
}
rm -f "$rootfs.log"

cat >"$rootfs/etc/apt/sources.list" <<'EOT'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOT
# The official Debian images' apt settings: no .debs left behind after an
# install, no package caches, no translations.
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOT
echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"

cp "$cabundle" "$rootfs/usr/local/share/ca-certificates/host-ca-bundle.crt"
cp "$cabundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"

cp -a "$goroot/." "$rootfs/usr/local/go"
mkdir -p "$rootfs/go/src" "$rootfs/go/bin"
chmod -R 1777 "$rootfs/go"

rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
for m in proc sys dev/pts dev; do
	mountpoint -q "$rootfs/$m" && umount -l "$rootfs/$m"
done

echo "standin-base.sh: importing $image"
tar -C "$rootfs" --numeric-owner -c . | "${podman[@]}" import -q \
	--change "ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
	--change "ENV GOLANG_VERSION=${goversion#go}" \
	--change "ENV GOTOOLCHAIN=local" \
	--change "ENV GOPATH=/go" \
	--change "WORKDIR /go" \
	--change 'CMD ["bash"]' \
	--change "LABEL $label=$hash" \
	- "$image" >/dev/null
# The stand-in this one replaces, unless something still uses it.
[ -z "$old" ] || "${podman[@]}" rmi "$old" >/dev/null 2>&1 || true
echo "standin-base.sh: made $image in $(($(date +%s) - start)) s"
