#!/bin/sh
# npm start, npm run doctor, npm run remind: run a compiled entry point of dist/, or, in a checkout
# that was never built, say so in one line instead of Node's MODULE_NOT_FOUND stack trace.
# `exec` keeps Node the process that npm started, so SIGTERM reaches it.
entry="$1"
shift
if [ ! -f "$entry" ]; then
  echo "$entry is missing: run \`npm run build\` first" >&2
  exit 1
fi
exec node "$entry" "$@"
