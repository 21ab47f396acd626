#!/bin/sh
# t-act.sh - stablemate act with a fake sendmail over a real notmuch
# database of corpus notices: the exact replies for each action and each
# kind of parent (review patch, AUTOSEL mail, added note), the tags and
# the history after each action, and what --print and --draft change.
. "$TEST_DATA/t-act-lib.sh"

# 914cc799b28f: AUTOSEL 5.15 (006) and 6.16 (007), review patch 6.12 (008).
# a590f03d8de7: added to 6.1 (043) and 5.15 (045), review patch 6.4 (046).
# 7be74942f184 and 3de218ff39b9: review patches 5.4 (025, 026) under the
# 5.4.131-rc1 cover (024), released: the announcement is made from 072.
act_setup 006.eml 007.eml 008.eml 043.eml 045.eml 046.eml 024.eml 025.eml 026.eml
sed -e 's/5\.13\.1/5.4.131/g' -e 's/^Message-I[dD]: .*/Message-ID: <release-5.4.131@test>/' \
	"$TEST_DATA/corpus/072.eml" > "$MAIL_DIR/cur/release.eml:2,"
notmuch_new
PM=914cc799b28f
TTM=a590f03d8de7
PM_NOTICES="20250804003849.3627024-12-sashal@kernel.org 20250804002335.3613254-27-sashal@kernel.org 20250818124453.167067654@linuxfoundation.org"
TTM_NOTICES="2023072131-barricade-backwash-96aa@gregkh 2023072120-ageless-fondling-7f72@gregkh 20230721160537.983415194@linuxfoundation.org"

# Tags of each notice of a patch, one line each.
notice_tags() {
	for id in $1; do
		echo "$id: $(tags_of "$id")"
	done
}

# The header block of outbox message $1, unfolded.
outbox_headers() {
	sed '/^$/q' "$FAKE_SENDMAIL_OUTBOX/$1.eml" | sanitize | unfold | sed '/^$/d'
}

outbox_body() {
	sed '1,/^$/d' "$FAKE_SENDMAIL_OUTBOX/$1.eml"
}

# --print: the exact message, and nothing changes.
out=$(sm act hold --tree 6.12 --reason "It breaks governor scripts." --print $PM)
check "hold --print: the reply to the review patch" "From stablemate DATE
From: Test Maintainer <maint@example.org>
To: Greg Kroah-Hartman <gregkh@linuxfoundation.org>, stable@vger.kernel.org
Cc: patches@lists.linux.dev, Lifeng Zheng <zhenglifeng1@huawei.com>,
	Chanwoo Choi <cw00.choi@samsung.com>, Sasha Levin <sashal@kernel.org>
Subject: Re: [PATCH 6.12 113/444] PM / devfreq: governor: Replace sscanf()
 with kstrtoul() in set_freq_store()
Date: DATE
Message-Id: <ID@example.org>
In-Reply-To: <20250818124453.167067654@linuxfoundation.org>
References: <20250818124448.879659024@linuxfoundation.org>
	<20250818124453.167067654@linuxfoundation.org>
User-Agent: stablemate/0.1
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

On Mon, 18 Aug 2025 14:42:19 +0200, Greg Kroah-Hartman wrote:
> 6.12-stable review patch.  If anyone has any objections, please let me know.
>
> ------------------
>
> From: Lifeng Zheng <zhenglifeng1@huawei.com>
>
> [ Upstream commit 914cc799b28f17d369d5b4db3b941957d18157e8 ]
> [...]

