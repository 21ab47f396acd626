#!/bin/sh
# t-maintained.sh - the user's MAINTAINERS sections over the corpus: the
# "maintained" field of list and show, from [maintainers] file or from the
# MAINTAINERS blob at HEAD of [git] repo, by section name or by address;
# in the TUI, the M column, the m key (the saved limit) and a MAINTAINERS
# read again when its blob changes.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

make_maildir "$TEST_DATA"/corpus/*.eml
make_db
mkdir -p "$XDG_CONFIG_HOME/stablemate"
CONFIG="$XDG_CONFIG_HOME/stablemate/config"

# "upstream maintained" for every patch that has an upstream id, sorted.
maintained_pairs() {
	awk '/^      "upstream": /{ up = $2 } /^      "maintained": /{ print up " " $2 }' "$OUTPUT" |
		tr -d '",' | grep -v '^null' | sort
}

test_begin_subtest "[maintainers] sections names the user's: the USB patches are maintained"
printf '[maintainers]\nfile = %s\nsections = USB SUBSYSTEM\n' "$TEST_DATA/maintainers/MAINTAINERS" >"$CONFIG"
run_stablemate list --format=json
maintained_pairs | grep ' true$' >actual
echo "status $run_status" >>actual
# two cdc-acm fixes (drivers/usb/class/) and the tcpm one (drivers/usb/typec/)
cat >expected <<'EOF2'
64690a90cd7c6db16d3af8616be1f4bf8d492850 true
79579411826647fd573dbe301c4d933bc90e4be7 true
cdc9946ea6377e8e214b135ccc308c5e514ba25f true
status 0
EOF2
test_expect_equal_file expected actual

test_begin_subtest "... the others are not; a patch with no diff is not either"
{ grep -c '"maintained": false' "$OUTPUT"; grep -c '"files": \[\]' "$OUTPUT"; } >actual
# 34 patches: 3 maintained, 31 not, 9 of those with no diff at all
printf '%s\n' 31 9 >expected
test_expect_equal_file expected actual

test_begin_subtest "by the user's address (R: in a section): the devfreq patch"
sed 's/^M:\tChanwoo Choi <cw00.choi@samsung.com>$/&\nR:\tTest Maintainer <MAINT@example.org>/' \
	"$TEST_DATA/maintainers/MAINTAINERS" >MAINTAINERS
printf '[maintainers]\nfile = %s\n' "$PWD/MAINTAINERS" >"$CONFIG"
run_stablemate list --format=json
maintained_pairs | grep ' true$' >actual
cat >expected <<'EOF2'
914cc799b28f17d369d5b4db3b941957d18157e8 true
EOF2
test_expect_equal_file expected actual

test_begin_subtest "from HEAD of [git] repo when no file is named"
git init -q repo
cp MAINTAINERS repo/MAINTAINERS
git -C repo add MAINTAINERS
git -C repo -c user.name=T -c user.email=t@example.org commit -q -m maintainers
printf '[git]\nrepo = %s\n' "$PWD/repo" >"$CONFIG"
run_stablemate list --format=json
maintained_pairs | grep ' true$' >actual
test_expect_equal_file expected actual

test_begin_subtest "show says it too"
run_stablemate show --format=json 914cc799b28f
grep -c '"maintained": true' "$OUTPUT" >actual
echo 1 >expected
test_expect_equal_file expected actual

test_begin_subtest "a repository without MAINTAINERS: maintained is null, and nothing is said"
git init -q empty
printf '[git]\nrepo = %s\n' "$PWD/empty" >"$CONFIG"
run_stablemate list --format=json
{ grep -c '"maintained": null' "$OUTPUT" | sed 's/^[1-9][0-9]*$/some/'; cat "$ERRORS"; } >actual
echo some >expected
test_expect_equal_file expected actual

test_begin_subtest "a [maintainers] file that cannot be read is said on stderr"
printf '[maintainers]\nfile = %s\n' "$PWD/nowhere" >"$CONFIG"
run_stablemate list --format=json
sanitize_paths <"$ERRORS" >actual
echo "stablemate: [maintainers] file: Failed to open file “TMP/nowhere”: No such file or directory" >expected
test_expect_equal_file expected actual

# K: over the patch's text as get_maintainer.pl reads a patch mail: the
# virtio fix adds a call to virtio_config_enable() (in a '+' line only:
# not in its subject, message or files); destroy_avq is in a context line
# of it, which K: does not look at.
keyword_section() {
	{ cat "$TEST_DATA/maintainers/MAINTAINERS"
	  printf '\nVIRTIO TEST KEYWORD\nM:\tTest Maintainer <maint@example.org>\nK:\t%s\n' "$1"; } >MAINTAINERS-K
	printf '[maintainers]\nfile = %s\n' "$PWD/MAINTAINERS-K" >"$CONFIG"
}
test_begin_subtest "K: matches an added line of the diff (not the subject, message or files)"
keyword_section '\bvirtio_config_enable\b'
run_stablemate list --format=json
maintained_pairs | grep ' true$' >actual
echo 310227f42882c52356b523e2f4e11690eebcd2ab true >expected
test_expect_equal_file expected actual

test_begin_subtest "... and not a context line"
keyword_section '\bdestroy_avq\b'
run_stablemate list --format=json
maintained_pairs | grep -c ' true$' >actual
echo 0 >expected
test_expect_equal_file expected actual

# The answers are kept by the mail's message-id under the K: expressions:
# a second list reads no mail (with the virtio mails gone it says the
# same); without the kept answers and the mail, only the subject is left.
test_begin_subtest "K: answers are kept: a second list reads no mail"
keyword_section '\bvirtio_config_enable\b'
run_stablemate list --format=json
kept=$(ls "$XDG_CACHE_HOME"/stablemate/git/keywords-*)
mkdir -p away && mv "$MAIL_DIR"/cur/084.eml* "$MAIL_DIR"/cur/085.eml* away/
run_stablemate list --format=json
maintained_pairs | grep ' true$' >actual
rm $kept
run_stablemate list --format=json
maintained_pairs | grep -c ' true$' >>actual
mv away/* "$MAIL_DIR/cur/"
printf '%s\n' '310227f42882c52356b523e2f4e11690eebcd2ab true' 0 >expected
test_expect_equal_file expected actual

# The title without the cursor's place: the patches shown, the limit, the order.
title() {
	tui_title | sed -e 's/  */ /g' -e 's/ [0-9]* of / /'
}

