#!/bin/sh
# t-git-deps-tui.sh - the patch view's candidate dependencies come from a
# thread of their own, after the rest of the Git section, with a line that
# says how far their blame got; the screen stays live meanwhile (tmux
# 120x40, the fixture repository of git-lib.sh).
#
# The blame is held up for real, not by a hook: `stablemate show` leaves
# the answer in the dependencies cache file, which is then replaced by a
# FIFO, so the thread blocks opening it until the test writes the saved
# answer into it.  Then d takes the view's candidates, with no second
# blame.
. "$TEST_DATA/t-git-lib.sh"
term_setup
git_setup
TABLE12=$(cd "$REPO" && fx_short table 12)
FIX="    fix    $(cd "$REPO" && fx_short derefix 12) (\"net: foo: return -ENODEV for a missing device\")  6.1: missing"
"$STABLEMATE" --notmuch-config "$NOTMUCH_CONFIG" --config "$CONFIG" show "$DEREF12" > "$TMP_DIRECTORY/show" ||
	test_fail "stablemate show failed"
cache=$(ls "$XDG_CACHE_HOME"/stablemate/git/*/dependencies)
cp "$cache" "$TMP_DIRECTORY/dependencies"
rm "$cache" && mkfifo "$cache"

term_start "\"$STABLEMATE\" --notmuch-config \"$NOTMUCH_CONFIG\" --config \"$CONFIG\""
wait_for "[patches] 1 of 1"
keys Enter
wait_for "needs? looking for candidates"
git_section() { screen | sed -n '/^Git$/,/^$/p'; }
check "the trees and follow-ups first, then the blame's progress under them" "Git
  6.1    conflicts on linux-6.1.y: drivers/net/foo.c
         needs? looking for candidates (blame): 0 commits read...
  Follow-ups:
$FIX" "$(git_section)"
# Navigation goes on meanwhile: back to the list and into the patch again.
keys q
wait_for "[patches] 1 of 1"
keys Enter
wait_for "needs? looking for candidates"
check "still looking, the screen answering keys" "1" "$(git_section | grep -c 'needs? looking for candidates')"
cat "$TMP_DIRECTORY/dependencies" > "$cache"
wait_for "needs? $TABLE12"
check "then the candidates, in place of the progress line" "Git
  6.1    conflicts on linux-6.1.y: drivers/net/foo.c
         needs? $TABLE12 (\"net: foo: store setup values in a table\"): missing
         needs? 0123456789ab (\"net: foo: a commit this repository does not have\"): not in the repository
  Follow-ups:
$FIX" "$(git_section)"
# d takes the candidates the view has: with the cache a FIFO again, a
# second look would block, and no list would come.
rm -f "$cache" && mkfifo "$cache"
keys d
wait_for "Ask for dependencies on tree: 6.1"
keys Enter
wait_for "[ ] 0123456789ab"
check "d lists the view's candidates at once" "[x] $TABLE12 (\"net: foo: store setup values in a table\")  6.1: missing  [blame, notice]
[ ] 0123456789ab (\"net: foo: a commit this repository does not have\")  6.1: not in the repository  [notice]" \
	"$(screen | grep '^\[')"
keys q
wait_for "ask-for-dependencies: nothing asked"
rm -f "$cache"
keys q q
test_done
