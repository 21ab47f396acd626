#!/bin/sh
# t-git.sh - `stablemate checkout` on a real repository and database: the
# worktree it makes and reopens, what it refuses, the user's shell (a
# script) resolving or giving up, and the backport mail through the reply
# path.
. "$TEST_DATA/t-git-lib.sh"
git_setup

co() {
	run_status=0
	sm checkout "$@" >"$OUTPUT" 2>"$ERRORS" || run_status=$?
}

co --no-shell "$DEREF12"
check "the worktree, on the tree where it FAILED" "worktree TMP/worktrees/$DEREF12-6.1
branch stablemate/6.1/$DEREF12
state conflicted
conflict drivers/net/foo.c
0" "$(sanitize_paths <"$OUTPUT"; echo $run_status)"
check "as git cherry-pick leaves it" "UU drivers/net/foo.c" \
	"$(git -C "$WORKTREES/$DEREF12-6.1" status --porcelain)"
check "the patch is being resolved" "inbox stablemate/resolving unread" "$(tags_of $FAILED_ID)"
check "the user's worktree is untouched" "" "$(git -C "$REPO" status --porcelain)"

co --no-shell --tree 6.1 "$DEREF12"
check "asked again, the same worktree" "worktree TMP/worktrees/$DEREF12-6.1
branch stablemate/6.1/$DEREF12
state conflicted
conflict drivers/net/foo.c" "$(sanitize_paths <"$OUTPUT")"
check "and only one" "2" "$(git -C "$REPO" worktree list | wc -l)"

co --no-shell --tree 5.15 "$DEREF12"
check "a tree without a branch is refused" "1 stablemate checkout: no stable branch for 5.15: tried stable/linux-5.15.y, linux-5.15.y" \
	"$run_status $(cat "$ERRORS")"
mkdir -p "$WORKTREES/$DEREF12-6.6" && echo mine > "$WORKTREES/$DEREF12-6.6/notes"
co --no-shell --tree 6.6 "$DEREF12"
check "a path taken by something else is refused, and kept" "1 stablemate checkout: refusing to make a worktree at TMP/worktrees/$DEREF12-6.6: something else is there
mine" "$run_status $(sanitize_paths <"$ERRORS")
$(cat "$WORKTREES/$DEREF12-6.6/notes")"
co --no-shell 0123456789ab
check "an unknown patch is refused" "1 stablemate checkout: no patch matches '0123456789ab'" \
	"$run_status $(cat "$ERRORS")"
co --backport mail "$DEREF12"
check "bad usage" "2 stablemate checkout: --backport is print, draft or send" \
	"$run_status $(cat "$ERRORS")"

# --remove and --backport open no shell; while conflicts remain they say
# what to do in the worktree.
SHELL=/bin/false co --remove "$DEREF12"
check "a conflicted worktree is not removed, and the way out is named" "1 stablemate checkout: not removed: the cherry-pick in TMP/worktrees/$DEREF12-6.1 has conflicts
stablemate checkout: to give it up: git -C TMP/worktrees/$DEREF12-6.1 cherry-pick --abort, then run this again" \
	"$run_status $(sanitize_paths <"$ERRORS")"
SHELL=/bin/false co --backport print "$DEREF12"
check "nor mailed" "1 stablemate checkout: no backport to mail: the cherry-pick in TMP/worktrees/$DEREF12-6.1 has conflicts
stablemate checkout: resolve them there, git add them and git cherry-pick --continue, then run this again; or to give it up: git -C TMP/worktrees/$DEREF12-6.1 cherry-pick --abort" \
	"$run_status $(sanitize_paths <"$ERRORS")"

# The user gives up in the shell: then the worktree can go, with its branch.
shell_script abort 'echo "in $STABLEMATE_TREE"; git cherry-pick --abort'
SHELL="$TMP_DIRECTORY/abort.sh" co "$DEREF12"
check "given up in the shell" "in 6.1
state abandoned" "$(grep -E '^(in|state) ' "$OUTPUT")"
co --remove "$DEREF12"
check "then removed" "worktree TMP/worktrees/$DEREF12-6.1
branch stablemate/6.1/$DEREF12
state abandoned
removed TMP/worktrees/$DEREF12-6.1
0" "$(sanitize_paths <"$OUTPUT"; echo $run_status)"
check "nothing left of it" "no stablemate/*" \
	"$(test -e "$WORKTREES/$DEREF12-6.1" && echo dir; git -C "$REPO" branch --list 'stablemate/*' | grep -q . || echo 'no stablemate/*')"

# The user resolves and commits: the backport mail, as git send-email
# would send it in reply to the FAILED notice.
shell_script resolve "$RESOLVE"
SHELL="$TMP_DIRECTORY/resolve.sh" co "$DEREF12"
BACKPORT=$(git -C "$WORKTREES/$DEREF12-6.1" rev-parse HEAD)
check "resolved and committed" "state committed
backport $BACKPORT" "$(grep -E '^(state|backport) ' "$OUTPUT")"
check "the summary came first" "Backport of $DEREF12 (\"net: foo: fix null deref in foo_setup\") to 6.1" \
	"$(head -1 "$OUTPUT")"
