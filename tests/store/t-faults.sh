#!/bin/sh
# t-faults.sh - the notmuch database misbehaving around stablemate.
#
# A real notmuch writer holds the write lock: `notmuch tag --batch` opens
# the database read-write and keeps it open while it waits for input, as
# a long `notmuch new` or an MUA does.  While it does, reading must work,
# writing must retry and then say clearly why it gave up, and nothing the
# user wrote may be lost.  Then a damaged database, a rebuilt one, and
# `notmuch new` running while stablemate reads.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

PM=914cc799b28f
PM_NOTICES="20250804003849.3627024-12-sashal@kernel.org 20250818124453.167067654@linuxfoundation.org"
CONFIG="$TMP_DIRECTORY/config"
printf '[reply]\nsendmail = /bin/false\n' > "$CONFIG"
sm() { "$STABLEMATE" --config "$CONFIG" "$@"; }
tags_of() { echo $(notmuch search --output=tags "id:$1"); }
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
result() { echo "status $run_status"; sanitize_paths < "$ERRORS"; }

# hold_lock: a notmuch writer holds the database until release_lock.
LOCK_FIFO="$TMP_DIRECTORY/writer-input"
hold_lock() {
	rm -f "$LOCK_FIFO"
	mkfifo "$LOCK_FIFO"
	notmuch tag --batch < "$LOCK_FIFO" &
	writer=$!
	exec 3> "$LOCK_FIFO"
	tries=0
	until locked; do
		tries=$((tries + 1))
		[ $tries -lt 100 ] || { echo "the writer never took the lock" >&2; exit 99; }
		sleep 0.05
	done
}
release_lock() {
	exec 3>&-
	wait $writer
}
# Xapian's write lock is an fcntl lock on flintlock, listed in /proc/locks.
locked() {
	inode=$(stat -c %i "$MAIL_DIR/.notmuch/xapian/flintlock" 2>/dev/null) &&
		grep -q ":$inode " /proc/locks
}
trap 'exec 3>&-; tui_cleanup' EXIT

make_maildir corpus/006.eml corpus/008.eml corpus/018.eml corpus/019.eml corpus/016.eml
make_db
run_stablemate list --format=json
cp "$OUTPUT" before.json

# --- the write lock held by another program ---------------------------------
hold_lock
test_begin_subtest "the helper really holds notmuch's write lock"
test_expect_equal "$(timeout 2 notmuch tag +probe '*' 2>&1; echo "exit $?")" "exit 124"

test_begin_subtest "reading is not held up by a writer"
run_stablemate list --format=json
test_expect_equal "$run_status $(cmp -s before.json "$OUTPUT" && echo same)" "0 same"

test_begin_subtest "a triage write retries, then gives up with a clear message"
start=$(date +%s.%N)
run_stablemate act done $PM
took=$(elapsed "$start")
result > actual
cat > expected <<'EOF'
status 1
stablemate act: the notmuch database at TMP/mail is locked by another program (notmuch new?); try again in a moment
EOF
test_expect_equal_file expected actual
test_begin_subtest "... after retrying for over a second, not forever"
test_expect_equal "$(awk -v t="$took" 'BEGIN { print (t >= 1.2 && t < 10) ? "retried" : "took " t " s" }')" "retried"
test_begin_subtest "... and no tag changed"
release_lock
test_expect_equal "$(for id in $PM_NOTICES; do tags_of "$id"; done)" "inbox unread
inbox unread"

