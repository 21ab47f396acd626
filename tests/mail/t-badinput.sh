#!/bin/sh
# t-badinput.sh - hostile and broken mail among good mail.
#
# Each case adds one bad message, made here (nothing large is committed), to
# a maildir of good notices and runs `stablemate list --format=json` over a
# real notmuch database.  Every case must leave the program running (exit
# 0), say what it must say (a warning naming the file, or a correct
# notice), and leave the rest of the list exactly as it is without the bad
# message: the JSON, with the patches that carry the case's marker taken
# out, must equal the list of the good mail alone.
. "$TEST_DATA/lib.sh"

good="corpus/018.eml corpus/019.eml corpus/016.eml corpus/127.eml
      corpus/024.eml corpus/025.eml corpus/026.eml corpus/027.eml
      corpus/124.eml corpus/125.eml corpus/126.eml"
BAD="$TMP_DIRECTORY/bad"
mkdir -p "$BAD"

# drop_patches MARKER: the JSON list on stdin without the patches (objects
# of the "patches" array) that mention MARKER; the rest byte for byte.
drop_patches() {
	awk -v marker="$1" '
	function flush() {
		if (obj == "") return
		if (index(obj, marker) == 0) { kept[++n] = obj }
		obj = ""
	}
	in_patches && /^    \{$/ { obj = $0 "\n"; depth = 1; next }
	in_patches && obj != "" {
		obj = obj $0 "\n"
		if ($0 ~ /^    \},?$/) { sub(/,\n$/, "\n", obj); flush() }
		next
	}
	in_patches && /^  \]/ {
		for (i = 1; i <= n; i++) printf "%s", (i < n ? substr(kept[i], 1, length(kept[i]) - 1) ",\n" : kept[i])
		in_patches = 0
	}
	/^  "patches": \[$/ { in_patches = 1; print; next }
	/^  "patches": \[\],?$/ { print; next }
	{ print }
	'
}

# A notice of the AUTOSEL kind for commit SHA, in the form of the real ones
# (corpus/124.eml), with SUBJECT; extra headers and the body come from the
# caller (after this, on stdout).
autosel_headers() {
	cat <<EOF
From: Sasha Levin <sashal@kernel.org>
To: patches@lists.linux.dev, stable@vger.kernel.org
Subject: $2
Date: Mon, 04 Aug 2025 10:00:00 -0400
Message-ID: <$1@badinput.example>
X-stable: review
X-stable-base: Linux 6.16
EOF
}

autosel_body() { # SHA
	cat <<EOF

From: Bad Input <bad@example.org>

[ Upstream commit $1 ]

This change is part of the bad-input suite.

Signed-off-by: Sasha Levin <sashal@kernel.org>
---
 drivers/misc/bad.c | 1 +
 1 file changed, 1 insertion(+)
EOF
}

# run_case NAME: list over the good mail plus $BAD/NAME.eml.
run_case() {
	# shellcheck disable=SC2086
	make_maildir $good "$BAD/$1.eml"
	make_db
	run_stablemate list --format=json
}

warnings() { sanitize_paths < "$ERRORS"; }

# expect_rest_intact MARKER: the list without MARKER's patches is the
# baseline.
expect_rest_intact() {
	drop_patches "$1" < "$OUTPUT" > "$TMP_DIRECTORY/rest.json"
	test_expect_equal_file "$TMP_DIRECTORY/baseline.json" "$TMP_DIRECTORY/rest.json"
}

# The list of the good mail alone, and a check that drop_patches keeps it.
# shellcheck disable=SC2086
make_maildir $good
make_db
run_stablemate list --format=json
cp "$OUTPUT" "$TMP_DIRECTORY/baseline.json"
test_begin_subtest "the good mail lists cleanly"
test_expect_equal "$run_status $(wc -c < "$ERRORS") $(grep -c '"upstream"' "$OUTPUT")" "0 0 4"
test_begin_subtest "taking out a marker nothing carries changes nothing"
drop_patches no-such-marker < "$OUTPUT" > "$TMP_DIRECTORY/rest.json"
test_expect_equal_file "$OUTPUT" "$TMP_DIRECTORY/rest.json"
test_begin_subtest "taking out a patch leaves valid JSON for the others"
drop_patches 5a58ac9bfc412a58c3cf26c6a7e54d4308e9d109 < "$OUTPUT" > "$TMP_DIRECTORY/rest.json"
test_expect_equal "$(grep -c '"upstream"' "$TMP_DIRECTORY/rest.json") $(grep -c '^    },$' "$TMP_DIRECTORY/rest.json") $(grep -c '^    }$' "$TMP_DIRECTORY/rest.json")" "3 2 2"

# --- truncated ------------------------------------------------------------
sha_t1=badbad0000000000000000000000000000000001
{ autosel_headers $sha_t1 "[PATCH AUTOSEL 6.16 1/2] bad: truncated in the body"
  echo "Content-Type: text/plain; charset=UTF-8"
  autosel_body $sha_t1
  printf 'diff --git a/drivers/misc/bad.c b/drivers/misc/bad.c\n--- a/drivers/mi'
} > "$BAD/truncated-body.eml"
run_case truncated-body
test_begin_subtest "a message cut short in its body is still a correct notice"
test_expect_equal "$run_status $(grep -c "\"upstream\": \"$sha_t1\"" "$OUTPUT")" "0 1"
test_begin_subtest "... and the rest of the list is intact"
expect_rest_intact $sha_t1

