#!/bin/sh
# t-cache.sh - the notice cache: a second run reads no message file; the
# cache follows new, retagged and deleted mail, and is thrown away when the
# recogniser changes, the database is rebuilt or the file is damaged.
#
# The stats line is what `stablemate --verbose` prints on standard error
# (sm_store_stats_line).  A new recogniser is simulated the way a new build
# looks to the cache: the version stamped in the cache file is rewritten to
# another value of the same length (this build's version is in
# BUILD_DIR/core/recogniser-version.h).  No test-only hook in the program.
. "$TEST_DATA/lib.sh"

make_maildir corpus/006.eml corpus/008.eml corpus/016.eml corpus/018.eml \
	corpus/019.eml corpus/024.eml corpus/060.eml corpus/075.eml corpus/103.eml \
	corpus/104.eml
make_db

# The stats line of `stablemate --verbose list ARGS` (warnings left out).
stats() {
	run_stablemate --verbose list "$@"
	grep -v '^stablemate: warning: ' "$ERRORS"
}

cache_file() {
	ls "$XDG_CACHE_HOME"/stablemate/notices-*.gv
}

test_begin_subtest "the first run reads every message"
test_expect_equal "$(stats)" "stablemate: 10 messages: 10 parsed, 0 from cache, 0 skipped"
cp "$OUTPUT" first.out

test_begin_subtest "a second run reads none: all from the cache"
test_expect_equal "$(stats)" "stablemate: 10 messages: 0 parsed, 10 from cache, 0 skipped"

test_begin_subtest "and lists the same"
test_expect_equal_file first.out "$OUTPUT"

test_expect_success "the cache is one private file in XDG_CACHE_HOME/stablemate" '
	set -- $(cache_file) &&
	[ $# -eq 1 ] && [ -s "$1" ] &&
	[ "$(stat -c %a "$1")" = 600 ]
'

test_begin_subtest "a narrowed query is served from the cache too"
test_expect_equal "$(stats from:gregkh@linuxfoundation.org)" \
	"stablemate: 6 messages: 0 parsed, 6 from cache, 0 skipped"

version=$(sed -n 's/^#define SM_RECOGNISER_VERSION "\(.*\)"$/\1/p' \
	"$BUILD_DIR/core/recogniser-version.h")
test_expect_success "the cache is stamped with the recogniser version" '
	[ -n "$version" ] && grep -q -a -F "$version" "$(cache_file)"
'

test_begin_subtest "a cache written by another recogniser version is thrown away"
other=$(printf '%s' "$version" | tr 0-9 a-j)
sed -i "s/$version/$other/" "$(cache_file)"
test_expect_equal "$(stats)" "stablemate: 10 messages: 10 parsed, 0 from cache, 0 skipped"

test_begin_subtest "and written again with this one"
test_expect_equal "$(stats)" "stablemate: 10 messages: 0 parsed, 10 from cache, 0 skipped"

test_begin_subtest "a new message is the only one read"
add_message corpus/124.eml
notmuch_new
test_expect_equal "$(stats)" "stablemate: 11 messages: 1 parsed, 10 from cache, 0 skipped"

test_begin_subtest "a triage tag set elsewhere shows without reading the file"
notmuch tag +stablemate/hold -- id:2025081847-resident-transform-fcca@gregkh
line=$(stats)
test_expect_equal "$(grep -c '  hold  ' "$OUTPUT") $line" \
	"1 stablemate: 11 messages: 0 parsed, 11 from cache, 0 skipped"

test_begin_subtest "a deleted message leaves the list and the cache"
notmuch tag -stablemate/hold -- id:2025081847-resident-transform-fcca@gregkh
rm "$MAIL_DIR/new/124.eml"
notmuch_new
test_expect_equal "$(stats)" "stablemate: 10 messages: 0 parsed, 10 from cache, 0 skipped"

test_begin_subtest "and the list is as it was"
test_expect_equal_file first.out "$OUTPUT"

test_begin_subtest "a damaged cache file is thrown away"
head -c 300 /dev/urandom >"$(cache_file)"
test_expect_equal "$(stats)" "stablemate: 10 messages: 10 parsed, 0 from cache, 0 skipped"

test_begin_subtest "a new database at the same path does not use the old cache"
rm -rf "$MAIL_DIR/.notmuch"
notmuch_new
test_expect_equal "$(stats)" "stablemate: 10 messages: 10 parsed, 0 from cache, 0 skipped"

test_begin_subtest "a cache that cannot be written costs speed, not the list"
rm -rf "$XDG_CACHE_HOME/stablemate"
echo "in the way" >"$XDG_CACHE_HOME/stablemate"
stats >/dev/null
{
	echo "status $run_status"
	sed 's/\(the notice cache: \).*/\1.../' "$ERRORS"
} >actual
cat >expected <<EOF
status 0
stablemate: warning: cannot write the notice cache: ...
stablemate: 10 messages: 10 parsed, 0 from cache, 0 skipped
EOF
test_expect_equal_file expected actual

test_begin_subtest "and the list is still printed"
test_expect_equal_file first.out "$OUTPUT"

test_done
