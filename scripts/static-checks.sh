#!/usr/bin/env sh
# npm test's static checks, side by side (each waits on one core; together they fit two): the
# type check, ESLint and Prettier. Each one's output is printed as it comes; any failure fails.
status=0
npm run --silent typecheck & typecheck=$!
npm run --silent format:check & format=$!
npm run --silent lint || status=1
wait "$typecheck" || status=1
wait "$format" || status=1
exit "$status"
