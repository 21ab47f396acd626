# lib.sh - sourced by the shell tests (tests/*/t-*.sh, tests/t-*.sh), in notmuch's test style.
#
# The environment comes from TESTS_ENVIRONMENT in Makefile.am:
#   STABLEMATE  the program under test
#   TEST_DATA   the source tests/ directory (fixtures: corpus/, expected/)
#   BUILD_DIR   the build directory
#
# Sourcing this file makes a temporary directory TMP_DIRECTORY (removed on
# exit; set TEST_KEEP=1 to keep it) and points HOME, XDG_CONFIG_HOME,
# XDG_CACHE_HOME, XDG_DATA_HOME and NOTMUCH_CONFIG into it, so that a test
# never reads or writes the user's own mail, config or cache.
#
# Building mail:
#   make_maildir FILE...     copy fixtures (paths, or relative to TEST_DATA)
#                            into MAIL_DIR/cur, a fresh maildir
#   add_message FILE [NAME]  copy one more fixture into MAIL_DIR/new
#   make_db                  write_notmuch_config, then `notmuch new` for real
#   write_notmuch_config     NOTMUCH_CONFIG for MAIL_DIR (user Test Maintainer
#                            <maint@example.org>, exclude_tags deleted;spam)
#   notmuch_new              run `notmuch new` again (quietly)
# Running stablemate:
#   run_stablemate ARG...    run $STABLEMATE; stdout to OUTPUT, stderr to
#                            ERRORS (files), exit status in $run_status
#   sanitize_paths           filter: TMP_DIRECTORY -> TMP, for exact output
# Checking, each call one test:
#   test_expect_success NAME 'COMMANDS'   COMMANDS (eval'd) must succeed
#   test_expect_code CODE NAME 'COMMANDS' COMMANDS must exit with CODE
#   test_begin_subtest NAME, then one of
#     test_expect_equal ACTUAL EXPECTED       strings (notmuch's order)
#     test_expect_equal_file EXPECTED ACTUAL  files (notmuch's order)
#     test_expect_equal_json ACTUAL EXPECTED  the same JSON value, exactly,
#                                             whatever the spacing and key order
#   each prints a unified diff from what was expected to what came out.
# tests/t-lib.sh proves that these fail when they should.
# End every script with test_done: a summary, and the exit status automake
# expects (0 all passed, 1 some failed).

test_name=$(basename "$0" .sh)
test_count=0
test_failures=0
test_subtest_name=

if [ -z "${STABLEMATE:-}" ] || [ -z "${TEST_DATA:-}" ]; then
	echo "$test_name: STABLEMATE and TEST_DATA must be set (run through make check)" >&2
	exit 99
fi
if ! command -v notmuch >/dev/null 2>&1; then
	echo "$test_name: notmuch is not installed (apt-get install notmuch)" >&2
	exit 99
fi

TMP_DIRECTORY=$(mktemp -d "${TMPDIR:-/tmp}/stablemate-$test_name.XXXXXX") || exit 99
test_cleanup() {
	if [ -n "${TEST_KEEP:-}" ]; then
		echo "$test_name: kept $TMP_DIRECTORY"
	else
		chmod -R u+rwx "$TMP_DIRECTORY" 2>/dev/null
		rm -rf "$TMP_DIRECTORY"
	fi
}
trap test_cleanup EXIT
trap 'exit 99' HUP INT TERM

HOME="$TMP_DIRECTORY/home"
XDG_CONFIG_HOME="$HOME/.config"
XDG_CACHE_HOME="$HOME/.cache"
XDG_DATA_HOME="$HOME/.local/share"
NOTMUCH_CONFIG="$TMP_DIRECTORY/notmuch-config"
MAIL_DIR="$TMP_DIRECTORY/mail"
OUTPUT="$TMP_DIRECTORY/output"
ERRORS="$TMP_DIRECTORY/errors"
export HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_DATA_HOME NOTMUCH_CONFIG
unset NOTMUCH_PROFILE MAILDIR XDG_CONFIG_DIRS
# Dates and text print the same everywhere.
TZ=UTC
LC_ALL=C.UTF-8
export TZ LC_ALL
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME"
cd "$TMP_DIRECTORY" || exit 99

# fixture FILE: FILE itself when it exists, else FILE under TEST_DATA.
fixture() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) if [ -e "$1" ]; then printf '%s\n' "$1"; else printf '%s\n' "$TEST_DATA/$1"; fi ;;
	esac
}

make_maildir() {
	rm -rf "$MAIL_DIR"
	mkdir -p "$MAIL_DIR/cur" "$MAIL_DIR/new" "$MAIL_DIR/tmp" || return 1
	for f in "$@"; do
		src=$(fixture "$f")
		# ":2," marks a maildir message seen-state-less, as delivered to cur/.
		cp "$src" "$MAIL_DIR/cur/$(basename "$src"):2," || return 1
	done
}

