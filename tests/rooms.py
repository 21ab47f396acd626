#!/usr/bin/env python3
"""rooms.py - does the source tree keep the shape doc/architecture.md draws?

usage: rooms.py SRCDIR [BUILDDIR]

The rooms are the folders: core/run, core/mail, core/recognise, core/patch,
core/store, core/reply, core/git, core/output (the library), and cli, tui,
demo (the program).  It prints one line per breach and exits 1 when there
is any:

  core/ has a .c file at its top level (every file lives in a room);
  the include graph between rooms has a circle (the edge that closes it is
    printed, with the file and the line that make it);
  a file includes another room's private header (private.h, *-private.h);
  a file includes a header of another room that is not the room's door
    (core/ROOM/ROOM.h, tui/tui.h, demo/demo.h): one door per room, as
    glib.h; a header behind a door of core/ (not the door, not private,
    not one that includes a private header) does not refuse a direct
    include (#if !defined(SM_INSIDE_ROOM_H) && !defined(SM_ROOM_COMPILATION)
    ... #error), or a room of core/ has no door;
  a file of core/ calls g_error() (the library returns a GError and lets
    the program decide) or keeps a static char buffer (strings are built,
    never squeezed into a shared one);
  a file of tui/ other than state.c (its keeper) and tui.c (the main
    loop) includes tui-private.h, the program's whole state: the
    machinery (view.c, prompt.c, actions.c) sees it through view.h and
    machinery.h, a view (tui/view-*.c) or an action (tui/act-*.c)
    through view.h alone;
  a file other than core/run/run.c starts a child (g_spawn_*, GSubprocess,
    fork, exec*, popen, system): every child goes through the one runner;
  a room's public header (one another room includes) names a libgit2 type
    or macro, or includes <git2.h>: libgit2 stays behind core/git's door;
  doc/architecture.md's table of the rooms each room includes is not the
    include graph measured;
  SRCDIR has a tests/ folder, and a room has no test in tests/ROOM/
    (tests/git/ for core/git, tests/cli/ for cli): the tests mirror the
    rooms (tests/README.md);
  with BUILDDIR: the calls between rooms (nm of the object files) have a
    circle, or the calls between the files of one room have one (tui/'s
    too: its state below the views, the main loop on top);
    a function or variable of core/ that no other object of the program
    uses is offered in a door (a header another room includes, or one such
    a header includes) although only the tests use it (it belongs in the
    room's private.h), or is exported although nothing else uses it (it is
    static).  What the tests use is read from their sources, so that a
    tool that is not built (tests/survey.c) counts too.

Nothing is allowed by exception: the lists of circles and of doors that
showed libgit2, which this check started with, are empty and gone.
"""
import os
import re
import subprocess
import sys

ROOMS_OUTSIDE_CORE = ("cli", "tui", "demo")

def room_of(path):
    """The room of a source path relative to SRCDIR, or None."""
    parts = path.split("/")
    if parts[0] == "core" and len(parts) > 2:
        return "core/" + parts[1]
    if parts[0] in ROOMS_OUTSIDE_CORE and len(parts) > 1:
        return parts[0]
    return None


def door_of(room):
    """The one header of ROOM that other rooms include: core/git/git.h."""
    return "%s/%s.h" % (room, room.split("/")[-1])


def is_private(path):
    base = os.path.basename(path)
    return base == "private.h" or base.endswith("-private.h")


def sources(srcdir):
    for top in ("core",) + ROOMS_OUTSIDE_CORE:
        for d, _, files in os.walk(os.path.join(srcdir, top)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(d, f), srcdir)


INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def resolve(srcdir, path, name):
    """The file an #include "NAME" in PATH means: beside it, else under
    core/ or the top (as AM_CPPFLAGS has it); generated headers that are
    not in the source tree still name their room."""
    for base in (os.path.dirname(path), "core", ""):
        cand = os.path.normpath(os.path.join(base, name))
        if os.path.exists(os.path.join(srcdir, cand)):
            return cand
    cand = os.path.normpath(os.path.join("core", name))
    return cand if room_of(cand) else None


def strip_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)


