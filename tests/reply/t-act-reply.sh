#!/bin/sh
# t-act-reply.sh - the plain reply: a reply-all to one notice, the whole
# message quoted, in the editor, with no request and no tag.  The exact
# mail from `act reply --print`; then r and g on a real terminal (tmux
# 120x40) with a scripted $EDITOR, in the list (the patch's newest
# notice), the patch view (the notice under the cursor) and the pager
# (the message shown), each mail out of tests/fake-sendmail.
. "$TEST_DATA/t-act-lib.sh"
act_setup 006.eml 007.eml 008.eml
PM=914cc799b28f
REVIEW=20250818124453.167067654@linuxfoundation.org
AUTOSEL_515=20250804003849.3627024-12-sashal@kernel.org
AUTOSEL_616=20250804002335.3613254-27-sashal@kernel.org

# The header block of outbox message $1, unfolded, without its Date and
# Message-Id.
outbox_headers() {
	sed '/^$/q' "$FAKE_SENDMAIL_OUTBOX/$1.eml" | sanitize | unfold | sed '/^$/d'
}

outbox_body() {
	sed '1,/^$/d' "$FAKE_SENDMAIL_OUTBOX/$1.eml"
}

check "act reply --print: the patch's newest notice, all of it quoted" "From stablemate DATE
From: Test Maintainer <maint@example.org>
To: Greg Kroah-Hartman <gregkh@linuxfoundation.org>, stable@vger.kernel.org
Cc: patches@lists.linux.dev, Lifeng Zheng <zhenglifeng1@huawei.com>,
	Chanwoo Choi <cw00.choi@samsung.com>, Sasha Levin <sashal@kernel.org>
Subject: Re: [PATCH 6.12 113/444] PM / devfreq: governor: Replace sscanf()
 with kstrtoul() in set_freq_store()
