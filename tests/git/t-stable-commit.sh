#!/bin/sh
# t-stable-commit.sh - class 1 of issue 11 through git: a decision that
# names a stable branch's commit (not the mainline one) goes to the patch
# that commit is a backport of, as the configured repository says
# (git/stable-commit.h); show and the JSON say why (attached
# "stable-commit", the line); the patch index keeps it.  The repository is
# git-lib.sh's: typo66 on stable/linux-6.6.y says "[ Upstream commit
# <typo> ]", typo61 on linux-6.1.y "commit <typo> upstream.".  The mails
# have the shapes of real ones (tests/human/c1-*): a regression report
# naming the stable commit, Greg's "now reverted" quoting it; a report
# whose Fixes: line cites the 6.1 backport, Sasha's "dropped".
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/git-lib.sh"

FX="$TMP_DIRECTORY/fx"
CONFIG="$TMP_DIRECTORY/config"
export XDG_CACHE_HOME="$TMP_DIRECTORY/cache"

git_fixture "$FX"
TYPO=$(cd "$FX/linux" && fx_id typo)
TYPO66=$(cd "$FX/linux" && fx_short typo66 12)
TYPO61=$(cd "$FX/linux" && fx_short typo61 12)
test_expect_success 'fixture mail' '
	mkdir -p "$TMP_DIRECTORY/in" &&
	cat >"$TMP_DIRECTORY/in/report.eml" <<-EOM &&
	From: Some User <user@example.org>
	To: stable@vger.kernel.org
	Subject: [REGRESSION 6.6.1] bar: comments read wrong
	Date: Mon, 15 Jan 2024 10:00:00 +0000
	Message-ID: <report-66@example.org>

	Hi,

	commit $TYPO66 in 6.6.y makes the comments in fs/bar.c read wrong.
	EOM
	cat >"$TMP_DIRECTORY/in/reverted.eml" <<-EOM &&
	From: Greg Kroah-Hartman <gregkh@linuxfoundation.org>
	To: Some User <user@example.org>
	Cc: stable@vger.kernel.org
	Subject: Re: [REGRESSION 6.6.1] bar: comments read wrong
	Date: Mon, 15 Jan 2024 12:00:00 +0000
	Message-ID: <2024011512-reverted-typo@gregkh>
	In-Reply-To: <report-66@example.org>
	References: <report-66@example.org>

	On Mon, Jan 15, 2024 at 10:00:00AM +0000, Some User wrote:
	> Hi,
	>
	> commit $TYPO66 in 6.6.y makes the comments in fs/bar.c read wrong.

	Now reverted, thanks.

	greg k-h
	EOM
	cat >"$TMP_DIRECTORY/in/dropped.eml" <<-EOM &&
	From: Sasha Levin <sashal@kernel.org>
	To: stable@vger.kernel.org
	Subject: Re: 6.1.y: comments in fs/bar.c read wrong
	Date: Tue, 16 Jan 2024 09:00:00 +0000
	Message-ID: <Zdropped61@sashalap>
	In-Reply-To: <report-61@example.org>

	On Tue, Jan 16, 2024 at 08:00:00AM +0000, Some User wrote:
	> The comments read wrong on 6.1.y since
	>
	> Fixes: $TYPO61 ("fs: bar: fix typo in comment")

	Dropped from 6.1, thanks.
	EOM
	make_maildir "$TMP_DIRECTORY/in/report.eml" "$TMP_DIRECTORY/in/reverted.eml" \
		"$TMP_DIRECTORY/in/dropped.eml" &&
	make_db
'

sm() {
	"$STABLEMATE" --notmuch-config "$NOTMUCH_CONFIG" --config "$CONFIG" "$@" >"$OUTPUT" 2>"$ERRORS"
}

test_begin_subtest 'without a repository the stable commits place nothing'
: >"$CONFIG"
sm list
test_expect_equal "$(cat "$OUTPUT")" ""

test_begin_subtest 'with it, both decisions go to the upstream patch, each for its tree'
printf '[git]\nrepo = %s\n' "$FX/linux" >"$CONFIG"
rm -rf "$XDG_CACHE_HOME"
sm list
test_expect_equal "$(cat "$OUTPUT")" \
"$TYPO  fs: bar: fix typo in comment  untriaged  6.6:dropped 6.1:dropped  -"

test_begin_subtest 'show says why: the rule and the line that names the stable commit'
sm show --format=json "$TYPO"
test_expect_equal "$(grep -E '"(kind|trees": \[|attached|evidence|signal|upstream)"' "$OUTPUT" | sed 's/^ *//')" \
"\"upstream\": \"$TYPO\",
\"kind\": \"removed\",
\"trees\": [\"6.6\"],
\"attached\": \"stable-commit\",
\"evidence\": \"> commit $TYPO66 in 6.6.y makes the comments in fs/bar.c read wrong.\",
\"signal\": \"reverted\",
\"upstream\": \"$TYPO\",
\"kind\": \"removed\",
\"trees\": [\"6.1\"],
\"attached\": \"stable-commit\",
\"evidence\": \"> Fixes: $TYPO61 (\\\"fs: bar: fix typo in comment\\\")\",
\"signal\": \"dropped\",
\"upstream\": \"$TYPO\","

# What git says of the trees comes after the notices ("git"): not the
# question here, and there is no repository this time.
test_begin_subtest 'a warm start gives the same answer, from the index, without asking git'
sed '/"git": {/,$d' "$OUTPUT" >first.json
printf '[git]\nrepo = %s/nowhere\n' "$TMP_DIRECTORY" >"$CONFIG"
sm --verbose show --format=json "$TYPO"
sed '/"git": {/,$d' "$OUTPUT" >warm.json
test_expect_equal_file first.json warm.json

test_begin_subtest 'and it was the index: no message read again'
test_expect_equal "$(grep -o '[0-9]* parsed' "$ERRORS")" "0 parsed"

test_done
