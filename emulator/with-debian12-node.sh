#!/bin/sh
# with-debian12-node.sh CMD [ARG...]: run CMD with Debian 12's Node.js 18 first on PATH: the Node.js a
# fresh Debian 12 machine gets from `apt-get install nodejs` (what `make emulator-deps` runs there).
#
# The packages come from `apt-get download` and are unpacked with `dpkg -x` into bin/debian12-node:
# nothing is installed. Debian's libnode loads acorn, cjs-module-lexer and undici from
# /usr/share/nodejs, so CMD runs in a private mount namespace where an overlay adds them to /usr/share;
# the machine's /usr/share is not touched. Needs apt sources that carry Debian 12's nodejs, and
# unshare and overlay mounts (root, or user namespaces).
set -eu
root=${DEBIAN12_NODE_DIR:-$(pwd)/bin/debian12-node}
if [ ! -x "$root/usr/bin/node" ]; then
	ver=$(apt-cache madison nodejs | awk -F'|' '$2 ~ /^ *18\./ { gsub(/ /, "", $2); print $2; exit }')
	[ -n "$ver" ] || { echo "$0: apt knows no nodejs 18.x (Debian 12's): run apt-get update on Debian 12" >&2; exit 1; }
	libnode=$(apt-cache show "nodejs=$ver" | sed -n 's/^Depends:.*\(libnode[0-9]*\) (= .*/\1/p' | head -1)
	# libnode's dependencies missing here: typically libuv1, libc-ares2 and the node-* builtins.
	missing=$(apt-cache show "$libnode=$ver" | sed -n 's/^Depends: //p' | head -1 | tr ',' '\n' |
		sed 's/(.*//; s/|.*//; s/ //g' | while read -r p; do dpkg -s "$p" >/dev/null 2>&1 || printf '%s ' "$p"; done)
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	echo "fetching Debian's nodejs $ver, $libnode and: $missing"
	# shellcheck disable=SC2086 # one word per package
	(cd "$tmp" && apt-get download -q=2 "nodejs=$ver" "$libnode=$ver" $missing)
	mkdir -p "$root"
	for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$root"; done
fi
userns=
[ "$(id -u)" = 0 ] || userns="--user --map-root-user"
# shellcheck disable=SC2086,SC2016 # $userns is options; the inner script expands its own variables
exec unshare $userns --mount --propagation private sh -c '
	root=$1; shift
	mount -t overlay debian12-node -o "lowerdir=$root/usr/share:/usr/share" /usr/share
	for lib in "$root"/usr/lib/*-linux-gnu; do LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; done
	export LD_LIBRARY_PATH PATH="$root/usr/bin:$PATH"
	case $(node --version) in
	v18.*) echo "node on PATH: $(command -v node) $(node --version)" ;;
	*) echo "with-debian12-node.sh: $root/usr/bin/node is $(node --version), not 18" >&2; exit 1 ;;
	esac
	exec "$@"' sh "$root" "$@"