{ autosel_headers $sha_t1 "[PATCH AUTOSEL 6.16 2/2] bad: truncated in a header" |
	sed -e '/^Subject:/q'
  printf 'Content-Type: multipart/mixed; bound'
} > "$BAD/truncated-header.eml"
run_case truncated-header
# Cut before its Message-ID and Date: notmuch names it; with no Date: and
# no Received: header, the file's date stands in, with a warning (a date of
# 0 would expand a range posting to every tree ever).
test_begin_subtest "a message cut short in its headers is a notice of what it says"
test_expect_equal "$run_status $(grep -c '"message_id": "notmuch-sha1-' "$OUTPUT") $(grep -c '"subject": "\[PATCH AUTOSEL 6.16 2/2\] bad: truncated in a header"' "$OUTPUT") $(grep -c '"date": 0,' "$OUTPUT") $(grep -c "no Date: header; the file's date is used" "$OUTPUT" "$ERRORS" | grep -c ':[1-9]')" "0 1 1 0 1"
test_begin_subtest "... and the rest of the list is intact"
expect_rest_intact "truncated in a header"

{ autosel_headers $sha_t1 "[PATCH AUTOSEL 6.16 1/1] bad: truncated multipart"
  printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n--b1\n'
  printf 'Content-Type: text/plain\n'
  autosel_body $sha_t1
  printf -- '--b1\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAAAAAAA'
} > "$BAD/truncated-multipart.eml"
run_case truncated-multipart
test_begin_subtest "a multipart cut short is a correct notice with a warning naming the file"
test_expect_equal "$run_status $(grep -c "\"upstream\": \"$sha_t1\"" "$OUTPUT") $(warnings)" \
	"0 1 stablemate: warning: TMP/mail/cur/truncated-multipart.eml:2,: message is truncated"
test_begin_subtest "... and the rest of the list is intact"
expect_rest_intact $sha_t1

# --- a 20 MB attachment -----------------------------------------------------
sha_big=badbad0000000000000000000000000000000020
{ autosel_headers $sha_big "[PATCH AUTOSEL 6.16 1/1] bad: twenty megabytes attached"
  printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n--b1\n'
  printf 'Content-Type: text/plain\n'
  autosel_body $sha_big
  printf -- '--b1\nContent-Type: application/octet-stream; name="vmcore"\n'
  printf 'Content-Transfer-Encoding: base64\n\n'
  head -c 15000000 /dev/zero | base64 -w 76
  printf -- '--b1\nContent-Type: text/plain; name="dmesg.txt"\n\n'
  yes '[12345.678901] bad: a kernel log line that goes on and on' | head -c 5000000
  printf -- '\n--b1--\n'
} > "$BAD/attachment.eml"
run_case attachment
test_begin_subtest "a 20 MB attachment: a correct notice, and a warning that the body was cut"
test_expect_equal "$run_status $(grep -c "\"upstream\": \"$sha_big\"" "$OUTPUT") $(warnings)" \
	"0 1 stablemate: warning: TMP/mail/cur/attachment.eml:2,: body cut at 262144 bytes"
test_begin_subtest "... and the rest of the list is intact"
expect_rest_intact $sha_big

# --- NUL bytes and invalid UTF-8 ------------------------------------------
sha_nul=badbad0000000000000000000000000000000000
{ autosel_headers $sha_nul "[PATCH AUTOSEL 6.16 1/1] bad: nul@@in@@the subject" | tr '@' '\000'
  printf 'Content-Type: text/plain; charset=UTF-8\n'
  autosel_body $sha_nul | sed 's/This change/This\x00change\x00/'
} > "$BAD/nul.eml"
run_case nul
# A header value ends at its first NUL (GMime's strings are C strings).
test_begin_subtest "NUL bytes: a correct notice, and a warning"
test_expect_equal "$run_status $(grep -c "\"upstream\": \"$sha_nul\"" "$OUTPUT") $(grep -c '"subject": "\(\[PATCH AUTOSEL 6.16 1/1\] \)\?bad: nul' "$OUTPUT") $(warnings)" \
	"0 1 2 stablemate: warning: TMP/mail/cur/nul.eml:2,: NUL bytes in the body were replaced"
test_begin_subtest "... and the rest of the list is intact"
expect_rest_intact $sha_nul

