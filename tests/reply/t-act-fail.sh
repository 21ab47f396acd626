#!/bin/sh
# t-act-fail.sh - when sending fails nothing is lost; hostile notices
# cannot inject headers; the sendmail command is split, never run by a
# shell.
. "$TEST_DATA/t-act-lib.sh"

# A hostile AUTOSEL notice for 914cc799b28f in 5.10: encoded CR/LF in the
# sender's name and in the subject try to start Bcc: and X-Evil: headers.
act_setup 006.eml 008.eml
sed -e 's/^From: .*/From: =?utf-8?q?Sasha=0D=0ABcc=3A_victim=40example=2Ecom?= <sashal@kernel.org>/' \
    -e 's/^Subject: .*/Subject: [PATCH AUTOSEL 5.10 12\/44] PM: =?utf-8?q?fix=0D=0AX-Evil=3A_1=0A=0Aowned?=/' \
    -e 's/^Message-I[dD]: .*/Message-ID: <hostile@example.com>/' \
    "$TEST_DATA/corpus/006.eml" > "$MAIL_DIR/cur/hostile.eml:2,S"
notmuch new --quiet
PM=914cc799b28f
PM_NOTICES="20250804003849.3627024-12-sashal@kernel.org 20250818124453.167067654@linuxfoundation.org"

hostile=$(sm act hold --tree 5.10 --reason "x" --print $PM | sed '/^$/q')
check "no header from the hostile notice's text" "" \
	"$(printf '%s\n' "$hostile" | grep -v -e "^[ $(printf '\t')]" -e '^$' -e '^From stablemate ' \
	   -e '^\(From\|To\|Cc\|Subject\|Date\|Message-Id\|In-Reply-To\|References\|User-Agent\|MIME-Version\|Content-Type\|Content-Transfer-Encoding\):')"
check "the hostile text stays inside the subject and the name" \
	"Subject: Re: [PATCH AUTOSEL 5.10 12/44] PM: fix X-Evil: 1 owned
To: \"Sasha Bcc: victim@example.com\" <sashal@kernel.org>, patches@lists.linux.dev, stable@vger.kernel.org" \
	"$(printf '%s\n' "$hostile" | unfold |
	   grep -e '^Subject:' -e '^To:' | sort)"

# A sendmail that fails: the reply stays a draft, no triage tag changes.
export FAKE_SENDMAIL_FAIL=75
out=$(sm act hold --tree 6.12 --reason "Breaks suspend." --send $PM 2>&1; echo "exit $?")
draft=$(ls "$MAIL_DIR"/drafts/cur/* 2>/dev/null)
check "a failed send says why and where the draft is" "exit 1
hold 914cc799b28f 6.12: draft saved as $draft
stablemate act: not sent: \"$TEST_DATA/fake-sendmail -t -oi\" failed (exit status 75): fake-sendmail: cannot connect to relay.example.org: Connection refused; kept as a draft in $draft" "$(printf '%s\n' "$out" | sort)"
check "the draft holds the whole reply" "Please hold off on
914cc799b28f (\"PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()\")
for 6.12 for now:

Breaks suspend.

Thanks,
Test Maintainer" "$(sed -n '/^Please/,$p' "$draft")"
check "the draft is indexed as a draft" "draft" \
	"$(tags_of "$(sed -n 's/^Message-Id: <\(.*\)>/\1/p' "$draft")")"
check "a failed send tags nothing" "inbox unread
inbox unread" "$(for id in $PM_NOTICES; do echo "$(tags_of "$id")"; done)"
check "nothing is in the sent folder" "" "$(ls "$MAIL_DIR/sent/cur" 2>/dev/null)"
check "the history says draft" "914cc799b28f17d369d5b4db3b941957d18157e8	6.12	hold	draft	untriaged" \
	"$(history_lines)"

# Nowhere to save a draft either (the drafts folder cannot be made, as on a
# full disk): the text is kept in the edit folder and the error says where.
: > "$TMP_DIRECTORY/not-a-folder"
act_config "drafts = $TMP_DIRECTORY/not-a-folder/drafts"
out=$(sm act hold --tree 6.12 --reason "Breaks suspend." --send $PM 2>&1; echo "exit $?")
kept=$(ls "$XDG_DATA_HOME"/stablemate/edits/*.eml)
check "no draft possible: the text is kept" "exit 1
hold 914cc799b28f 6.12: failed; the text is in $kept
stablemate act: not sent: \"$TEST_DATA/fake-sendmail -t -oi\" failed (exit status 75): fake-sendmail: cannot connect to relay.example.org: Connection refused; no draft either: cannot create $TMP_DIRECTORY/not-a-folder/drafts/cur: Not a directory; the text is in $kept" "$(printf '%s\n' "$out" | sort)"
check "the kept text is the editable reply" "From: Test Maintainer <maint@example.org>
To: Greg Kroah-Hartman <gregkh@linuxfoundation.org>,
    stable@vger.kernel.org" "$(head -3 "$kept")"
unset FAKE_SENDMAIL_FAIL
act_config ""
out=$(sm act hold --tree 5.15 --reason x --print $PM 2>&1 > /dev/null)
check "the next act names the kept text and how to take it up" "stablemate act: warning: a reply was left unfinished: a hold reply to 914cc799b28f for 6.12 (answering <20250818124453.167067654@linuxfoundation.org>), in $kept; resume it with: stablemate act resume $kept" "$out"
check "resumed, it is saved as a draft, and no longer left" "hold 914cc799b28f 6.12: draft saved as
left: " "$(sm act resume --draft "$kept" | sed 's/draft saved as .*/draft saved as/'; echo "left: $(ls "$XDG_DATA_HOME"/stablemate/edits)")"

# The sendmail command is split into words like a shell would, and run
# without one: the quotes group, the $ and ; stay literal.
act_config "sendmail = '$TEST_DATA/fake-sendmail' -t -oi -F \"Ada M\" \$HOME;x"
sm act hold --tree 6.12 --reason x --send $PM > /dev/null
check "the words of a quoted sendmail command" "-t
-oi
-F
Ada M
\$HOME;x" "$(cat "$FAKE_SENDMAIL_OUTBOX/1.args")"
act_config "sendmail = /nonexistent/sendmail -t"
out=$(sm act hold --tree 6.12 --reason x --send $PM 2>&1; echo "exit $?")
check "a sendmail that cannot run" "stablemate act: not sent: cannot run \"/nonexistent/sendmail -t\": Failed to execute child process “/nonexistent/sendmail” (No such file or directory); kept as a draft in DRAFT
exit 1" "$(printf '%s\n' "$out" | grep -v '^hold' | sed 's|draft in .*|draft in DRAFT|')"

test_done
