#!/bin/sh
# t-demo.sh - `stablemate --demo`: the mail, the database and the git
# repository it builds, what it refuses, and that it stays in its directory.
. "$TEST_DATA/lib.sh"

DEMO="$TMP_DIRECTORY/demo"
start=$(date +%s)
touch stamp
sleep 1

test_begin_subtest "the demo builds into a new directory and lists"
run_stablemate --demo-dir "$DEMO" --demo list
# The deadline column moves with the clock; the rest is fixed.
awk -F '  ' 'NF == 5 && (length($1) == 40 || $1 == "-") { print $1 "  " $2 "  " $3 "  " $4; next }
	NF == 5 { print $1 "  " $2 "  " $5; next } { print }' "$OUTPUT" >actual
echo "status $run_status" >>actual
sanitize_paths <"$ERRORS" >>actual
cat "$TEST_DATA/expected/demo-list.txt" >expected
echo "status 0" >>expected
test_expect_equal_file expected actual

test_begin_subtest "building touches nothing outside the demo directory"
# Only the patch index, which `list` (not the demo) writes.
find "$HOME" -newer stamp | sanitize_paths | sed 's|index/[0-9a-f]*/[0-9a-f]*\.smi$|index/DB/QUERY.smi|; s|index/[0-9a-f]*$|index/DB|' >actual
cat >expected <<'EOF'
TMP/home/.cache
TMP/home/.cache/stablemate
TMP/home/.cache/stablemate/index
TMP/home/.cache/stablemate/index/DB
TMP/home/.cache/stablemate/index/DB/QUERY.smi
EOF
test_expect_equal_file expected actual

test_begin_subtest "commit ids do not depend on the day the demo is built"
git -C "$DEMO/linux" rev-parse master linux-6.12.y linux-6.6.y linux-6.1.y >actual
cat >expected <<'EOF'
0aa3f1bb11340473f4d73df38f80ff513c5fe84d
70fc9852c5bc02ebe0d22caa2d0de73f004f0375
80db400fed386116d028463b333a1e69ac2b84ee
b2a21c506b33a05291e0ea91b1a10b1480559784
EOF
test_expect_equal_file expected actual

# cherry-pick ID BRANCH: "ok" or "conflict", in a scratch clone.
cherry_pick() {
	rm -rf scratch
	git clone -q "$DEMO/linux" scratch &&
	git -C scratch checkout -q -b try "origin/$2" &&
	if git -C scratch -c user.name=T -c user.email=t@example.org \
		cherry-pick "$1" >/dev/null 2>&1; then echo ok; else echo conflict; fi
}

test_begin_subtest "the NULL dereference fix conflicts on 6.1 only"
deref=326d888115104c5494cb542a79f405918e0ccad9
test_expect_equal "$(cherry_pick $deref linux-6.1.y) $(cherry_pick $deref linux-6.6.y) $(cherry_pick $deref linux-6.12.y)" \
	"conflict ok ok"

test_begin_subtest "the leak fix has a follow-up naming it in Fixes:"
test_expect_equal "$(git -C "$DEMO/linux" log --format=%s --grep='^Fixes: c558e65427b0 ("mm/pool: fix a leak on the error path")$' master)" \
	"mm/pool: do not unaccount objects that were never accounted"

test_begin_subtest "review deadlines: one under a day away, one in days, one passed"
run_stablemate --notmuch-config "$DEMO/notmuch-config" --config "$DEMO/config" \
	list --format=json
sed -n '/"reviews"/,$p' "$OUTPUT" |
	sed -n 's/.*"tree": "\(.*\)",/\1/p; s/.*"deadline": \([0-9]*\),/\1/p' |
	paste - - | while read -r tree deadline; do
		left=$((deadline - start))
		if [ $left -lt 0 ]; then when=passed
		elif [ $left -lt 86400 ]; then when=today
		elif [ $left -lt $((4 * 86400)) ]; then when=days
		else when=later; fi
		echo "$tree $when"
	done >actual
printf '6.6 days\n6.12 today\n6.1 passed\n' >expected
test_expect_equal_file expected actual

test_expect_success "the demo database agrees with notmuch new" '
	[ "$(NOTMUCH_CONFIG="$DEMO/notmuch-config" notmuch new 2>&1)" = "No new mail." ]
'

test_expect_success "replies written in the demo are never sent" '
	grep -qxF "sendmail=tee -a '"'$DEMO/outbox'"'" "$DEMO/config"
'

test_begin_subtest "the demo repository has a git identity, for git commit -s"
test_expect_equal "$(git -C "$DEMO/linux" config user.name) <$(git -C "$DEMO/linux" config user.email)>" \
	"Mira Olsen <mira.olsen@example.org>"

# The CLI half of the demo: act, then list, then act undo, on one demo.
FIX=326d888115
demo() {
	"$STABLEMATE" --demo --demo-dir "$DEMO" "$@" 2>&1
}
built=$(cat "$DEMO/.stablemate-demo-built")
test_begin_subtest "act in the demo, then list sees it: the demo is reused"
test_expect_equal "$(demo act done $FIX) | $(demo list | grep -c '  done  ')" \
	"done 326d88811510: tagged stablemate/done | 1"
