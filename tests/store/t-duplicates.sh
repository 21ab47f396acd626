#!/bin/sh
# t-duplicates.sh - two files with one Message-ID (issue 17, fault 8).
# notmuch keeps one message for both, so stablemate reads one of them; when
# they differ in what they say (subject, sender or text), the other would
# be silently invisible: warn, naming both.  Copies that differ only in
# transport headers (a list copy and a direct one) are not worth a word.
. "$TEST_DATA/lib.sh"

# corpus/018.eml, a FAILED notice for "tpm: Cap the number of PCR banks"
# on 6.1, and a second file with its Message-ID but another text.
make_maildir corpus/018.eml
sed -e 's/^Subject: FAILED: patch "\[PATCH\] tpm: Cap the number of PCR banks" failed to apply to 6.1-stable tree/Subject: FAILED: patch "[PATCH] tpm: something else" failed to apply to 6.1-stable tree/' \
    "$TEST_DATA/corpus/018.eml" > "$MAIL_DIR/cur/other.eml:2,"
# A copy that only gained a Received: header.
{ echo "Received: from mx.example.org by mail.example.org; Mon, 29 Dec 2025 10:00:00 +0000"
  cat "$TEST_DATA/corpus/018.eml"; } > "$MAIL_DIR/cur/list-copy.eml:2,"
make_db

test_begin_subtest "notmuch keeps one message for the three files"
test_expect_equal "$(notmuch count --output=files '*') $(notmuch count '*')" "3 1"

test_begin_subtest "a different file with the same Message-ID: a warning naming both"
run_stablemate list
read_file=$(notmuch search --output=files --format=text '*' | head -1)
case $read_file in
*/other.eml:2,) other=$MAIL_DIR/cur/018.eml:2, ;;
*) other=$MAIL_DIR/cur/other.eml:2, ;;
esac
test_expect_equal "$run_status $(sanitize_paths < "$ERRORS")" \
"0 stablemate: warning: $(echo "$other" | sanitize_paths) has the Message-ID <2025122959-dreamt-stank-d6e5@gregkh> of $(echo "$read_file" | sanitize_paths) but says something else; notmuch keeps one message for both, and stablemate reads $(echo "$read_file" | sanitize_paths)"

test_begin_subtest "identical copies: no warning"
make_maildir corpus/018.eml
cp "$TEST_DATA/corpus/018.eml" "$MAIL_DIR/cur/copy.eml:2,"
{ echo "Received: from mx.example.org by mail.example.org; Mon, 29 Dec 2025 10:00:00 +0000"
  cat "$TEST_DATA/corpus/018.eml"; } > "$MAIL_DIR/cur/list-copy.eml:2,"
make_db
run_stablemate list
test_expect_equal "$run_status $(cat "$ERRORS")" "0 "

test_done
