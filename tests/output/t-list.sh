#!/bin/sh
# t-list.sh - `stablemate list` and `show` over a real notmuch database.
. "$TEST_DATA/lib.sh"

small="corpus/018.eml corpus/019.eml corpus/016.eml corpus/127.eml
       corpus/024.eml corpus/025.eml corpus/026.eml corpus/027.eml
       corpus/072.eml corpus/073.eml"
# shellcheck disable=SC2086
make_maildir $small
make_db

test_begin_subtest "list --format=json: FAILED + backports, a review series, noise"
run_stablemate list --format=json
test_expect_equal_file "$TEST_DATA/expected/list-small.json" "$OUTPUT"

test_begin_subtest "list --format=text prints the same data, one line per patch"
run_stablemate list --format=text
test_expect_equal_file "$TEST_DATA/expected/list-small.txt" "$OUTPUT"

test_begin_subtest "a query narrows the list"
run_stablemate list subject:tpm
test_expect_equal "$(cat "$OUTPUT")" \
"faf07e611dfa464b201223a7253e9dc5ee0f3c9e  tpm: Cap the number of PCR banks  untriaged  6.6:backport 6.1:backport  -"

test_begin_subtest "show by commit id prefix: labelled fields, ISO dates, a block per notice"
run_stablemate show --format=text 7be74942f1
test_expect_equal "$(sanitize_paths < "$OUTPUT" | sed 's|/cur/.*|/cur/FILE|')" \
"upstream  7be74942f184fdfba34ddd19a0d995deb34d4a03
subject   KVM: SVM: Periodically schedule when unregistering regions on destroy
author    David Rientjes <rientjes@google.com>
state     untriaged
trees     5.4:review
files     arch/x86/kvm/svm.c
adapted   -
deadline  2021-07-11T13:14Z
notices
  message_id   20210709131532.805541633@linuxfoundation.org
  kind         review-patch
  trees        5.4
  date         2021-07-09T13:20Z
  subject      [PATCH 5.4 1/4] KVM: SVM: Periodically schedule when unregistering regions on destroy
  in_reply_to  20210709131531.277334979@linuxfoundation.org
  attached     upstream-id
  from         Greg Kroah-Hartman <gregkh@linuxfoundation.org>
  upstream     7be74942f184fdfba34ddd19a0d995deb34d4a03
  series       1/4
  file         TMP/mail/cur/FILE
git
  error  no kernel repository configured: set [git] repo"

test_begin_subtest "show id:MSGID, as notmuch spells it"
run_stablemate --format=json show id:20210709131532.805541633@linuxfoundation.org
test_expect_equal "$run_status $(grep -c '^      "upstream": "7be74942f184fdfba34ddd19a0d995deb34d4a03"' "$OUTPUT")" "0 1"

test_begin_subtest "a commit id prefix that is too short says how long it must be"
run_stablemate show 7be
test_expect_equal "$run_status $(cat "$ERRORS")" \
"1 stablemate show: '7be' is too short: give at least 4 hex digits of the commit id, or a message-id"

test_begin_subtest "show by message-id, with angle brackets, finds the backport's patch"
run_stablemate show --format=json '<20251229234053.1851978-1-sashal@kernel.org>'
test_expect_equal "$run_status $(grep -c '"message_id"' "$OUTPUT") $(grep -c '^      "upstream": "faf07e611dfa464b201223a7253e9dc5ee0f3c9e"' "$OUTPUT")" "0 4 1"

test_expect_code 1 "show of an unknown id fails with a reason" '
	run_stablemate show deadbeef
	cat "$ERRORS"
	grep -qx "stablemate show: no patch matches '"'"'deadbeef'"'"'" "$ERRORS" && exit $run_status'

test_expect_code 2 "an unknown format is bad usage" '
	run_stablemate list --format=yaml
	grep -q "unknown format" "$ERRORS" && exit $run_status'

test_expect_code 1 "a bad query fails with a one-line reason" '
	run_stablemate list "subject:("
	cat "$ERRORS"
	grep -q "^stablemate: bad query" "$ERRORS" &&
	[ "$(wc -l < "$ERRORS")" = 1 ] && exit $run_status'

# The whole corpus: every labelled message, exact output.
make_maildir "$TEST_DATA"/corpus/*.eml
make_db

test_begin_subtest "list --format=json over the whole corpus"
run_stablemate list --format=json
test_expect_equal_file "$TEST_DATA/expected/list-corpus.json" "$OUTPUT"

test_begin_subtest "noise and release announcements appear in no patch"
test_expect_equal "$(grep -c -e Z8XvtpTW1i9LY74v -e 20210707124735.2443267-1-sashal -e CANfQU3y36Yz9cvh "$OUTPUT")" "0"

test_done
