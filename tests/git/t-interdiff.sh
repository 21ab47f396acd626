#!/bin/sh
# t-interdiff.sh - what a backport changed from upstream, as `git range-diff`
# shows it: against real git range-diff on a crafted repository (where
# range-diff shows a context-only hunk, stablemate leaves it out), and
# between a real archive's two adapted backports (tests/interdiff), in
# show and in the TUI's patch view.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

mkdir -p "$XDG_CONFIG_HOME/stablemate"
CONFIG="$XDG_CONFIG_HOME/stablemate/config"

g() {
	GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME=/nonexistent \
	GIT_AUTHOR_NAME="Alice Dev" GIT_AUTHOR_EMAIL=alice@example.org \
	GIT_COMMITTER_NAME="Alice Dev" GIT_COMMITTER_EMAIL=alice@example.org \
	GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z" \
		git -C "$TMP_DIRECTORY/repo" "$@"
}
# lines FROM TO WORD: "\tWORD N;" for N in FROM..TO
lines() {
	i=$1
	while [ "$i" -le "$2" ]; do printf '\t%s %d;\n' "$3" "$i"; i=$((i + 1)); done
}
# A C file: a function header, then lines FROM..TO of WORD.
cfile() {
	{ printf 'static int %s(void)\n{\n' "$3"; lines "$1" "$2" "$3"; printf '}\n'; } >"$TMP_DIRECTORY/repo/$4"
}

test_expect_success 'a repository: upstream changes a.c, b.c, d.c and z.c; the 6.1 backport adapts them' '
	git init -q -b master repo &&
	cfile 1 40 alpha a.c && cfile 1 20 beta b.c && cfile 1 20 gamma z.c && cfile 1 10 delta d.c &&
	g add . && g commit -q -m base && g branch linux-6.1.y &&
	sed -i -e "s/alpha 10;/alpha 10 fixed;/" -e "s/alpha 30;/alpha 30 fixed;/" repo/a.c &&
	sed -i -e "s/beta 5;/beta 5 fixed;/" repo/b.c &&
	sed -i -e "s/gamma 10;/gamma 10 fixed;/" repo/z.c &&
	sed -i -e "s/delta 5;/delta 5 fixed;/" repo/d.c &&
	g commit -q -a -m "fix: the thing" -m "It was broken." &&
	g checkout -q linux-6.1.y &&
	sed -i -e "s/gamma 12;/gamma 12 older;/" repo/z.c && g commit -q -a -m "z.c as 6.1 has it" &&
	sed -i -e "s/alpha 10;/alpha 10 fixed;/" -e "s/alpha 30;/alpha 30 fixed otherwise;/" repo/a.c &&
	sed -i -e "s/beta 5;/beta 5 fixed;/" -e "s/beta 15;/beta 15 also;/" repo/b.c &&
	sed -i -e "s/gamma 10;/gamma 10 fixed;/" repo/z.c &&
	g commit -q -a -m "fix: the thing" -m "It was broken." &&
	up=$(g rev-parse master) && bp=$(g rev-parse linux-6.1.y) &&
	echo "$up $bp" >ids &&
	{
		printf "From: Alice Dev <alice@example.org>\nTo: stable@vger.kernel.org\n"
		printf "Subject: [PATCH 6.1.y] fix: the thing\nDate: Mon, 01 Jan 2024 10:00:00 +0000\n"
		printf "Message-ID: <backport-61@example.org>\n\n[ Upstream commit %s ]\n\nIt was broken.\n" "$up"
		printf "\nSigned-off-by: Alice Dev <alice@example.org>\n---\n"
		g diff "$bp^" "$bp"
	} >backport.eml &&
	make_maildir "$PWD/backport.eml" && make_db &&
	printf "[git]\nrepo = %s\n" "$TMP_DIRECTORY/repo" >"$CONFIG"'

read up bp <ids

test_begin_subtest "show: the interdiff against upstream is git range-diff's, without the context-only hunk"
run_stablemate show "$up"
sed -n '/^interdiff 6.1/,$p' "$OUTPUT" >actual
{
	printf 'interdiff 6.1: 1 hunk changed, 1 added, 1 dropped (against upstream %.12s)\n' "$up"
	# range-diff's pair header line goes; so does the hunk of z.c, whose
	# change is upstream's with other context ("gamma 12 older").
	g range-diff --no-color "$up^!" "$bp^!" | sed 1d |
		awk '/^    @@ z.c/ { skip = 1; next } /^    @@/ { skip = 0 } !skip'
} >expected
shown=$(sed 1d expected | wc -l)
test_expect_equal_file expected actual

test_begin_subtest "... which does show the context-only hunk of z.c"
g range-diff --no-color "$up^!" "$bp^!" | grep -c '^    - 	gamma 12;$' >actual
echo 1 >expected
test_expect_equal_file expected actual

test_begin_subtest "JSON: the same, one line a string, with its summary"
run_stablemate show --format=json "$up"
python3 -c 'import json, sys
for p in json.load(open(sys.argv[1]))["patches"]:
    for d in p["interdiff"]:
        print(d["tree"], d["against"], d["reference"] == sys.argv[2], d["notice"], d["summary"], len(d["lines"]))
