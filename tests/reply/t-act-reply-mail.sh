#!/bin/sh
# t-act-reply-mail.sh - the exact plain reply to hostile and non-ASCII
# mail (act reply --print): a subject that tries to add a Bcc: header and
# holds shell words stays one Subject line, names and text in ISO-8859-1
# leave as RFC 2047 UTF-8 words and 8bit UTF-8, and the whole message is
# quoted under one attribution line.
. "$TEST_DATA/t-act-lib.sh"
make_maildir synthetic/s12-hostile-subject.eml synthetic/s08-latin1-drop.eml && make_db && act_config ""

cat > expected <<'MAIL'
From stablemate DATE
From: Test Maintainer <maint@example.org>
To: gregkh@linuxfoundation.org, someone@example.org
Cc: stable@vger.kernel.org
Subject: Re: FAILED: patch "[PATCH] x: $(reboot) `id` ; rm -rf ~ | cat & >
 /tmp/x Bcc: victim@example.org" failed to apply to 6.1-stable tree
Date: DATE
Message-Id: <ID@example.org>
In-Reply-To: <2025081847-hostile-subject-0001@gregkh>
References: <2025081847-hostile-subject-0001@gregkh>
User-Agent: stablemate/0.1
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

On Mon, 18 Aug 2025 12:44:47 +0200, gregkh@linuxfoundation.org wrote:
> The patch below does not apply to the 6.1-stable tree.
>
> ------------------ original commit in Linus's tree ------------------
>
> From 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c Mon Sep 17 00:00:00 2001
> From: Mallory <mallory@example.org>
> Subject: [PATCH] x: $(reboot) `id` ; rm -rf ~ | cat & > /tmp/x
>
> Nothing here runs.


MAIL
sm act reply --print "<2025081847-hostile-subject-0001@gregkh>" | sanitize > actual
test_begin_subtest "a hostile subject: one Subject line, no Bcc header, nothing run"
test_expect_equal_file actual expected

printf 'From stablemate DATE\nFrom: Test Maintainer <maint@example.org>\n' > expected
cat >> expected <<'MAIL'
To: Greg KH <gregkh@linuxfoundation.org>, =?UTF-8?b?SsO2cmcgUsO2ZGVs?=
	<joro@example.org>
Cc: stable@vger.kernel.org
Subject: Re: Patch "iommu/vt-d: Fix the frobnication of the widget" has been
 added to the 6.9-stable tree
Date: DATE
Message-Id: <ID@example.org>
In-Reply-To: <2024062537-latin-one-1c2d@gregkh>
References: <20240624134957.936227-1-sashal@kernel.org>
	<20240624235544.GA1234@example.org> <2024062537-latin-one-1c2d@gregkh>
User-Agent: stablemate/0.1
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

On Tue, 25 Jun 2024 07:42:44 +0200, Greg KH wrote:
> On Tue, Jun 25, 2024 at 08:55:44AM +1000, Jörg Rödel wrote:
> > On Mon, 24 Jun 2024, stable@vger.kernel.org wrote:
> > > This is a note to let you know that I've just added the patch titled
> > >
> > >     iommu/vt-d: Fix the frobnication of the widget
> > >
> > > to the 6.9-stable tree which can be found at:
> >
> > This breaks my machine, please drop it.  Grüße, Jörg
>
> Now dropped, thanks!
>
> greg k-h


MAIL
sm act reply --print "<2024062537-latin-one-1c2d@gregkh>" | sanitize > actual
test_begin_subtest "ISO-8859-1 names and text: RFC 2047 UTF-8 words, 8bit UTF-8 quoted"
test_expect_equal_file actual expected

test_done
