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

# `stablemate ARGS` with the cache fresh() left (a rebuild at this
# revision, from nothing) into fresh.out.
fresh_again() {
	XDG_CACHE_HOME="$TMP_DIRECTORY/fresh-cache" "$STABLEMATE" "$@" >fresh.out 2>fresh.err
}

# Compare list and show of a few patches and then of every patch,
# through the index and fresh.
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
	# Every patch, each named by its first notice, against the index a
	# build from nothing wrote (as the shows above, but not rebuilt for
	# each: that would take minutes under load).
	fresh list --format=json
	python3 -c 'import json, sys
for p in json.load(open(sys.argv[1]))["patches"]:
    print("id:" + p["notices"][0]["message_id"])' fresh.out >every.txt
	: >every-indexed.out
	: >every-fresh.out
	while read -r id; do
		run_stablemate show --format=json "$id"
		cat "$OUTPUT" >>every-indexed.out
		fresh_again show --format=json "$id"
		cat fresh.out >>every-fresh.out
	done <every.txt
	test_begin_subtest "$what: show of every patch through the index is a fresh rebuild"
	test_expect_equal_file every-fresh.out every-indexed.out
	test_begin_subtest "$what: ... and there were patches to show"
	test_expect_equal "$(test -s every.txt && echo yes)" yes
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
# (Held notices refer to some of them: their patches are regrouped.)
check_same "a review cover, its patches and replies added"
test_begin_subtest "only the new messages were read"
test_expect_equal "$(cat stats.txt)" \
	"stablemate: 23 messages: 7 read, 7 parsed, 16 from cache, 0 skipped"
test_begin_subtest "they went into a journal beside the index"
test_expect_equal "$(ls "$XDG_CACHE_HOME"/stablemate/index/* | sed 's/^[0-9a-f]*/QUERY/')" \
"QUERY.smi
QUERY.smi.journal"

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
test_begin_subtest "the new mail went into a journal beside the index"
test_expect_equal "$(ls "$XDG_CACHE_HOME"/stablemate/index/* | sed 's/^[0-9a-f]*/QUERY/')" \
"QUERY.smi
QUERY.smi.journal"

# Human replies (issue 11): why each is in its patch (attached, evidence),
# what it says (signal), and review records made of cover replies alone
# must come out of the index as a fresh build makes them.
for f in c1-cifs-review-patch-flex-arrays c1-cifs-regression-report-tag \
	c4-ext4-cover-tested c4-ext4-cover-renamed c6-cifs-regression-question \
	c7-usb-next-note; do
	add_message "human/$f.eml"
done
notmuch_new
check_same "human replies added"
test_begin_subtest "and into a second segment of the journal, the first left as it was"
test_expect_equal "$(ls "$XDG_CACHE_HOME"/stablemate/index/* | sed 's/^[0-9a-f]*/QUERY/')" \
"QUERY.smi
QUERY.smi.journal
QUERY.smi.journal.2"
test_begin_subtest "human replies: show through the index is a fresh rebuild"
run_stablemate show --format=json id:2024010846-hefty-program-09c0@gregkh
cp "$OUTPUT" indexed.out
fresh show --format=json id:2024010846-hefty-program-09c0@gregkh
test_expect_equal_file fresh.out indexed.out
test_begin_subtest "human replies: the index keeps why and what (attached, evidence, signal)"
test_expect_equal "$(grep -E '"(kind|attached|evidence|signal)"' indexed.out | sed 's/^ *//')" \
'"kind": "added",
"attached": "quoted-subject",
"evidence": "> eb3e28c1e89b (\"smb3: Replace smb2pdu 1-element arrays with flex-arrays\")",
"signal": "queued",
"kind": "review-patch",
"attached": "upstream-id",
"evidence": null,
"signal": null,'
test_begin_subtest "human replies: review records of cover replies alone, through the index"
run_stablemate list --format=json
test_expect_equal "$(sed -n '/"reviews"/,$p' "$OUTPUT" | grep -E '"(release|message_id|signal)"' | sed 's/^ *//')" \
'"release": "6.16.1",
"message_id": null,
"message_id": "CA+G9fYtBnCSa2zkaCn-oZKYz8jz5FZj0HS7DjSfMeamq3AXqNg@mail.gmail.com",
"signal": "drop-request"
"release": "5.4.131",
"message_id": "20210709131531.277334979@linuxfoundation.org",
"message_id": "20210710195214.GE2105551@roeck-us.net",
"signal": "approval"
"release": "3.16.73",
"message_id": "lsq.1566038111.397675943@decadent.org.uk",
"release": "4.14.134",
"message_id": "20190718030058.615992480@linuxfoundation.org",
"release": "4.19.45",
"message_id": null,
"message_id": "20190521093849.GA9806@kroah.com",
"signal": null'

# A release announced makes review patches anywhere released: a build in
# full, which writes the index again and drops the journal.
cp "$XDG_CACHE_HOME"/stablemate/index/*/*.journal old.journal
add_message corpus/072.eml
notmuch_new
check_same "a release announced"
test_begin_subtest "a release is a build in full: the journal is gone"
test_expect_equal "$(ls "$XDG_CACHE_HOME"/stablemate/index/* | sed 's/^[0-9a-f]*/QUERY/')" "QUERY.smi"

# A journal left from before the index was written again is not its own.
cp old.journal "$(ls "$XDG_CACHE_HOME"/stablemate/index/*/*.smi).journal"
check_same "an old journal put back"

# A backport series (its patches name no tree: their cover's 5.10 is
# theirs) goes into a journal; a decision on its cover decides for every
# patch of the series, which the part a refresh regroups need not hold:
# a build in full, also when a patch of the series comes after it.
add_message human/series-cifs-cover.eml
add_message human/series-cifs-patch1.eml
notmuch_new
check_same "a backport series added"
test_begin_subtest "a backport series goes into a journal"
test_expect_equal "$(ls "$XDG_CACHE_HOME"/stablemate/index/* | sed 's/^[0-9a-f]*/QUERY/')" \
"QUERY.smi
QUERY.smi.journal"
add_message human/series-cifs-queued.eml
notmuch_new
check_same "a decision on the series' cover"
test_begin_subtest "a decision on a series cover is a build in full: the journal is gone"
test_expect_equal "$(ls "$XDG_CACHE_HOME"/stablemate/index/* | sed 's/^[0-9a-f]*/QUERY/')" "QUERY.smi"
add_message human/series-cifs-patch2.eml
notmuch_new
check_same "a patch of a decided series after the decision"
test_begin_subtest "... a build in full again"
test_expect_equal "$(ls "$XDG_CACHE_HOME"/stablemate/index/* | sed 's/^[0-9a-f]*/QUERY/')" "QUERY.smi"
test_begin_subtest "the decision is in each patch of the series, through the index"
for id in 3080ea5553cc eb3e28c1e89b; do
	run_stablemate show --format=json "$id"
	python3 -c 'import json, sys
p = json.load(open(sys.argv[1]))["patches"][0]
print(p["upstream"][:12], " ".join("%s:%s" % t for t in p["trees"].items()))
for n in p["notices"]:
    print(" ", n["kind"], n["attached"], n["signal"], ",".join(n["trees"]))' "$OUTPUT"
done >series.out
test_expect_equal "$(cat series.out)" \
'3080ea5553cc 5.10:queued
  backport upstream-id None 5.10
  reply series queued 5.10
eb3e28c1e89b 6.1:queued 5.15:review 5.10:queued
  added quoted-subject queued 6.1
  backport upstream-id None 5.10
  reply series queued 5.10
  review-patch upstream-id None 5.15'
test_done
