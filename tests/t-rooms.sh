#!/bin/sh
# The rooms of doc/architecture.md: no circles between them, private
# headers kept in, libgit2 behind core/git's door (tests/rooms.py).
. "$TEST_DATA/lib.sh"
# Not automake's $srcdir: it is relative ('.' in a build in the source
# tree) and the test runs in a directory of its own.
srcdir=$TEST_DATA/..

test_begin_subtest "the tree keeps its rooms"
python3 "$TEST_DATA/rooms.py" "$srcdir" "$BUILD_DIR" >actual 2>&1
test_expect_equal "$(cat actual)" ""

# The check itself must be able to fail: a small tree with each breach.
mkdir -p tree/core/a tree/core/b tree/cli
cat >tree/core/a/a.h <<'X'
#include "b/b.h"
git_repository *sm_a(void); /* git_oid in a comment is fine */
typedef char sm_a_id[GIT_OID_HEXSZ + 1];
X
echo '#include "a/a.h"' >tree/core/b/b.h
printf '#include "a/private.h"\n#include "a/sub.h"\n' >tree/cli/main.c
: >tree/core/a/private.h
# Behind a door: one that refuses a file from outside, one that does not,
# and a room with no door at all.
printf '#ifndef SM_A_SUB_H\n#define SM_A_SUB_H\n#endif\n' >tree/core/a/sub.h
mkdir -p tree/core/c
printf '#if !defined(SM_INSIDE_C_H) && !defined(SM_C_COMPILATION)\n#error "c/c.h"\n#endif\n' >tree/core/c/x.h
printf 'void sm_a_f(void)\n{\n\tstatic char id[13];\n\tg_error("no");\n\tg_spawn_sync(NULL);\n}\n' >tree/core/a/a.c
mkdir -p tree/core/run tree/tui
echo '#include "tui-private.h"' >tree/tui/view-x.c
printf '#include "view.h"\n#include "tui-private.h"\n' >tree/tui/act-x.c
# The whole state: its keeper may see it, the machinery may not; a view
# may not see the machinery's header either.
echo '#include "tui-private.h"' >tree/tui/state.c
echo '#include "tui-private.h"' >tree/tui/prompt.c
echo '#include "machinery.h"' >tree/tui/view-y.c
echo 'void sm_run(void) { g_spawn_async_with_pipes_and_fds(); }' >tree/core/run/run.c
: >tree/core/flat.c
# Every room's tests in tests/ROOM/, but core/b's.
for room in a c run cli tui; do
	mkdir -p tree/tests/$room && : >tree/tests/$room/t-x.sh
done
mkdir -p tree/tests/b && : >tree/tests/b/notes.txt
# The doc's table of includes: core/a's row is wrong, core/b's missing.
mkdir -p tree/doc
printf '| room | includes from |\n|---|---|\n| cli | core/a |\n| core/a | core/c (a comment) |\n' \
	>tree/doc/architecture.md
test_begin_subtest "... and notices a circle, a private header, a header not the door, a header behind a door that does not refuse, a room with no door, libgit2 in a door, a flat file, g_error, a static buffer, a child started outside core/run, a view or an action that sees the whole program or the machinery, the machinery that sees the whole program, a room with no tests, the doc's table of includes out of date"
python3 "$TEST_DATA/rooms.py" tree >actual 2>&1
test_expect_equal "$? $(cat actual)" "1 core/flat.c: a .c file at core/'s top level: give it a room
core/a/a.c:4: g_error() in the library: return a GError
core/a/a.c:3: a static char buffer: build the string (GString, g_strdup_printf)
core/a/a.c:5: starts a child itself: run it through core/run (sm_run)
cli/main.c:1: includes core/a/private.h, private to core/a
cli/main.c:2: includes core/a/sub.h: include core/a's door, core/a/a.h
include circle: core/a -> core/b (core/a/a.h:1 includes b/b.h) ; core/b -> core/a (core/b/b.h:1 includes a/a.h)
core/c: no door: make core/c/c.h, which includes the room's public headers
core/a/sub.h: behind core/a's door, but a file outside may include it: #if !defined(SM_INSIDE_A_H) && !defined(SM_A_COMPILATION) #error
core/a/a.h: a door names libgit2 (GIT_OID_HEXSZ, git_repository)
doc/architecture.md: the row of core/a says it includes core/c; it includes core/b
doc/architecture.md: the row of core/b says it includes nothing; it includes core/a
tui/act-x.c:2: an action includes tui-private.h: use view.h's functions
tui/prompt.c:1: a file other than state.c and tui.c includes tui-private.h: use machinery.h's functions
tui/view-x.c:1: a view includes tui-private.h: use view.h's functions
tui/view-y.c:1: a view includes machinery.h: use view.h's functions
core/b: no test in tests/b/: the tests mirror the rooms (tests/README.md)"

# Exports: one only the tests use, offered in a door; one nothing uses.
mkdir -p exports/core/a exports/cli exports/tests build/core/a build/cli
cat >exports/core/a/a.h <<'X'
void sm_a_used(void);
void sm_a_tested(void);
void sm_a_unused(void);
X
cat >exports/core/a/a.c <<'X'
#include "a.h"
void sm_a_used(void) {}
void sm_a_tested(void) {}
void sm_a_unused(void) {}
X
printf '#include "a/a.h"\nint main(void) { sm_a_used(); return 0; }\n' >exports/cli/main.c
echo 'sm_a_tested();' >exports/tests/t.c
for room in a cli tui; do
	mkdir -p exports/tests/$room && : >exports/tests/$room/test-x.c
done
${CC:-cc} -c -o build/core/a/a.o exports/core/a/a.c &&
${CC:-cc} -Iexports/core -c -o build/cli/main.o exports/cli/main.c
# Calls: two files of tui/ that call each other (a view and the loop).
mkdir -p exports/tui build/tui
printf 'void sm_loop(void);\nvoid sm_view_x(void) { sm_loop(); }\n' >exports/tui/view-x.c
printf 'void sm_view_x(void);\nvoid sm_loop(void) { sm_view_x(); }\n' >exports/tui/tui.c
${CC:-cc} -c -o build/tui/stablemate-view-x.o exports/tui/view-x.c &&
${CC:-cc} -c -o build/tui/stablemate-tui.o exports/tui/tui.c
test_begin_subtest "... and an export only the tests use in a door, or one nothing uses, and a call circle between the files of tui/"
python3 "$TEST_DATA/rooms.py" exports build >actual 2>&1
test_expect_equal "$? $(cat actual)" "1 call circle between files: tui/tui -> tui/view-x (calls sm_view_x) ; tui/view-x -> tui/tui (calls sm_loop)
core/a/a.h offers sm_a_tested, which only the tests use: declare it in core/a's private.h
core/a/a.c exports sm_a_unused, which no other file uses: make it static"

test_done
