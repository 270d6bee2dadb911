#!/bin/sh
# `npm run bench`, after `tsc -p tsconfig.bench.json` has compiled plugin/ and bench/ to .bench/: every
# scenario in its own node process, one after the other, then summary.js (targets, whole-bench peak,
# bench/results.json).
#
#   npm run bench                   all scenarios
#   npm run bench -- 1 2            only scenarios 1 and 2
#   npm run bench -- --markdown     also print the README table
#   npm run bench -- --v8-defaults  scenario processes with node's default heap sizing
#   sh bench/run.sh --tiny          tiny sizes, bench/results.json untouched (the tests' smoke run)
#
# Why a shell and not a node process: the processes run one at a time, so the bench's peak memory is its
# orchestrator plus the largest of them, and a waiting node process would hold 40 MB for nothing.
# Why these node flags: without them V8 lets a process that makes garbage fast grow its heap far past what
# it keeps (young generation up to 3 x 16 MB, old generation until a lazy full collection, on a machine
# with memory to spare). Every contender of a scenario runs in the same process under the same bounds, so
# the ratios compare like with like, and the speed targets are checked under them. README "Performance".
set -u
FLAGS="--max-old-space-size=64 --max-semi-space-size=8"

here=$(cd "$(dirname "$0")" && pwd)
js="$here/../.bench/bench"
if [ ! -f "$js/summary.js" ]; then
  echo "bench: $js/summary.js is missing; run \`npm run bench\` (it compiles bench/ first)" >&2
  exit 2
fi
ids=""
markdown=""
tiny=""
for arg in "$@"; do
  case "$arg" in
    [1-5]) ids="$ids $arg " ;;
    --markdown) markdown="--markdown" ;;
    --v8-defaults) FLAGS="" ;;
    --tiny) tiny="tiny" ;;
    *) echo "bench: unknown argument '$arg': expected scenario numbers 1-5, --markdown, --v8-defaults, --tiny" >&2; exit 2 ;;
  esac
done
[ -n "$ids" ] || ids=" 1 2 3 4 5 "

dir=$(mktemp -d "${TMPDIR:-/tmp}/oncall-bench.XXXXXX")
# On Ctrl-C or kill: stop (the scenario running now gets the signal too), then the EXIT trap cleans up.
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
echo "# oncall-approval benchmark (scenario processes: node ${FLAGS:-with default heap sizing})"
echo
# Load first, as it always has: its cold figure comes from fresh processes either way.
for id in 5 1 2 3 4; do
  case "$ids" in *" $id "*) ;; *) continue ;; esac
  start=$(date +%s)
  cold=""
  if [ "$id" = 5 ]; then
    # The cold loads, each in a fresh process with node's defaults, as a user's command starts.
    node "$js/cold-child.js" write "$dir/rules.yaml" $tiny > "$dir/write.out" &&
      node "$js/cold-child.js" run "$dir/rules.yaml" $tiny > "$dir/cold.out"
    grep -v '^RESULT ' "$dir/cold.out"
    cold="$dir/cold.out"
  fi
  # $FLAGS is split into words on purpose.
  # shellcheck disable=SC2086
  BENCH_COLD_FILE="$cold" node $FLAGS "$js/scenario-child.js" "$id" $tiny > "$dir/$id.out"
  grep -v '^RESULT ' "$dir/$id.out"
  echo "($(( $(date +%s) - start )) s)"
  echo
done
# The shell's own peak (Linux); elsewhere its resident size now, which is what it held throughout.
shell_kb=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$$/status" 2>/dev/null)
[ -n "$shell_kb" ] || shell_kb=$(ps -o rss= -p $$ 2>/dev/null | tr -d ' ')
node "$js/summary.js" "$dir" $markdown ${tiny:+--no-results} --v8-flags "$FLAGS" --shell-peak-kb "${shell_kb:-unknown}"
