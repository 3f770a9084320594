#!/usr/bin/env bash
# Mutation testing of the model crate's logic with cargo-mutants (https://mutants.rs): each
# mutant (an operator flipped, a function body replaced) must make some test fail. Not part of
# scripts/test.sh or CI: a full run takes hours on two cores. Run one part at a time:
#
#   bash scripts/mutants.sh journey        # crates/smtp-sim/src/journey/
#   bash scripts/mutants.sh path event     # path/ and event.rs
#   bash scripts/mutants.sh diagnose       # the diagnosis engine (teach/diagnose/)
#   bash scripts/mutants.sh server teach   # the server model; the other lessons in teach/
#
# MUTANTS_ITERATE=1 skips the mutants an earlier run of the same part caught or found unviable
# (cargo-mutants --iterate) and adds to its results: for the loop of adding tests for misses.
#
# Needs `cargo install cargo-mutants --locked`. Each part runs only the fast test targets that
# exercise it, one job at a time (MUTANTS_JOBS to change), with a timeout per mutant. Results go
# to target/mutants/<part>/mutants.out/ (missed.txt, caught.txt, ...); a summary is printed.
# Copy the counts into bench/latest.md ("Mutation testing"), with a line per missed mutant
# saying why it is harmless or which test now catches it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

command -v cargo-mutants >/dev/null || {
  echo "cargo-mutants is missing: cargo install cargo-mutants --locked" >&2
  exit 1
}
[ $# -gt 0 ] || set -- journey path event

# The tests read the lab recordings at ../shared/conformance from the crate (three levels up).
# cargo-mutants builds a copy of the tree in $TMPDIR, so a `shared` link sits where they look.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$root/../shared" "$tmp/shared"

fast=(--lib --test attack --test journey --test conformance --test links --test labels)
for part in "$@"; do
  case "$part" in
    journey) files=('crates/smtp-sim/src/journey/*.rs'); tests=("${fast[@]}") ;;
    path) files=('crates/smtp-sim/src/path/*.rs'); tests=("${fast[@]}") ;;
    event) files=('crates/smtp-sim/src/event.rs'); tests=("${fast[@]}" --test sources) ;;
    server)
      files=('crates/smtp-sim/src/server/*.rs')
      tests=(--lib --test facts --test conformance --test robustness --test console)
      ;;
    diagnose)
      files=('crates/smtp-sim/src/teach/diagnose/*.rs')
      tests=(--lib --test diagnose --test diagnose_codes)
      ;;
    teach)
      files=('crates/smtp-sim/src/teach/*.rs')
      tests=(--lib --test diagnose --test diagnose_codes --test sources --test attack --test journey --test claims)
      ;;
    *) echo "unknown part: $part (journey, path, event, diagnose, server, teach)" >&2; exit 2 ;;
  esac
  out="$root/target/mutants/$part"
  mkdir -p "$out"
  file_args=()
  for f in "${files[@]}"; do file_args+=(-f "$f"); done
  # The targets go to every cargo call (--cargo-arg), the build too: after `-- …` they would
  # reach only `cargo test`, and each mutant's build would link every test binary of the crate.
  target_args=()
  for t in "${tests[@]}"; do target_args+=(--cargo-arg="$t"); done
  echo "== $part: ${files[*]}"
  # No debug info: each mutant's build is mostly compiling and linking the test binaries.
  # Exit status 2 means some mutants were missed, 3 that some timed out (a mutant that makes a
  # loop endless): the summary below says which. Anything else is a failed run.
  status=0
  env -u CARGO_TARGET_DIR TMPDIR="$tmp" CARGO_PROFILE_DEV_DEBUG=0 \
    cargo mutants -p smtp-sim "${file_args[@]}" -j "${MUTANTS_JOBS:-1}" \
    --timeout "${MUTANTS_TIMEOUT:-120}" --build-timeout 900 -o "$out" \
    ${MUTANTS_ITERATE:+--iterate} "${target_args[@]}" || status=$?
  case $status in 0 | 2 | 3) ;; *) exit "$status" ;; esac
  o="$out/mutants.out"
  count() { if [ -s "$o/$1.txt" ]; then grep -c . "$o/$1.txt"; else echo 0; fi; }
  echo "$part: caught $(count caught), missed $(count missed), timeout $(count timeout), unviable $(count unviable)"
  if [ -s "$o/missed.txt" ]; then sed 's/^/  missed: /' "$o/missed.txt"; fi
done