sha_utf=badbad00000000000000000000000000000000ff
{ autosel_headers $sha_utf "$(printf '[PATCH AUTOSEL 6.16 1/1] bad: caf\351 \377\376 and \303')" |
	sed "s/^From: .*/From: $(printf 'J\366rg \200\201') <joerg@example.org>/"
  printf 'Content-Type: text/plain; charset=UTF-8\n'
  autosel_body $sha_utf | sed "s/This change/$(printf 'Th\351s \377 change')/"
} > "$BAD/invalid-utf8.eml"
run_case invalid-utf8
test_begin_subtest "invalid UTF-8: a correct notice, valid UTF-8 output, and a warning"
iconv -f UTF-8 -t UTF-8 < "$OUTPUT" > /dev/null 2>&1 && valid=valid || valid=invalid
test_expect_equal "$run_status $(grep -c "\"upstream\": \"$sha_utf\"" "$OUTPUT") $valid $(warnings)" \
	"0 1 valid stablemate: warning: TMP/mail/cur/invalid-utf8.eml:2,: invalid UTF-8 in the body was replaced"
test_begin_subtest "... and the rest of the list is intact"
expect_rest_intact $sha_utf

# --- 10,000 recipients ------------------------------------------------------
sha_many=badbad0000000000000000000000000000010000
recipients() {
	awk -v h="$1" 'BEGIN { printf "%s: stable@vger.kernel.org", h
		for (i = 1; i < 10000; i++) printf ",\n\tPerson Number %d <person%d@example.org>", i, i
		printf "\n" }'
}
{ autosel_headers $sha_many "[PATCH AUTOSEL 6.16 1/1] bad: ten thousand recipients" |
	grep -v '^To:'
  recipients To
  recipients Cc
  printf 'Content-Type: text/plain; charset=UTF-8\n'
  autosel_body $sha_many
} > "$BAD/recipients.eml"
run_case recipients
test_begin_subtest "10,000 recipients: a correct notice, and a warning"
test_expect_equal "$run_status $(grep -c "\"upstream\": \"$sha_many\"" "$OUTPUT") $(warnings)" \
	"0 1 stablemate: warning: TMP/mail/cur/recipients.eml:2,: 10000 recipients in one header, only the first 1000 kept"
test_begin_subtest "... and the rest of the list is intact"
expect_rest_intact $sha_many

# --- shell metacharacters and CR/LF in the subject -------------------------
sha_sh=badbad0000000000000000000000000000000024
canary="$TMP_DIRECTORY/canary"
hostile='bad: $(touch '"$canary"') `touch '"$canary"'`; rm -rf ~ | cat & echo "x" > y'
{ autosel_headers $sha_sh "[PATCH AUTOSEL 6.16 1/1] $hostile =?UTF-8?Q?split=0D=0AX-Injected:_yes=0Dend?="
  printf 'Content-Type: text/plain; charset=UTF-8\n'
  autosel_body $sha_sh
} > "$BAD/hostile.eml"
run_case hostile
test_begin_subtest "shell metacharacters and CR/LF: the subject is kept, CR/LF made spaces"
expected_subject=$(printf '%s split X-Injected: yes end' "$hostile" | sed 's/"/\\"/g')
test_expect_equal "$run_status $(grep -c "\"upstream\": \"$sha_sh\"" "$OUTPUT") $(grep -cF "\"subject\": \"$expected_subject\"" "$OUTPUT") $(wc -c < "$ERRORS")" "0 1 1 0"
test_begin_subtest "... no command in it ran"
test_expect_equal "$(test -e "$canary" && echo canary || echo no canary)" "no canary"
test_begin_subtest "... and the rest of the list is intact"
expect_rest_intact $sha_sh
test_begin_subtest "show prints the hostile patch, the subject on one line"
run_stablemate show --format=text $sha_sh
test_expect_equal "$run_status $(grep -F "$hostile split X-Injected: yes end" "$OUTPUT" | grep -c '^subject  ') $(grep -c '^X-Injected' "$OUTPUT")" "0 1 0"

# --- deeply nested multiparts ---------------------------------------------
sha_deep=badbad0000000000000000000000000000010001
{ autosel_headers $sha_deep "[PATCH AUTOSEL 6.16 1/1] bad: ten thousand nested multiparts"
  printf 'MIME-Version: 1.0\n'
  awk 'BEGIN {
	for (i = 0; i < 10000; i++)
		printf "Content-Type: multipart/mixed; boundary=\"n%d\"\n\n--n%d\n", i, i
	printf "Content-Type: text/plain\n\nhello from the bottom\n"
	for (i = 9999; i >= 0; i--) printf "--n%d--\n", i
  }'
} > "$BAD/nested.eml"
run_case nested
test_begin_subtest "10,000 nested multiparts: a warning naming the file"
test_expect_equal "$run_status $(warnings)" \
	"0 stablemate: warning: TMP/mail/cur/nested.eml:2,: MIME parts nested too deeply"
test_begin_subtest "... and the rest of the list is intact"
expect_rest_intact badinput.example

# --- binary junk --------------------------------------------------------------
{ printf 'To: stable@vger.kernel.org\nSubject: [PATCH AUTOSEL 6.16 1/1] bad: binary junk\n\n'
  LC_ALL=C awk 'BEGIN { srand(7); for (i = 0; i < 65536; i++) printf "%c", int(rand() * 256) }'
} > "$BAD/junk.eml"
run_case junk
test_begin_subtest "binary junk after the headers does not stop the list"
test_expect_equal "$run_status" "0"
test_begin_subtest "... and the rest of the list is intact"
expect_rest_intact "binary junk"

test_done
