#!/bin/sh
# install-deps.sh - installs the Debian packages powtrace builds and tests
# with, when any is missing: as root with apt-get, else with sudo, else it
# says what to install.
set -eu

# libzip, expat: .xlsx and .ods workbooks (zip files of XML); libfreexl: .xls;
# groff-base and zsh: make check formats the man pages and runs the zsh completion;
# libmicrohttpd-dev: the website (powtrace serve); curl: its HTTP tests;
# nettle-dev: SHA-256 (file checksums, records' content hashes)
PACKAGES="build-essential pkg-config libsqlite3-dev libjansson-dev libcsv-dev libicu-dev sqlite3 time
	libzip-dev libexpat1-dev libfreexl-dev groff-base zsh libmicrohttpd-dev curl nettle-dev"
# install-deps.sh PACKAGE...: only those (make check-gramps: gramps)
[ $# -gt 0 ] && PACKAGES="$*"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: not root and no sudo; as root, run:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# a fresh machine has no package lists yet; update once, quietly
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null || true
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq $missing >/dev/null
