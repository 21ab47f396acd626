#!/usr/bin/env python3
"""docs-drift.py - what the program offers that README.md or the man page does not say.

usage: docs-drift.py STABLEMATE SRCDIR
Prints one line per omission (nothing when the documents agree with the program):
  - every command of `stablemate --help` must be in the man page's SYNOPSIS and README's command block;
  - every long option of `stablemate --help` and of `stablemate COMMAND --help` must be in both documents;
  - every key bound in keymaps/default.keys must be in the man page's KEY BINDINGS and README's key table.
"""
import os, re, subprocess, sys

stablemate, srcdir = sys.argv[1], sys.argv[2]

def run_help(*args):
    p = subprocess.run([stablemate, *args, "--help"], capture_output=True, text=True)
    return p.stdout + p.stderr

def roff_text(text):
    """The man page source as words a reader sees: escapes and font changes gone."""
    text = text.replace("\\-", "-").replace("\\(em", "-")
    text = re.sub(r"\\f[BIRP]", "", text)
    return re.sub(r"^\.[A-Z]+ ?", "", text, flags=re.M)

def section(text, name):
    m = re.search(r"^\.SH %s\n(.*?)(?=^\.SH |\Z)" % re.escape(name), text, re.S | re.M)
    return m.group(1) if m else ""

man_src = open(os.path.join(srcdir, "doc", "stablemate.1")).read()
man = roff_text(man_src)
readme = open(os.path.join(srcdir, "README.md")).read()
missing = []

main_help = run_help()
commands = re.findall(r"^  ([a-z]+) {2,}", main_help.split("Commands:", 1)[1], re.M)
if not commands:
    missing.append("stablemate --help lists no commands")
synopsis = roff_text(section(man_src, "SYNOPSIS"))
block = readme.split("## Commands", 1)[1].split("```")[1]
for c in commands:
    if not re.search(r"^%s\b" % c, synopsis, re.M):
        missing.append("man SYNOPSIS: command %s" % c)
    if not re.search(r"stablemate \[OPTION\.\.\.\] %s\b" % c, block):
        missing.append("README commands: command %s" % c)

def options(help_text):
    return sorted(set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", help_text, re.M)) - {"--help-all"})

for who, help_text in [("stablemate", main_help)] + [("stablemate " + c, run_help(c)) for c in commands]:
    for opt in options(help_text):
        if not re.search(re.escape(opt) + r"(?![a-z-])", man):
            missing.append("man page: %s %s" % (who, opt))
        if not re.search(re.escape(opt) + r"(?![a-z-])", readme):
            missing.append("README: %s %s" % (who, opt))

keys_man = roff_text(section(man_src, "KEY BINDINGS"))
keys_readme = readme.split("### Key bindings", 1)[1].split("\n## ", 1)[0]
def words(text):
    # "k/j" is two keys, and "/" is a key: split both with and without "/";
    # "|" is a key too, where it stands alone.
    return (set(re.split(r"[\s,/`|\"()]+", text)) | set(re.split(r"[\s,`|\"()]+", text)) |
            set(re.split(r"[\s,]+", text)))
man_words, readme_words = words(keys_man), words(keys_readme)
for line in open(os.path.join(srcdir, "keymaps", "default.keys")):
    f = line.split()
    if len(f) < 4 or f[0] != "bind":
        continue
    key = " ".join(f[2:-1])
    if key not in man_words:
        missing.append("man KEY BINDINGS: key %s (%s)" % (key, f[-1]))
    if key not in readme_words and ("`%s`" % key) not in keys_readme:
        missing.append("README key bindings: key %s (%s)" % (key, f[-1]))

for m in missing:
    print(m)
