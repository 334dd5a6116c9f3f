#!/bin/sh
# npm start, npm run doctor, npm run remind: run a compiled entry point of dist/, or, in a checkout
# that was never built, say so in one line instead of Node's MODULE_NOT_FOUND stack trace.
# `exec` keeps Node the process that npm started, so SIGTERM reaches it. It runs with the V8 flags
# of scripts/node-flags (the container runs this script too; npm run bench gives the bot the same):
# --liftoff-only keeps undici's HTTP parser (WebAssembly) from a second, optimizing compile that
# briefly costs ~30 MB; a 2 MB semi-space keeps the young generation, and its pauses, small
# (docs/performance.md, Memory).
entry="$1"
shift
if [ ! -f "$entry" ]; then
  echo "$entry is missing: run \`npm run build\` first" >&2
  exit 1
fi
# shellcheck disable=SC2046 # the flags are words, split on purpose
exec node $(cat "$(dirname "$0")/node-flags") "$entry" "$@"