' "$OUTPUT" "$up" >actual
echo "6.1 upstream True backport-61@example.org 1 hunk changed, 1 added, 1 dropped $shown" >expected
test_expect_equal_file expected actual

test_begin_subtest "without the repository: nothing to compare with (one notice)"
rm "$CONFIG"
run_stablemate show "$up"
grep -c '^interdiff' "$OUTPUT" >actual
run_stablemate show --format=json "$up"
grep '"interdiff"' "$OUTPUT" >>actual
printf '0\n      "interdiff": []\n' >expected
test_expect_equal_file expected actual

test_begin_subtest "two real adapted backports ([ adjust context ]): 4.9's against 4.19's, the hunk 4.9 adds"
make_maildir "$TEST_DATA/interdiff/stable-4.19.eml" "$TEST_DATA/interdiff/stable-4.9.eml"
notmuch_new >/dev/null
run_stablemate show 9aaa81c3366e
sed -n '/^interdiff 4.9/,$p' "$OUTPUT" >actual
# Hunk for hunk: 4.19's in ci_cable_notifier is 4.9's in ci_vbus_notifier
# (another function around the same change: kept, it changes the hunk),
# and 4.9 has one more, in ci_id_notifier.  Checked against git diff
# --no-index of the two texts written as range-diff writes them.
cp "$TEST_DATA/interdiff/4.9-against-4.19.txt" expected
test_expect_equal_file expected actual

# list's JSON: each adapted tree with its summary (format version 2).  The
# summaries are kept by the two notices' message-ids, so a second list
# reads no mail: with both mails gone it says the same; without the cache
# (and the mails) it cannot say (null).
adapted() {
	run_stablemate list --format=json
	python3 -c 'import json, sys
for p in json.load(open(sys.argv[1]))["patches"]:
    if p["adapted"]:
        print(p["upstream"][:12], json.dumps(p["adapted"]))
' "$OUTPUT"
}
test_begin_subtest "list JSON: each adapted tree and its summary, kept: a second list reads no mail"
adapted >actual
cat "$XDG_CACHE_HOME/stablemate/git/interdiff-summaries" >>actual
mails=$(notmuch search --output=files from:johan@kernel.org)
mkdir -p "$TMP_DIRECTORY/away" && mv $mails "$TMP_DIRECTORY/away/"
adapted >>actual
rm "$XDG_CACHE_HOME/stablemate/git/interdiff-summaries"
adapted >>actual
for m in $mails; do mv "$TMP_DIRECTORY/away/${m##*/}" "$m"; done
printf '%s\n' '9aaa81c3366e {"4.9": "1 hunk changed, 1 added"}' 'stablemate-git summaries 1 104' \
	"$(printf '20211115080019.23830-1-johan@kernel.org\t20211115080043.23894-1-johan@kernel.org\t1 hunk changed, 1 added')" \
	'9aaa81c3366e {"4.9": "1 hunk changed, 1 added"}' '9aaa81c3366e {"4.9": null}' >expected
test_expect_equal_file expected actual

test_begin_subtest "TUI: the patch view shows it under its own heading"
tui_start
tui_keys Enter
tui_wait '^Interdiff'
tui_screen | sed -n '/^Interdiff/,$p' | head -n 6 >actual
cat >expected <<'EOF2'
Interdiff (what each tree's diff changed, as git range-diff shows it)
  4.9: 1 hunk changed, 1 added (against notice 20211115080019.23830-1-johan@kernel.org)
    @@ drivers/usb/chipidea/core.c: static irqreturn_t ci_irq(int irq, void *data)
      static int ci_vbus_notifier(struct notifier_block *nb, unsigned long event,
                                void *ptr)
      {
EOF2
test_expect_equal_file expected actual

# The interdiff is made off the interface's thread: with the 4.9 mail a
# FIFO that nobody writes yet, its read blocks, the section says how far
# the job got, and the view still answers keys.  A FIFO is no mail (the
# read then fails: no interdiff); with the file back, the view opened
# again shows it.
test_begin_subtest "TUI: while a mail is read, the section says how far it got and keys still work"
mail=$(notmuch search --output=files id:20211115080043.23894-1-johan@kernel.org)
mv "$mail" "$TMP_DIRECTORY/4.9.eml" && mkfifo "$mail"
tui_start
tui_keys Enter
tui_wait 'comparing the diffs'
tui_screen | grep -A1 '^Interdiff' >actual
tui_keys j
tui_title | cut -d' ' -f1-4 >>actual
timeout 20 sh -c ': >"$1"' - "$mail"
tui_wait '^Notices' && tui_settle
tui_screen | grep -c '^Interdiff' >>actual
rm "$mail" && mv "$TMP_DIRECTORY/4.9.eml" "$mail"
tui_keys q Enter
tui_wait '4.9: 1 hunk changed'
tui_screen | grep -A1 '^Interdiff' >>actual
cat >expected <<'EOF2'
Interdiff (what each tree's diff changed, as git range-diff shows it)
  comparing the diffs: 3 of 4 read...
[patch] 7 of 18
0
Interdiff (what each tree's diff changed, as git range-diff shows it)
  4.9: 1 hunk changed, 1 added (against notice 20211115080019.23830-1-johan@kernel.org)
EOF2
test_expect_equal_file expected actual

test_done
