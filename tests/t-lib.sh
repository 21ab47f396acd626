#!/bin/sh
# t-lib.sh - the harness tests itself (as notmuch's T000-basic.sh): a check
# that differs fails, prints the difference and makes the script exit 1.
. "$TEST_DATA/lib.sh"

# run_child NAME: run the script NAME.sh written by the test through
# lib.sh; its output, the diff headers' file names and times made fixed,
# goes to child-output, its exit status to $child_status.
run_child() {
	child_status=0
	sh "$1.sh" >child-raw 2>&1 || child_status=$?
	sed -e 's/^\t--- .*/\t--- expected/' -e 's/^\t+++ .*/\t+++ actual/' child-raw >child-output
}

test_begin_subtest "equal strings pass"
test_expect_equal "a
b" "a
b"

cat >differ.sh <<'X'
. "$TEST_DATA/lib.sh"
test_begin_subtest "two lines"
test_expect_equal "a
b" "a
c"
test_done
X
test_begin_subtest "a differing expectation fails, shows the diff and exits 1"
run_child differ
test_expect_equal "$child_status $(cat child-output)" "1 FAIL: two lines
	--- expected
	+++ actual
	@@ -1,2 +1,2 @@
	 a
	-c
	+b
differ: 0 of 1 passed"

cat >files.sh <<'X'
. "$TEST_DATA/lib.sh"
printf 'x\n' >e; printf 'y\n' >a
test_begin_subtest "files"
test_expect_equal_file e a
test_done
X
test_begin_subtest "differing files fail the same way"
run_child files
test_expect_equal "$child_status $(cat child-output)" "1 FAIL: files
	--- expected
	+++ actual
	@@ -1 +1 @@
	-x
	+y
files: 0 of 1 passed"

test_begin_subtest "JSON: the same value with other spacing and key order is equal"
test_expect_equal_json '{"b": [1, 2], "a": null}' '{ "a":null,"b":[1,2] }'

cat >json.sh <<'X'
. "$TEST_DATA/lib.sh"
test_begin_subtest "json"
test_expect_equal_json '{"a": 1, "b": "x"}' '{"a": 1, "b": "y"}'
test_begin_subtest "not json"
test_expect_equal_json '{"a": 1' '{"a": 1}'
test_done
X
test_begin_subtest "JSON: a different value fails on the key that differs; text that is not JSON fails"
run_child json
test_expect_equal "$child_status $(cat child-output)" '1 FAIL: json
	--- expected
	+++ actual
	@@ -1,4 +1,4 @@
	 {
	  "a": 1,
	- "b": "y"
	+ "b": "x"
	 }
FAIL: not json
	--- expected
	+++ actual
	@@ -1,3 +1 @@
	-{
	- "a": 1
	-}
	+not JSON: {"a": 1
json: 0 of 2 passed'

cat >unchecked.sh <<'X'
. "$TEST_DATA/lib.sh"
test_begin_subtest "never checked"
test_done
X
test_begin_subtest "a subtest that is never checked is a hard error (99), not a pass"
run_child unchecked
test_expect_equal "$child_status $(cat child-output)" "99 unchecked: subtest 'never checked' never checked"

test_done