SHELL=/bin/false co --backport print "$DEREF12"
check "--backport print mails it without a shell" "worktree TMP/worktrees/$DEREF12-6.1
state committed
0" "$(grep -E '^(worktree|state) ' "$OUTPUT" | sanitize_paths; echo $run_status)"
sed -n '/^From stablemate/,$p' "$OUTPUT" > "$TMP_DIRECTORY/backport.eml"
check "the backport mail's headers" "From stablemate DATE
From: Test Maintainer <maint@example.org>
To: stable@vger.kernel.org
Cc: alice@example.org, Bob Maintainer <bob@example.org>, Carol Reviewer <carol@example.org>
Subject: [PATCH 6.1.y] net: foo: fix null deref in foo_setup
Date: DATE
Message-Id: <ID@example.org>
In-Reply-To: <$FAILED_ID>
References: <20240110-deref-v1@example.org> <$FAILED_ID>" \
	"$(sed '/^$/q' "$TMP_DIRECTORY/backport.eml" | unfold | sanitize | grep -v -e '^User-Agent' -e '^MIME' -e '^Content-' -e '^$')"
check "its body: the author, the upstream line, the message, the patch" "From: Alice Dev <alice@example.org>

commit $DEREF upstream.

The setup path dereferences f before checking it.

Cc: Bob Maintainer <bob@example.org>
Signed-off-by: Alice Dev <alice@example.org>
Signed-off-by: Test Maintainer <maint@example.org>
---
 drivers/net/foo.c | 8 +++++---
 1 file changed, 5 insertions(+), 3 deletions(-)" \
	"$(sed -e '1,/^$/d' "$TMP_DIRECTORY/backport.eml" | sed -n '1,/^ 1 file changed/p')"

# Sent: through sendmail, and the patch is done.
co --no-shell --backport send "$DEREF12"
check "sent to the list, the notice's recipients in Cc" "0 -t
-oi
Subject: [PATCH 6.1.y] net: foo: fix null deref in foo_setup" \
	"$run_status $(cat "$FAKE_SENDMAIL_OUTBOX/1.args"; grep '^Subject:' "$FAKE_SENDMAIL_OUTBOX/1.eml")"
check "the patch is done" "inbox stablemate/done unread" "$(tags_of $FAILED_ID)"
# With the backport sent no tree is at FAILED: a checkout names its tree.
co --no-shell "$DEREF12"
check "without --tree, where each tree stands instead" "1 stablemate checkout: $DEREF12 has no tree where it failed to apply (6.1 backport); name the tree to check out with --tree" \
	"$run_status $(cat "$ERRORS")"

# Each refusal names the way out, and the way out it names works: run as
# the message gives it, then the same command again.
WT="$WORKTREES/$DEREF12-6.1"
way_out() {
	sed -n 's/^stablemate checkout: .*: \(git -C .*\), then run this again$/\1/p' "$ERRORS"
}
co --tree 6.1 --remove "$DEREF12"
BASE12=$(git -C "$WT" rev-parse --short=12 HEAD^)
check "a committed backport is not removed" "1 stablemate checkout: not removed: the backport $(echo "$BACKPORT" | cut -c1-12) is committed in TMP/worktrees/$DEREF12-6.1
stablemate checkout: mail it with --backport send; or, to throw it away: git -C TMP/worktrees/$DEREF12-6.1 reset --hard $BASE12, then run this again" \
	"$run_status $(sanitize_paths <"$ERRORS")"
sh -c "$(way_out)" >/dev/null
co --tree 6.1 --remove "$DEREF12"
check "thrown away as it says, it is removed" "0 removed TMP/worktrees/$DEREF12-6.1" \
	"$run_status $(grep '^removed' "$OUTPUT" | sanitize_paths)"

co --tree 6.1 --no-shell "$DEREF12"
git -C "$WT" checkout -q --theirs drivers/net/foo.c && git -C "$WT" add -u
co --tree 6.1 --backport print "$DEREF12"
check "a resolution not committed is not mailed" "1 stablemate checkout: no backport to mail: the resolution in TMP/worktrees/$DEREF12-6.1 is not committed
stablemate checkout: commit it: git -C TMP/worktrees/$DEREF12-6.1 commit -s, then run this again" \
	"$run_status $(sanitize_paths <"$ERRORS")"
GIT_EDITOR=true sh -c "$(way_out)" >/dev/null
co --tree 6.1 --backport print "$DEREF12"
check "committed as it says, it is mailed" "0 Subject: [PATCH 6.1.y] net: foo: fix null deref in foo_setup" \
	"$run_status $(grep '^Subject:' "$OUTPUT")"

git -C "$WT" reset -q --hard HEAD^
co --tree 6.1 --backport print "$DEREF12"
check "given up, there is nothing to mail" "1 stablemate checkout: no backport to mail: nothing is picked in TMP/worktrees/$DEREF12-6.1: the cherry-pick was given up
stablemate checkout: remove the worktree with --remove" \
	"$run_status $(sanitize_paths <"$ERRORS")"
echo mine >"$WT/notes"
co --tree 6.1 --remove "$DEREF12"
check "a file of the user's keeps it" "1 stablemate checkout: not removed: TMP/worktrees/$DEREF12-6.1 has changes that are not stablemate's
stablemate checkout: see them with git -C TMP/worktrees/$DEREF12-6.1 status; commit or remove them, then run this again
mine" "$run_status $(sanitize_paths <"$ERRORS"; cat "$WT/notes")"
rm "$WT/notes"
co --tree 6.1 --remove "$DEREF12"
check "without it, removed" "0 removed TMP/worktrees/$DEREF12-6.1" \
	"$run_status $(grep '^removed' "$OUTPUT" | sanitize_paths)"
test_done
