# t-act-lib.sh - what the triage action tests (t-act*.sh) share, on top of
# lib.sh: a database of corpus notices, a stablemate config whose sendmail
# is tests/fake-sendmail, and filters that make replies comparable.
. "$TEST_DATA/lib.sh"

export FAKE_SENDMAIL_OUTBOX="$TMP_DIRECTORY/outbox"
unset VISUAL EDITOR FAKE_SENDMAIL_FAIL
HISTORY="$XDG_DATA_HOME/stablemate/history"
CONFIG="$TMP_DIRECTORY/config"

# act_setup FILE...: corpus notices (e.g. 008.eml) in a fresh database.
act_setup() {
	files=
	for f in "$@"; do
		files="$files corpus/$f"
	done
	make_maildir $files && make_db && act_config ""
}

# act_config TEXT: stablemate's config: the fake sendmail, then TEXT.
act_config() {
	printf '[reply]\nsendmail = %s/fake-sendmail -t -oi\n%s\n' "$TEST_DATA" "$1" > "$CONFIG"
}

sm() {
	"$STABLEMATE" --notmuch-config "$NOTMUCH_CONFIG" --config "$CONFIG" "$@"
}

# check NAME EXPECTED ACTUAL: one subtest.
check() {
	test_begin_subtest "$1"
	test_expect_equal "$3" "$2"
}

# The parts of a message that change from run to run, made stable.
sanitize() {
	sed -e 's/^Date: .*/Date: DATE/' \
	    -e 's/^Message-Id: <[^>]*@example\.org>$/Message-Id: <ID@example.org>/' \
	    -e 's/^From stablemate .*/From stablemate DATE/' "$@"
}

# A message's header block, one line per header.
unfold() {
	sed -e ':a' -e '$!N' -e 's/\n[ \t]\+/ /' -e 'ta' -e 'P' -e 'D'
}

# A reply's request ("Please hold off on ... for now:"), which the 72-column
# wrap may break over lines, on one line again.
unwrap() {
	awk '/^Please/ { p = 1; s = "" } p { s = s (s == "" ? "" : " ") $0 }
	     p && /:$/ { print s; p = 0 } !p && !/^Please/ { print }' "$@"
}

# The tags of message $1, on one line.
tags_of() {
	echo $(notmuch search --output=tags "id:$1")
}

# The history without its dates and reply ids.
history_lines() {
	cut -f2-6 "$HISTORY" 2>/dev/null
}

outbox_count() {
	ls "$FAKE_SENDMAIL_OUTBOX" 2>/dev/null | grep -c '\.eml$'
}

# --- A real terminal, for t-act-edit.sh and t-act-tui.sh ---

# term_setup: tmux is needed; the scripted editor ($EDITOR) applies, on
# its Nth run, the sed program $EDITS/N.sed (see edits).
term_setup() {
	command -v tmux > /dev/null || { echo "SKIP: tmux is not installed"; exit 77; }
	SOCKET="$TMP_DIRECTORY/tmux.0.sock"
	terminals=0
	trap 'tmux -S "$SOCKET" kill-server 2>/dev/null; test_cleanup' EXIT
	cat > "$TMP_DIRECTORY/editor.sh" <<-'EOF2'
	n=$(($(cat "$EDITS/count" 2>/dev/null || echo 0) + 1))
	echo $n > "$EDITS/count"
	sed -i -f "$EDITS/$n.sed" "$1"
	# A run can end in a kill (see edits): of stablemate, or of the editor.
	case $(cat "$EDITS/$n.kill" 2>/dev/null) in
	stablemate) kill -KILL $PPID ;;
	editor) kill -KILL $$ ;;
	esac
	EOF2
	export EDITS="$TMP_DIRECTORY/edits" EDITOR="sh '$TMP_DIRECTORY/editor.sh'"
}

# edits SED...: what the editor's runs will do, one sed program each.
# "echo stablemate > $EDITS/N.kill" (or editor) ends run N with a kill.
edits() {
	rm -rf "$EDITS"
	mkdir -p "$EDITS"
	n=0
	for program in "$@"; do
		n=$((n + 1))
		printf '%s\n' "$program" > "$EDITS/$n.sed"
	done
}

# term_start COMMAND: run the shell command COMMAND in a fresh 120x40
# terminal (a new tmux server each time, so nothing of the last run shows).
term_start() {
	tmux -S "$SOCKET" kill-server 2>/dev/null
	terminals=$((terminals + 1))
	SOCKET="$TMP_DIRECTORY/tmux.$terminals.sock"
	tmux -S "$SOCKET" new-session -d -x 120 -y 40 "$1; sleep 60"
}

screen() {
	tmux -S "$SOCKET" capture-pane -p 2>/dev/null
}

# timed_out WHAT: a wait that never ended is a failed test.
timed_out() {
	test_count=$((test_count + 1))
	test_fail "timed out waiting for $1"
	screen | sed 's/^/	| /'
	return 1
}

# wait_for TEXT: until the screen shows TEXT (10 s at most).
wait_for() {
	for i in $(seq 100); do
		case "$(screen)" in *"$1"*) return 0 ;; esac
		sleep 0.1
	done
	timed_out "$1"
}

# wait_count QUESTION N: until QUESTION has been asked N times (a key
# sent earlier would be read by the wrong question).
wait_count() {
	for i in $(seq 100); do
		asked=$(tmux -S "$SOCKET" capture-pane -p -S - 2>/dev/null | grep -c "^$1")
		[ "$asked" -ge "$2" ] && return 0
		sleep 0.1
	done
	timed_out "question $2: $1"
}

keys() {
	tmux -S "$SOCKET" send-keys "$@"
}

# settle: until the TUI has read the database as it is now, with no
# refresh running.  A refresh that finds nothing new leaves the status
# line alone, so R is the sync point: C-l first clears the status line
# (any key does), so that the answer seen is R's own.  A load or refresh
# still running (the status line's right part) is waited for first: R
# during a load only says "Still loading", and a cold load on a loaded
# machine can outlast many rounds of that.
settle() {
	for i in $(seq 600); do
		case "$(screen | sed -n '$p')" in *" Loading"*|*" Refreshing"*) sleep 0.1 ;; *) break ;; esac
	done
	for i in $(seq 20); do
		keys C-l
		wait_status '' || return
		keys R
		wait_status 'Up to date|Refreshed|New mail.*|Still loading' || return
		case "$(screen | sed -n '$p')" in "Still loading"*) sleep 0.2 ;; *) return 0 ;; esac
	done
	timed_out "a refresh to finish"
}

# wait_status REGEX: until the status line's message (the part left of a
# refresh's progress) is all of REGEX.
wait_status() {
	for i in $(seq 100); do
		screen | sed -n '$p' | sed -E 's/ {2,}(Refreshing|Loading)( |\.).*$//; s/ *$//' |
			grep -Eqx "$1" && return 0
		sleep 0.1
	done
	timed_out "the status line: $1"
}

# wait_screen COMMAND EXPECTED: until COMMAND's output is EXPECTED (what
# the TUI shows once a refresh of its own has read a change back).
wait_screen() {
	for i in $(seq 100); do
		[ "$(eval "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	timed_out "$1 to give '$2'"
}
