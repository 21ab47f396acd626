#!/bin/sh
# t-bench-screen.sh - tests/bench-screen, the benchmark's first-screen timer,
# finds what it times: the rows of a list on a real screen (tmux), a
# screenful only when the terminal is full, the end of loading, and it
# fails, saying so, when the screen never comes.  The times themselves are
# not checked (make check has no timing): only their order.
. "$TEST_DATA/lib.sh"

SCREEN="$BUILD_DIR/tests/bench-screen"

# keys: the names and counts, times replaced by T (or "never").
keys() {
	awk '$2 == "never" { print; next }
	     $1 ~ /^(frame|first_row|screen|loaded)$/ { print $1, "T"; next }
	     $1 ~ /_kib$/ { print $1, ($2 > 0 ? "K" : $2); next }
	     $1 == "polls" { next } { print }' "$1"
}
# run_screen ARG...: run bench-screen ARG... into out; its keys, exit status and
# complaints (times in them as S) into actual.
run_screen() {
	"$SCREEN" "$@" >out 2>err
	echo "status $?" >>out
	keys out >actual
	sed 's/after [0-9.]* s/after S s/' err >>actual
}
# nothing_seen REASON...: the keys of a run that saw no title line, then REASON's lines.
nothing_seen() {
	printf '%s\n' "frame never" "first_row never" "screen never" "loaded never" "rows 0" "status 1" "$@"
}
# in_order FILE: frame <= first_row <= screen <= loaded, and first_row < screen when STRICT.
in_order() {
	awk -v strict="${2:-}" '{ t[$1] = $2 } END {
		ok = t["frame"] <= t["first_row"] && t["first_row"] <= t["screen"] && t["screen"] <= t["loaded"]
		if (strict) ok = ok && t["first_row"] < t["screen"]
		print ok ? "in order" : "out of order: " t["frame"] " " t["first_row"] " " t["screen"] " " t["loaded"]
	}' "$1"
}

# A list drawn in three steps: ten rows while loading, then a screenful
# (37 rows, 40 lines less header, title and status) while loading, then
# the same loaded.
cat >fake-list <<'EOF'
#!/bin/sh
draw() {
	printf '\033[H\033[2J   header\n'
	i=1
	while [ $i -le $1 ]; do echo " row $i"; i=$((i + 1)); done
	while [ $i -le 37 ]; do echo; i=$((i + 1)); done
	printf '[patches] 1 of %s%s\n%s' "$1" "$2" "$3"
}
sleep 0.2
draw 10 ' · loading' ''
sleep 1
draw 37 ' · loading' 'Loading'
sleep 1
draw 37 '' '37 patches from 80 notices'
sleep 600
EOF
chmod +x fake-list

test_begin_subtest "a screenful is every row of the terminal; ten rows are only the first"
run_screen -- ./fake-list
cat >expected <<'EOF'
frame T
first_row T
screen T
loaded T
rows 37
rss_kib K
hwm_kib K
status 0
EOF
test_expect_equal_file expected actual

test_begin_subtest "the first row comes before the screenful, the screenful before the end of loading"
test_expect_equal "$(in_order out strict)" "in order"

test_begin_subtest "--rows: ten rows make a screenful when asked"
"$SCREEN" --rows 10 -- ./fake-list >out 2>err
test_expect_equal "$(awk '$1 == "rows"' out) $(in_order out)" "rows 10 in order"

test_begin_subtest "the demo's list: all of its 8 patches once loaded"
run_screen -- "$STABLEMATE" --demo --demo-dir "$TMP_DIRECTORY/demo"
printf '%s\n' "frame T" "first_row T" "screen T" "loaded T" "rows 8" "rss_kib K" "hwm_kib K" "status 0" >expected
test_expect_equal_file expected actual

test_begin_subtest "no title line: status 1 and the reason"
run_screen --timeout 1 -- sh -c 'echo no list here; sleep 600'
nothing_seen "bench-screen: no title line within 1 s" >expected
test_expect_equal_file expected actual

test_begin_subtest "a list that never stops loading: status 1 and the reason"
sed -e 's/^draw 37 .. .37 patches.*//' fake-list >never-loaded && chmod +x never-loaded
run_screen --timeout 3 -- ./never-loaded
cat >expected <<'EOF'
frame T
first_row T
screen T
loaded never
rows 37
status 1
bench-screen: the load did not end within 3 s
EOF
test_expect_equal_file expected actual

test_begin_subtest "the program ending before its screen: status 1"
run_screen --timeout 5 -- sh -c 'exit 0'
nothing_seen "bench-screen: the program ended after S s" >expected
test_expect_equal_file expected actual

test_begin_subtest "a program waiting at its key-file prompt: status 1 and the prompt's screen"
mkdir -p "$XDG_CONFIG_HOME/stablemate"
echo "bind list z no-such-action" >"$XDG_CONFIG_HOME/stablemate/keys"
run_screen --timeout 60 -- "$STABLEMATE" --demo --demo-dir "$TMP_DIRECTORY/demo"
rm "$XDG_CONFIG_HOME/stablemate/keys"
nothing_seen "bench-screen: the program waits at its key-file prompt:" \
	"  stablemate: $XDG_CONFIG_HOME/stablemate/keys:1: unknown action 'no-such-action'" \
	"  Press Enter to go on without these bindings, or q and Enter to quit:" >expected
test_expect_equal_file expected actual

test_done