hold_lock
test_begin_subtest "a reply written while the database is locked is kept as a draft"
sm act hold --tree 6.12 --reason "Breaks suspend on my laptop." --draft $PM > "$OUTPUT" 2> "$ERRORS"
run_status=$?
draft=$(ls "$MAIL_DIR"/drafts/cur/* 2>/dev/null)
result > actual
sanitize_paths < "$OUTPUT" >> actual
cat > expected <<EOF
status 0
stablemate act: warning: $(echo "$draft" | sanitize_paths) is saved but not indexed (run notmuch new): the notmuch database at TMP/mail is locked by another program (notmuch new?); try again in a moment
hold 914cc799b28f 6.12: draft saved as $(echo "$draft" | sanitize_paths)
EOF
test_expect_equal_file expected actual
test_begin_subtest "... holding what the user wrote"
test_expect_equal "$(grep -c '^Breaks suspend on my laptop\.$' "$draft")" "1"
release_lock
test_begin_subtest "... and notmuch new indexes it once the lock is free"
notmuch_new
test_expect_equal "$(notmuch count tag:draft)" "1"

test_begin_subtest "a writer that lets go while we retry does not fail the write"
hold_lock
(sleep 0.4; exec 3>&-) &
exec 3>&-
run_stablemate act done $PM
wait
wait $writer
test_expect_equal "$run_status $(sanitize_paths < "$OUTPUT") $(tags_of 20250818124453.167067654@linuxfoundation.org)" \
	"0 done 914cc799b28f: tagged stablemate/done inbox stablemate/done unread"

# --- a damaged database, a rebuilt one ---------------------------------------
test_begin_subtest "a damaged database: status 1 and one line naming it"
cp -a "$MAIL_DIR/.notmuch" "$TMP_DIRECTORY/notmuch-saved"
for f in "$MAIL_DIR"/.notmuch/xapian/*.glass; do
	head -c 100 /dev/zero > "$f"
done
run_stablemate list
# Xapian words the reason; the test holds the rest.
test_expect_equal "$run_status $(wc -l < "$ERRORS") $(sed 's/^\(stablemate: cannot open the notmuch database\).*/\1 .../' "$ERRORS")" \
	"1 1 stablemate: cannot open the notmuch database ..."
rm -rf "$MAIL_DIR/.notmuch"
mv "$TMP_DIRECTORY/notmuch-saved" "$MAIL_DIR/.notmuch"

# The cache belongs to the old database (its uuid): it must not be used.
# Five notices and the draft (it is to stable too).
test_begin_subtest "a database rebuilt from scratch is read afresh, not from the old cache"
notmuch tag -stablemate/done '*'
run_stablemate list --format=json
cp "$OUTPUT" before.json
rm -rf "$MAIL_DIR/.notmuch"
notmuch_new
run_stablemate --verbose list --format=json
test_expect_equal "$run_status $(cmp -s before.json "$OUTPUT" && echo same) $(sanitize_paths < "$ERRORS")" \
	"0 same stablemate: 6 messages: 6 read, 6 parsed, 0 from cache, 0 skipped (index ignored: written for another database)"

# --- notmuch new while stablemate reads --------------------------------------
# Many messages, so that loads take long enough for notmuch to commit in
# the middle of one.
i=0
for f in "$TEST_DATA"/corpus/*.eml; do
	i=$((i + 1))
	for copy in 1 2 3 4; do
		sed -e "s/^\(Message-I[Dd]: *<\)/\1c$copy-/" "$f" > "$MAIL_DIR/cur/c$copy-$i.eml:2,S"
	done
done
notmuch_new
run_stablemate list --format=json
test_begin_subtest "a larger mailbox for the concurrent runs lists"
test_expect_equal "$run_status" "0"

# index PREFIX: ten rounds of five new AUTOSEL copies, each indexed at
# once; what fails is in indexer.log.
index() {
	n=0
	while [ $n -lt 10 ]; do
		n=$((n + 1))
		for copy in 1 2 3 4 5; do
			sed -e "s/^\(Message-I[Dd]: *<\)/\1$1$n-$copy-/" "$TEST_DATA/corpus/124.eml" \
				> "$MAIL_DIR/new/$1$n-$copy.eml"
		done
		notmuch new --quiet || echo "notmuch new failed in round $n"
	done
} > indexer.log 2>&1
index n &
indexer=$!
fails=0
runs=0
while kill -0 $indexer 2>/dev/null; do
	runs=$((runs + 1))
	rm -rf "$XDG_CACHE_HOME/stablemate"
	run_stablemate list --format=json
	if [ "$run_status" != 0 ]; then
		fails=$((fails + 1))
		sed 's/^/	/' "$ERRORS"
	fi
done
wait $indexer
test_begin_subtest "notmuch new succeeds every time while stablemate reads"
test_expect_equal "$(cat indexer.log)" ""
test_begin_subtest "every read during indexing succeeds ($runs runs)"
test_expect_equal "$fails $([ $runs -ge 2 ] && echo overlapped)" "0 overlapped"
test_begin_subtest "afterwards the list has every new message"
run_stablemate --verbose list --format=json
test_expect_equal "$run_status $(grep -c '"message_id": "n[0-9]*-[1-5]-20250803211736.3545028-15-sashal@kernel.org"' "$OUTPUT")" "0 50"

# The TUI open, loading and then refreshing, while notmuch new indexes.
tui_launch
index t &
indexer=$!
wait $indexer
test_begin_subtest "notmuch new succeeds every time while the TUI is open"
test_expect_equal "$(cat indexer.log)" ""
run_stablemate list --format=json
patches=$(awk '/^  "patches"/ { on = 1 } /^  \]/ { on = 0 } on && /^    \{$/ { n++ } END { print n }' "$OUTPUT")
test_begin_subtest "the TUI takes in everything notmuch indexed meanwhile"
tui_wait "^\[patches\] [0-9]+ of $patches " > wait.log
test_expect_equal "$(cat wait.log; grep -c '"message_id": "t[0-9]*-[1-5]-20250803211736' "$OUTPUT")" "50"
test_begin_subtest "... and is still running"
test_expect_equal "$(test -f "$TMP_DIRECTORY/tui-status" && cat "$TMP_DIRECTORY/tui-status")" ""

test_done
