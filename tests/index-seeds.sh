#!/bin/sh
# index-seeds.sh - write fuzz-index's seeds again (tests/fuzz-seeds/README):
#
#   make index-seeds     (STABLEMATE=... TEST_DATA=... sh index-seeds.sh DIR)
#
# Each is the index file stablemate writes for `stablemate list` over a
# notmuch database made from tests/corpus, so that the seeds are in the
# format of the reader built; after a change of SM_INDEX_VERSION, run
# this, then tests/index-regressions.py (tests/fuzz-regressions/index/README).
# A journal's segments follow the index they were written over, each
# padded with zeros to an 8-byte boundary (fuzz-index splits at the magic).
. "$TEST_DATA/lib.sh"
out=$1
[ -d "$out" ] || { echo "index-seeds.sh: no directory $out" >&2; exit 2; }

# list_index NAME: list, then the index file and its segments, in order,
# as one seed OUT/NAME.
list_index() {
	run_stablemate list
	[ "$run_status" = 0 ] || { cat "$ERRORS" >&2; exit 1; }
	index=$(find "$XDG_CACHE_HOME/stablemate/index" -name '*.smi')
	python3 -c 'import os, sys
index, out = sys.argv[1], sys.argv[2]
parts = [index] + [p for p in (index + ".journal",) if os.path.exists(p)]
n = 2
while os.path.exists("%s.journal.%d" % (index, n)):
    parts.append("%s.journal.%d" % (index, n))
    n += 1
data = b""
for p in parts:
    data += b"\0" * (-len(data) % 8) + open(p, "rb").read()
open(out, "wb").write(data)' "$index" "$out/$1.smi"
}

# seed NAME CORPUS_FILE...: a fresh database of those files, listed.
seed() {
	name=$1
	shift
	rm -rf "$XDG_CACHE_HOME/stablemate"
	make_maildir "$@" && make_db || exit 1
	list_index "$name"
}

# more CORPUS_FILE...: delivered, indexed by notmuch: the next list
# refreshes the index, writing a journal segment.
more() {
	for f in "$@"; do
		add_message "corpus/$f.eml"
	done
	notmuch_new || exit 1
}

seed small corpus/006.eml corpus/008.eml
seed mixed corpus/010.eml corpus/011.eml corpus/016.eml corpus/018.eml corpus/019.eml \
	corpus/021.eml corpus/023.eml corpus/024.eml corpus/025.eml corpus/026.eml
seed review corpus/006.eml corpus/007.eml corpus/008.eml corpus/043.eml corpus/045.eml \
	corpus/046.eml
more 044 048 010
list_index journal
more 011 016
list_index journal-chain
