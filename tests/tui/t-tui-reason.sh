#!/bin/sh
# t-tui-reason.sh - the patch view says why each notice is in its patch (the
# rule, what a reply says happened, the line of the mail that named the
# patch), as show and the JSON do.  Real mail (tests/human/README.md): a
# regression report's decision that cites the patch by a short id and its
# subject, and the review patch it cites.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

test_expect_success 'fixture database' '
	make_maildir human/c1-cifs-regression-report-tag.eml \
		human/c1-cifs-review-patch-flex-arrays.eml &&
	make_db
'

test_begin_subtest 'the patch view gives the reason under a notice that is not of its own id'
tui_start
tui_keys Enter
test_expect_equal "$(tui_screen_squeezed)" "\
eb3e28c1e89b smb3: Replace smb2pdu 1-element arrays with flex-arrays
Upstream  eb3e28c1e89b4984308777231887e41aa8a0151f
Author    Kees Cook <keescook@chromium.org>
(1 blank line)
Trees
  6.1  Q queued    Greg Kroah-Hartman Re: [REGRESSION 6.1.70] system calls with CIFS mounts failing with \"Resource tempo
  5.15 R review    Greg Kroah-Hartman [PATCH 5.15 471/476] smb3: Replace smb2pdu 1-element arrays with flex-arrays
(1 blank line)
Triage
  state untriaged
  sent  no replies yet
(1 blank line)
Notices (2)
 N 2024-01-08 15:11 added        6.1            Greg Kroah-Hartman Re: [REGRESSION 6.1.70] system calls with CIFS mounts
     why quoted-subject, says queued: > eb3e28c1e89b (\"smb3: Replace smb2pdu 1-element arrays with flex-arrays\")
 N 2024-02-21 13:08 review-patch 5.15           Greg Kroah-Hartman [PATCH 5.15 471/476] smb3: Replace smb2pdu 1-element
(22 blank lines)
[patch] 6 of 16 · smb3: Replace smb2pdu 1-element arrays with flex-arrays                                          100%
(1 blank line)"

test_begin_subtest 'the reason line opens the notice it explains'
tui_keys End Up Enter
test_expect_equal "$(tui_screen | grep -m1 '^Subject:')" \
	'Subject: Re: [REGRESSION 6.1.70] system calls with CIFS mounts failing with "Resource temporarily unavailable"'

test_begin_subtest 'the reason comes out of the patch index the same'
tui_start
tui_keys Enter
test_expect_equal "$(tui_screen_squeezed | grep ' why ')" \
'     why quoted-subject, says queued: > eb3e28c1e89b ("smb3: Replace smb2pdu 1-element arrays with flex-arrays")'

test_done