Please hold off on
914cc799b28f (\"PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()\")
for 6.12 for now:

It breaks governor scripts.

Thanks,
Test Maintainer" "$(printf '%s\n' "$out" | sanitize)"
check "--print sends nothing, saves nothing, logs nothing" "0 no-drafts no-history" \
	"$(outbox_count) $(test -d "$MAIL_DIR/drafts" && echo drafts || echo no-drafts) $(test -f "$HISTORY" && echo history || echo no-history)"
check "--print tags nothing" "$(notice_tags "$PM_NOTICES")" "20250804003849.3627024-12-sashal@kernel.org: inbox unread
20250804002335.3613254-27-sashal@kernel.org: inbox unread
20250818124453.167067654@linuxfoundation.org: inbox unread"

# hold --send: one reply per notice, each to the notice of its tree.
out=$(sm act hold --reason "It breaks governor scripts." --send $PM; echo "exit $?")
check "hold --send: one reply per tree's notice" "hold 914cc799b28f 6.16: sent <ID@example.org>
hold 914cc799b28f 6.12: sent <ID@example.org>
hold 914cc799b28f 5.15: sent <ID@example.org>
exit 0" "$(printf '%s\n' "$out" | sed 's/<[^>]*@example.org>/<ID@example.org>/')"
check "the sendmail command's words" "-t
-oi" "$(cat "$FAKE_SENDMAIL_OUTBOX/1.args")"
check "reply to the 6.16 AUTOSEL mail" "From: Test Maintainer <maint@example.org>
To: Sasha Levin <sashal@kernel.org>, patches@lists.linux.dev, stable@vger.kernel.org
Cc: Lifeng Zheng <zhenglifeng1@huawei.com>, Chanwoo Choi <cw00.choi@samsung.com>, myungjoo.ham@samsung.com, kyungmin.park@samsung.com, linux-pm@vger.kernel.org
Subject: Re: [PATCH AUTOSEL 6.16 27/85] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
Date: DATE
Message-Id: <ID@example.org>
In-Reply-To: <20250804002335.3613254-27-sashal@kernel.org>
References: <20250804002335.3613254-1-sashal@kernel.org> <20250804002335.3613254-27-sashal@kernel.org>
User-Agent: stablemate/0.1
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit" "$(outbox_headers 1)"
check "reply to the 6.12 review patch" "Subject: Re: [PATCH 6.12 113/444] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
In-Reply-To: <20250818124453.167067654@linuxfoundation.org>" \
	"$(outbox_headers 2 | grep -e '^In-Reply-To' -e '^Subject')"
check "reply to the 5.15 AUTOSEL mail" "Subject: Re: [PATCH AUTOSEL 5.15 12/44] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
In-Reply-To: <20250804003849.3627024-12-sashal@kernel.org>" \
	"$(outbox_headers 3 | grep -e '^In-Reply-To' -e '^Subject')"
check "the text names the tree of each reply" "Please hold off on 914cc799b28f (\"PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()\") for 6.16 for now:
Please hold off on 914cc799b28f (\"PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()\") for 6.12 for now:
Please hold off on 914cc799b28f (\"PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()\") for 5.15 for now:" \
	"$(for n in 1 2 3; do outbox_body $n | unwrap | grep '^Please'; done)"
check "hold tags every notice of the patch" "$(notice_tags "$PM_NOTICES")" \
"20250804003849.3627024-12-sashal@kernel.org: inbox stablemate/hold unread
20250804002335.3613254-27-sashal@kernel.org: inbox stablemate/hold unread
20250818124453.167067654@linuxfoundation.org: inbox stablemate/hold unread"
sent_ids=$(grep -h '^Message-Id:' "$FAKE_SENDMAIL_OUTBOX"/*.eml | sed 's/.*<\(.*\)>.*/\1/')
check "the sent copies are indexed and tagged" "sent stablemate/sent
sent stablemate/sent
sent stablemate/sent" "$(for id in $sent_ids; do echo "$(tags_of "$id")"; done)"
for id in $sent_ids; do
	copy=$(notmuch search --output=files "id:$id")
	sent=$(grep -l "^Message-Id: <$id>" "$FAKE_SENDMAIL_OUTBOX"/*.eml)
	check "the sent copy of $(basename "$sent") is in the sent folder, as sent" \
		"$MAIL_DIR/sent/cur same" "$(dirname "$copy") $(cmp -s "$copy" "$sent" && echo same)"
done
check "no draft is left behind" "" "$(ls "$MAIL_DIR/drafts/cur")"
check "the list shows the patch on hold" "hold" \
	"$(sm list --format=json | grep -A3 '"upstream": "914cc799' | sed -n 's/.*"state": "\([a-z]*\)".*/\1/p')"

# approve: tags only, unless [reply] ack asks for an Acked-by.
out=$(sm act approve --send $TTM; echo "exit $?")
check "approve without ack only tags" "approve a590f03d8de7: tagged stablemate/approved
exit 0
3" "$out
$(outbox_count)"
check "approve tags every notice" "$(notice_tags "$TTM_NOTICES")" \
"2023072131-barricade-backwash-96aa@gregkh: inbox stablemate/approved unread
2023072120-ageless-fondling-7f72@gregkh: inbox stablemate/approved unread
20230721160537.983415194@linuxfoundation.org: inbox stablemate/approved unread"
act_config "ack = true"
sm act approve --tree 6.1 --send $TTM > /dev/null
check "the ack answers the added note" "From: Test Maintainer <maint@example.org>
To: gregkh@linuxfoundation.org, andi.shyti@linux.intel.com, christian.koenig@amd.com, ckoenig.leichtzumerken@gmail.com, dri-devel@lists.freedesktop.org, nirmoy.das@intel.com, thomas.hellstrom@linux.intel.com
Cc: stable-commits@vger.kernel.org, stable@vger.kernel.org
Subject: Re: Patch \"drm/ttm: Don't leak a resource on swapout move error\" has been added to the 6.1-stable tree
Date: DATE
Message-Id: <ID@example.org>
In-Reply-To: <2023072131-barricade-backwash-96aa@gregkh>
References: <2023072131-barricade-backwash-96aa@gregkh>
User-Agent: stablemate/0.1
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit" "$(outbox_headers 4)"
check "the ack's text" "On Fri, 21 Jul 2023 09:40:32 +0200, gregkh@linuxfoundation.org wrote:
> This is a note to let you know that I've just added the patch titled
>
>     drm/ttm: Don't leak a resource on swapout move error
>
> to the 6.1-stable tree which can be found at:
>     http://www.kernel.org/git/?p=linux/kernel/git/stable/stable-queue.git;a=summary
>
> The filename of the patch is:
> [...]

Acked-by: Test Maintainer <maint@example.org>" "$(outbox_body 4)"
act_config ""

# drop: not released anywhere, so every open tree gets a drop request.
out=$(sm act drop --reason "Needs 2f4e429c8469 first." --send $TTM; echo "exit $?")
check "drop --send" "drop a590f03d8de7 6.4: sent <ID@example.org>
drop a590f03d8de7 6.1: sent <ID@example.org>
drop a590f03d8de7 5.15: sent <ID@example.org>
exit 0" "$(printf '%s\n' "$out" | sed 's/<[^>]*@example.org>/<ID@example.org>/')"
check "drop answers the review patch and both added notes" "In-Reply-To: <20230721160537.983415194@linuxfoundation.org>
In-Reply-To: <2023072131-barricade-backwash-96aa@gregkh>
In-Reply-To: <2023072120-ageless-fondling-7f72@gregkh>" \
	"$(for n in 5 6 7; do outbox_headers $n | grep '^In-Reply-To'; done)"
check "the drop text" "Please drop
a590f03d8de7 (\"drm/ttm: Don't leak a resource on swapout move error\")
from 6.4:

Needs 2f4e429c8469 first.

Thanks,
Test Maintainer" "$(outbox_body 5 | sed -n '/^Please/,$p')"
check "drop replaces approved" "$(notice_tags "$TTM_NOTICES")" \
"2023072131-barricade-backwash-96aa@gregkh: inbox stablemate/drop unread
2023072120-ageless-fondling-7f72@gregkh: inbox stablemate/drop unread
20230721160537.983415194@linuxfoundation.org: inbox stablemate/drop unread"

# revert: released in 5.4, so a revert request to the review patch; drop
# on a released tree asks for a revert too.
out=$(sm act revert --reason "It breaks SEV guests." --send 7be74942f184; echo "exit $?")
check "revert --send" "revert 7be74942f184 5.4: sent <ID@example.org>
exit 0" "$(printf '%s\n' "$out" | sed 's/<[^>]*@example.org>/<ID@example.org>/')"
check "the revert answers the review patch" "In-Reply-To: <20210709131532.805541633@linuxfoundation.org>
Please revert 7be74942f184 (\"KVM: SVM: Periodically schedule when unregistering regions on destroy\") from 5.4:" \
	"$( (outbox_headers 8; outbox_body 8) | unwrap | grep -e '^In-Reply-To' -e '^Please')"
check "revert tags the patch" "inbox stablemate/revert unread" "$(tags_of 20210709131532.805541633@linuxfoundation.org)"
out=$(sm act drop --reason "Not needed." --send 3de218ff39b9; echo "exit $?")
check "drop on a released tree asks for a revert" "revert 3de218ff39b9 5.4: sent <ID@example.org>
exit 0
Please revert 3de218ff39b9 (\"xen/events: reset active flag for lateeoi events later\") from 5.4:
inbox stablemate/revert unread" "$(printf '%s\n' "$out" | sed 's/<[^>]*@example.org>/<ID@example.org>/')
$(outbox_body 9 | unwrap | grep '^Please')
$(tags_of 20210709131536.930545911@linuxfoundation.org)"

# done and untriage: tags only, and undo puts back what they replaced.
check "done --print says what would change" "done 914cc799b28f: would tag 6 messages stablemate/done" \
	"$(sm act done --print $PM)"
check "done --print changes nothing" "inbox stablemate/hold unread" \
	"$(tags_of 20250818124453.167067654@linuxfoundation.org)"
check "done" "done 914cc799b28f: tagged stablemate/done" "$(sm act done $PM)"
check "done replaces hold" "inbox stablemate/done unread" "$(tags_of 20250818124453.167067654@linuxfoundation.org)"
check "untriage" "untriage 914cc799b28f: untagged" "$(sm act untriage $PM)"
check "untriage removes the tag" "inbox unread" "$(tags_of 20250818124453.167067654@linuxfoundation.org)"
check "undo untriage" "undid untriage of 914cc799b28f: done again" "$(sm act undo)"
check "undo done" "undid done of 914cc799b28f: hold again" "$(sm act undo)"
check "the tags after two undos" "inbox stablemate/hold unread" "$(tags_of 20250818124453.167067654@linuxfoundation.org)"

# --draft: saved and indexed as a draft, no tag changes.
out=$(sm act hold --tree 6.4 --reason "Wait for the fix." --draft $TTM; echo "exit $?")
draft=$(ls "$MAIL_DIR"/drafts/cur/*)
check "hold --draft" "hold a590f03d8de7 6.4: draft saved as $draft
exit 0" "$out"
check "the draft file is marked a draft" "DS" "${draft##*:2,}"
check "the draft is indexed as one" "draft" "$(tags_of "$(sed -n 's/^Message-Id: <\(.*\)>/\1/p' "$draft")")"
check "a draft changes no triage tag" "inbox stablemate/drop unread" "$(tags_of 20230721160537.983415194@linuxfoundation.org)"

check "the history" "914cc799b28f17d369d5b4db3b941957d18157e8	6.16	hold	sent	untriaged
914cc799b28f17d369d5b4db3b941957d18157e8	6.12	hold	sent	untriaged
914cc799b28f17d369d5b4db3b941957d18157e8	5.15	hold	sent	untriaged
a590f03d8de7c4cb7ce4916dc7f2fd10711faabe	6.4,6.1,5.15	approve	tagged	untriaged
a590f03d8de7c4cb7ce4916dc7f2fd10711faabe	6.1	approve	sent	approved
a590f03d8de7c4cb7ce4916dc7f2fd10711faabe	6.4	drop	sent	approved
a590f03d8de7c4cb7ce4916dc7f2fd10711faabe	6.1	drop	sent	approved
a590f03d8de7c4cb7ce4916dc7f2fd10711faabe	5.15	drop	sent	approved
7be74942f184fdfba34ddd19a0d995deb34d4a03	5.4	revert	sent	untriaged
3de218ff39b9e3f0d453fe3154f12a174de44b25	5.4	drop	sent	untriaged
914cc799b28f17d369d5b4db3b941957d18157e8	6.16,6.12,5.15	done	tagged	hold
914cc799b28f17d369d5b4db3b941957d18157e8	6.16,6.12,5.15	untriage	tagged	done
914cc799b28f17d369d5b4db3b941957d18157e8	6.16,6.12,5.15	undo	tagged	untriaged
914cc799b28f17d369d5b4db3b941957d18157e8	6.16,6.12,5.15	undo	tagged	done
a590f03d8de7c4cb7ce4916dc7f2fd10711faabe	6.4	hold	draft	drop" "$(history_lines)"

# Mistakes are refused with a reason and change nothing.
check "hold without a reason" "stablemate act: hold needs a reason: give it with --reason TEXT (what is wrong with the patch)
exit 2" "$(sm act hold --send $PM 2>&1; echo "exit $?")"
check "undo with an ID" "stablemate act: undo takes no ID: it undoes the last action, whichever patches it was on (stablemate act undo)
exit 2" "$(sm act undo $PM 2>&1; echo "exit $?")"
check "a tree the patch lacks" "stablemate act: patch 914cc799b28f has no notice about 4.19 (its trees: 6.16, 6.12, 5.15)
exit 1" "$(sm act hold --tree 4.19 --reason x --send $PM 2>&1; echo "exit $?")"
check "an unknown patch" "stablemate act: no patch matches 'deadbeef'
exit 1" "$(sm act done deadbeef 2>&1; echo "exit $?")"
check "an unknown action" "stablemate act: unknown action 'ack': the actions are approve, hold, revert, drop, done, untriage and reply; or act undo, act resume
exit 2" "$(sm act ack $PM 2>&1; echo "exit $?")"
check "two modes" "stablemate act: choose one of --print, --draft and --send
exit 2" "$(sm act hold --print --send $PM 2>&1; echo "exit $?")"
check "no terminal to edit on" "stablemate act: not on a terminal: choose --print, --draft or --send
exit 2" "$(sm act hold --reason x $PM 2>&1 < /dev/null; echo "exit $?")"
check "nothing was sent by the mistakes" "9" "$(outbox_count)"

test_done
