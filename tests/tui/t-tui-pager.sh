#!/bin/sh
# t-tui-pager.sh - the pager in a real terminal (tmux 120x40): wrapping at
# words with a continuation mark, following the width on resize; J and K
# through the patch's notices (the title says which: "notice 2 of 3"), read
# state and the patch view's cursor following; the raw message (H); piping
# a message to a command (|), with and without a shell, where text from
# mail never runs; and the patch view's sender columns, as wide as the
# names while there is room.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

# A notice whose text would run if it ever reached a shell: it touches
# files under $TMP_DIRECTORY/pwned-*.
hostile_mail() {
	printf '%s\n' \
		'From: Mallory <mallory@example.org>' \
		'To: stable@vger.kernel.org' \
		"Subject: [PATCH 6.1.y] x: \$(touch $TMP_DIRECTORY/pwned-subject); touch $TMP_DIRECTORY/pwned-semicolon" \
		'Date: Mon, 1 Dec 2025 10:00:00 +0000' \
		'Message-Id: <20251201100000.1-hostile@example.org>' \
		'' \
		'[ Upstream commit abcdefabcdef0123456789abcdef0123456789ab ]' \
		'' \
		"\$(touch $TMP_DIRECTORY/pwned-body) \`touch $TMP_DIRECTORY/pwned-backquote\`" \
		"; touch $TMP_DIRECTORY/pwned-line | touch $TMP_DIRECTORY/pwned-pipe"
}

test_expect_success 'fixture database' '
	tui_fixtures &&
	hostile_mail >"$MAIL_DIR/cur/hostile.eml:2," &&
	notmuch_new
'

limit() {
	tui_keys l C-u
	tui_type "$1"
	tui_keys Enter
}

test_begin_subtest 'the patch view: sender names whole while the subject keeps room'
tui_start
limit upstream:faf07e611dfa
tui_keys Enter
test_expect_equal "$(tui_screen | sed -n '6,7p;14,16p')" "\
  6.6  F failed    gregkh@linuxfoundation.org FAILED: patch \"[PATCH] tpm: Cap the number of PCR banks\" failed to apply t
  6.1  B backport  Sasha Levin                [PATCH 6.1.y] tpm: Cap the number of PCR banks
 N 2025-12-29 11:41 failed       6.1            gregkh@linuxfoundation.org FAILED: patch \"[PATCH] tpm: Cap the number of
 N 2025-12-29 11:41 failed       6.6            gregkh@linuxfoundation.org FAILED: patch \"[PATCH] tpm: Cap the number of
 N 2025-12-29 23:40 backport     6.1            Sasha Levin                [PATCH 6.1.y] tpm: Cap the number of PCR bank"

# The status line's message, without a refresh's progress on its right
# (reading a notice moves the database, which a refresh then reads, and
# says nothing of).
status_message() {
	tui_status | sed -E -e 's/ {2,}(Refreshing|Loading)( |\.).*$//'
}

pager_head() {
	tui_screen | sed -n '1p;5p'
	tui_title
	status_message
}

# The first lines, title and status of the pager on each of the three.
head66="From: gregkh@linuxfoundation.org
Subject: FAILED: patch \"[PATCH] tpm: Cap the number of PCR banks\" failed to apply to 6.6-stable tree
[message] 1 of 130 · notice 2 of 3 · FAILED: patch \"[PATCH] tpm: Cap the number of PCR banks\" failed to apply to 6. 29%"
head61="From: gregkh@linuxfoundation.org
Subject: FAILED: patch \"[PATCH] tpm: Cap the number of PCR banks\" failed to apply to 6.1-stable tree
[message] 1 of 130 · notice 1 of 3 · FAILED: patch \"[PATCH] tpm: Cap the number of PCR banks\" failed to apply to 6. 29%"
head_backport="From: Sasha Levin <sashal@kernel.org>
Date: Mon, 29 Dec 2025 18:40:53 -0500
[message] 1 of 114 · notice 3 of 3 · [PATCH 6.1.y] tpm: Cap the number of PCR banks                                 33%"

test_begin_subtest 'Enter opens the 6.6 notice; J shows the next notice of the patch'
tui_keys Enter
before=$(pager_head)
tui_keys J
test_expect_equal "$before
$(pager_head)" "$head66
$head_backport"

test_begin_subtest 'J on the last notice stays, and says so'
tui_keys J
test_expect_equal "$(pager_head)" "$head_backport
Last notice of this patch"

test_begin_subtest 'K goes back, twice, to the first notice; once more says so'
tui_keys K K
first=$(pager_head)
tui_keys K
test_expect_equal "$first
$(status_message)" "$head61
First notice of this patch"

test_begin_subtest 'q: the patch view points at the notice shown last, every one read'
tui_keys q
test_expect_equal "$(tui_screen | sed -n '14,16p'; tui_title)" "\
   2025-12-29 11:41 failed       6.1            gregkh@linuxfoundation.org FAILED: patch \"[PATCH] tpm: Cap the number of
   2025-12-29 11:41 failed       6.6            gregkh@linuxfoundation.org FAILED: patch \"[PATCH] tpm: Cap the number of
   2025-12-29 23:40 backport     6.1            Sasha Levin                [PATCH 6.1.y] tpm: Cap the number of PCR bank
[patch] 14 of 16 · tpm: Cap the number of PCR banks                                                                100%"

