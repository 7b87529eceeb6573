#!/bin/sh
# install.sh - installs DuckDB's Node.js client (pinned in package.json) into
# tools/duckdb/node_modules (git-ignored), for tools/bench_link.sh. Needs node
# and npm (Debian packages nodejs and npm).
set -eu
cd "$(dirname "$0")"
if [ -d node_modules/@duckdb/node-api ]; then
	exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
	echo "install.sh: npm is not installed (apt-get install nodejs npm)" >&2
	exit 1
fi
npm install --no-audit --no-fund --loglevel=error
