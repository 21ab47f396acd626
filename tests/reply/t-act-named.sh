#!/bin/sh
# t-act-named.sh - stablemate act answers what it is given: a Message-ID
# is that message (its trees, In-Reply-To it), a commit id is every open
# tree of the patch (each tree's notice).  Over a real notmuch database of
# corpus notices, with the exact headers of each reply.
. "$TEST_DATA/t-act-lib.sh"

# 914cc799b28f: AUTOSEL 5.15 (006) and 6.16 (007), review patch 6.12 (008).
# 7be74942f184 and 3de218ff39b9: review patches 5.4 (025, 026) under the
# 5.4.131-rc1 cover (024).
act_setup 006.eml 007.eml 008.eml 043.eml 045.eml 046.eml 024.eml 025.eml 026.eml
COVER=20210709131531.277334979@linuxfoundation.org
REVIEW=20250818124453.167067654@linuxfoundation.org
AUTOSEL_515=20250804003849.3627024-12-sashal@kernel.org
AUTOSEL_616=20250804002335.3613254-27-sashal@kernel.org

# What a reply is: its parent, its subject and the trees its text names.
summary() {
	sanitize | unfold | unwrap | sed -n -e 's/^\(In-Reply-To\|Subject\): /\1: /p' \
		-e 's/^Please hold off on [^(]*(.*) for \(.*\) for now:$/trees: \1/p'
}

check "a review patch's Message-ID: that message, its tree" \
"Subject: Re: [PATCH 6.12 113/444] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
In-Reply-To: <$REVIEW>
trees: 6.12" "$(sm act hold --reason "Breaks scripts." --print "<$REVIEW>" | summary)"

check "an AUTOSEL Message-ID, without brackets: that mail, its tree" \
"Subject: Re: [PATCH AUTOSEL 5.15 12/44] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
In-Reply-To: <$AUTOSEL_515>
trees: 5.15" "$(sm act hold --reason "Breaks scripts." --print "$AUTOSEL_515" | summary)"

check "a commit id: every open tree, each tree's notice" \
"Subject: Re: [PATCH AUTOSEL 6.16 27/85] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
In-Reply-To: <$AUTOSEL_616>
trees: 6.16
Subject: Re: [PATCH 6.12 113/444] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
In-Reply-To: <$REVIEW>
trees: 6.12
Subject: Re: [PATCH AUTOSEL 5.15 12/44] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
In-Reply-To: <$AUTOSEL_515>
trees: 5.15" "$(sm act hold --reason "Breaks scripts." --print 914cc799b28f | summary)"

check "--tree with a Message-ID: that message, for the trees named" \
"Subject: Re: [PATCH 6.12 113/444] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
In-Reply-To: <$REVIEW>
trees: 6.16 and 6.12" \
	"$(sm act hold --reason x --tree 6.16 --tree 6.12 --print "$REVIEW" | summary)"

sm act hold --reason "Breaks scripts." --send "<$AUTOSEL_515>" > "$TMP_DIRECTORY/out"
check "--send on a Message-ID: one reply, sent" "hold 914cc799b28f 5.15: sent <ID@example.org>" \
	"$(sanitize "$TMP_DIRECTORY/out" | sed 's/<[^>]*@example.org>/<ID@example.org>/')"
check "the one mail sent answers that message" "1 In-Reply-To: <$AUTOSEL_515>" \
	"$(outbox_count) $(grep '^In-Reply-To:' "$FAKE_SENDMAIL_OUTBOX/1.eml")"
check "the whole patch is on hold" "inbox stablemate/hold unread" "$(tags_of $REVIEW)"

check "approve --ack on a Message-ID: an Acked-by to that message" "In-Reply-To: <$REVIEW>
Acked-by: Test Maintainer <maint@example.org>" \
	"$(sm act approve --ack --print "$REVIEW" | grep -e '^In-Reply-To:' -e '^Acked-by:')"
check "approve without --ack (and ack = false) only tags" \
	"approve 914cc799b28f: would tag 4 messages stablemate/approved" \
	"$(sm act approve --print "$REVIEW")"

check "a tag-only action on a Message-ID tags its patch" \
	"done 914cc799b28f: would tag 4 messages stablemate/done" "$(sm act done --print "$REVIEW")"
check "an unknown Message-ID is no patch" "stablemate act: no patch matches '<nobody@example.org>'
exit 1" "$(sm act done "<nobody@example.org>" 2>&1; echo "exit $?")"

# Approving several patches of one -rc review: one reply, to the cover.
sm act approve --ack --print 7be74942f184 3de218ff39b9 > "$TMP_DIRECTORY/batch"
check "two patches of one review approved: one reply, to the review's cover" "1 In-Reply-To: <$COVER>" \
	"$(grep -c '^From stablemate' "$TMP_DIRECTORY/batch") $(grep '^In-Reply-To:' "$TMP_DIRECTORY/batch")"
check "it names both, and acks" "These are fine for 5.4:

  7be74942f184 (\"KVM: SVM: Periodically schedule when unregistering regions on destroy\")
  3de218ff39b9 (\"xen/events: reset active flag for lateeoi events later\")

Acked-by: Test Maintainer <maint@example.org>" "$(sed -n '/^These are fine/,/^Acked-by/p' "$TMP_DIRECTORY/batch")"
before=$(outbox_count)
check "--send: one mail for both" "approve 7be74942f184,3de218ff39b9 5.4: sent <ID@example.org>" \
	"$(sm act approve --ack --send 7be74942f184 3de218ff39b9 | sed 's/<[^>]*@example.org>/<ID@example.org>/')"
check "one mail more, both patches approved" "$((before + 1)) inbox stablemate/approved unread inbox stablemate/approved unread" \
	"$(outbox_count) $(tags_of 20210709131532.805541633@linuxfoundation.org) $(tags_of 20210709131536.930545911@linuxfoundation.org)"
check "one undo takes back both" "undid approve of 2 patches: each as it was before; the reply sent cannot be recalled" \
	"$(sm act undo)"

test_done
