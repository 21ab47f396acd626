#!/bin/sh
# t-cache.sh - the patch index: a second run asks notmuch for no message
# and reads no file; the index follows new, retagged and deleted mail
# (reading only what changed), and is thrown away, with the reason, when
# the recogniser changes, the database is rebuilt or the file is damaged.
#
# The stats line is what `stablemate --verbose` prints on standard error
# (sm_store_stats_line): "read" counts the messages notmuch listed.  A new
# recogniser is simulated the way a new build looks to the index: the
# version stamped in the file is rewritten to another value of the same
# length (this build's version is in BUILD_DIR/core/recognise/recogniser-version.h).
# No test-only hook in the program.
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

# The index of the config's own query (the first one written).
index_file() {
	ls -tr "$XDG_CACHE_HOME"/stablemate/index/*/*.smi | head -n 1
}

test_begin_subtest "the first run reads every message"
test_expect_equal "$(stats)" "stablemate: 10 messages: 10 read, 10 parsed, 0 from cache, 0 skipped"
cp "$OUTPUT" first.out

test_begin_subtest "a second run asks notmuch for nothing: all from the index"
test_expect_equal "$(stats)" "stablemate: 10 messages: 0 read, 0 parsed, 10 from cache, 0 skipped"

test_begin_subtest "and lists the same"
test_expect_equal_file first.out "$OUTPUT"

test_expect_success "the index is one private file, XDG_CACHE_HOME/stablemate/index/DB/QUERY.smi" '
	set -- "$XDG_CACHE_HOME"/stablemate/* &&
	[ $# -eq 1 ] && [ "$1" = "$XDG_CACHE_HOME/stablemate/index" ] &&
	set -- "$XDG_CACHE_HOME"/stablemate/index/* &&
	[ $# -eq 1 ] && basename "$1" | grep -qx "[0-9a-f]\{16\}" &&
	set -- "$1"/* &&
	[ $# -eq 1 ] && [ -s "$1" ] && basename "$1" | grep -qx "[0-9a-f]\{16\}\.smi" &&
	[ "$(stat -c %a "$1")" = 600 ]
'
full_index=$(index_file)

test_begin_subtest "a narrowed query has its own index, its notices from the full one"
test_expect_equal "$(stats from:gregkh@linuxfoundation.org)" \
	"stablemate: 6 messages: 6 read, 0 parsed, 6 from cache, 0 skipped"

test_begin_subtest "and the next run of it reads nothing"
test_expect_equal "$(stats from:gregkh@linuxfoundation.org)" \
	"stablemate: 6 messages: 0 read, 0 parsed, 6 from cache, 0 skipped"
for f in "$XDG_CACHE_HOME"/stablemate/index/*/*.smi; do
	[ "$f" = "$full_index" ] || rm "$f"
done

version=$(sed -n 's/^#define SM_RECOGNISER_VERSION "\(.*\)"$/\1/p' \
	"$BUILD_DIR/core/recognise/recogniser-version.h")
test_expect_success "the index is stamped with the recogniser version" '
	[ -n "$version" ] && grep -q -a -F "$version" "$full_index"
'

test_begin_subtest "an index written by another recogniser version is thrown away"
other=$(printf '%s' "$version" | tr 0-9 a-j)
sed -i "s/$version/$other/" "$full_index"
test_expect_equal "$(stats)" "stablemate: 10 messages: 10 read, 10 parsed, 0 from cache, 0 skipped (index ignored: written by another recogniser version)"

test_begin_subtest "and written again with this one"
test_expect_equal "$(stats)" "stablemate: 10 messages: 0 read, 0 parsed, 10 from cache, 0 skipped"

test_begin_subtest "a new message is the only one read"
add_message corpus/124.eml
notmuch_new
test_expect_equal "$(stats)" "stablemate: 11 messages: 1 read, 1 parsed, 10 from cache, 0 skipped"

test_begin_subtest "a triage tag set elsewhere shows without reading the file"
cp "$full_index" before.smi
notmuch tag +stablemate/hold -- id:2025081847-resident-transform-fcca@gregkh
line=$(stats)
test_expect_equal "$(grep -c '  hold  ' "$OUTPUT") $line" \
	"1 stablemate: 11 messages: 1 read, 0 parsed, 11 from cache, 0 skipped"

test_expect_success "tags alone change the rows, not the index file" '
	cmp -s before.smi "$full_index"
'

test_begin_subtest "a deleted message leaves the list and the index"
notmuch tag -stablemate/hold -- id:2025081847-resident-transform-fcca@gregkh
rm "$MAIL_DIR/new/124.eml"
notmuch_new
test_expect_equal "$(stats)" "stablemate: 10 messages: 1 read, 0 parsed, 10 from cache, 0 skipped, 1 dropped"

test_begin_subtest "and the list is as it was"
test_expect_equal_file first.out "$OUTPUT"

test_begin_subtest "a message given an exclude tag leaves without a full listing"
notmuch tag +deleted -- id:2025081847-resident-transform-fcca@gregkh
test_expect_equal "$(stats)" "stablemate: 9 messages: 0 read, 0 parsed, 9 from cache, 0 skipped, 1 dropped"

test_begin_subtest "and comes back from its file when the tag goes"
notmuch tag -deleted -- id:2025081847-resident-transform-fcca@gregkh
test_expect_equal "$(stats)" "stablemate: 10 messages: 1 read, 1 parsed, 9 from cache, 0 skipped"

test_begin_subtest "the list is as it was again"
test_expect_equal_file first.out "$OUTPUT"

test_begin_subtest "a damaged index file is thrown away, with the reason"
head -c 300 /dev/urandom >"$full_index"
test_expect_equal "$(stats)" "stablemate: 10 messages: 10 read, 10 parsed, 0 from cache, 0 skipped (index ignored: not a stablemate index file)"

test_begin_subtest "a truncated one too"
head -c 1000 "$full_index" >short.smi
cat short.smi >"$full_index"
test_expect_equal "$(stats)" "stablemate: 10 messages: 10 read, 10 parsed, 0 from cache, 0 skipped (index ignored: index file is corrupt)"

test_begin_subtest "a new database at the same path does not use the old index"
rm -rf "$MAIL_DIR/.notmuch"
notmuch_new
test_expect_equal "$(stats)" "stablemate: 10 messages: 10 read, 10 parsed, 0 from cache, 0 skipped (index ignored: written for another database)"

# A write that fails half way: a file size limit (which binds root too)
# smaller than the index, and than the journal of one new message, which
# is tried first; the list goes to a pipe, which it does not bind.
test_begin_subtest "an index that cannot be written costs speed, not the list; the old one stays"
add_message corpus/124.eml
notmuch_new
cp "$full_index" before.smi
test_expect_success "the index is larger than the limit" '[ $(wc -c <before.smi) -gt 4096 ]'
run_status=0
{
	(trap '' XFSZ; ulimit -f 1; "$STABLEMATE" --verbose list 2>"$ERRORS")
	echo $? >status
} | cat >"$OUTPUT"
{
	echo "status $(cat status)"
	sed 's/\(the patch index\( journal\)*: \).*/\1.../' "$ERRORS"
	cmp -s before.smi "$full_index" && echo "old index kept"
	ls "$(dirname "$full_index")"
} >actual
cat >expected <<EOF
status 0
stablemate: warning: cannot write the patch index journal: ...
stablemate: warning: cannot write the patch index: ...
stablemate: 11 messages: 1 read, 1 parsed, 10 from cache, 0 skipped
old index kept
$(basename "$full_index")
EOF
test_expect_equal_file expected actual

test_begin_subtest "and the list is printed, with the new message"
test_expect_equal "$(grep -c -F "nvme-tcp: log TLS handshake failures" "$OUTPUT")" 1

test_begin_subtest "a cache directory that is in the way: the same"
rm -rf "$XDG_CACHE_HOME/stablemate"
echo "in the way" >"$XDG_CACHE_HOME/stablemate"
stats >/dev/null
{
	echo "status $run_status"
	sed 's/\(the patch index: \).*/\1.../' "$ERRORS"
} >actual
cat >expected <<EOF
status 0
stablemate: warning: cannot write the patch index: ...
stablemate: 11 messages: 11 read, 11 parsed, 0 from cache, 0 skipped
EOF
test_expect_equal_file expected actual

test_begin_subtest "index files of old or many queries are pruned, never the one in use"
# The database's folder is known once one index is written.
rm -rf "$XDG_CACHE_HOME/stablemate"
stats >/dev/null
cache=$XDG_CACHE_HOME/stablemate
db=$(dirname "$(index_file)")
rm "$db"/*
# Nine files of other queries written 1 to 9 days ago, two 40 days ago,
# a temp file of a write that died two days ago, and one being written.
for d in 01 02 03 04 05 06 07 08 09 40 41; do
	echo old >"$db/00000000000000$d.smi"
	touch -d "${d#0} days ago" "$db/00000000000000$d.smi"
done
echo dead >"$db/0000000000000099.smi.AbC123"
touch -d "2 days ago" "$db/0000000000000099.smi.AbC123"
echo busy >"$db/0000000000000098.smi.XyZ789"
# Another database's folder: its file of 40 days goes, its newer one
# stays; a database not opened for 40 days leaves no folder.  The files
# of the layout before index/ (at the cache's top) go; other files stay.
mkdir "$cache/index/1111111111111111" "$cache/index/2222222222222222"
echo old >"$cache/index/1111111111111111/0000000000000001.smi"
touch -d "40 days ago" "$cache/index/1111111111111111/0000000000000001.smi"
echo new >"$cache/index/1111111111111111/0000000000000002.smi"
touch -d "2 days ago" "$cache/index/1111111111111111/0000000000000002.smi"
echo old >"$cache/index/2222222222222222/0000000000000001.smi"
echo old >"$cache/index/2222222222222222/0000000000000001.smi.journal"
touch -d "40 days ago" "$cache/index/2222222222222222/0000000000000001.smi"
echo older >"$cache/index-0000000000000000-0000000000000000.smi"
echo older >"$cache/index-0000000000000000-0000000000000000.smi.journal"
echo mine >"$cache/notes"
stats >/dev/null
# The one written now and the seven newest others stay.
written=$(ls -t "$db"/*.smi | head -n 1)
(cd "$cache" && find . -type f | sed "s|/$(basename "$db")/|/DB/|" | sort) >actual
{
	for d in 01 02 03 04 05 06 07; do echo "./index/DB/00000000000000$d.smi"; done
	echo "./index/DB/0000000000000098.smi.XyZ789"
	echo "./index/DB/$(basename "$written")"
	echo "./index/1111111111111111/0000000000000002.smi"
	echo ./notes
} | sort >expected
test_expect_equal_file expected actual

test_begin_subtest "and the one in use is read again"
test_expect_equal "$(stats)" "stablemate: 11 messages: 0 read, 0 parsed, 11 from cache, 0 skipped"

test_done
