#!/usr/bin/env python3
"""Write the index regressions that are made from a seed, not kept as found.

    tests/index-regressions.py [SRCDIR [OUTDIR]]

OUTDIR is SRCDIR's tests/fuzz-regressions/index unless named: make check
(tests/patch/t-index-regressions.sh) writes them elsewhere and fails when
they differ from the files kept.

fuzz-index's findings of b399557 were kept as the fuzzer wrote them, in
index format 5, and the reader refused both at its version check from the
next format on: they tested nothing.  Each is made here instead, from
tests/fuzz-seeds/index/small.smi (an index stablemate wrote: two notices,
0 and 1, in patch 0), with the one damage its bug needs and the file
otherwise valid, so that the reader takes it and the code the bug was in
runs:

  record-twice-in-a-patch.smi  patch 0 lists notice 0 twice (0, 0): the
      first sm_group_patch_release freed it and the second look read it
      again (use after free in in_review);
  message-id-not-utf8.smi      notice 0's message id has a Latin-1 byte
      (0xe9) in place of its local part's last letter, the id table rebuilt
      for it: the reader promises bounded strings, not UTF-8, so it is
      looked up and grouped without harm.

When the format changes (core/patch/index-format.h), write the seeds again
(make index-seeds), bring LAYOUT below up to the new structs, and run this
again.  fuzz-replay-index fails on any kept input the reader
refuses at its header, and this script fails while LAYOUT is not the
format of index-format.h, so a stale file cannot pass unnoticed.
"""
import os
import re
import struct
import sys

# The layout of index-format.h at SM_INDEX_VERSION 10 (byte offsets and
# sizes, as gcc lays the structs out on x86-64; little-endian).
LAYOUT = {
    'version': 10,
    'header_version': 8,        # sm_index_header.version
    'sections': 216,            # sm_index_header.sections[]
    'notice_size': 112,         # sizeof(sm_index_notice_rec)
    'notice_message_id': 0,
    'patch_size': 80,           # sizeof(sm_index_patch_rec)
    'patch_notices': 32,        # .notices, .n_notices
}
STRINGS, LISTS, NOTICES, PATCHES, IDS = 0, 1, 2, 3, 6


def fail(msg):
    sys.exit('index-regressions.py: ' + msg)


def fnv1a32(text):
    """sm_index_hash()"""
    h = 2166136261
    for b in text:
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


class Index:
    def __init__(self, data):
        self.data = bytearray(data)
        if self.data[:8] != b'SMINDEX\n':
            fail('the seed is no index file')
        version, = struct.unpack_from('<I', self.data, LAYOUT['header_version'])
        if version != LAYOUT['version']:
            fail('the seed is format %d, LAYOUT is format %d' % (version, LAYOUT['version']))

    def section(self, s):
        return struct.unpack_from('<QQ', self.data, LAYOUT['sections'] + 16 * s)

    def string(self, ref):
        offset = self.section(STRINGS)[0] + ref - 1
        return offset, bytes(self.data[offset:self.data.index(b'\0', offset)])

    def notice_id_ref(self, number):
        offset = self.section(NOTICES)[0] + LAYOUT['notice_size'] * number
        return struct.unpack_from('<I', self.data, offset + LAYOUT['notice_message_id'])[0]

    def patch_notices(self, row):
        """The list offset (in items) and count of ROW's notices."""
        offset = self.section(PATCHES)[0] + LAYOUT['patch_size'] * row
        return struct.unpack_from('<II', self.data, offset + LAYOUT['patch_notices'])

    def set_list_item(self, item, value):
        struct.pack_into('<I', self.data, self.section(LISTS)[0] + 4 * item, value)

    def ids_table(self):
        """The id table as the writer builds it: records in order, linear
        probing from each id's hash."""
        offset, count = self.section(IDS)
        table = [0] * count
        for number in range(self.section(NOTICES)[1]):
            slot = fnv1a32(self.string(self.notice_id_ref(number))[1]) & (count - 1)
            while table[slot]:
                slot = (slot + 1) & (count - 1)
            table[slot] = number + 1
        return offset, table

    def rebuild_ids(self):
        offset, table = self.ids_table()
        struct.pack_into('<%dI' % len(table), self.data, offset, *table)


def main():
    srcdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))
    with open(os.path.join(srcdir, 'core/patch/index-format.h')) as f:
        version = int(re.search(r'#define SM_INDEX_VERSION (\d+)', f.read()).group(1))
    if version != LAYOUT['version']:
        fail('index-format.h is format %d, LAYOUT is format %d: bring LAYOUT up to it'
             % (version, LAYOUT['version']))
    with open(os.path.join(srcdir, 'tests/fuzz-seeds/index/small.smi'), 'rb') as f:
        seed = f.read()
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(srcdir, 'tests/fuzz-regressions/index')

    # The rebuilt table of the seed is the seed's: the id table is read
    # as the writer wrote it.
    index = Index(seed)
    offset, table = index.ids_table()
    if struct.unpack_from('<%dI' % len(table), index.data, offset) != tuple(table):
        fail('the id table rebuilt is not the seed\'s: LAYOUT or the hash is wrong')
    first, n = index.patch_notices(0)
    if n != 2 or [struct.unpack_from('<I', index.data, index.section(LISTS)[0] + 4 * (first + i))[0]
                  for i in range(n)] != [0, 1]:
        fail('the seed\'s patch 0 is not notices (0, 1)')

    index = Index(seed)
    index.set_list_item(first + 1, 0)
    with open(os.path.join(out, 'record-twice-in-a-patch.smi'), 'wb') as f:
        f.write(index.data)

    index = Index(seed)
    at, text = index.string(index.notice_id_ref(0))
    local = text.index(b'@') - 1
    if text[local] >= 0x80:
        fail('notice 0\'s id is not ASCII before its @')
    index.data[at + local] = 0xe9
    index.rebuild_ids()
    with open(os.path.join(out, 'message-id-not-utf8.smi'), 'wb') as f:
        f.write(index.data)


if __name__ == '__main__':
    main()
