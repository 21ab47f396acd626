#!/bin/sh
# t-index-regressions.sh - the index's fuzz regressions cannot go stale in
# silence (tests/fuzz-regressions/index/README): the ones made from a seed
# are what tests/index-regressions.py writes from it now, and the replay
# fails on an input the reader refuses at its header, naming the file and
# what to do.  Two of them were format 5 and refused at the version check
# from format 6 to 10: they tested nothing, and make check passed.
. "$TEST_DATA/lib.sh"

REPLAY="$BUILD_DIR/tests/fuzz-replay-index"
KEPT="$TEST_DATA/fuzz-regressions/index"
SEED="$TEST_DATA/fuzz-seeds/index"

test_begin_subtest "the regressions kept are the ones index-regressions.py writes from small.smi"
mkdir made
python3 "$TEST_DATA/index-regressions.py" "$TEST_DATA/.." made 2>&1
for f in made/*; do
	name=$(basename "$f")
	cmp -s "$f" "$KEPT/$name" && echo "$name: kept" ||
		echo "$name: differs from the kept one: run tests/index-regressions.py"
done >made.txt
test_expect_equal "$(cat made.txt)" "message-id-not-utf8.smi: kept
record-twice-in-a-patch.smi: kept"

# replay FILE: the replay's exit status and what it said on stderr.
replay() {
	status=0
	"$REPLAY" "$1" >/dev/null 2>replay.err || status=$?
	echo "$status $(cat replay.err)"
}

# put_u32 FILE OFFSET VALUE: a little-endian word written into FILE.
put_u32() {
	python3 -c 'import struct, sys
with open(sys.argv[1], "r+b") as f:
    f.seek(int(sys.argv[2]))
    f.write(struct.pack("<I", int(sys.argv[3])))' "$@"
}

DO="write the seeds again (make index-seeds), then run tests/index-regressions.py"

test_begin_subtest "a kept input is replayed"
test_expect_equal "$(replay "$KEPT/record-twice-in-a-patch.smi")" "0 "

test_begin_subtest "an input of another format version fails the replay"
cp "$KEPT/record-twice-in-a-patch.smi" old.smi
put_u32 old.smi 8 9
test_expect_equal "$(replay old.smi)" \
	"1 fuzz-replay: old.smi is refused at its header (written by another format version), so it tests nothing: $DO"

test_begin_subtest "an input cut short of its header fails the replay"
head -c 100 "$SEED/small.smi" >short.smi
test_expect_equal "$(replay short.smi)" \
	"1 fuzz-replay: short.smi is refused at its header (index file is short), so it tests nothing: $DO"

test_begin_subtest "an input that is no index file fails the replay"
cp "$SEED/small.smi" other.smi
printf 'NOTINDEX' | dd of=other.smi conv=notrunc 2>/dev/null
test_expect_equal "$(replay other.smi)" \
	"1 fuzz-replay: other.smi is refused at its header (not a stablemate index file), so it tests nothing: $DO"

test_begin_subtest "a journal of another format version fails the replay"
cp "$SEED/journal.smi" journal.smi
at=$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().index(b"SMJOURN\n"))' journal.smi)
put_u32 journal.smi $((at + 8)) 9
test_expect_equal "$(replay journal.smi)" \
	"1 fuzz-replay: journal.smi is refused at its header (written by another format version), so it tests nothing: $DO"

test_done
