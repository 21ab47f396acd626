#!/bin/sh
# t-index.sh - an index brought up to date is a fresh rebuild: after adds
# (replies, review covers and their patches), retags (triage, unread, an
# exclude tag) and deletions, `list` and `show` through the index that
# followed every change print byte for byte what a run without any index
# prints.  Mail from tests/corpus (see tests/corpus/labels.tsv).
. "$TEST_DATA/lib.sh"

make_maildir corpus/006.eml corpus/007.eml corpus/008.eml corpus/016.eml \
	corpus/018.eml corpus/019.eml corpus/025.eml corpus/026.eml corpus/043.eml \
	corpus/045.eml corpus/055.eml corpus/060.eml corpus/064.eml corpus/069.eml \
	corpus/070.eml corpus/075.eml
make_db

# The message-id (no brackets) of corpus file $1.
id_of() {
	awk -F '\t' -v f="$1" '$1 == f { gsub(/[<>]/, "", $2); print $2 }' \
		"$TEST_DATA/corpus/labels.tsv"
}

# `stablemate ARGS` without any index (a cache directory of its own,
# empty each time) into fresh.out.
fresh() {
	(
		XDG_CACHE_HOME="$TMP_DIRECTORY/fresh-cache"
		export XDG_CACHE_HOME
		rm -rf "$XDG_CACHE_HOME"
		"$STABLEMATE" "$@" >fresh.out 2>fresh.err
	)
}

# Compare list and show of a few patches, through the index and fresh.
check_same() {
	what=$1
	test_begin_subtest "$what: list through the index is a fresh rebuild"
	run_stablemate --verbose list --format=json
	grep -v '^stablemate: warning' "$ERRORS" >stats.txt
	cp "$OUTPUT" indexed.out
	fresh list --format=json
	test_expect_equal_file fresh.out indexed.out
	for id in 914cc799 faf07e61 a590f03d 07ecc669 7be74942 3de218ff \
		"$(id_of 027.eml)"; do
		test_begin_subtest "$what: show $id through the index is a fresh rebuild"
		run_stablemate show --format=json "$id"
		cp "$OUTPUT" indexed.out
		fresh show --format=json "$id"
		test_expect_equal_file fresh.out indexed.out
	done
}

run_stablemate list --format=json
test_begin_subtest "the first list writes the index"
test_expect_equal "$(ls "$XDG_CACHE_HOME"/stablemate | sed 's/-.*//')" "index"

add_message corpus/024.eml
add_message corpus/027.eml
add_message corpus/011.eml
add_message corpus/129.eml
add_message corpus/130.eml
add_message corpus/071.eml
add_message corpus/029.eml
notmuch_new
check_same "a review cover, its patches and replies added"
test_begin_subtest "only the new messages were read"
test_expect_equal "$(cat stats.txt)" \
	"stablemate: 23 messages: 7 read, 7 parsed, 16 from cache, 0 skipped"

notmuch tag +stablemate/hold -- "id:$(id_of 018.eml)"
notmuch tag -unread -- "id:$(id_of 006.eml)"
notmuch tag +deleted -- "id:$(id_of 043.eml)"
check_same "triage, unread and an exclude tag set"
test_begin_subtest "only the retagged messages were read"
test_expect_equal "$(cat stats.txt)" \
	"stablemate: 22 messages: 2 read, 0 parsed, 22 from cache, 0 skipped, 1 dropped"

notmuch tag -deleted -- "id:$(id_of 043.eml)"
notmuch tag -stablemate/hold +stablemate/approved -- "id:$(id_of 018.eml)"
rm "$MAIL_DIR/cur/016.eml:2," "$MAIL_DIR/cur/064.eml:2,"
notmuch_new
check_same "files deleted, an exclude tag taken off"

add_message corpus/023.eml
add_message corpus/095.eml
add_message corpus/097.eml
add_message corpus/100.eml
add_message corpus/101.eml
add_message corpus/016.eml
notmuch_new
check_same "more covers, replies, and a deleted message back"

test_done
