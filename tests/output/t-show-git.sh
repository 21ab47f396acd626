#!/bin/sh
# t-show-git.sh - `show --format=json`: per tree, "present_as" names the
# stable branch's commit that holds the upstream commit (README, "JSON
# output"), checked against what git says each way it can be there, on
# git-lib.sh's repository with two more backports made here:
#   typo   6.6 as typo66 ("[ Upstream commit X ]"), 6.1 as typo61
#          ("commit X upstream.")
#   leak   6.6 by a `git cherry-pick -x` ("(cherry picked from commit X)"),
#          6.1 by a `git cherry-pick` without -x (the same patch-id only)
#   table  6.6 as itself (merged before v6.6), not in 6.1: null
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/git-lib.sh"

FX="$TMP_DIRECTORY/fx"
REPO="$FX/linux"
in_repo() { (cd "$REPO" && fx "$@"); }

# autosel TREE NAME: an AUTOSEL posting of fixture commit NAME for TREE.
autosel() {
	id=$(in_repo rev-parse "refs/fixture/$2")
	cat <<EOF
From: Sasha Levin <sashal@kernel.org>
To: linux-kernel@vger.kernel.org, stable@vger.kernel.org
Subject: [PATCH AUTOSEL $1 1/1] $(in_repo log -1 --format=%s "$id")
Date: Mon, 15 Jan 2024 10:00:00 +0000
Message-Id: <autosel-$1-$2@kernel.org>

[ Upstream commit $id ]

Signed-off-by: Sasha Levin <sashal@kernel.org>
---
EOF
}

test_expect_success 'fixture repository, the two picks, AUTOSEL postings, [git] repo' '
	git_fixture "$FX" >/dev/null &&
	in_repo checkout -q --detach stable/linux-6.6.y &&
	in_repo cherry-pick -x refs/fixture/leak >/dev/null &&
	in_repo update-ref refs/remotes/stable/linux-6.6.y HEAD &&
	in_repo checkout -q linux-6.1.y &&
	in_repo cherry-pick refs/fixture/leak >/dev/null &&
	in_repo checkout -q master &&
	mkdir -p "$TMP_DIRECTORY/in" &&
	for t in 6.6 6.1; do
		for c in typo leak table; do
			autosel $t $c >"$TMP_DIRECTORY/in/$t-$c.eml" || exit 1
		done
	done &&
	make_maildir "$TMP_DIRECTORY"/in/*.eml && make_db &&
	mkdir -p "$XDG_CONFIG_HOME/stablemate" &&
	printf "[git]\nrepo = %s\n" "$REPO" >"$XDG_CONFIG_HOME/stablemate/config"
'

# The id of what git names $1.
id_of() { in_repo rev-parse "$1"; }
# The one commit of branch $1 that is not in mainline and whose message
# has $2.
own_with() { in_repo log --format=%H -F --grep="$2" "master..$1"; }

# What show says of each tree of fixture commit $1: present, present_as.
trees_of() {
	run_stablemate show --format=json "$(id_of "refs/fixture/$1")"
	python3 -c 'import json, sys
trees = json.load(sys.stdin)["patches"][0]["git"]["trees"]
print(json.dumps({t: {k: v[k] for k in ("present", "present_as")} for t, v in trees.items()}))' <"$OUTPUT"
}

test_begin_subtest 'typo: each tree names its backport, found by its upstream line'
test_expect_equal_json "$(trees_of typo)" "{
  \"6.6\": {\"present\": true, \"present_as\": \"$(id_of refs/fixture/typo66)\"},
  \"6.1\": {\"present\": true, \"present_as\": \"$(id_of refs/fixture/typo61)\"}}"

test_begin_subtest 'leak: a cherry-pick -x by its line, one without the line by its patch-id'
leak=$(id_of refs/fixture/leak)
test_expect_equal_json "$(trees_of leak)" "{
  \"6.6\": {\"present\": true, \"present_as\": \"$(own_with stable/linux-6.6.y "cherry picked from commit $leak")\"},
  \"6.1\": {\"present\": true, \"present_as\": \"$(own_with linux-6.1.y "fs: bar: fix leak in bar_open")\"}}"

test_begin_subtest '... the picks are what git says: one with the line, one with the patch-id only'
pick66=$(own_with stable/linux-6.6.y "cherry picked from commit $leak")
pick61=$(own_with linux-6.1.y "fs: bar: fix leak in bar_open")
pid() { in_repo show "$1" | git patch-id --stable | cut -d" " -f1; }
test_expect_equal "$(in_repo log -1 --format=%B "$pick61" | grep -c "$leak") $(pid "$pick61")" "0 $(pid "$leak")"

test_begin_subtest 'table: in 6.6 as itself (an ancestor of the branch), null where it is missing'
test_expect_equal_json "$(trees_of table)" "{
  \"6.6\": {\"present\": true, \"present_as\": \"$(id_of refs/fixture/table)\"},
  \"6.1\": {\"present\": false, \"present_as\": null}}"

test_begin_subtest '... and git agrees: an ancestor of 6.6, not of 6.1'
test_expect_equal "$(in_repo merge-base --is-ancestor refs/fixture/table stable/linux-6.6.y && echo in) $(in_repo merge-base --is-ancestor refs/fixture/table linux-6.1.y || echo out)" "in out"

test_begin_subtest 'the whole tree map of a patch, as printed: present_as after present'
run_stablemate show --format=json "$(id_of refs/fixture/typo)"
test_expect_equal "$(sed -n '/^          "6.1": {$/,/^          }$/p' "$OUTPUT")" "\
          \"6.1\": {
            \"branch\": \"linux-6.1.y\",
            \"tip\": \"$(id_of linux-6.1.y)\",
            \"present\": true,
            \"present_as\": \"$(id_of refs/fixture/typo61)\",
            \"prediction\": \"empty\",
            \"conflicts\": [],
            \"dependencies\": []
          }"

test_done