test_begin_subtest "act undo in the demo puts it back"
test_expect_equal "$(demo act undo) | $(demo list | grep -c '  done  ')" \
	"undid done of 326d88811510: untriaged again | 0"
test_begin_subtest "a hold in the demo lands in its outbox, never in the world"
demo act hold --tree 6.12 --reason "Needs the helper first." --send $FIX >/dev/null
test_expect_equal "$(grep -A1 '^Please hold off on' "$DEMO/outbox" | grep -c '326d88811510 (') $(demo list | grep -c '  hold  ')" "1 1"
test_begin_subtest "none of this rebuilt the demo"
test_expect_equal "$(cat "$DEMO/.stablemate-demo-built")" "$built"

test_begin_subtest "--demo-reset builds it again: the earlier demo is replaced"
echo "left over" >"$DEMO/linux/stray"
run_stablemate --demo-dir "$DEMO" --demo-reset list
test_expect_equal "$run_status $(ls "$DEMO/linux/stray" 2>&1 | sanitize_paths) $(grep -c '  hold  ' "$OUTPUT")" \
	"0 ls: cannot access 'TMP/demo/linux/stray': No such file or directory 0"

test_begin_subtest "a directory that is not a demo is refused and left alone"
mkdir mine
echo "precious" >mine/notes
run_stablemate --demo-dir "$TMP_DIRECTORY/mine" --demo list
{ [ "$run_status" != 0 ] && echo "failed"; sanitize_paths <"$ERRORS"; ls mine; } >actual
cat >expected <<'EOF'
failed
stablemate: cannot build the demo: TMP/mine is not empty and is not a stablemate demo (it has no .stablemate-demo); not touching it
notes
EOF
test_expect_equal_file expected actual

test_begin_subtest "show --format=json carries what the repository says: the NULL dereference fix conflicts on 6.1"
run_stablemate --demo --demo-dir "$DEMO" show --format=json 326d888115
{ echo "status $run_status"; sed -n '/^      "git": {$/,/^      },$/p' "$OUTPUT"; } >actual
cat >expected <<'EOF'
status 0
      "git": {
        "trees": {
          "6.12": {
            "branch": "linux-6.12.y",
            "tip": "70fc9852c5bc02ebe0d22caa2d0de73f004f0375",
            "present": false,
            "present_as": null,
            "prediction": "clean",
            "conflicts": [],
            "dependencies": []
          },
          "6.6": {
            "branch": "linux-6.6.y",
            "tip": "80db400fed386116d028463b333a1e69ac2b84ee",
            "present": false,
            "present_as": null,
            "prediction": "clean",
            "conflicts": [],
            "dependencies": []
          },
          "6.1": {
            "branch": "linux-6.1.y",
            "tip": "b2a21c506b33a05291e0ea91b1a10b1480559784",
            "present": false,
            "present_as": null,
            "prediction": "conflict",
            "conflicts": ["drivers/net/ethernet/acme/acme_main.c"],
            "dependencies": [
              {
                "commit": "8c11f85e7f22817bd4fdeda4b0b995814cbdc0fd",
                "subject": "net: acme: add per-queue statistics",
                "source": ["blame", "notice"],
                "paths": ["drivers/net/ethernet/acme/acme_main.c"],
                "known": true,
                "present": false,
                "status": "none",
                "queued": false
              }
            ]
          }
        },
        "followups": [],
        "flags": []
      },
EOF
test_expect_equal_file expected actual

test_begin_subtest "... the leak fix released on 6.1 is flagged: its fix is not queued there"
run_stablemate --demo --demo-dir "$DEMO" show --format=json c558e65427
test_expect_equal "$(sed -n '/^        "flags": /p' "$OUTPUT")" '        "flags": ["unqueued-fix"]'

test_begin_subtest "... without [git] repo the git map says why; text output shows the git block"
grep -v '^repo *=' "$DEMO/config" >norepo.config
run_stablemate --notmuch-config "$DEMO/notmuch-config" --config norepo.config \
	show --format=json 326d888115
{ echo "status $run_status"; sed -n '/^      "git": {$/,/^      },$/p' "$OUTPUT"; } >actual
run_stablemate --demo --demo-dir "$DEMO" show --format=text 326d888115
sed -n '/^git$/,$p' "$OUTPUT" | grep -A4 -x '    6.1' | grep -E 'branch|prediction' >>actual
cat >expected <<'EOF'
status 0
      "git": {
        "error": "no kernel repository configured: set [git] repo"
      },
      branch      linux-6.1.y
      prediction  conflict
EOF
test_expect_equal_file expected actual

test_expect_success "the default demo directory is under XDG_CACHE_HOME" '
	"$STABLEMATE" --demo list >/dev/null &&
	[ -f "$XDG_CACHE_HOME/stablemate/demo/.stablemate-demo" ] &&
	[ -d "$XDG_CACHE_HOME/stablemate/demo/linux/.git" ]
'

test_done