add_message() {
	src=$(fixture "$1")
	cp "$src" "$MAIL_DIR/new/${2:-$(basename "$src")}"
}

make_db() {
	write_notmuch_config && notmuch_new
}

write_notmuch_config() {
	cat > "$NOTMUCH_CONFIG" <<EOF
[database]
path=$MAIL_DIR

[user]
name=Test Maintainer
primary_email=maint@example.org

[new]
tags=unread;inbox

[search]
exclude_tags=deleted;spam

[maildir]
synchronize_flags=true
EOF
}

notmuch_new() {
	notmuch new --quiet >"$TMP_DIRECTORY/notmuch-new.log" 2>&1 || {
		cat "$TMP_DIRECTORY/notmuch-new.log" >&2
		return 1
	}
}

run_stablemate() {
	run_status=0
	"$STABLEMATE" "$@" >"$OUTPUT" 2>"$ERRORS" || run_status=$?
}

sanitize_paths() {
	sed -e "s|$TMP_DIRECTORY|TMP|g"
}

test_pass() {
	echo "PASS: $1"
}

test_fail() {
	test_failures=$((test_failures + 1))
	echo "FAIL: $1"
}

# Run the COMMANDS of a test; their output is shown only when it fails.
test_run_() {
	test_log_="$TMP_DIRECTORY/test.log"
	(eval "$1") >"$test_log_" 2>&1
}

test_show_log_() {
	sed -e 's/^/	/' "$TMP_DIRECTORY/test.log"
}

test_expect_success() {
	test_count=$((test_count + 1))
	if test_run_ "$2"; then
		test_pass "$1"
	else
		test_fail "$1"
		test_show_log_
	fi
}

test_expect_code() {
	test_count=$((test_count + 1))
	code_=0
	test_run_ "$3" || code_=$?
	if [ "$code_" = "$1" ]; then
		test_pass "$2"
	else
		test_fail "$2 (exit status $code_, expected $1)"
		test_show_log_
	fi
}

test_begin_subtest() {
	if [ -n "$test_subtest_name" ]; then
		echo "$test_name: test_begin_subtest '$1' before the last one ended" >&2
		exit 99
	fi
	test_subtest_name=$1
}

test_end_subtest_() {
	if [ -z "$test_subtest_name" ]; then
		echo "$test_name: test_expect_equal* without test_begin_subtest" >&2
		exit 99
	fi
	test_count=$((test_count + 1))
}

test_expect_equal() {
	test_end_subtest_
	if [ "$1" = "$2" ]; then
		test_pass "$test_subtest_name"
	else
		test_fail "$test_subtest_name"
		printf '%s\n' "$2" >"$TMP_DIRECTORY/expected.txt"
		printf '%s\n' "$1" >"$TMP_DIRECTORY/actual.txt"
		diff -u "$TMP_DIRECTORY/expected.txt" "$TMP_DIRECTORY/actual.txt" |
			sed -e 's/^/	/'
	fi
	test_subtest_name=
}

test_expect_equal_file() {
	test_end_subtest_
	if [ ! -f "$1" ] || [ ! -f "$2" ]; then
		test_fail "$test_subtest_name (missing file: $([ -f "$1" ] || echo "$1") $([ -f "$2" ] || echo "$2"))"
	elif cmp -s "$1" "$2"; then
		test_pass "$test_subtest_name"
	else
		test_fail "$test_subtest_name"
		diff -u "$1" "$2" | sed -e 's/^/	/'
	fi
	test_subtest_name=
}

# JSON as one value a line, keys sorted, so that two texts of the same value
# are the same text and a diff names the key that differs.
json_lines_() {
	python3 -c 'import json, sys
print(json.dumps(json.load(sys.stdin), indent=1, sort_keys=True, ensure_ascii=False))'
}

test_expect_equal_json() {
	actual_=$(printf '%s' "$1" | json_lines_ 2>/dev/null) || actual_="not JSON: $1"
	expected_=$(printf '%s' "$2" | json_lines_ 2>/dev/null) || expected_="not JSON: $2"
	test_expect_equal "$actual_" "$expected_"
}

test_done() {
	if [ -n "$test_subtest_name" ]; then
		echo "$test_name: subtest '$test_subtest_name' never checked" >&2
		exit 99
	fi
	if [ "$test_count" -eq 0 ]; then
		echo "$test_name: no tests ran" >&2
		exit 99
	fi
	echo "$test_name: $((test_count - test_failures)) of $test_count passed"
	[ "$test_failures" -eq 0 ] && exit 0
	exit 1
}