test_begin_subtest "TUI: the M column marks the patches in the user's sections"
printf '[maintainers]\nfile = %s\nsections = USB SUBSYSTEM\n' "$PWD/MAINTAINERS" >"$CONFIG"
tui_start
{ tui_line 1 | cut -c1-6; tui_screen | sed 1d | grep -c '^....M'; } >actual
printf '%s\n' '*NTGM ' 3 >expected
test_expect_equal_file expected actual

test_begin_subtest "m shows only those; the title says so"
tui_keys m
title >actual
echo '[patches] 3 · maintained · by urgency 100%' >expected
test_expect_equal_file expected actual

test_begin_subtest "m again: every patch"
tui_keys m
title >actual
echo '[patches] 34 · by urgency 100%' >expected
test_expect_equal_file expected actual

test_begin_subtest "R reads a changed MAINTAINERS again: devfreq is in USB SUBSYSTEM now"
tui_keys m
before=$(title)
sed -i 's|^F:\tinclude/uapi/linux/usb/$|&\nF:\tdrivers/devfreq/|' MAINTAINERS
tui_keys R
tui_wait_status 'MAINTAINERS read again'
{ echo "$before"; title; } >actual
printf '%s\n' '[patches] 3 · maintained · by urgency 100%' \
	'[patches] 4 · maintained · by urgency 100%' >expected
test_expect_equal_file expected actual

test_done
