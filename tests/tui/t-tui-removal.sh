#!/bin/sh
# t-tui-removal.sh - mail removed while the TUI is open (the file deleted,
# then a real `notmuch new`) leaves the list at the next check, with no
# key pressed: notmuch moves no revision for a removal alone, and the
# check sees it by Xapian's version file (core/store/xapian-private.h).
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

test_expect_success 'fixture database' 'tui_fixtures'

test_begin_subtest 'a patch whose only notice is removed leaves the list at the next check'
tui_start
before=$(tui_screen | grep -c 'virtio: reenable')
rm "$MAIL_DIR/cur/084.eml:2,"
notmuch_new
tui_wait_status 'Mail removed' >/dev/null
test_expect_equal "$before
$(tui_screen_squeezed)" "\
1
*NTG 6.12  6.6  6.1 5.15  5.4     due  age author             subject
 N?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later
 N?                         R  1d 12h  AGE David Rientjes     KVM: SVM: Periodically schedule when unregistering regions
 N?          F    B                    AGE Jarkko Sakkinen    tpm: Cap the number of PCR banks
 N?     R              A               AGE Lifeng Zheng       PM / devfreq: governor: Replace sscanf() with kstrtoul() i
 N?                    A               AGE Jens Axboe         io_uring: assign non-fixed early for async work
 N?                                    AGE Maor Gottlieb      net/mlx5: Fix potential sleeping in atomic context
 N?               D    D               AGE Greg KH            netfilter: nf_tables: adapt set backend to use GC transact
 N?               Q    Q               AGE Thomas Hellström   drm/ttm: Don't leak a resource on swapout move error
(29 blank lines)
[patches] 1 of 8 · by urgency                                                                                      100%
Mail removed: 1 notice fewer"

test_begin_subtest 'the patch open in its view says it is gone when its notice is removed'
tui_keys j j j j j
tui_wait '^\[patches\] 6 of 8 ' >/dev/null
tui_keys Enter
tui_wait '^Upstream ' >/dev/null
rm "$MAIL_DIR/cur/054.eml:2,"
notmuch_new
tui_wait_status 'Mail removed' >/dev/null
view=$(tui_screen_squeezed | sed -n '1,3p'; tui_title; tui_status)
tui_keys q
tui_wait '^\[patches\] [0-9]+ of 7 ' >/dev/null
test_expect_equal "$view
$(tui_title)" "\
ee27e330a953 net/mlx5: Fix potential sleeping in atomic context
Upstream  ee27e330a953595903979ffdb84926843595a9fe
Author    Maor Gottlieb <maorg@nvidia.com>
[patch] 6 of 13 · gone from the list · net/mlx5: Fix potential sleeping in atomic context                          100%
Mail removed: 1 notice fewer
[patches] 6 of 7 · by urgency                                                                                      100%"


test_done
