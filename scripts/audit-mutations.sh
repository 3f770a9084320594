#!/usr/bin/env bash
# The five mutations the test audit (../shared/reviews/test-audit-3.md) made by hand and saw
# get past every test, made again one at a time in a throwaway worktree of HEAD: each must now
# fail a test. Prints one line per mutation ("caught by <test>" or "SURVIVED") and exits 1 if
# any survived or no longer applies. Not part of scripts/test.sh (it rebuilds five times);
# cargo-mutants (scripts/mutants.sh) covers the operator mutations, this covers the audit's.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
base=$(mktemp -d)
wt="$base/main"
trap 'git -C "$root" worktree remove --force "$wt" >/dev/null 2>&1; rm -rf "$base"' EXIT
git worktree add -q --detach "$wt" HEAD
# The tests read the recordings at ../shared beside the checkout: a link stands in for it.
ln -s "$root/../shared" "$base/shared"
export CARGO_TARGET_DIR="$root/target/audit"
cd "$wt"
failed=0
mutate() { # name, perl substitution, file, test targets...
  local name=$1 edit=$2 file=$3
  shift 3
  git checkout -q -- .
  perl -0pi -e "$edit" "$file"
  if git diff --quiet; then
    echo "$name: the mutation no longer applies ($file changed): update this script"
    failed=1
    return
  fi
  local log="$CARGO_TARGET_DIR/$name.log"
  mkdir -p "$CARGO_TARGET_DIR"
  if cargo test -q -p smtp-sim "$@" >"$log" 2>&1; then
    echo "$name: SURVIVED"
    failed=1
  else
    echo "$name: caught by $(grep -o "^thread '[^']*'" "$log" | head -1 | cut -d"'" -f2)"
  fi
}
mutate "a relay ignores verify" \
  's/\(self\.client\(\) == ClientTls::Starttls && self\.verify\)/(self.client() == ClientTls::Starttls)/' \
  crates/smtp-sim/src/event.rs --lib --test attack --test journey
mutate "the greeting-rejected messages deleted" \
  's/^    \("(invalid greeting|got bad greeting|incorrect greeting)".*\n//mg' \
  crates/smtp-sim/src/teach/diagnose/catalogue.rs --test diagnose
mutate "relay-denied fix says submit on 25" \
  's/RelayDenied => format!\("Log in \(\{login\}\) and submit on 587 or 465;/RelayDenied => format!("Log in ({login}) and submit on 25;/' \
  crates/smtp-sim/src/teach/diagnose/fixes.rs --test diagnose
mutate "a lesson cites RFC 9999 §9" \
  's/Lesson::MxLookup => "RFC 5321 §5.1"/Lesson::MxLookup => "RFC 9999 §9"/' \
  crates/smtp-sim/src/teach/lesson.rs --test sources --test claims
mutate "the client's Finished in plaintext" \
  's/(Lane::App, Lane::Server, "Finished"\);\n\s*)finished\.encrypted = true;/$1finished.encrypted = false;/' \
  crates/smtp-sim/src/journey/mod.rs --lib --test journey --test attack --test sources
exit $failed