test_begin_subtest 'H shows the message as it is on disk, headers and all'
tui_keys Enter H
test_expect_equal "$(tui_screen | sed -n '1,3p;22,25p'; tui_title)" "\
Return-Path: <stable+bounces-203521-lists+stable=lfdr.de@vger.kernel.org>
X-Original-To: lists+stable@lfdr.de
Delivered-To: lists+stable@lfdr.de
ARC-Seal:i=1; a=rsa-sha256; d=subspace.kernel.org; s=arc-20240116;
        t=1767008531; cv=none;
+b=MucbcCkpc5kOn2Cso+1irzhwGSNEI8Bi93h1KsYngd5CHQhXQrSv4PiIb5XSCfo89DECQ6kXditsOicKzPr7M/Tp+kdQaPg7Qv6Ni1j4xTJj+TTMUt7gc
+2bFmMYVHqMUzJMbzzAlgjYEK5twqli7Nc/gVwjPZ+GdJPIDD9sLsII=
[message] 1 of 181 · notice 1 of 3 · raw · FAILED: patch \"[PATCH] tpm: Cap the number of PCR banks\" failed to apply 20%"

test_begin_subtest 'H again shows it decoded'
tui_keys H
test_expect_equal "$(pager_head)" "$head61"

test_begin_subtest 'long lines wrap at words, continuation rows marked +'
tui_resize 50 40
test_expect_equal "$(tui_screen | sed -n '1,29p'; tui_title)" "\
From: gregkh@linuxfoundation.org
To: jarkko@kernel.org,
+jarkko.sakkinen@opinsys.com, noodles@meta.com,
+roberto.sassu@huawei.com, yi1.lai@linux.intel.com
Cc: stable@vger.kernel.org
Date: Mon, 29 Dec 2025 12:41:59 +0100
Subject: FAILED: patch \"[PATCH] tpm: Cap the
+number of PCR banks\" failed to apply to
+6.1-stable tree


The patch below does not apply to the 6.1-stable
+tree.
If someone wants it applied there, or to any other
+stable or longterm
tree, then please email the backport, including
+the original git commit
id to <stable@vger.kernel.org>.

To reproduce the conflict and resubmit, you may
+use the following commands:

git fetch
+https://git.kernel.org/pub/scm/linux/kernel/git/s
+table/linux.git/ linux-6.1.y
git checkout FETCH_HEAD
git cherry-pick -x
+faf07e611dfa464b201223a7253e9dc5ee0f3c9e
# <resolve conflicts, build, test, etc.>
[message] 1 of 172 · notice 1 of 3 · FAILED:  22%"

test_begin_subtest 'and follow the width back'
tui_resize 120 40
test_expect_equal "$(pager_head)" "$head61"

# The command the pipe tests give the message to: it keeps its standard
# input, its arguments and its parent's name (stablemate itself when no
# shell ran it), and exits 3.
cat >"$TMP_DIRECTORY/capture.sh" <<SCRIPT
#!/bin/sh
cat >"$TMP_DIRECTORY/piped"
printf '[%s]\n' "\$@" >"$TMP_DIRECTORY/args"
ps -o comm= -p \$PPID >"$TMP_DIRECTORY/parent"
exit 3
SCRIPT
chmod +x "$TMP_DIRECTORY/capture.sh"
# Its file: reading it renames it (maildir flags).
hostile_file() {
	notmuch search --output=files id:20251201100000.1-hostile@example.org
}

pipe() {
	tui_keys '|'
	tui_type "$1"
	tui_keys Enter
	tui_wait 'Press any key to return to stablemate' >/dev/null
	waited=$(tui_screen | grep 'Press any key')
	tui_keys Enter
}

test_begin_subtest '| in the patch view pipes the notice under the cursor, with no shell'
tui_keys q q
limit upstream:abcdefabcdef
tui_keys Enter
pipe "$TMP_DIRECTORY/capture.sh 'two  words' \"a'b\" plain"
test_expect_equal "$waited
$(status_message)
$(cat "$TMP_DIRECTORY/args" "$TMP_DIRECTORY/parent")
$(cmp "$(hostile_file)" "$TMP_DIRECTORY/piped" && echo same)" "\
[exit status 3] Press any key to return to stablemate
| $TMP_DIRECTORY/capture.sh 'two  words' \"a'b\" plain: exit status 3
[two  words]
[a'b]
[plain]
stablemate
same"

test_begin_subtest '| in the pager: shell syntax the user typed runs in a shell'
tui_keys Enter
pipe "$TMP_DIRECTORY/capture.sh; exit 0"
test_expect_equal "$(status_message)
$(cat "$TMP_DIRECTORY/parent")
$(cmp "$(hostile_file)" "$TMP_DIRECTORY/piped" && echo same)" "\
| $TMP_DIRECTORY/capture.sh; exit 0: exit status 0
sh
same"

test_begin_subtest 'text from the mail never runs: not its subject, not its body'
pipe "cat >$TMP_DIRECTORY/piped-by-shell"
test_expect_equal "$(ls "$TMP_DIRECTORY" | grep -c pwned)
$(cmp "$(hostile_file)" "$TMP_DIRECTORY/piped-by-shell" && echo same)
$(tui_screen | grep -c 'touch')" "\
0
same
4"

test_begin_subtest 'a command that cannot start says why; Escape cancels'
tui_keys '|'
tui_type no-such-command-here
tui_keys Enter
failed=$(status_message)
tui_keys '|' Escape
test_expect_equal "$failed
$(status_message)" "\
| cannot run \"no-such-command-here\": Failed to execute child process “no-such-command-here” (No such file or directory)
Pipe to: cancelled"

test_begin_subtest '| in the list says what it needs'
tui_keys q q '|'
test_expect_equal "$(status_message)" "pipe-message: no message here (open a notice first)"
test_done