def find_circle(graph):
    """One circle in GRAPH (node -> set of nodes) as a list of nodes, the
    first repeated at the end, or None."""
    state = {}
    path = []

    def visit(v):
        state[v] = 1
        path.append(v)
        for w in sorted(graph.get(v, ())):
            if state.get(w) == 1:
                return path[path.index(w):] + [w]
            if w not in state:
                found = visit(w)
                if found:
                    return found
        path.pop()
        state[v] = 2
        return None

    for v in sorted(graph):
        if v not in state:
            found = visit(v)
            if found:
                return found
    return None


def circles(graph, why):
    """Every circle, found one at a time: each found is reported and its
    closing edge taken out, so that the next one shows too."""
    graph = {k: set(v) for k, v in graph.items()}
    out = []
    while True:
        circle = find_circle(graph)
        if not circle:
            return out
        steps = []
        for a, b in zip(circle, circle[1:]):
            steps.append("%s -> %s (%s)" % (a, b, why[(a, b)]))
        out.append(" ; ".join(steps))
        graph[circle[-2]].discard(circle[-1])


IDIOMS = (
    (re.compile(r"\bg_error\s*\("), "g_error() in the library: return a GError"),
    (re.compile(r"\bstatic\s+(?:g?u?char|gchar)\s+\w+\s*\["),
     "a static char buffer: build the string (GString, g_strdup_printf)"),
)


# One process runner (core/run, as git's run-command): no other file
# starts a child.
RUNNER = "core/run/run.c"
SPAWN = (re.compile(r"\b(?:g_spawn_\w+|g_subprocess_\w+|fork|vfork|popen|system|posix_spawnp?"
                    r"|exec[lv]p?e?)\s*\("),
         "starts a child itself: run it through core/run (sm_run)")


def check_idioms(srcdir, path, problems):
    with open(os.path.join(srcdir, path), encoding="utf-8") as f:
        text = strip_comments(f.read())
    idioms = IDIOMS if path.startswith("core/") else ()
    if path != RUNNER:
        idioms += (SPAWN,)
    for pattern, why in idioms:
        for m in pattern.finditer(text):
            problems.append("%s:%d: %s" % (path, text.count("\n", 0, m.start()) + 1, why))


# The files of tui/ that see struct sm_tui whole: its keeper and the loop.
WHOLE_STATE = ("tui/state.c", "tui/tui.c")


