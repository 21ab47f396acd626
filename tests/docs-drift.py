#!/usr/bin/env python3
"""docs-drift.py - where README.md, the man page and the program disagree.

usage: docs-drift.py STABLEMATE SRCDIR
Prints one line per disagreement (nothing when they agree), in both directions:
  - commands: those of `stablemate --help`, the man page's SYNOPSIS and README's command block are the same;
  - options: each option of `stablemate COMMAND --help` is in that command's SYNOPSIS line(s) and README line(s),
    and each option those lines name is one the command takes; each global option of `stablemate --help` is in the
    man page's OPTIONS and README's "Options:" sentence, and each option OPTIONS describes is one the program
    takes; a short option (-t) is named in the man page too;
  - defaults: a path that --help gives as a default is written the same way in the man page;
  - keys: every key bound in keymaps/default.keys is in the man page's KEY BINDINGS and README's key table, and
    every key those name is bound (or is one of the prompt's own keys); every key keymaps/mutt.keys binds is in
    the man page's "(mutt.keys: ...)" and README's "Why these keys, and `mutt.keys`";
  - files: every file or directory the sources build under $XDG_CONFIG_HOME, $XDG_DATA_HOME or $XDG_CACHE_HOME
    is in the man page's FILES (the cache as a whole: $XDG_CACHE_HOME/stablemate/), and so is each room of the
    cache (sm_cache_path's first argument: $XDG_CACHE_HOME/stablemate/ROOM/...);
  - environment: every variable the sources read (getenv) or set for a child (NAME=) is in the man page's
    ENVIRONMENT, but the tests' own (STABLEMATE_TEST_*);
  - config: every [group] key the sources read by name is in the man page's CONFIGURATION and in README (an
    ini block under its [group], or `[group] key` in the text), the two documents name the same keys, and
    each key they name is a string of the sources.
"""
import glob, os, re, subprocess, sys

stablemate, srcdir = sys.argv[1], sys.argv[2]

def run_help(*args):
    p = subprocess.run([stablemate, *args, "--help"], capture_output=True, text=True)
    return p.stdout + p.stderr

def roff_args(args):
    """The arguments of a font macro: words, or "quoted strings" (which may hold spaces)."""
    return [a[1:-1] if a.startswith('"') else a for a in re.findall(r'"[^"]*"?|\S+', args)]

def roff_line(line):
    m = re.match(r"\.([A-Z]+) ?(.*)", line)
    if not m:
        return line
    macro, args = m.groups()
    if macro in ("B", "I", "SM"):
        return " ".join(roff_args(args))
    if len(macro) == 2 and set(macro) <= set("BIR"):
        # .BR a b c: the fonts alternate and the arguments join with no space.
        return "".join(roff_args(args))
    return args

def roff_text(text):
    """The man page source as words a reader sees: escapes, macros and font changes gone."""
    text = text.replace("\\-", "-").replace("\\(em", "-").replace("\\(ga", "`").replace("\\ ", " ")
    text = re.sub(r"\\f[BIRP]", "", text)
    return "\n".join(roff_line(l) for l in text.split("\n"))

def section(text, name):
    m = re.search(r"^\.SH %s\n(.*?)(?=^\.SH |\Z)" % re.escape(name), text, re.S | re.M)
    return m.group(1) if m else ""

def long_options(text):
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*[a-z])", text)) - {"--help-all"}

def help_options(help_text):
    """The options a --help lists: long ones, and short ones with the long one they stand for."""
    longs = set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", help_text, re.M)) - {"--help-all"}
    shorts = dict((l, s) for s, l in re.findall(r"^\s+(-\w), (--[a-z][a-z-]*)", help_text, re.M))
    return longs, shorts

man_src = open(os.path.join(srcdir, "doc", "stablemate.1")).read()
man = roff_text(man_src)
readme = open(os.path.join(srcdir, "README.md")).read()
missing = []

# --- commands ---
main_help = run_help()
commands = re.findall(r"^  ([a-z]+) {2,}", main_help.split("Commands:", 1)[-1], re.M)
if not commands:
    missing.append("stablemate --help lists no commands")

# The SYNOPSIS as the reader sees it, one line per .br ("stablemate [OPTION...] list [...]").
synopsis = [re.sub(r"\s+", " ", roff_text(l)).strip()
            for l in section(man_src, "SYNOPSIS").split("\n.br\n")]
block = readme.split("## Commands", 1)[1].split("```")[1]
# README's block: a command's line and the indented lines that go on with it.
readme_lines = re.sub(r"\n {5,}", " ", block).strip().split("\n")

def command_of(line):
    """The command a synopsis line is about, or None (stablemate alone, --version)."""
    m = re.match(r"stablemate (?:\[OPTION\.\.\.\] )?([a-z]+)\b", line)
    return m.group(1) if m else None

def lines_of(lines, command):
    """The lines of LINES about COMMAND."""
    return [l for l in lines if command_of(l) == command]

for who, lines in (("man SYNOPSIS", synopsis), ("README commands", readme_lines)):
    named = {command_of(l) for l in lines} - {None}
    for c in commands:
        if c not in named:
            missing.append("%s: command %s" % (who, c))
    for c in sorted(named - set(commands)):
        missing.append("%s: command %s is not in stablemate --help" % (who, c))

