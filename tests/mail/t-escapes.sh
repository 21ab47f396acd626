#!/bin/sh
# t-escapes.sh - terminal escapes in mail never reach the text output.
# C1 control characters (U+0080-U+009F; U+009B is CSI, which a terminal
# may take for ESC [) and the line and paragraph separators U+2028/2029
# are cleaned like C0 controls wherever text from mail is printed: list
# and show, text and JSON.
. "$TEST_DATA/lib.sh"

# corpus/018.eml (a FAILED notice for "tpm: Cap the number of PCR banks")
# with a subject that carries CSI "31m" and both separators, and a sender
# name with a C1 NEL (U+0085).
make_maildir
sed -e 's/^Subject: FAILED: patch "\[PATCH\] tpm: Cap the number of PCR banks" failed/Subject: =?utf-8?q?FAILED=3A_patch_=22=5BPATCH=5D_tpm=3A_Cap_=C2=9B31mthe_number=E2=80=A8of=E2=80=A9PCR_banks=22_failed?=/' \
    -e 's/^From: Jarkko Sakkinen <jarkko@kernel.org>/From: =?utf-8?q?Jarkko_=C2=85Sakkinen?= <jarkko@kernel.org>/' \
    "$TEST_DATA/corpus/018.eml" > "$MAIL_DIR/cur/escapes.eml:2,S"
make_db

# The bytes of C1 controls (C2 80-C2 9F) and of U+2028/2029 (E2 80 A8/A9).
escapes() {
	LC_ALL=C grep -c "$(printf '\302[\200-\237]')\|$(printf '\342\200[\250\251]')" "$1"
}

test_begin_subtest "the hostile subject really holds CSI and the separators"
test_expect_equal "$(notmuch search --format=text --output=summary '*' | escapes /dev/stdin)" "1"

for format in text json; do
	for command in "list" "show faf07e611d"; do
		test_begin_subtest "$command --format=$format prints no C1 control nor separator"
		# shellcheck disable=SC2086
		run_stablemate $command --format=$format
		test_expect_equal "$run_status $(escapes "$OUTPUT")" "0 0"
	done
done

test_begin_subtest "text output turns them into spaces"
run_stablemate list --format=text
test_expect_equal "$(grep -o 'Cap  31mthe number of PCR banks' "$OUTPUT")" "Cap  31mthe number of PCR banks"
test_begin_subtest "JSON keeps them, escaped"
run_stablemate show --format=json faf07e611d
test_expect_equal "$(grep -o 'Cap \\u009b31mthe number\\u2028of\\u2029PCR banks' "$OUTPUT" | head -1)" \
	'Cap \u009b31mthe number\u2028of\u2029PCR banks'

test_done
