#!/bin/sh
# browser.sh BUILD_DIR - the website's browser test (browser.mjs) in
# headless Chromium. Installs what it needs when it is missing: Debian's
# chromium (tools/install-deps.sh) and playwright-core at the version pinned
# in package-lock.json, into tests/web/node_modules (git-ignored). When they
# cannot be installed (no network), it says so and skips: it never fails for
# want of a browser. Screenshots go to BUILD_DIR.
set -u
B=${1:-build}
REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
POWTRACE=$(cd "$B" && pwd -P)/powtrace
SHOTS=$(cd "$B" && pwd -P)

skip() {
	echo "skip browser: $*"
	echo "browser: 0 passed, 0 failed, 1 skipped"
	exit 0
}

[ -x /usr/bin/chromium ] || sh "$REPO/tools/install-deps.sh" chromium >/dev/null 2>&1 ||
	skip "chromium is not installed and could not be (apt-get install chromium)"
[ -x /usr/bin/chromium ] || skip "chromium is not installed"
command -v node >/dev/null 2>&1 || sh "$REPO/tools/install-deps.sh" nodejs npm >/dev/null 2>&1 ||
	skip "node is not installed and could not be (apt-get install nodejs npm)"
major=$(node -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null || echo 0)
[ "$major" -ge 20 ] || skip "playwright-core needs Node.js 20 or newer (this is $(node --version 2>/dev/null))"
if [ ! -f "$REPO/tests/web/node_modules/playwright-core/package.json" ] ||
   [ "$REPO/tests/web/package-lock.json" -nt "$REPO/tests/web/node_modules/playwright-core/package.json" ]; then
	command -v npm >/dev/null 2>&1 || skip "npm is not installed"
	(cd "$REPO/tests/web" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null 2>&1) ||
		skip "playwright-core could not be installed from npm (no network?)"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-browser.XXXXXX")
SERVE_BIN=$POWTRACE
. "$REPO/tests/web/server.sh"
trap 'web_cleanup' EXIT
trap 'exit 130' INT TERM
web_make_db "$WORK/test.db" || { echo "browser: 0 passed, 1 failed"; exit 1; }
web_start "$WORK/test.db" || { echo "FAIL browser: the server did not start"; echo "browser: 0 passed, 1 failed"; exit 1; }
PT_WEB_URL=$URL PT_WEB_SHOTS=$SHOTS timeout 180 node "$REPO/tests/web/browser.mjs"
status=$?
web_stop
[ "$status" -eq 0 ] && echo "browser: screenshots in $B/web-search.png and $B/web-dossier.png"
exit $status