Date: DATE
Message-Id: <ID@example.org>
In-Reply-To: <$REVIEW>
References: <20250818124448.879659024@linuxfoundation.org>
	<$REVIEW>
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
>
> Replace sscanf() with kstrtoul() in set_freq_store() and check the result
> to avoid invalid input.
>
> Signed-off-by: Lifeng Zheng <zhenglifeng1@huawei.com>
> Link: https://lore.kernel.org/lkml/20250421030020.3108405-2-zhenglifeng1@huawei.com/
> Signed-off-by: Chanwoo Choi <cw00.choi@samsung.com>
> Signed-off-by: Sasha Levin <sashal@kernel.org>
> ---
>  drivers/devfreq/governor_userspace.c | 6 +++++-
>  1 file changed, 5 insertions(+), 1 deletion(-)
>
> diff --git a/drivers/devfreq/governor_userspace.c b/drivers/devfreq/governor_userspace.c
> index d1aa6806b683..175de0c0b50e 100644
> --- a/drivers/devfreq/governor_userspace.c
> +++ b/drivers/devfreq/governor_userspace.c
> @@ -9,6 +9,7 @@
>  #include <linux/slab.h>
>  #include <linux/device.h>
>  #include <linux/devfreq.h>
> +#include <linux/kstrtox.h>
>  #include <linux/pm.h>
>  #include <linux/mutex.h>
>  #include <linux/module.h>
> @@ -39,10 +40,13 @@ static ssize_t set_freq_store(struct device *dev, struct device_attribute *attr,
>  	unsigned long wanted;
>  	int err = 0;
>
> +	err = kstrtoul(buf, 0, &wanted);
> +	if (err)
> +		return err;
> +
>  	mutex_lock(&devfreq->lock);
>  	data = devfreq->governor_data;
>
> -	sscanf(buf, \"%lu\", &wanted);
>  	data->user_frequency = wanted;
>  	data->valid = true;
>  	err = update_devfreq(devfreq);
> --
> 2.39.5" "$(sm act reply --print $PM | sanitize)"

check "act reply ID answers that message" "To: Sasha Levin <sashal@kernel.org>, patches@lists.linux.dev, stable@vger.kernel.org
In-Reply-To: <$AUTOSEL_515>
On Sun, 3 Aug 2025 20:38:17 -0400, Sasha Levin wrote:" \
	"$(sm act reply --print "<$AUTOSEL_515>" | unfold | grep -e '^In-Reply-To:' -e '^To:' -e ' wrote:$')"

check "a reply answers one notice, not several patches" "stablemate act: a reply answers one notice, not 2 patches
exit 1" "$(sm act reply --print 914cc799b28f 914cc799b28f 2>&1; echo "exit $?")"

before=$(tags_of $REVIEW)
check "act reply --send sends it" "reply 914cc799b28f 6.12: sent <ID@example.org>" \
	"$(sm act reply --send $PM 2>&1 | sed 's/<[^>]*@example.org>/<ID@example.org>/')"
check "the mail answers the review patch" "In-Reply-To: <$REVIEW>" \
	"$(grep '^In-Reply-To:' "$FAKE_SENDMAIL_OUTBOX/1.eml")"
check "a reply changes no triage tag" "$before" "$(tags_of $REVIEW)"
check "the history has it" "914cc799b28f17d369d5b4db3b941957d18157e8	6.12	reply	sent	untriaged" "$(history_lines)"
check "undo passes over a reply: it changed no tag" "stablemate act: nothing to undo
exit 1" "$(sm act undo 2>&1; echo "exit $?")"

# --- r and g in the TUI, each reply edited: the text is written below
# the quote, as on the lists ---
term_setup
rm -rf "$FAKE_SENDMAIL_OUTBOX"
edits '$a\Which 6.12 kernels did you test this on?' \
      '$a\Is 5.15 affected too?' \
      '$a\Thanks, this one is fine.' \
      '' \
      '$s/$/\n\n   /' \
      '$a\Second thoughts.' \
      '$d' \
      ''
term_start "\"$STABLEMATE\" --notmuch-config \"$NOTMUCH_CONFIG\" --config \"$CONFIG\""
wait_for "[patches] 1 of 1"
keys r
wait_for "reply 914cc799b28f (6.12): y send, e edit again, d keep as draft, q discard"
keys y
wait_for "reply: 1 sent"
check "r in the list: a reply-all to the patch's newest notice, as edited" "\
From: Test Maintainer <maint@example.org>
To: Greg Kroah-Hartman <gregkh@linuxfoundation.org>, stable@vger.kernel.org
Cc: patches@lists.linux.dev, Lifeng Zheng <zhenglifeng1@huawei.com>, Chanwoo Choi <cw00.choi@samsung.com>, Sasha Levin <sashal@kernel.org>
Subject: Re: [PATCH 6.12 113/444] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
Date: DATE
Message-Id: <ID@example.org>
In-Reply-To: <$REVIEW>
References: <20250818124448.879659024@linuxfoundation.org> <$REVIEW>
User-Agent: stablemate/0.1
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit
--
On Mon, 18 Aug 2025 14:42:19 +0200, Greg Kroah-Hartman wrote:
> 6.12-stable review patch.  If anyone has any objections, please let me know.
> 2.39.5

Which 6.12 kernels did you test this on?" \
	"$(outbox_headers 1; echo --; outbox_body 1 | head -n 2; outbox_body 1 | tail -n 3)"
settle
check "the tags are as they were" "$before" "$(tags_of $REVIEW)"

# The patch view: the cursor starts on the 6.16 line, whose notice is its
# AUTOSEL mail; g (mutt's group-reply) answers it.
keys Enter
wait_for "[patch]"
keys j j g
wait_for "reply 914cc799b28f (5.15): y send, e edit again, d keep as draft, q discard"
keys y
wait_for "reply: 1 sent"
check "g in the patch view answers the notice under the cursor" \
	"In-Reply-To: <$AUTOSEL_515>|Is 5.15 affected too?" \
	"$(grep '^In-Reply-To:' "$FAKE_SENDMAIL_OUTBOX/2.eml")|$(tail -n 1 "$FAKE_SENDMAIL_OUTBOX/2.eml")"

# The pager: the message shown.
keys k Enter
wait_for "[message]"
keys r
wait_for "reply 914cc799b28f (6.12): y send, e edit again, d keep as draft, q discard"
keys y
wait_for "reply: 1 sent"
check "r in the pager answers the message shown" \
	"In-Reply-To: <$REVIEW>|Thanks, this one is fine." \
	"$(grep '^In-Reply-To:' "$FAKE_SENDMAIL_OUTBOX/3.eml")|$(tail -n 1 "$FAKE_SENDMAIL_OUTBOX/3.eml")"
check "three edits, three mails" "3 3" "$(cat "$EDITS/count") $(outbox_count)"

# mutt's abort_unmodified: a plain reply the editor leaves as it was made
# (the quote only) is not sent, and says so; white space added at the end
# is no text.  A triage reply is whole without an edit, and stays.
ABORTED="reply: 1 discarded; nothing was written below the quote, so nothing was sent (edit the text to reply)"
settle
keys r
wait_for "$ABORTED"
settle
keys r
wait_for "$ABORTED"
check "two replies left as made: nothing sent, no draft, no edit file" "5 3 0 0" \
	"$(cat "$EDITS/count") $(outbox_count) $(ls "$MAIL_DIR/drafts/cur" 2>/dev/null | wc -l) $(ls "$XDG_DATA_HOME/stablemate/edits" | wc -l)"
# Written, then taken back in a second edit: nothing of the user's either.
settle
keys r
wait_for "reply 914cc799b28f (6.12): y send, e edit again, d keep as draft, q discard"
keys e
wait_for "$ABORTED"
check "text written and then taken back: not sent" "7 3" "$(cat "$EDITS/count") $(outbox_count)"
# A hold (in the pager: answering the message shown) left as its
# template made it is offered for sending, as before.
settle
keys h
wait_for "trees: 6.12"
keys Enter
wait_for "Reason to hold:"
keys "Not yet." Enter
wait_for "hold 914cc799b28f (6.12): y send, e edit again, d keep as draft, q discard"
keys q
wait_for "Discard this reply? y/n"
keys y
wait_for "hold: 1 discarded"
check "the hold was edited once, unchanged, and asked about" "8 3" "$(cat "$EDITS/count") $(outbox_count)"

test_done