# --- options ---
global_longs, global_shorts = help_options(main_help)
for c in commands:
    longs, shorts = help_options(run_help(c))
    longs -= {"--help"}
    for who, lines in (("man SYNOPSIS", synopsis), ("README commands", readme_lines)):
        named = long_options(" ".join(lines_of(lines, c)))
        for opt in sorted(longs - named):
            missing.append("%s: stablemate %s %s" % (who, c, opt))
        for opt in sorted(named - longs - global_longs):
            missing.append("%s: stablemate %s takes no %s" % (who, c, opt))
    for opt, short in sorted(shorts.items()):
        if opt != "--help" and not re.search(r"(?<![\w-])%s(, | or |/)%s(?![\w-])"
                                             % (re.escape(short), opt), man):
            missing.append("man page: stablemate %s %s (%s)" % (c, short, opt))

man_options = roff_text(section(man_src, "OPTIONS"))
described = set(re.findall(r"^(--[a-z][a-z-]*[a-z])", man_options, re.M))
described |= set(re.findall(r"^-\w, (--[a-z][a-z-]*[a-z])", man_options, re.M))
readme_options = readme.split("\nOptions: ", 1)[-1].split("\n\n", 1)[0]
for opt in sorted(global_longs):
    if opt not in described:
        missing.append("man OPTIONS: stablemate %s" % opt)
    if opt not in long_options(readme_options):
        missing.append("README Options: stablemate %s" % opt)
for opt in sorted(described - global_longs):
    if not any(opt in help_options(run_help(c))[0] for c in commands):
        missing.append("man OPTIONS: stablemate takes no %s" % opt)
for opt, short in sorted(global_shorts.items()):
    if opt != "--help" and not re.search(r"^%s, %s" % (re.escape(short), opt), man_options, re.M):
        missing.append("man OPTIONS: stablemate %s (%s)" % (short, opt))

# --- defaults ---
for who, help_text in [("stablemate", main_help)] + [("stablemate " + c, run_help(c)) for c in commands]:
    for path in re.findall(r"(?:\$XDG_[A-Z_]+|~)/[\w./-]*\w", help_text):
        if path not in man:
            missing.append("man page: %s --help says %s" % (who, path))

# --- keys ---
# The keys a prompt or question reads itself, whatever the key map says (tui/prompt.c, tui/tui.c).
builtin_keys = {"Escape", "C-g", "C-c", "Tab"}
bound = {}
for line in open(os.path.join(srcdir, "keymaps", "default.keys")):
    f = line.split()
    if len(f) >= 4 and f[0] == "bind":
        bound.setdefault(" ".join(f[2:-1]), f[-1])

def key_tokens(text):
    """The keys of a list such as "k/j, Up/Down, -, C-y / C-e, |": "/" between two keys is no key."""
    keys = set()
    for part in re.split(r",\s*|\s+", text.strip()):
        if part and part != "/" and "/" in part[1:-1]:
            keys.update(k for k in part.split("/") if k)
        elif part:
            keys.add(part)
    return keys

man_keys = set()
for m in re.finditer(r"^\.TP\n(.*)\n", section(man_src, "KEY BINDINGS"), re.M):
    man_keys |= key_tokens(roff_text(m.group(1)))
keys_readme = readme.split("### Key bindings", 1)[1].split("\n#", 1)[0]
readme_keys = set()
for row in re.findall(r"^\| (.*?) \| ", keys_readme.replace("\\|", "\x01"), re.M):
    if row not in ("key", "---"):
        readme_keys |= key_tokens(row.replace("`", "").replace("\x01", "|"))
for key, action in sorted(bound.items()):
    if key not in man_keys:
        missing.append("man KEY BINDINGS: key %s (%s)" % (key, action))
    if key not in readme_keys:
        missing.append("README key bindings: key %s (%s)" % (key, action))
for who, keys in (("man KEY BINDINGS", man_keys), ("README key bindings", readme_keys)):
    for key in sorted(keys - set(bound) - builtin_keys):
        missing.append("%s: key %s is bound to nothing" % (who, key))

mutt_man = re.search(r"\(mutt\.keys:(.*?)\)", roff_text(section(man_src, "KEY BINDINGS")), re.S)
mutt_man = set(re.split(r"[\s,;/]+", mutt_man.group(1))) if mutt_man else set()
mutt_readme = readme.split("#### Why these keys, and `mutt.keys`", 1)[-1].split("\n#", 1)[0]
mutt_readme = set(re.findall(r"`([^`\s]+)`", mutt_readme.replace("\\|", "|")))
for line in open(os.path.join(srcdir, "keymaps", "mutt.keys")):
    f = line.split("#", 1)[0].split() if not line.startswith("#") else []
    if len(f) >= 4 and f[0] == "bind":
        key = " ".join(f[2:-1])
        if key not in mutt_man:
            missing.append("man KEY BINDINGS (mutt.keys): key %s (%s)" % (key, f[-1]))
        if key not in mutt_readme:
            missing.append("README mutt.keys: key %s (%s)" % (key, f[-1]))

