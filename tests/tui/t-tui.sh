#!/bin/sh
# t-tui.sh - the TUI in a real terminal (tmux) over a real notmuch database:
# opening, moving, the patch view, the pager and its fold, search, limits,
# help, marking, resizing, refresh on new mail, and quitting.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

test_expect_success 'fixture database' '
	tui_fixtures &&
	notmuch config set user.other_email zhenglifeng1@huawei.com
'

test_begin_subtest 'opening shows the patch list: open deadlines nearest first, then what waits for a decision'
tui_start
test_expect_equal "$(tui_screen_squeezed)" "\
*NTG 6.12  6.6  6.1 5.15  5.4     due  age author             subject
 N?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later
 N?                         R  1d 12h  AGE David Rientjes     KVM: SVM: Periodically schedule when unregistering regions
 N?          F    B                    AGE Jarkko Sakkinen    tpm: Cap the number of PCR banks
 N?     R              A               AGE Lifeng Zheng       PM / devfreq: governor: Replace sscanf() with kstrtoul() i
 N?                                    AGE David Hildenbrand  virtio: reenable config if freezing device failed
 N?                    A               AGE Jens Axboe         io_uring: assign non-fixed early for async work
 N?                                    AGE Maor Gottlieb      net/mlx5: Fix potential sleeping in atomic context
 N?               D    D               AGE Greg KH            netfilter: nf_tables: adapt set backend to use GC transact
 N?               Q    Q               AGE Thomas Hellström   drm/ttm: Don't leak a resource on swapout move error
(28 blank lines)
[patches] 1 of 9 · by urgency                                                                                      100%
9 patches from 16 notices"

test_begin_subtest 'moving down'
tui_keys j j
test_expect_equal "$(tui_title)" "[patches] 3 of 9 · by urgency                                                                                      100%"

test_begin_subtest 'Enter opens the patch view: trees, triage, notices'
tui_keys Enter
test_expect_equal "$(tui_screen_squeezed)" "\
faf07e611dfa tpm: Cap the number of PCR banks
Upstream  faf07e611dfa464b201223a7253e9dc5ee0f3c9e
Author    Jarkko Sakkinen <jarkko@kernel.org>
(1 blank line)
Trees
  6.6  F failed    gregkh@linuxfoundation.org FAILED: patch \"[PATCH] tpm: Cap the number of PCR banks\" failed to apply t
  6.1  B backport  Sasha Levin                [PATCH 6.1.y] tpm: Cap the number of PCR banks
(1 blank line)
Triage
  state untriaged
  sent  no replies yet
(1 blank line)
Notices (3)
 N 2025-12-29 11:41 failed       6.1            gregkh@linuxfoundation.org FAILED: patch \"[PATCH] tpm: Cap the number of
 N 2025-12-29 11:41 failed       6.6            gregkh@linuxfoundation.org FAILED: patch \"[PATCH] tpm: Cap the number of
 N 2025-12-29 23:40 backport     6.1            Sasha Levin                [PATCH 6.1.y] tpm: Cap the number of PCR bank
(22 blank lines)
[patch] 6 of 16 · tpm: Cap the number of PCR banks                                                                 100%
(1 blank line)"

test_begin_subtest 'q goes back to the list, on the same patch'
tui_keys q
test_expect_equal "$(tui_title)" "[patches] 3 of 9 · by urgency                                                                                      100%"

test_begin_subtest 'a message opens with the AUTOSEL explanation folded'
tui_keys j Enter Enter
test_expect_equal "$(tui_screen | sed -n '1,2p;6p;19,22p'; tui_title)" "\
From: Sasha Levin <sashal@kernel.org>
To: patches@lists.linux.dev, stable@vger.kernel.org
Subject: [PATCH AUTOSEL 6.16 27/85] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
---

[+] LLM Generated explanations, may be completely bogus (53 lines, z to show)

[message] 1 of 56 · notice 1 of 3 · [PATCH AUTOSEL 6.16 27/85] PM / devfreq: governor: Replace sscanf() with kstrto 67%"

test_begin_subtest 'z opens the explanation'
tui_keys z
test_expect_equal "$(tui_screen | sed -n '21,23p'; tui_title)" "\
LLM Generated explanations, may be completely bogus:

## Backport Status: YES
[message] 1 of 108 · notice 1 of 3 · [PATCH AUTOSEL 6.16 27/85] PM / devfreq: governor: Replace sscanf() with kstrt 35%"

test_begin_subtest 'z folds it again'
tui_keys z
test_expect_equal "$(tui_line 21)" "[+] LLM Generated explanations, may be completely bogus (53 lines, z to show)"

