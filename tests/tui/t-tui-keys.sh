#!/bin/sh
# t-tui-keys.sh - key maps as data: the user's key file and --keymap
# override the defaults, key sequences, errors named by file:line, the ':'
# prompt and the help view built from the bindings in force.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

test_expect_success 'fixture database' 'tui_fixtures'

mkdir -p "$XDG_CONFIG_HOME/stablemate"
cat >"$XDG_CONFIG_HOME/stablemate/keys" <<'EOF'
# A user's own bindings, read after default.keys.
bind list    w mark
bind generic a none
source vi.keys
EOF

test_begin_subtest 'a user key binds a new key'
tui_start
tui_keys w
test_expect_equal "$(tui_title)" \
	"[patches] 2 of 9 · by urgency · 1 marked                                                                           100%"

test_begin_subtest 'binding to none unbinds a default key'
tui_keys a
test_expect_equal "$(tui_status)" ""

test_begin_subtest 'vi.keys, sourced from the user file: G and g g'
tui_keys G
last=$(tui_title)
tui_keys g
pending=$(tui_status)
tui_keys g
test_expect_equal "$last
$pending
$(tui_title)" "\
[patches] 9 of 9 · by urgency · 1 marked                                                                           100%
g -
[patches] 1 of 9 · by urgency · 1 marked                                                                           100%"

test_begin_subtest 'a sequence that leads nowhere says which keys'
tui_keys g x
test_expect_equal "$(tui_status)" "g x: no action bound here (press ? for help)"

test_begin_subtest 'an unbound key says so'
tui_keys F5
test_expect_equal "$(tui_status)" "F5: no action bound here (press ? for help)"

test_begin_subtest 'the help view shows the user bindings and where they came from'
tui_keys '?'
# The last page overlaps the one before it: each line once.
help=$(tui_view_lines | awk '$0 == "" || !seen[$0]++')
test_expect_equal "$(printf '%s\n' "$help" | grep -E '^  from| (move-first|move-last|mark)  ' |
	sanitize_paths | sed 's/  */ /g')" "\
 from $(printf '%s' "$TEST_DATA" | sed 's|/tests$||')/keymaps/default.keys
 from TMP/home/.config/stablemate/keys
 from $(printf '%s' "$TEST_DATA" | sed 's|/tests$||')/keymaps/vi.keys
 Home, g g move-first Move to the first line
 End, G move-last Move to the last line
 t, w mark Mark or unmark the selected patch"

test_begin_subtest 'approve, unbound by the user, is listed as not bound'
test_expect_equal "$(printf '%s\n' "$help" | grep -E -A2 '^Not bound' | sed 's/  */ /g')" "\
Not bound to a key (run them with :name)
 search-back Search backward for a pattern
 approve Approve: tag approved; reply with an Acked-by if [reply] ack (else asked)"

test_begin_subtest 'the : prompt runs an action by name, with Tab completion'
tui_keys q :
tui_type mark-a
tui_keys Tab
completed=$(tui_status)
tui_keys Enter
test_expect_equal "$completed
$(tui_status)" "\
:mark-all
Marked 9 patches"

test_begin_subtest 'an unknown name at the : prompt is an error'
tui_keys :
tui_type frobnicate
tui_keys Enter
test_expect_equal "$(tui_status)" "No action called 'frobnicate' (Tab completes, ? lists them)"

test_begin_subtest 'Escape abandons a prompt'
tui_keys l
tui_type tree:6.1
tui_keys Escape
test_expect_equal "$(tui_title)" \
	"[patches] 1 of 9 · by urgency · 9 marked                                                                           100%"
tui_keys Q
tui_exited

cat >"$TMP_DIRECTORY/bad.keys" <<'EOF'
bind list Foo approve
bind lst a approve

bind list a aprove
bind list x checkout
EOF

test_begin_subtest 'key file errors are reported with file:line before the screen'
tui_launch --keymap "$TMP_DIRECTORY/bad.keys"
tui_wait 'Press Enter' >/dev/null
test_expect_equal "$(tui_screen | grep -v '^$' | sanitize_paths)" "\
stablemate: TMP/bad.keys:1: unknown key name 'Foo'
stablemate: TMP/bad.keys:2: unknown view 'lst' (generic, list, patch, pager, help)
stablemate: TMP/bad.keys:4: unknown action 'aprove'
Press Enter to go on without these bindings, or q and Enter to quit:"

test_begin_subtest 'Enter goes on, with the good lines of the file in force'
tui_keys Enter
tui_wait '^\[patches\]' >/dev/null
tui_keys x
test_expect_equal "$(tui_status)" "Checkout on tree:"
tui_keys Escape Q
tui_exited

test_begin_subtest 'q stops at the key file errors, with status 1'
tui_launch --keymap "$TMP_DIRECTORY/bad.keys"
tui_wait 'Press Enter' >/dev/null
tui_keys q Enter
tui_exited
test_expect_equal "$(cat "$TMP_DIRECTORY/tui-status")" "1"

test_begin_subtest 'a missing --keymap file is an error too'
tui_launch --keymap "$TMP_DIRECTORY/none.keys"
tui_wait 'Press Enter' >/dev/null
test_expect_equal "$(tui_screen | grep -c 'none.keys')" "1"
tui_keys q Enter
tui_exited

# mutt.keys, the shipped mutt-like map, sourced by its shipped name.
cat >"$XDG_CONFIG_HOME/stablemate/keys" <<'EOF'
source mutt.keys
EOF

test_begin_subtest 'mutt.keys: c is the query, $ the refresh'
tui_start
tui_keys c
query=$(tui_status | cut -c1-15)
tui_keys Escape
tui_keys '$'
tui_wait_status 'Up to date' >/dev/null
test_expect_equal "$query
$(tui_status)" "\
Notmuch query: 
Up to date"

test_begin_subtest 'mutt.keys: d is done (u undoes it), C the checkout'
tui_keys d
tui_wait_status 'done: .*' >/dev/null
done=$(tui_status)
tui_keys u
tui_wait_status 'undid .*' >/dev/null
undone=$(tui_status | cut -c1-13)
tui_keys C
test_expect_equal "$done
$undone
$(tui_status | cut -c1-17)" "\
done: 1 patch tagged stablemate/done, no mail sent (u undoes)
undid done of
Checkout on tree:"
tui_keys Escape

test_begin_subtest 'mutt.keys: the help view lists the keys in force'
tui_keys '?'
tui_wait '^\[help\]' >/dev/null
test_expect_equal "$(tui_screen | grep -E '^  (x|c|d|\$|C) ' | sed 's/  */ /g')" "\
 $ refresh Read new mail from the notmuch database now
 c query Reload the list from a different notmuch query
 d done Done: tag the patch handled (no mail)"
tui_keys q

test_begin_subtest 'mutt.keys: x quits, with status 0'
tui_keys x
tui_exited
test_expect_equal "$(cat "$TMP_DIRECTORY/tui-status")" "0"

test_done