def check_views(srcdir, problems):
    """A view or an action sees the program through view.h, the machinery
    under them through view.h and machinery.h; only the state's keeper
    and the main loop see tui-private.h (struct sm_tui), as tig's views
    see only their view."""
    for path in sources(srcdir):
        name = os.path.basename(path)
        if not path.startswith("tui/") or path in WHOLE_STATE:
            continue
        what = {"view-": "a view", "act-": "an action"}.get(name[:name.find("-") + 1])
        if not (what and name.endswith(".c")):
            what = None
        with open(os.path.join(srcdir, path), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                header = (INCLUDE.match(line) or [None, None])[1]
                if header == "tui-private.h":
                    problems.append("%s:%d: %s includes tui-private.h: use %s's functions"
                                    % (path, n, what or "a file other than state.c and tui.c",
                                       "view.h" if what else "machinery.h"))
                elif header == "machinery.h" and what:
                    problems.append("%s:%d: %s includes machinery.h: use view.h's functions"
                                    % (path, n, what))


def check_tests(srcdir, problems):
    """Each room's tests are in tests/ROOM/ (its last name), as a cmocka
    program (test-*.c) or a shell test (t-*.sh)."""
    if not os.path.isdir(os.path.join(srcdir, "tests")):
        return
    for room in sorted({room_of(p) for p in sources(srcdir)} - {None}):
        folder = os.path.join("tests", room.split("/")[-1])
        path = os.path.join(srcdir, folder)
        names = os.listdir(path) if os.path.isdir(path) else []
        if not any(re.match(r"(test-.*\.c|t-.*\.sh)$", n) for n in names):
            problems.append("%s: no test in %s/: the tests mirror the rooms (tests/README.md)"
                            % (room, folder))


# The table of doc/architecture.md that says which rooms each includes.
EDGE_ROW = re.compile(r"^\| ((?:core/)?[a-z]+) \| (.*) \|$")


def check_doc_edges(srcdir, edges, problems):
    """doc/architecture.md's table of the rooms each room includes is the
    include graph measured, row for row (the words in parentheses are
    comments)."""
    path = os.path.join(srcdir, "doc/architecture.md")
    if not os.path.exists(path):
        return
    said, table = {}, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            # The rows under "| room | includes from |", to the table's end.
            table = line == "| room | includes from |" or (table and line.startswith("|"))
            m = EDGE_ROW.match(line) if table else None
            if m and m.group(1) != "room":
                names = re.sub(r"\([^)]*\)", "", m.group(2)).split(",")
                said[m.group(1)] = {n.strip() for n in names
                                    if n.strip().startswith(("core/", "cli", "tui", "demo"))}
    for room in sorted(set(said) | set(edges)):
        if said.get(room, set()) != edges.get(room, set()):
            problems.append("doc/architecture.md: the row of %s says it includes %s; it includes %s"
                            % (room, ", ".join(sorted(said.get(room, ()))) or "nothing",
                               ", ".join(sorted(edges.get(room, ()))) or "nothing"))


def check_includes(srcdir, problems, edges=None):
    """Returns the doors: the headers another room includes, and the
    headers of their own room that they include in turn.  EDGES, when
    given, is filled with the include graph between rooms."""
    graph, why, public, inner = {}, {}, set(), {}
    paths = list(sources(srcdir))
    if not paths:
        # A wrong source directory must not pass as a tree with no breach.
        problems.append("%s: no sources to read the includes from" % srcdir)
    for path in paths:
        if path.startswith("core/") and path.count("/") == 1 and path.endswith(".c"):
            problems.append("%s: a .c file at core/'s top level: give it a room" % path)
        room = room_of(path)
        check_idioms(srcdir, path, problems)
        with open(os.path.join(srcdir, path), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = resolve(srcdir, path, m.group(1))
                troom = room_of(target) if target else None
                if troom and troom == room and path.endswith(".h"):
                    inner.setdefault(path, set()).add(target)
                if not troom or troom == room or not room:
                    continue
                if is_private(target):
                    problems.append("%s:%d: includes %s, private to %s" % (path, n, target, troom))
                elif target != door_of(troom):
                    problems.append("%s:%d: includes %s: include %s's door, %s"
                                    % (path, n, target, troom, door_of(troom)))
                public.add(target)
                graph.setdefault(room, set()).add(troom)
                why.setdefault((room, troom), "%s:%d includes %s" % (path, n, m.group(1)))
    for c in circles(graph, why):
        problems.append("include circle: " + c)
    if edges is not None:
        edges.update(graph)
    check_guards(srcdir, paths, inner, problems)
    doors, todo = set(), sorted(public)
    while todo:
        header = todo.pop()
        if header not in doors:
            doors.add(header)
            todo.extend(inner.get(header, ()))
    for header in sorted(doors):
        path = os.path.join(srcdir, header)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            text = strip_comments(f.read())
        names = sorted(set(re.findall(r"\b(?:git_[a-z0-9_]+|GIT_[A-Z0-9_]+)\b", text)))
        if names or re.search(r"#\s*include\s*<git2", text):
            problems.append("%s: a door names libgit2 (%s)" % (header, ", ".join(names) or "git2.h"))
    return doors


def check_guards(srcdir, paths, inner, problems):
    """Behind each door of core/, a header refuses a file that is neither
    the room's own nor reached through the door."""
    rooms = sorted({room_of(p) for p in paths
                    if p.startswith("core/") and room_of(p) and p.endswith(".h")})
    for room in rooms:
        if not os.path.exists(os.path.join(srcdir, door_of(room))):
            problems.append("%s: no door: make %s, which includes the room's public headers"
                            % (room, door_of(room)))
    for path in paths:
        room = room_of(path)
        if (not path.startswith("core/") or not path.endswith(".h") or not room
                or path == door_of(room) or is_private(path)
                or any(is_private(h) for h in inner.get(path, ()))):
            continue
        name = room.split("/")[-1].upper()
        guard = re.compile(r"#\s*if\s+!defined\(SM_INSIDE_%s_H\)\s*&&\s*!defined\(SM_%s_COMPILATION\)\s*"
                           r"#\s*error\b" % (name, name))
        with open(os.path.join(srcdir, path), encoding="utf-8") as f:
            if not guard.search(strip_comments(f.read())):
                problems.append("%s: behind %s's door, but a file outside may include it:"
                                " #if !defined(SM_INSIDE_%s_H) && !defined(SM_%s_COMPILATION) #error"
                                % (path, room, name, name))


def objects(builddir):
    """Object file -> source path (automake names a program's objects
    DIR/PROGRAM-NAME.o), for the program and the library."""
    out = {}
    for top in ("core",) + ROOMS_OUTSIDE_CORE:
        for d, _, files in os.walk(os.path.join(builddir, top)):
            for f in files:
                if f.endswith(".o"):
                    rel = os.path.relpath(os.path.join(d, f), builddir)
                    out[os.path.join(d, f)] = re.sub(r"/stablemate-", "/", rel)[:-2]
    return out


def check_calls(builddir, problems):
    objs = objects(builddir)
    if not objs:
        problems.append("%s: no object files to read the calls from (build first)" % builddir)
        return
    defined, used = {}, {}
    for obj, src in objs.items():
        out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            f = line.split()
            # AddressSanitizer's __odr_asan.* indicators are the
            # sanitizer's, not the code's: check-sanitize builds have them.
            if len(f) == 3 and f[1] in "TDBRC" and not f[2].startswith("__odr_asan"):
                defined[f[2]] = src
            elif len(f) == 2 and f[0] == "U":
                used.setdefault(src, set()).add(f[1])
    rooms, rwhy, files, fwhy = {}, {}, {}, {}
    for src, syms in used.items():
        for sym in sorted(syms):
            dst = defined.get(sym)
            if not dst or dst == src:
                continue
            a, b = room_of(src + ".c"), room_of(dst + ".c")
            if a != b:
                rooms.setdefault(a, set()).add(b)
                rwhy.setdefault((a, b), "%s calls %s" % (src, sym))
            else:
                files.setdefault(src, set()).add(dst)
                fwhy.setdefault((src, dst), "calls %s" % sym)
    for c in circles(rooms, rwhy):
        problems.append("call circle between rooms: " + c)
    for c in circles(files, fwhy):
        problems.append("call circle between files: " + c)
    return defined, used


def check_exports(srcdir, doors, defined, used, problems):
    """What core/ exports, another file of the program uses.  An export
    only the tests use is not offered in a door (it goes to a header no
    other room includes, the room's private.h); one nothing else uses is
    static.  An error domain's quark is the door's even when only its
    macro's users call it."""
    def words(paths):
        out = set()
        for path in paths:
            with open(os.path.join(srcdir, path), encoding="utf-8", errors="replace") as f:
                out.update(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", strip_comments(f.read())))
        return out
    tests = []
    for d, _, files in os.walk(os.path.join(srcdir, "tests")):
        tests.extend(os.path.relpath(os.path.join(d, f), srcdir)
                     for f in files if f.endswith((".c", ".h")))
    tested = words(tests)
    declared = {}
    for header in sorted(doors):
        if os.path.exists(os.path.join(srcdir, header)):
            for w in words([header]):
                declared.setdefault(w, header)
    users = {}
    for src, syms in used.items():
        for sym in syms:
            users.setdefault(sym, set()).add(src)
    for sym, src in sorted(defined.items()):
        if not src.startswith("core/") or sym.endswith("_error_quark"):
            continue
        if users.get(sym, set()) - {src}:
            continue
        if sym not in tested:
            problems.append("%s.c exports %s, which no other file uses: make it static" % (src, sym))
        elif sym in declared:
            problems.append("%s offers %s, which only the tests use: declare it in %s's private.h"
                            % (declared[sym], sym, room_of(declared[sym])))


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    problems = []
    edges = {}
    doors = check_includes(argv[1], problems, edges)
    check_doc_edges(argv[1], edges, problems)
    check_views(argv[1], problems)
    check_tests(argv[1], problems)
    if len(argv) == 3:
        calls = check_calls(argv[2], problems)
        if calls:
            check_exports(argv[1], doors, *calls, problems=problems)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
