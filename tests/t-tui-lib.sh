# t-tui-lib.sh - drive the real TUI in a real terminal: tmux.
#
# Sourced by the t-tui*.sh tests after tests/lib.sh.  The program runs in
# a tmux server of the test's own (a socket in TMP_DIRECTORY), in a window
# of 120x40 unless told otherwise; keys go in with send-keys and the
# screen comes back with capture-pane, as text.
#
#   tui_fixtures             a maildir and notmuch database from corpus
#                            mail: reviews with a deadline 1d 12h ahead,
#                            AUTOSEL, FAILED, added, dropped, backports
#   tui_launch ARG...        start stablemate ARG... in a new terminal, with
#                            the variables in TUI_ENV (NAME=VALUE ...) set
#   tui_start ARG...         the same, and wait for its list
#   tui_keys KEY...          send-keys, then wait for the screen to settle
#   tui_type TEXT            type TEXT literally (send-keys -l)
#   tui_wait REGEX           wait until the screen matches REGEX
#   tui_screen               the screen, ages sanitised (see below)
#   tui_screen_squeezed      the same, runs of blank lines counted
#   tui_line N               line N (1-based) of tui_screen
#   tui_view_lines           every line of the view, paging through it
#   tui_title                the title line (second to last)
#   tui_status               the status line (last)
#   tui_log_last             S, then the newest message of the log, in full
#   tui_exited               TRUE once the program has exited; its status
#                            is then in $TMP_DIRECTORY/tui-status
#
# Ages ("5y", "10mo") count from the real clock, so tui_screen replaces
# the age column of the patch list with "AGE" (and, when asked, the
# countdowns with "DUE").  Everything else on the screens comes from the
# fixtures and is compared exactly.

TUI_COLS=120
TUI_LINES=40
tui_servers=0

tmux_() {
	tmux -u -S "$TMUX_SOCKET" "$@"
}

tui_cleanup() {
	for s in "$TMP_DIRECTORY"/tmux.*.sock; do
		[ -S "$s" ] && tmux -S "$s" kill-server >/dev/null 2>&1
	done
	test_cleanup
}
trap tui_cleanup EXIT

# The fixtures: original dates (so the trees shown stay the same as the
# years go by), except for the review deadline, which is set 1d 12h 30m
# ahead so that the countdown shows.
tui_fixtures() {
	make_maildir corpus/006.eml corpus/007.eml corpus/008.eml corpus/025.eml \
		corpus/026.eml corpus/027.eml corpus/018.eml corpus/019.eml \
		corpus/016.eml corpus/043.eml corpus/045.eml corpus/029.eml \
		corpus/044.eml corpus/054.eml corpus/084.eml || return 1
	deadline=$(date -u -R -d "@$(( $(date +%s) + 36 * 3600 + 1800 ))")
	sed -e "s/^Responses should be made by .*/Responses should be made by $deadline./" \
		"$TEST_DATA/corpus/024.eml" >"$MAIL_DIR/cur/024.eml:2," || return 1
	make_db
}

# Run stablemate ARG... in a new terminal (a tmux server of its own, so
# that one run never sees the last).  The pane stays after the program
# exits, so its last screen and exit status can be read.
tui_launch() {
	[ -n "${TMUX_SOCKET:-}" ] && tmux_ kill-server >/dev/null 2>&1
	tui_servers=$((tui_servers + 1))
	TMUX_SOCKET="$TMP_DIRECTORY/tmux.$tui_servers.sock"
	rm -f "$TMP_DIRECTORY/tui-status"
	tmux_ -f /dev/null new-session -d -x "$TUI_COLS" -y "$TUI_LINES" \
		"env ${TUI_ENV:-} $STABLEMATE $*; echo \$? >'$TMP_DIRECTORY/tui-status'; sleep 600"
}

# Launch, and wait for the first load to end.
tui_start() {
	tui_launch "$@" || return 1
	tui_wait '^\[patches\] [0-9]+ of [0-9]+' && tui_wait_status '(patches from|error|cannot)'
}

tui_capture_() {
	tmux_ capture-pane -p -t 0 >"$TMP_DIRECTORY/screen.raw" 2>/dev/null
}