test_begin_subtest 'search in the pager goes to the match, and opens the fold'
tui_keys /
tui_type "uninitialized stack"
tui_keys Enter
test_expect_equal "$(tui_line 1; tui_title; tui_status)" "\
     uninitialized stack data
[message] 37 of 108 · notice 1 of 3 · [PATCH AUTOSEL 6.16 27/85] PM / devfreq: governor: Replace sscanf() with kstr 68%
/uninitialized stack"

test_begin_subtest 'n finds the next match, N the one before'
tui_keys n
first=$(tui_line 1)
tui_keys N
test_expect_equal "$first | $(tui_line 1)" "\
   - Security implications as uninitialized stack data could be used |      uninitialized stack data"

test_begin_subtest 'q q goes back to the list, still on the same patch'
tui_keys q q
test_expect_equal "$(tui_title)" "[patches] 4 of 9 · by urgency                                                                                      100%"

# Each limit term, with the rows it leaves.
limit() {
	tui_keys l C-u
	tui_type "$1"
	tui_keys Enter
	tui_screen | sed -n '2,12p' | grep -v '^$'
	tui_title
}

test_begin_subtest 'limit tree:'
test_expect_equal "$(limit tree:6.1)" "\
 N?          F    B                    AGE Jarkko Sakkinen    tpm: Cap the number of PCR banks
 N?               D    D               AGE Greg KH            netfilter: nf_tables: adapt set backend to use GC transact
 N?               Q    Q               AGE Thomas Hellström   drm/ttm: Don't leak a resource on swapout move error
[patches] 3 of 3 · tree:6.1 · by urgency                                                                           100%"

test_begin_subtest 'limit kind:'
test_expect_equal "$(limit kind:failed)" "\
 N?          F    B                    AGE Jarkko Sakkinen    tpm: Cap the number of PCR banks
 N?                                    AGE David Hildenbrand  virtio: reenable config if freezing device failed
 N?                                    AGE Maor Gottlieb      net/mlx5: Fix potential sleeping in atomic context
[patches] 3 of 3 · kind:failed · by urgency                                                                        100%"

test_begin_subtest 'limit deadline:'
test_expect_equal "$(limit 'deadline:<48h')" "\
 N?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later
 N?                         R  1d 12h  AGE David Rientjes     KVM: SVM: Periodically schedule when unregistering regions
[patches] 2 of 2 · deadline:<48h · by urgency                                                                      100%"

test_begin_subtest 'limit mine: notices to the addresses in the notmuch config'
test_expect_equal "$(limit mine)" "\
 N?     R              A               AGE Lifeng Zheng       PM / devfreq: governor: Replace sscanf() with kstrtoul() i
[patches] 1 of 1 · mine · by urgency                                                                               100%"

test_begin_subtest 'limit by free text, over subjects and authors'
test_expect_equal "$(limit swapout; limit AXBOE)" "\
 N?               Q    Q               AGE Thomas Hellström   drm/ttm: Don't leak a resource on swapout move error
[patches] 1 of 1 · swapout · by urgency                                                                            100%
 N?                    A               AGE Jens Axboe         io_uring: assign non-fixed early for async work
[patches] 1 of 1 · AXBOE · by urgency                                                                              100%"

test_begin_subtest 'limit with a negated term'
test_expect_equal "$(limit 'tree:6.1 -kind:removed')" "\
 N?          F    B                    AGE Jarkko Sakkinen    tpm: Cap the number of PCR banks
 N?               Q    Q               AGE Thomas Hellström   drm/ttm: Don't leak a resource on swapout move error
[patches] 1 of 2 · tree:6.1 -kind:removed · by urgency                                                             100%"

test_begin_subtest 'limit state: with every patch untriaged'
test_expect_equal "$(limit state:untriaged | tail -n 1)" \
	"[patches] 3 of 9 · state:untriaged · by urgency                                                                    100%"

