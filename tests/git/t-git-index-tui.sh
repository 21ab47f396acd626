#!/bin/sh
# t-git-index-tui.sh - while the first answer about a patch builds an
# index (seconds at kernel scale), the patch view says how many commits it
# has read, and the screen stays live; then the answer takes its place
# (tmux 120x40, the fixture repository of git-lib.sh).
#
# The build is held up for real, not by a hook, as in t-git-deps-tui.sh:
# `stablemate show` leaves the already-there index of 6.1 in its cache
# file, which is then replaced by a FIFO, so the answering thread blocks
# opening it until the test opens it for writing.
. "$TEST_DATA/t-git-lib.sh"
term_setup
git_setup
"$STABLEMATE" --notmuch-config "$NOTMUCH_CONFIG" --config "$CONFIG" show "$DEREF12" > "$TMP_DIRECTORY/show" ||
	test_fail "stablemate show failed"
cache=$(ls "$XDG_CACHE_HOME"/stablemate/git/*/contains-6.1)
rm "$cache" && mkfifo "$cache"

term_start "\"$STABLEMATE\" --notmuch-config \"$NOTMUCH_CONFIG\" --config \"$CONFIG\""
wait_for "[patches] 1 of 1"
keys Enter
wait_for "asking the repository"
git_section() { screen | sed -n '/^Git$/,/^$/p'; }
check "how far the answer got, in place of the answer" "Git
  asking the repository: 0 commits read..." "$(git_section)"
# Navigation goes on meanwhile: back to the list and into the patch again.
keys q
wait_for "[patches] 1 of 1"
keys Enter
wait_for "asking the repository"
check "still asking, the screen answering keys" "1" "$(git_section | grep -c 'asking the repository')"
# Opened for writing and closed, nothing written: the reader maps it
# (empty, not an index: it is built again) and may close it before any
# write would land, which would kill a writer with SIGPIPE.
: > "$cache"
wait_for "conflicts on linux-6.1.y"
check "then the answer, in its place" "" "$(git_section | grep 'asking the repository')"
keys q q

# `stablemate show` on a terminal says it too, on standard error, a line a
# second between the lines of its output; held up the same way.
rm -f "$cache" && mkfifo "$cache"
term_start "\"$STABLEMATE\" --notmuch-config \"$NOTMUCH_CONFIG\" --config \"$CONFIG\" show \"$DEREF12\"; echo END"
wait_for "stablemate show: asking the repository: 0 commits read"
: > "$cache"
wait_for "END"
# The whole of it, the lines scrolled away included.
tmux -S "$SOCKET" capture-pane -p -S - > "$TMP_DIRECTORY/screen"
check "the output as without a terminal, the progress in lines of its own" \
	"$(cat "$TMP_DIRECTORY/show")" \
	"$(grep -v '^stablemate show: asking the repository: 0 commits read$' "$TMP_DIRECTORY/screen" |
		sed -n '1,/^END$/p' | sed '$d')"
test_done
