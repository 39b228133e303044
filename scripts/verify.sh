#!/usr/bin/env bash
# `npm run verify`: lint, typecheck and spell beside the tests, not before them. Each check keeps one core busy for
# 2–17 s; the tests start by building the deck and then mostly wait on sockets, processes and Chromium, so side by side
# the checks add little to the tests' wall clock, one after the other they added about 30 s. Fails if any of the four
# fails; each check prints only its problems (and cspell its one-line summary).
set -uo pipefail

npm run --silent lint & lint=$!
npm run --silent typecheck & typecheck=$!
npm run --silent spell & spell=$!
npm test
tests=$?

failed=0
wait "$lint" || { echo 'npm run verify: lint failed' >&2; failed=1; }
wait "$typecheck" || { echo 'npm run verify: typecheck failed' >&2; failed=1; }
wait "$spell" || { echo 'npm run verify: spell failed' >&2; failed=1; }
[ "$tests" -eq 0 ] || failed=1
exit "$failed"
