#!/bin/sh
# t-errors.sh - what goes wrong says so in one line, and a bad message
# costs only itself: a missing database or config, a bad query, a bad
# --config file, and message files that cannot be read or are garbage.
. "$TEST_DATA/lib.sh"

# "status N", then standard error with TMP for the temporary directory.
result() {
	echo "status $run_status"
	sanitize_paths <"$ERRORS"
}

make_maildir corpus/006.eml corpus/018.eml corpus/060.eml corpus/075.eml
write_notmuch_config

test_begin_subtest "a missing database: status 1, one line, nothing listed"
run_stablemate list
result >actual
cat "$OUTPUT" >>actual
cat >expected <<'EOF'
status 1
stablemate: cannot open the notmuch database at TMP/mail: No such file or directory (run 'notmuch new' to create it)
EOF
test_expect_equal_file expected actual

test_begin_subtest "a NOTMUCH_CONFIG that does not exist"
NOTMUCH_CONFIG="$TMP_DIRECTORY/nowhere" run_stablemate list
result >actual
cat >expected <<'EOF'
status 1
stablemate: the notmuch config TMP/nowhere does not exist
EOF
test_expect_equal_file expected actual

test_begin_subtest "a --notmuch-config that does not exist"
run_stablemate --notmuch-config "$TMP_DIRECTORY/nowhere" list
result >actual
test_expect_equal_file expected actual

test_begin_subtest "no notmuch config anywhere"
(unset NOTMUCH_CONFIG; run_stablemate list; result >actual)
cat >expected <<'EOF'
status 1
stablemate: no notmuch config found (set NOTMUCH_CONFIG or use --notmuch-config FILE); to try it on demo mail: stablemate --demo list
EOF
test_expect_equal_file expected actual

test_begin_subtest "no terminal and no notmuch config: the list to run instead, and the demo's"
(unset NOTMUCH_CONFIG; run_stablemate --verbose </dev/null; result >actual)
cat >expected <<'EOF'
status 1
stablemate: the TUI needs a terminal; to print the list instead: stablemate --verbose list
stablemate: no notmuch config found (set NOTMUCH_CONFIG or use --notmuch-config FILE); to try it on demo mail: stablemate --demo list
EOF
test_expect_equal_file expected actual

notmuch_new
test_begin_subtest "no terminal: the list with the same options, quoted where a shell needs it"
cp "$NOTMUCH_CONFIG" "my config"
run_stablemate --notmuch-config "my config" -v </dev/null
result >actual
cat >expected <<'EOF'
status 1
stablemate: the TUI needs a terminal; to print the list instead: stablemate --notmuch-config 'my config' -v list
EOF
test_expect_equal_file expected actual

run_stablemate list
cp "$OUTPUT" good.out
test_expect_success "with the database built, the same list works" '
	[ "$run_status" = 0 ] && [ -s good.out ] && [ ! -s "$ERRORS" ]
'

test_begin_subtest "a bad query: status 1 and notmuch's reason"
run_stablemate list 'date:foo..bar'
result >actual
cat >expected <<'EOF'
status 1
stablemate: bad query: Didn't understand date specification 'foo'
EOF
test_expect_equal_file expected actual

test_begin_subtest "a bad [search] query in the config"
printf '[search]\nquery=stable AND\n' >bad-query.conf
run_stablemate --config bad-query.conf list
result >actual
cat >expected <<'EOF'
status 1
stablemate: bad query: Syntax: <expression> AND <expression>
EOF
test_expect_equal_file expected actual

test_begin_subtest "a --config file that does not exist"
run_stablemate --config "$TMP_DIRECTORY/no-such.conf" list
result >actual
cat >expected <<'EOF'
status 1
stablemate: bad config: TMP/no-such.conf: No such file or directory
EOF
test_expect_equal_file expected actual

test_begin_subtest "a --config file that is not a config file"
printf 'this is not\n[an ini file\n' >garbage.conf
run_stablemate --config garbage.conf list
# GLib words the reason; the test holds the rest.
result | sed 's/^\(stablemate: bad config: garbage.conf: \).*/\1.../' >actual
cat >expected <<'EOF'
status 1
stablemate: bad config: garbage.conf: ...
EOF
test_expect_equal_file expected actual

# A message notmuch indexed whose file has gone since: it is skipped, with
# a warning naming the file, and the rest is listed as before.
add_message corpus/103.eml gone.eml
notmuch_new
rm "$MAIL_DIR/new/gone.eml"
test_begin_subtest "an unreadable message is skipped with a warning naming it"
run_stablemate --verbose list
result >actual
cat >expected <<'EOF'
status 0
stablemate: warning: cannot open TMP/mail/new/gone.eml: No such file or directory; message skipped
stablemate: 5 messages: 1 read, 0 parsed, 4 from cache, 1 skipped
EOF
test_expect_equal_file expected actual

test_begin_subtest "and the rest is listed"
test_expect_equal_file good.out "$OUTPUT"

# Mail headers over binary junk: notmuch indexes it, GMime reads it badly.
{
	printf 'From: Someone <someone@example.org>\n'
	printf 'To: stable@vger.kernel.org\n'
	printf 'Subject: \001\002 junk\n'
	printf 'Message-ID: <junk-1@example.org>\n'
	printf 'Date: Mon, 1 Dec 2025 10:00:00 +0000\n'
	printf 'MIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="never"\n\n'
	head -c 4096 /dev/urandom
	printf '\0\0\0\n'
} >"$MAIL_DIR/new/junk.eml"
notmuch_new
test_expect_success "notmuch indexed the junk message" '
	[ "$(notmuch count id:junk-1@example.org)" = 1 ]
'

test_begin_subtest "a garbage message gives a warning naming it"
run_stablemate list
# Which faults GMime finds in random bytes varies; the file name does not.
result | grep -v 'gone.eml' |
	sed 's|^\(stablemate: warning: TMP/mail/new/junk.eml: \).*|\1...|' >actual
cat >expected <<'EOF'
status 0
stablemate: warning: TMP/mail/new/junk.eml: ...
EOF
test_expect_equal_file expected actual

test_begin_subtest "and the rest is listed"
test_expect_equal_file good.out "$OUTPUT"

# A 6 MB message: read up to the recognition cap, listed like any other.
{
	sed '/^$/q' "$TEST_DATA/corpus/075.eml" |
		sed -e 's/^Message-ID: .*/Message-ID: <huge-1@example.org>/I'
	i=0
	while [ $i -lt 60000 ]; do
		echo "filler line $i of a very large message body ......................................"
		i=$((i + 1))
	done
} >"$MAIL_DIR/new/huge.eml"
notmuch_new
test_begin_subtest "a huge message is read up to the cap and listed"
run_stablemate --verbose list
# (notmuch new has forgotten gone.eml by now.)
result | grep -v 'junk.eml' |
	sed 's|^\(stablemate: warning: TMP/mail/new/huge.eml: \).*|\1...|' >actual
cat >expected <<'EOF'
status 0
stablemate: warning: TMP/mail/new/huge.eml: ...
stablemate: 6 messages: 1 read, 1 parsed, 5 from cache, 0 skipped
EOF
test_expect_equal_file expected actual

test_done