# --- files ---
files = roff_text(section(man_src, "FILES"))
xdg = {"config": "$XDG_CONFIG_HOME", "data": "$XDG_DATA_HOME", "cache": "$XDG_CACHE_HOME"}
built, cached = set(), set()
# The program's sources: every room's .c files, not the tests' (SRCDIR itself may be ".../tests/..").
sources = [s for s in glob.glob(os.path.join(srcdir, "*", "**", "*.c"), recursive=True)
           if os.path.relpath(s, srcdir).split(os.sep)[0] != "tests"]
if not sources:
    missing.append("no sources under %s" % srcdir)
for source in sources:
    text = open(source, encoding="utf-8", errors="replace").read()
    for kind, name in re.findall(r'g_build_filename\(g_get_user_(config|data|cache)_dir\(\),\s*"stablemate",'
                                 r'\s*"([\w.-]+)"', text):
        built.add("%s/stablemate/%s" % (xdg[kind], name))
    # sm_cache_path(ROOM, ...): each room of the cache is named.
    for room in re.findall(r'\bsm_cache_path\(\s*"([\w.-]+)"', text):
        cached.add("%s/stablemate/%s" % (xdg["cache"], room))
for path in sorted(cached):
    if not re.search(r"^%s/" % re.escape(path), files, re.M):
        missing.append("man FILES: %s/" % path)
for path in sorted(built):
    covered = re.search(r"^%s/?$" % re.escape(path), files, re.M)
    if path.startswith(xdg["cache"]):
        covered = covered or re.search(r"^%s/$" % re.escape(xdg["cache"] + "/stablemate"), files, re.M)
    if not covered:
        missing.append("man FILES: %s" % path)

# --- environment ---
environment = roff_text(section(man_src, "ENVIRONMENT"))
documented = set(re.findall(r"\b[A-Z][A-Z0-9_]*[A-Z0-9]\b", environment))
used = set()
for source in sources:
    text = open(source, encoding="utf-8", errors="replace").read()
    used |= set(re.findall(r'\bg?_?getenv\s*\(\s*"([A-Z][A-Z0-9_]*)"\)', text))
    used |= set(re.findall(r'"(STABLEMATE_[A-Z0-9_]+)="', text))
for name in sorted(used - documented):
    if not name.startswith("STABLEMATE_TEST_"):
        missing.append("man ENVIRONMENT: %s" % name)

# --- config ---
def man_config_keys():
    keys = set()
    for m in re.finditer(r"^\.TP\n(.*)\n", section(man_src, "CONFIGURATION"), re.M):
        h = re.match(r"\[([a-z]+)\] (.*)", roff_text(m.group(1)))
        if h:
            keys |= {(h.group(1), k) for k in re.split(r",\s*", h.group(2)) if re.fullmatch(r"[a-z][a-z-]*", k)}
    return keys

def readme_config_keys():
    keys, group, fenced = set(), None, False
    for line in readme.split("\n"):
        if line.startswith("```"):
            fenced, group = not fenced, None
            continue
        if not fenced and re.match(r"#+ ", line):
            group = None
            continue
        s = line.strip()
        m = re.fullmatch(r"\[([a-z]+)\]", s)
        if m:
            group = m.group(1)
            continue
        m = re.match(r"#?\s*([a-z][a-z0-9-]*)\s*=\s", s)
        if m and group:
            keys.add((group, m.group(1)))
        # `[group] key`, `key2`: the text and the tables
        for m in re.finditer(r"`\[([a-z]+)\] ([a-z][a-z-]*)`((?:,? (?:or |and )?`[a-z][a-z-]*`)*)", line):
            keys |= {(m.group(1), k) for k in [m.group(2)] + re.findall(r"`([a-z][a-z-]*)`", m.group(3))}
    return keys

texts = [open(s, encoding="utf-8", errors="replace").read() for s in sources]
read = set()
for text in texts:
    for group, key in re.findall(r'\b(?:sm_config_\w+|g_key_file_get_\w+)\s*\([^,()]*(?:config|keyfile)[^,()]*,'
                                 r'\s*"([a-z]+)",\s*"([a-z][a-z-]*)"', text):
        read.add((group, key))
man_keys, readme_keys = man_config_keys(), readme_config_keys()
strings = set()
for text in texts:
    strings |= set(re.findall(r'"([a-z][a-z-]*)', text))
for group, key in sorted(read):
    if (group, key) not in man_keys:
        missing.append("man CONFIGURATION: [%s] %s" % (group, key))
    if (group, key) not in readme_keys:
        missing.append("README config: [%s] %s" % (group, key))
for who, keys, other in (("man CONFIGURATION", man_keys, readme_keys), ("README config", readme_keys, man_keys)):
    for group, key in sorted(keys - other - read):
        missing.append("%s: [%s] %s is not in the other document" % (who, group, key))
    for group, key in sorted(keys):
        if key not in strings and re.sub(r"-path$", "", key) not in strings:
            missing.append("%s: [%s] %s is read nowhere" % (who, group, key))

for m in missing:
    print(m)
