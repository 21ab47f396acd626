#!/bin/sh
# t-team.sh - whose decision counts (issue 11): "now queued", "reverted"
# move a tree only when the stable team writes them ([stable] team, default
# Greg Kroah-Hartman, Sasha Levin, stable@vger.kernel.org); from anyone else
# they are a request.  Real mail (tests/human/README.md): Greg's "now queued"
# for 6.1 and a user's "I have reverted" in 5.15 in one regression thread,
# and the review patch they both name.
. "$TEST_DATA/lib.sh"

CONFIG="$TMP_DIRECTORY/config"
export XDG_CACHE_HOME="$TMP_DIRECTORY/cache"

test_expect_success 'fixture database' '
	make_maildir human/c1-cifs-regression-report-tag.eml \
		human/c1-cifs-review-patch-flex-arrays.eml human/c1-cifs-user-reverted.eml &&
	make_db
'

# The trees of the patch, then kind and signal of each notice.
states() {
	"$STABLEMATE" --notmuch-config "$NOTMUCH_CONFIG" --config "$CONFIG" show eb3e28c1e89b >"$OUTPUT" 2>"$ERRORS"
	sed -n -e 's/^trees *//p' -e 's/^  kind *\(.*\)/\1/p' -e 's/^  signal *\(.*\)/  \1/p' "$OUTPUT"
}

by_default="\
6.1:queued 5.15:review
added
  queued
review-patch
reply
  drop-request"

test_begin_subtest 'by default the stable team decides: a user asks'
: >"$CONFIG"
test_expect_equal "$(states)" "$by_default"

test_begin_subtest 'a configured team: its member decides, the rest ask'
printf '[stable]\nteam = Hazem <ABUEHAZE@amazon.com>; someone@example.org\n' >"$CONFIG"
test_expect_equal "$(states)" "\
5.15:dropped 5.10:dropped
reply
review-patch
removed
  reverted"

test_begin_subtest 'an empty team: every decision counts'
printf '[stable]\nteam =\n' >"$CONFIG"
test_expect_equal "$(states)" "\
6.1:queued 5.15:dropped 5.10:dropped
added
  queued
review-patch
removed
  reverted"

test_begin_subtest 'back to the default: the cached notices follow the team'
: >"$CONFIG"
test_expect_equal "$(states)" "$by_default"

test_done