# Replace the age column (under "age" in the list's header) with AGE;
# with TUI_SANITIZE_DUE=1, countdowns in the "due" column with DUE too.
tui_sanitize_() {
	awk -v due="${TUI_SANITIZE_DUE:-0}" '
	NR == 1 { col = index($0, " age "); dcol = index($0, " due ") - 3 }
	{
		if (col > 0 && NR > 1 && NR < '"$TUI_LINES"' - 1 && length($0) >= col + 3 &&
		    substr($0, col, 4) ~ /^ *[0-9]+(m|h|d|w|mo|y)$/)
			$0 = substr($0, 1, col - 1) " AGE" substr($0, col + 4)
		if (due && dcol > 0 && NR > 1 && NR < '"$TUI_LINES"' - 1 &&
		    substr($0, dcol, 7) ~ /^ *[0-9]+[dhm]( [0-9]+[hm])?$/)
			$0 = substr($0, 1, dcol - 1) "    DUE" substr($0, dcol + 7)
		print
	}' "$TMP_DIRECTORY/screen.raw"
}

tui_screen() {
	tui_capture_
	tui_sanitize_
}

tui_wait() {
	i=0
	while [ $i -lt 100 ]; do
		tui_capture_
		if tui_sanitize_ | grep -qE -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "timed out waiting for: $1"
	tui_sanitize_
	return 1
}

tui_wait_status() {
	i=0
	while [ $i -lt 100 ]; do
		tui_capture_
		if tail -n 1 "$TMP_DIRECTORY/screen.raw" | grep -qE -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "timed out waiting for the status line: $1"
	tui_sanitize_
	return 1
}

# Wait until two captures 150 ms apart agree (and at least 150 ms).
tui_settle() {
	tui_capture_
	cp "$TMP_DIRECTORY/screen.raw" "$TMP_DIRECTORY/screen.prev"
	i=0
	while [ $i -lt 40 ]; do
		sleep 0.15
		tui_capture_
		if cmp -s "$TMP_DIRECTORY/screen.raw" "$TMP_DIRECTORY/screen.prev"; then
			return 0
		fi
		cp "$TMP_DIRECTORY/screen.raw" "$TMP_DIRECTORY/screen.prev"
		i=$((i + 1))
	done
}

# Run send-keys ARG..., then wait for the screen to change (for 3 s at
# most: a key may change nothing) and to settle, so that a busy machine
# does not make the test read the screen before the program drew it.
tui_send_() {
	tui_capture_
	cp "$TMP_DIRECTORY/screen.raw" "$TMP_DIRECTORY/screen.before"
	tmux_ send-keys -t 0 "$@" || return 1
	i=0
	while [ $i -lt 60 ]; do
		tui_capture_
		cmp -s "$TMP_DIRECTORY/screen.raw" "$TMP_DIRECTORY/screen.before" || break
		sleep 0.05
		i=$((i + 1))
	done
	tui_settle
}

tui_keys() {
	tui_send_ "$@"
}

tui_type() {
	tui_send_ -l "$1"
}

tui_line() {
	tui_screen | sed -n "$1p"
}

tui_title() {
	tui_line $((TUI_LINES - 1))
}

tui_status() {
	tui_line "$TUI_LINES"
}

tui_resize() {
	tmux_ resize-window -t 0 -x "$1" -y "$2" && tui_settle
}

tui_exited() {
	i=0
	while [ $i -lt 300 ]; do
		[ -f "$TMP_DIRECTORY/tui-status" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Every line of a scrolling view, paging down from the top to the end.
tui_view_lines() {
	tui_keys Home
	while :; do
		tui_screen | head -n $((TUI_LINES - 2))
		tui_title | grep -q '100%$' && break
		tui_keys PageDown
	done
}

# The screen with each run of blank lines written "(N blank lines)", so
# that whole screens can be compared exactly and still be read.
tui_screen_squeezed() {
	tui_screen | awk '
	/^$/ { blank++; next }
	function run() {
		if (blank) print "(" blank " blank line" (blank > 1 ? "s" : "") ")"
		blank = 0
	}
	{ run(); print }
	END { run() }'
}

# Open the message log (S) and print its newest message, the rows it
# wraps to joined again (the breaks are at blanks); the log stays open.
tui_log_last() {
	tui_keys S
	tui_screen | head -n $((TUI_LINES - 2)) | awk '
	/^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]  / { entry = substr($0, 11); next }
	/^          [^ ]/ { entry = entry " " substr($0, 11) }
	END { print entry }'
}
