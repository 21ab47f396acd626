#!/bin/sh
# t-tui-term.sh - the terminal side: UTF-8 measured in cells (CJK, emoji,
# combining marks), hostile and broken subjects, and colours that degrade
# to attributes on monochrome terminals and under NO_COLOR.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

# "café" with a combining acute accent.
cafe="cafe$(printf '\314\201')"

# An AUTOSEL mail whose subject and author need more cells than bytes
# suggest, or fewer: CJK (two cells each), a combining accent (none), an
# emoji (two).
utf8_mail() {
	printf '%s\n' \
		'From: Sasha Levin <sashal@kernel.org>' \
		'To: patches@lists.linux.dev, stable@vger.kernel.org' \
		"Subject: [PATCH AUTOSEL 6.12 01/10] x86: 漢字テストドライバ: $cafe 🐧 naïve fix" \
		'Date: Mon, 1 Dec 2025 10:00:00 +0000' \
		'Message-Id: <20251201100000.1-utf8@kernel.org>' \
		'MIME-Version: 1.0' \
		'Content-Type: text/plain; charset=UTF-8' \
		'Content-Transfer-Encoding: 8bit' \
		'X-stable-base: Linux 6.12.60' \
		'' \
		'From: 山田太郎 <taro@example.jp>' \
		'' \
		'[ Upstream commit 1234567890abcdef1234567890abcdef12345678 ]' \
		'' \
		'Fix the 漢字 handling.'
}

test_expect_success 'fixture database with UTF-8, invalid and hostile mail' '
	tui_fixtures &&
	utf8_mail >"$MAIL_DIR/cur/utf8.eml:2," &&
	cp "$TEST_DATA/synthetic/s10-invalid-utf8.eml" "$MAIL_DIR/cur/s10.eml:2," &&
	cp "$TEST_DATA/synthetic/s12-hostile-subject.eml" "$MAIL_DIR/cur/s12.eml:2," &&
	notmuch_new
'

limit() {
	tui_keys l C-u
	tui_type "$1"
	tui_keys Enter
}

test_begin_subtest 'CJK, emoji and combining marks line up in cells'
tui_start
limit upstream:1234567
test_expect_equal "$(tui_line 2)" \
	" N?     A                              AGE 山田太郎           x86: 漢字テストドライバ: $cafe 🐧 naïve fix"

test_begin_subtest 'the patch view and the pager show them whole'
tui_keys Enter
patch=$(tui_line 1; tui_line 3)
tui_keys Enter
test_expect_equal "$patch
$(tui_screen | grep -E '^Subject:|^From: 山|漢字 handling')" "\
1234567890ab x86: 漢字テストドライバ: $cafe 🐧 naïve fix
Author    山田太郎 <taro@example.jp>
Subject: [PATCH AUTOSEL 6.12 01/10] x86: 漢字テストドライバ: $cafe 🐧 naïve fix
From: 山田太郎 <taro@example.jp>
Fix the 漢字 handling."

test_begin_subtest 'a double-width character that does not fit leaves its cell blank'
tui_keys q q
TUI_LINES=5 tui_resize 21 5
# 5 cells of flags and a space, then 16 for the subject: "x86: " and five
# CJK characters take 15; the sixth would straddle the edge.  -N keeps the
# trailing blank.  The patch was read in the pager above: no N.
test_expect_equal "$(tmux_ capture-pane -p -N -t 0 | sed -n 2p)" "  ?  x86: 漢字テスト "
tui_resize 120 40

test_begin_subtest 'a hostile subject stays on one line'
limit 'kind:failed tree:6.1'
test_expect_equal "$(tui_screen | sed -n '2,4p')" "\
 N?          F    B                    AGE Jarkko Sakkinen    tpm: Cap the number of PCR banks
 N?               F                    AGE Mallory            x: \$(reboot) \`id\` ; rm -rf ~ | cat & > /tmp/x Bcc: victim@"

test_begin_subtest 'invalid UTF-8: a raw header is read as Latin-1, a body gets replacement characters'
limit upstream:3c4d5e6f
row=$(tui_line 2)
tui_keys Enter Enter
test_expect_equal "$row
$(tui_screen | grep -E '^Subject:|^Bytes')" "\
 N?               B                    AGE Back Porter        foo: café ÿþ bar
Subject: [PATCH 6.1.y] foo: café ÿþ bar
Bytes that are not UTF-8: ��� and an overlong �� here."
tui_keys q q

test_begin_subtest 'colours are used where the terminal has them'
tui_keys Q
tui_exited
tui_start
test_expect_equal "$(tmux_ capture-pane -e -p -t 0 | sed -n '1p;2p;39p' |
	grep -c "$(printf '\033')\[3[0-7]m")" "3"

for setting in 'NO_COLOR=1' 'TERM=vt100'; do
	test_begin_subtest "$setting: no colours, attributes instead"
	tui_keys Q
	tui_exited
	TUI_ENV=$setting
	tui_start
	TUI_ENV=
	screen=$(tmux_ capture-pane -e -p -t 0)
	colours=$(printf '%s\n' "$screen" | grep -c "$(printf '\033')\[[34][0-7]m")
	reverse=$(printf '%s\n' "$screen" | sed -n 39p | grep -c "$(printf '\033')\[7m")
	test_expect_equal "$colours $reverse $(tui_title)" \
		"0 1 [patches] 1 of 12 · by urgency                                                                                     100%"
done

test_done