test_begin_subtest 'a bad limit says why, and keeps the last one'
limit kind:bogus >/dev/null
test_expect_equal "$(tui_title; tui_status)" "\
[patches] 3 of 9 · state:untriaged · by urgency                                                                    100%
Limit: unknown kind 'bogus' (one of: autosel, review-patch, review-cover, added, failed, backport, remov... (S: in full)"

test_begin_subtest 'a limit that nothing matches says so, and how to change it'
test_expect_equal "$(limit 'subject:nosuchpatch'; tui_status)" "\
  No patch matches the limit subject:nosuchpatch: l changes it, l C-u Enter shows all 9.
[patches] 0 of 0 · subject:nosuchpatch · by urgency
Limit: no patch matches subject:nosuchpatch (l changes it; l C-u Enter shows all 9)"

test_begin_subtest 'Tab completes a limit term; a second Tab lists the candidates'
tui_keys l C-u
tui_type 'dead'
tui_keys Tab
first=$(tui_status)
tui_keys Tab
test_expect_equal "$first
$(tui_screen | sed -n '37,40p')" "\
Limit: deadline:

deadline:<24h  deadline:<48h  deadline:late  deadline:any   deadline:none
[patches] 0 of 0 · subject:nosuchpatch · by urgency
Limit: deadline:"
tui_keys Escape

test_begin_subtest 'an empty limit shows everything'
test_expect_equal "$(limit '' | tail -n 1)" \
	"[patches] 3 of 9 · by urgency                                                                                      100%"

test_begin_subtest 'the help view lists the bindings in force, by view'
tui_keys '?'
test_expect_equal "$(tui_screen | sed -n '1p;4,6p'; tui_title)" "\
Key bindings
Every view (generic)
  Up, k           move-up                Move up one line
  Down, j         move-down              Move down one line
[help] 1 of 85                                                                                                      44%"

test_begin_subtest 'the help view has the pager section and a legend for every cell of the list'
tui_keys End
test_expect_equal "$(tui_screen | grep -E '^Message|toggle-fold'; tui_screen | sed -n '/^Patch list columns/,/^Limit terms/p')" "\
Message (pager)
  z               toggle-fold            Open or fold the LLM explanation of an AUTOSEL mail
Patch list columns (each letter means one thing only)
  *      marked (t, T): actions apply to the marked patches
  N      unread: a notice is new (M marks the patch read or unread)
  T      triage state:  ? untriaged  + approved  = hold  < revert  - drop  ! resolving  . done
  G      git ([git] repo), the first that applies:  X reverted upstream  U a fix of it is not queued  C will conflict
  M      maintained: touches your MAINTAINERS sections (a column when you have some)
  6.12.. one column a tree:  A autosel  F failed  B backport  Q queued  R review  S released  D dropped
  ~      before a tree's letter: an adapted backport, whose diff is not upstream's
  due    nearest review deadline, red under 24 hours, then \"late\"
  age    since the newest notice (your own replies do not count)

Limit terms (joined by and, or, not, -term, parentheses)"

test_begin_subtest 'nothing in the help is cut: a long line wraps at words, under its own column'
# The lines of Enter, o and r, g, with the rows they wrap to (a page that
# tui_view_lines shows twice, the last, counts once).
help_rows() {
	tui_view_lines | awk '
	/^  (Enter |o |r, g) / { on = !seen[$0]++; if (on) print; next }
	on && /^                                         [^ ]/ { print; next }
	{ on = 0 }'
}
wide=$(help_rows)
tui_resize 80 40
narrow=$(help_rows)
tui_resize 120 40
test_expect_equal "$wide
$narrow
$(help_rows)" "\
  Enter           enter                  Open the selected patch or message; on a Git line of the patch view, its commit
  r, g            reply                  Reply to all: the notice under the cursor (in the list the patch's newest),
                                         quoted, in \$EDITOR
  o               sort                   Sort by the next order, in turn: urgency (open deadlines, then what waits for a
                                         decision), deadline, date (newest first), subject
  Enter           enter                  Open the selected patch or message; on
                                         a Git line of the patch view, its
                                         commit
  r, g            reply                  Reply to all: the notice under the
                                         cursor (in the list the patch's
                                         newest), quoted, in \$EDITOR
  o               sort                   Sort by the next order, in turn:
                                         urgency (open deadlines, then what
                                         waits for a decision), deadline, date
                                         (newest first), subject
$wide"
tui_keys End

test_begin_subtest 't marks a patch and moves on; T marks all, then none'
tui_keys q Home t
marked=$(tui_screen | sed -n 2p; tui_title)
tui_keys T
all=$(tui_title; tui_status)
tui_keys T
test_expect_equal "$marked
$all
$(tui_title)" "\
*N?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later
[patches] 2 of 9 · by urgency · 1 marked                                                                           100%
[patches] 2 of 9 · by urgency · 9 marked                                                                           100%
Marked 9 patches
[patches] 2 of 9 · by urgency                                                                                      100%"

test_begin_subtest 'c asks which tree to check out; Escape leaves the prompt'
tui_keys c
prompt=$(tui_status)
tui_keys Escape
test_expect_equal "$prompt" "Checkout on tree:"

test_begin_subtest 'an action of another view says so'
tui_keys :
tui_type toggle-fold
tui_keys Enter
test_expect_equal "$(tui_status)" "toggle-fold: not available in the patches view"

test_begin_subtest 'sort cycles through urgency, deadline, date and subject'
tui_keys o
by_deadline=$(tui_screen | sed -n 2p; tui_title)
tui_keys o
by_date=$(tui_screen | sed -n 2p; tui_title)
tui_keys o
by_subject=$(tui_screen | sed -n 2p; tui_title)
tui_keys o
test_expect_equal "$by_deadline
$by_date
$by_subject
$(tui_title)" "\
 N?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later
[patches] 2 of 9 · by deadline                                                                                     100%
 N?          F    B                    AGE Jarkko Sakkinen    tpm: Cap the number of PCR banks
[patches] 9 of 9 · by date                                                                                         100%
 N?               Q    Q               AGE Thomas Hellström   drm/ttm: Don't leak a resource on swapout move error
[patches] 3 of 9 · by subject                                                                                      100%
[patches] 2 of 9 · by urgency                                                                                      100%"

test_begin_subtest 'O reverses the order, and the title says so'
tui_keys O
reversed=$(tui_screen | sed -n 2p; tui_title; tui_status)
tui_keys O
test_expect_equal "$reversed
$(tui_title)" "\
 N?               Q    Q               AGE Thomas Hellström   drm/ttm: Don't leak a resource on swapout move error
[patches] 8 of 9 · by urgency, reversed                                                                            100%
Sorted by urgency, reversed (o: urgency, deadline, date, subject in turn; O reverses)
[patches] 2 of 9 · by urgency                                                                                      100%"

test_begin_subtest 'a message too long for the status line says so, and S opens the log: every message in full, with its time'
long=$(printf 'no-such-action-%.0s' 1 2 3 4 5 6 7 8 9)
tui_keys :
tui_type "$long"
tui_keys Enter
cut=$(tui_status)
tui_keys S
test_expect_equal "$cut
$(tui_screen | grep -v '^$' | tail -n 5 | sed 's/^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]  /HH:MM:SS  /')" "\
No action called 'no-such-action-no-such-action-no-such-action-no-such-action-no-such-action-no-such-act... (S: in full)
HH:MM:SS  Sorted by urgency (o: urgency, deadline, date, subject in turn; O reverses)
HH:MM:SS  No action called
          'no-such-action-no-such-action-no-such-action-no-such-action-no-such-action-no-such-action-no-such-action-no-s
          uch-action-no-such-action-' (Tab completes, ? lists them)
[messages] 22 of 22                                                                                                100%"

test_begin_subtest 'what is said while the log is open joins it at once'
tui_keys R
tui_wait_status 'Up to date' >/dev/null
tui_settle
test_expect_equal "$(tui_screen | grep -v '^$' | tail -n 3 | sed 's/^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]  /HH:MM:SS  /')" "\
HH:MM:SS  Up to date
[messages] 23 of 23                                                                                                100%
Up to date"

test_begin_subtest 'S again closes the log'
tui_keys S
test_expect_equal "$(tui_title)" "[patches] 2 of 9 · by urgency                                                                                      100%"

test_begin_subtest 'a 20x5 terminal shows what fits'
TUI_LINES=5 tui_resize 20 5
test_expect_equal "$(tmux_ capture-pane -p -t 0)" "\
*NTG subject
 N?  xen/events: res
 N?  KVM: SVM: Perio
[patches] 2 of 9 · b"

test_begin_subtest 'and back to 120x40, as before'
tui_resize 120 40
test_expect_equal "$(tui_screen | sed -n '1,3p'; tui_title)" "\
*NTG 6.12  6.6  6.1 5.15  5.4     due  age author             subject
 N?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later
 N?                         R  1d 12h  AGE David Rientjes     KVM: SVM: Periodically schedule when unregistering regions
[patches] 2 of 9 · by urgency                                                                                      100%"

test_begin_subtest 'new mail appears after notmuch new, the selection stays on its patch'
tui_keys j j j j
before=$(tui_title)
add_message corpus/103.eml
notmuch_new
tui_wait_status 'New mail' >/dev/null
after=$(tui_screen | sed -n '1,11p'; tui_title; tui_status)
tui_keys Enter
test_expect_equal "$before
$after
$(tui_line 1)" "\
[patches] 6 of 9 · by urgency                                                                                      100%
*NTG 6.12  6.6  6.1 5.15 5.10  5.4     due  age author             subject
 N?                              R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events late
 N?                              R  1d 12h  AGE David Rientjes     KVM: SVM: Periodically schedule when unregistering re
 N?          F    B                         AGE Jarkko Sakkinen    tpm: Cap the number of PCR banks
 N?     R              A                    AGE Lifeng Zheng       PM / devfreq: governor: Replace sscanf() with kstrtou
 N?                         F               AGE Oliver Neukum      cdc-acm: fix race between initial clearing halt and o
 N?                                         AGE David Hildenbrand  virtio: reenable config if freezing device failed
 N?                    A                    AGE Jens Axboe         io_uring: assign non-fixed early for async work
 N?                                         AGE Maor Gottlieb      net/mlx5: Fix potential sleeping in atomic context
 N?               D    D                    AGE Greg KH            netfilter: nf_tables: adapt set backend to use GC tra
 N?               Q    Q                    AGE Thomas Hellström   drm/ttm: Don't leak a resource on swapout move error
[patches] 7 of 10 · by urgency                                                                                     100%
New mail: 1 more notice
a196c78b5443 io_uring: assign non-fixed early for async work"

test_begin_subtest 'R with nothing new says so'
tui_keys q R
tui_wait_status 'Up to date' >/dev/null
test_expect_equal "$(tui_status)" "Up to date"

test_begin_subtest 'L starts from the configured query, which is no narrowing when given back'
tui_keys L
tui_wait_status 'Notmuch query: ' >/dev/null
status=$(tui_status)
tui_keys Enter
tui_wait_status 'patches from' >/dev/null
test_expect_equal "$status
$(tui_title; tui_status)" "\
Notmuch query: rg or to:patches@lists.linux.dev or subject:AUTOSEL or subject:\"stable tree\" or subject:\"stable review\")
[patches] 7 of 10 · by urgency                                                                                     100%
10 patches from 17 notices"

test_begin_subtest 'Tab in the query prompt completes notmuch'"'"'s terms; a second Tab lists them'
tui_keys L C-u
tui_type 't'
tui_keys Tab
tui_keys Tab
listed=$(tui_screen | sed -n '38,40p')
tui_keys C-u
tui_type 'fr'
tui_keys Tab
test_expect_equal "$listed
$(tui_status)" "\
to:      tag:     thread:
[patches] 7 of 10 · by urgency                                                                                     100%
Notmuch query: t
Notmuch query: from:"
tui_keys Escape

test_begin_subtest 'L reloads the list from another notmuch query, the selection kept'
tui_keys L C-u
tui_type from:sashal@kernel.org
tui_keys Enter
tui_wait_status 'patches from' >/dev/null
test_expect_equal "$(tui_screen | sed -n '2,6p' | grep -v '^$'; tui_title; tui_status)" "\
 N?          A          AGE Lifeng Zheng       PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_stor
 N?                     AGE David Hildenbrand  virtio: reenable config if freezing device failed
 N?     B               AGE Jarkko Sakkinen    tpm: Cap the number of PCR banks
[patches] 3 of 3 · query:from:sashal@kernel.org · by urgency                                                       100%
3 patches from 4 notices matching from:sashal@kernel.org"

test_begin_subtest 'a query that fails leaves the list, its title and the status line true'
tui_keys L C-u
tui_type 'date:foo..bar'
tui_keys Enter
tui_wait_status '.*still showing' >/dev/null
test_expect_equal "$(tui_title; tui_status)" "\
[patches] 3 of 3 · query:from:sashal@kernel.org · by urgency                                                       100%
bad query: Didn't understand date specification 'foo'; still showing query:from:sashal@kernel.org"

test_begin_subtest 'a query with no patch says so, in the list and on the status line'
tui_keys L C-u
tui_type 'from:nobody@example.org'
tui_keys Enter
tui_wait_status '0 patches' >/dev/null
test_expect_equal "$(tui_screen | sed -n '1,4p'; tui_title; tui_status)" "\
*NTG     due  age author             subject

  No stable notice matches query:from:nobody@example.org: L changes the query, L C-u Enter goes back to all the mail.

[patches] 0 of 0 · query:from:nobody@example.org · by urgency
0 patches from 0 notices matching from:nobody@example.org (L changes the query)"

test_begin_subtest 'an empty query goes back to all the mail'
tui_keys L C-u Enter
tui_wait_status 'patches from' >/dev/null
test_expect_equal "$(tui_title; tui_status)" "\
[patches] 3 of 10 · by urgency                                                                                     100%
10 patches from 17 notices"

test_begin_subtest 'Q quits, with status 0'
tui_keys Q
tui_exited
test_expect_equal "$(cat "$TMP_DIRECTORY/tui-status" 2>/dev/null)" "0"

test_done
