#!/bin/sh
# t-git-show.sh - Enter on a Git line of the patch view shows the commit it
# is about in the pager, as `git show --pretty=fuller --patch-with-stat`
# prints it: checked against the git program on the fixture repository
# (git-lib.sh), for the upstream commit and for a candidate dependency,
# in a real terminal (tmux 120x40); | gives that text to a command.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"
. "$TEST_DATA/git-lib.sh"

FX="$TMP_DIRECTORY/fx"
REPO="$FX/linux"

test_expect_success 'fixture repository, the FAILED notice, [git] repo' '
	git_fixture "$FX" >/dev/null &&
	make_maildir "$FX/failed-6.1.eml" && make_db &&
	mkdir -p "$XDG_CONFIG_HOME/stablemate" &&
	printf "[git]\nrepo = %s\n" "$REPO" >"$XDG_CONFIG_HOME/stablemate/config"
'

# What git prints for commit $1, as the terminal shows it: tabs expanded,
# no trailing blanks.
git_show() {
	(cd "$REPO" && fx show --no-color --pretty=fuller --patch-with-stat "$1") |
		expand | sed 's/ *$//'
}

# The pager's lines, above the title, without the blank rows after the end.
pager_text() {
	tui_screen | head -n $((TUI_LINES - 2)) | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}

# Search the patch view for $1, then Enter.
open_line() {
	tui_keys /
	tui_type "$1"
	tui_keys Enter Enter
}

test_begin_subtest 'the Git section names the upstream commit and its dependency'
tui_start
tui_keys Enter
tui_wait 'needs\? 1adedf6271a6' >/dev/null
test_expect_equal "$(tui_screen | grep -E '^  6\.1    |needs\?')" "\
  6.1    conflicts on linux-6.1.y: drivers/net/foo.c
         needs? 1adedf6271a6 (\"net: foo: store setup values in a table\"): missing
         needs? 0123456789ab (\"net: foo: a commit this repository does not have\"): not in the repository"

test_begin_subtest 'Enter on the tree line shows the upstream commit, as git show does'
open_line 'conflicts on'
test_expect_equal "$(pager_text)
$(tui_title | sed 's/  *[0-9]*%$//')" "$(git_show "$(cd "$REPO" && fx_id deref)")
[message] 1 of 29 · commit 7c3c36f0f302 net: foo: fix null deref in foo_setup"

test_begin_subtest 'q, then Enter on a dependency shows that commit'
tui_keys q
open_line 'needs\?'
git_show "$(cd "$REPO" && fx_id table)" >"$TMP_DIRECTORY/shown"
test_expect_equal "$(pager_text)" "$(head -n $((TUI_LINES - 2)) "$TMP_DIRECTORY/shown")"

test_begin_subtest 'a commit is not a notice: J and H say so'
tui_keys J
j=$(tui_status)
tui_keys H
test_expect_equal "$j
$(tui_status)" "\
next-message: this is a commit, not a notice
toggle-raw: this is a commit, not a message"

test_begin_subtest '| gives the commit, as shown, to a command (git apply, say), from a file removed after'
cat >"$TMP_DIRECTORY/keep.sh" <<EOF
#!/bin/sh
cat >"$TMP_DIRECTORY/piped"
readlink /proc/\$\$/fd/0 >"$TMP_DIRECTORY/stdin"
EOF
chmod +x "$TMP_DIRECTORY/keep.sh"
tui_keys '|'
tui_type "$TMP_DIRECTORY/keep.sh"
tui_keys Enter
tui_wait 'Press any key to return to stablemate' >/dev/null
tui_keys Enter
test_expect_equal "$(tui_status)
$(expand "$TMP_DIRECTORY/piped" | sed 's/ *$//' | diff - "$TMP_DIRECTORY/shown" && echo same)
$(test -e "$(cat "$TMP_DIRECTORY/stdin")" || echo removed)" "\
| $TMP_DIRECTORY/keep.sh: exit status 0
same
removed"

test_begin_subtest '| on a Git line of the patch view gives that commit'
rm -f "$TMP_DIRECTORY/piped"
tui_keys q
tui_keys '|'
tui_type "$TMP_DIRECTORY/keep.sh"
tui_keys Enter
tui_wait 'Press any key to return to stablemate' >/dev/null
tui_keys Enter
test_expect_equal "$(tui_title | sed 's/ ·.*//')
$(tui_status)
$(expand "$TMP_DIRECTORY/piped" | sed 's/ *$//' | diff - "$TMP_DIRECTORY/shown" && echo same)" "\
[patch] 10 of 20
| $TMP_DIRECTORY/keep.sh: exit status 0
same"
test_done
