/* test-group.c - grouping notices into patches, and each tree's status. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <gmime/gmime.h>
#include "patch/patch.h"
#include "recognise/recognise.h"
#include "testlib.h"

#define SHA_A "9e59d609763f70a992a8f3808dabcce60f14eb5c"
#define SHA_B "79579411826647fd573dbe301c4d933bc90e4be7"

/* A notice as recognition would make it, not given to a group yet (the
 * group's strings are read-only once it holds it).  TREES is
 * comma-separated. */
static sm_notice *mk_new(sm_kind kind, const char *id, gint64 date, const char *trees,
                         const char *upstream, const char *subject, const char *in_reply_to)
{
	sm_notice *n = sm_notice_new();
	n->kind = kind;
	n->message_id = g_strdup(id);
	n->date = date;
	g_strfreev(n->trees);
	n->trees = g_strsplit(trees, ",", -1);
	if (upstream)
		g_strlcpy(n->upstream, upstream, sizeof n->upstream);
	n->patch_subject = g_strdup(subject);
	n->subject = g_strdup(subject);
	n->in_reply_to = g_strdup(in_reply_to);
	if (in_reply_to)
		n->references = g_strsplit(in_reply_to, " ", -1);
	return n;
}

/* mk_new()'s notice, held by G. */
static sm_notice *mk(sm_group *g, sm_kind kind, const char *id, gint64 date,
                     const char *trees, const char *upstream, const char *subject,
                     const char *in_reply_to)
{
	sm_notice *n = mk_new(kind, id, date, trees, upstream, subject, in_reply_to);
	sm_group_add(g, n);
	return n;
}

/* "6.6:autosel 6.1:failed" for a patch, to compare in one assertion. */
static char *statuses(const sm_patch *p)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < p->trees->len; i++) {
		const sm_tree_status *ts = p->trees->pdata[i];
		g_string_append_printf(s, "%s%s:%s", i ? " " : "", ts->tree, sm_status_name(ts->status));
	}
	return g_string_free(s, FALSE);
}

static void expect_statuses(const sm_patch *p, const char *expected)
{
	char *actual = statuses(p);
	assert_string_equal(actual, expected);
	g_free(actual);
}

static sm_patch *only_patch(sm_group *g)
{
	GPtrArray *patches = sm_group_patches(g);
	assert_int_equal(patches->len, 1);
	return patches->pdata[0];
}

static void test_by_commit_id(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_AUTOSEL, "a1@x", 100, "6.6", SHA_A, "md: call del_gendisk", NULL);
	mk(g, SM_KIND_FAILED, "f1@x", 200, "6.1", SHA_A, "md: call del_gendisk", NULL);
	mk(g, SM_KIND_AUTOSEL, "a2@x", 150, "6.12", SHA_A, "md: call del_gendisk", NULL);
	sm_group_build(g);
	sm_patch *p = only_patch(g);
	assert_string_equal(p->upstream, SHA_A);
	expect_statuses(p, "6.12:autosel 6.6:autosel 6.1:failed");
	assert_int_equal(p->notices->len, 3);
	assert_string_equal(((sm_notice *)p->notices->pdata[0])->message_id, "a1@x");
	assert_int_equal(p->date, 200);
	sm_group_free(g);
}

static void test_furthest_step(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_FAILED, "f@x", 100, "6.1", SHA_A, "s", NULL);
	mk(g, SM_KIND_BACKPORT, "b@x", 200, "6.1", NULL, "s", "f@x");
	mk(g, SM_KIND_ADDED, "q@x", 300, "6.1", SHA_A, "s", NULL);
	sm_group_build(g);
	sm_patch *p = only_patch(g);
	expect_statuses(p, "6.1:queued");
	sm_tree_status *ts = sm_patch_tree(p, "6.1");
	assert_string_equal(ts->notice->message_id, "q@x");
	assert_int_equal(ts->notices->len, 3);
	sm_group_free(g);
}

static void test_drop_then_revive(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_ADDED, "q@x", 100, "6.6,6.1", SHA_A, "s", NULL);
	sm_notice *drop = mk(g, SM_KIND_REPLY, "r@x", 200, "6.1", NULL, "s", "q@x");
	drop->signal = SM_SIGNAL_DROPPED;
	sm_group_build(g);
	expect_statuses(only_patch(g), "6.6:queued 6.1:dropped");
	mk(g, SM_KIND_BACKPORT, "b@x", 300, "6.1", SHA_A, "s", NULL);
	sm_group_build(g);
	expect_statuses(only_patch(g), "6.6:queued 6.1:backport");
	sm_group_free(g);
}

/* A group keeps each distinct string of its notices once: a cold load
 * holds every notice until the index is written.  Equal strings are one
 * pointer, the patch borrows its own from there, and a string too long
 * for the pool's blocks is kept once too. */
static void test_strings_stored_once(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	char *files = g_strnfill(70000, 'f');
	sm_notice *a = mk_new(SM_KIND_AUTOSEL, "a@x", 100, "6.6,6.1", SHA_A, "usb: fix", NULL);
	sm_notice *b = mk_new(SM_KIND_ADDED, "b@x", 200, "6.6", SHA_A, "usb: fix", NULL);
	sm_notice *c = mk_new(SM_KIND_REPLY, "c@x", 300, "6.6", NULL, NULL, "a@x");
	a->from = g_strdup("Sasha Levin <sashal@kernel.org>");
	b->from = g_strdup("Sasha Levin <sashal@kernel.org>");
	a->files = g_strdup(files);
	b->files = g_strdup(files);
	sm_group_add(g, a);
	sm_group_add(g, b);
	sm_group_add(g, c);
	assert_ptr_equal(a->from, b->from);
	assert_ptr_equal(a->patch_subject, b->patch_subject);
	assert_ptr_equal(a->trees[0], b->trees[0]);
	assert_ptr_equal(a->files, b->files);
	assert_ptr_equal(c->in_reply_to, a->message_id);
	assert_ptr_equal(c->references[0], a->message_id);
	assert_string_equal(a->files, files);
	sm_group_build(g);
	sm_patch *p = only_patch(g);
	assert_ptr_equal(p->subject, a->patch_subject);
	assert_ptr_equal(p->sender, a->from);
	assert_ptr_equal(p->first_id, a->message_id);
	assert_ptr_equal(p->files, a->files);
	assert_ptr_equal(((sm_tree_status *)p->trees->pdata[0])->tree, b->trees[0]);
	expect_statuses(p, "6.6:queued 6.1:autosel");
	/* The file name stays the notice's own: the store moves it (maildir
	 * flags) in a notice the group holds. */
	g_free(a->filename);
	a->filename = g_strdup("/mail/cur/a:2,S");
	sm_group_remove(g, "b@x");
	sm_group_build(g);
	expect_statuses(only_patch(g), "6.6:autosel 6.1:autosel");
	g_free(files);
	sm_group_free(g);
}

static void test_review_deadline_and_release(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	sm_notice *cover = mk_new(SM_KIND_REVIEW_COVER, "c@x", 100, "6.6", NULL, NULL, NULL);
	cover->release = g_strdup("6.6.21");
	cover->deadline = 1709759726;
	cover->series_total = 143;
	sm_group_add(g, cover);
	mk(g, SM_KIND_REVIEW_PATCH, "p@x", 101, "6.6", SHA_A, "s", "c@x");
	mk(g, SM_KIND_AUTOSEL, "a@x", 50, "6.1", SHA_A, "s", NULL);
	sm_group_build(g);
	sm_patch *p = only_patch(g);
	expect_statuses(p, "6.6:review 6.1:autosel");
	assert_int_equal(p->deadline, 1709759726);
	GPtrArray *reviews = sm_group_reviews(g);
	assert_int_equal(reviews->len, 1);
	sm_review *r = reviews->pdata[0];
	assert_string_equal(r->tree, "6.6");
	assert_string_equal(r->release, "6.6.21");
	assert_int_equal(r->patches, 143);

	sm_notice *release = mk_new(SM_KIND_RELEASE, "rel@x", 300, "6.6", NULL, NULL, NULL);
	release->release = g_strdup("6.6.21");
	sm_group_add(g, release);
	sm_group_build(g);
	p = only_patch(g);
	expect_statuses(p, "6.6:released 6.1:autosel");
	assert_int_equal(p->deadline, 0); /* nothing left under review */
	sm_group_free(g);
}

static void test_replies_follow_their_parents(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_AUTOSEL, "a@x", 100, "5.15", SHA_A, "io_uring: assign", NULL);
	mk(g, SM_KIND_REPLY, "r1@x", 200, "5.15", NULL, NULL, "a@x");
	/* A reply to the reply, whose own parent is the first reply. */
	sm_notice *r2 = mk_new(SM_KIND_REPLY, "r2@x", 300, "5.15", NULL, NULL, "r1@x");
	g_strfreev(r2->references);
	r2->references = g_strsplit("a@x r1@x", " ", -1);
	sm_group_add(g, r2);
	/* A reply that quotes another commit still belongs to its thread. */
	mk(g, SM_KIND_REPLY, "r3@x", 400, "5.15", SHA_B, NULL, "r2@x");
	sm_group_build(g);
	sm_patch *p = only_patch(g);
	assert_int_equal(p->notices->len, 4);
	expect_statuses(p, "5.15:autosel");
	sm_group_free(g);
}

static void test_reply_stands_for_what_it_answers(void **state)
{
	(void)state;
	/* The FAILED notice itself is not in the database, only a reply to it. */
	sm_group *g = sm_group_new();
	sm_notice *r = mk(g, SM_KIND_REPLY, "r@x", 100, "4.9,4.4", SHA_A, "crypto: cap", "gone@x");
	r->answers = SM_KIND_FAILED;
	sm_notice *q = mk(g, SM_KIND_REPLY, "q@x", 90, "5.4", SHA_A, "crypto: cap", "gone2@x");
	q->answers = SM_KIND_REVIEW_COVER; /* a cover is not a step */
	sm_group_build(g);
	expect_statuses(only_patch(g), "4.9:failed 4.4:failed");
	sm_group_free(g);
}

static void test_own_commit_beats_parent(void **state)
{
	(void)state;
	/* A prerequisite backported in reply to a FAILED notice is another patch. */
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_FAILED, "f@x", 100, "5.10", SHA_A, "cdc-acm: fix race", NULL);
	mk(g, SM_KIND_BACKPORT, "b1@x", 200, "5.10", SHA_B, "USB: cdc-acm: do not log", "f@x");
	mk(g, SM_KIND_BACKPORT, "b2@x", 201, "5.10", SHA_A, "cdc-acm: fix race", "b1@x");
	sm_group_build(g);
	GPtrArray *patches = sm_group_patches(g);
	assert_int_equal(patches->len, 2);
	sm_patch *a = patches->pdata[0], *b = patches->pdata[1];
	assert_string_equal(a->upstream, SHA_A);
	expect_statuses(a, "5.10:backport");
	assert_int_equal(a->notices->len, 2);
	assert_string_equal(b->upstream, SHA_B);
	assert_int_equal(b->notices->len, 1);
	sm_group_free(g);
}

static void test_subject_match(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_ADDED, "q@x", 100, "6.1", SHA_A, "drm/ttm: Don't leak a resource", NULL);
	/* quilt drops apostrophes; the key still matches */
	mk(g, SM_KIND_REVIEW_PATCH, "p@x", 200, "6.4", NULL, "drm/ttm: Dont leak a resource", NULL);
	/* no id and no match: a patch of its own, without an upstream */
	mk(g, SM_KIND_REMOVED, "d@x", 300, "6.1,5.15", NULL, "netfilter: adapt set backend", NULL);
	mk(g, SM_KIND_REMOVED, "d2@x", 301, "5.10", NULL, "netfilter: adapt set backend", NULL);
	sm_group_build(g);
	GPtrArray *patches = sm_group_patches(g);
	assert_int_equal(patches->len, 2);
	sm_patch *orphan = patches->pdata[0], *ttm = patches->pdata[1];
	assert_string_equal(orphan->upstream, "");
	expect_statuses(orphan, "6.1:dropped 5.15:dropped 5.10:dropped");
	assert_string_equal(ttm->subject, "drm/ttm: Don't leak a resource");
	expect_statuses(ttm, "6.4:review 6.1:queued");
	sm_group_free(g);
}

static void test_ambiguous_subject_does_not_join(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_AUTOSEL, "a@x", 100, "6.6", SHA_A, "Revert \"foo\"", NULL);
	mk(g, SM_KIND_AUTOSEL, "b@x", 100, "6.6", SHA_B, "Revert \"foo\"", NULL);
	mk(g, SM_KIND_FAILED, "f@x", 200, "6.1", NULL, "Revert \"foo\"", NULL);
	sm_group_build(g);
	assert_int_equal(sm_group_patches(g)->len, 3);
	sm_group_free(g);
}

static void test_not_patches(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_OTHER, "o@x", 100, "6.6", SHA_A, "noise", NULL);
	mk(g, SM_KIND_RELEASE, "l@x", 100, "6.6", NULL, NULL, NULL);
	mk(g, SM_KIND_REVIEW_COVER, "c@x", 100, "6.6", NULL, NULL, NULL);
	mk(g, SM_KIND_REPLY, "t@x", 100, "6.6", NULL, NULL, "c@x"); /* Tested-by on a cover */
	sm_group_build(g);
	assert_int_equal(sm_group_patches(g)->len, 0);
	assert_int_equal(sm_group_notice_count(g), 4);
	sm_group_free(g);
}

static void test_state_and_find(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_AUTOSEL, "a@x", 100, "6.6", SHA_A, "s", NULL)->triage = SM_TRIAGE_APPROVED;
	mk(g, SM_KIND_AUTOSEL, "b@x", 101, "6.1", SHA_A, "s", NULL)->triage = SM_TRIAGE_HOLD;
	sm_notice *c = mk(g, SM_KIND_AUTOSEL, "c@x", 102, "5.15", SHA_A, "s", NULL);
	c->unread = TRUE;
	sm_group_build(g);
	sm_patch *p = only_patch(g);
	assert_int_equal(p->state, SM_TRIAGE_HOLD);
	assert_true(p->unread);

	GPtrArray *found = sm_group_find(g, "9E59D6");
	assert_int_equal(found->len, 1);
	g_ptr_array_unref(found);
	found = sm_group_find(g, "<b@x>");
	assert_int_equal(found->len, 1);
	assert_ptr_equal(found->pdata[0], p);
	g_ptr_array_unref(found);
	found = sm_group_find(g, "dead");
	assert_int_equal(found->len, 0);
	g_ptr_array_unref(found);

	/* Re-adding a message replaces it rather than duplicating it. */
	mk(g, SM_KIND_AUTOSEL, "c@x", 102, "5.15", SHA_A, "s", NULL);
	sm_group_remove(g, "a@x");
	sm_group_build(g);
	assert_int_equal(sm_group_notice_count(g), 2);
	assert_false(only_patch(g)->unread);
	sm_group_free(g);
}

/* The whole corpus, grouped: every labelled upstream id is the id of the
 * patch its message lands in (this covers what a message cannot tell on
 * its own, such as a backport naming no commit), and noise lands in none. */
/* Replies to replies: the nearest ancestor notice decides, through
 * messages that are no notice, with only In-Reply-To, with a clock behind
 * the parent's; and each notice says why it is where it is. */
static void test_ancestors(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_AUTOSEL, "a@x", 100, "6.6", SHA_A, "md: call del_gendisk", NULL);
	/* A reply whose subject was changed: no notice, but in the thread. */
	sm_notice *talk = mk(g, SM_KIND_OTHER, "talk@x", 200, "", NULL, "other words", "a@x");
	/* Only In-Reply-To, no References, parent recognised as nothing. */
	sm_notice *r1 = mk_new(SM_KIND_REPLY, "r1@x", 300, "6.6", NULL, NULL, NULL);
	r1->in_reply_to = g_strdup("talk@x");
	sm_group_add(g, r1);
	/* Dated before its own parent (a clock behind), parent a reply. */
	sm_notice *r2 = mk_new(SM_KIND_REPLY, "r2@x", 150, "6.6", NULL, NULL, NULL);
	r2->in_reply_to = g_strdup("r1@x");
	sm_group_add(g, r2);
	/* The parent is not in the database; References still lead home. */
	sm_notice *r3 = mk_new(SM_KIND_REPLY, "r3@x", 400, "6.6", NULL, NULL, "missing@x");
	g_strfreev(r3->references);
	r3->references = g_strsplit("a@x missing@x", " ", -1);
	sm_group_add(g, r3);
	sm_group_build(g);
	sm_patch *p = only_patch(g);
	assert_int_equal(p->notices->len, 4);
	assert_null(sm_group_patch_of(g, talk));
	assert_int_equal(talk->attach, SM_ATTACH_NONE);
	assert_ptr_equal(sm_group_patch_of(g, r1), p);
	assert_string_equal(sm_attach_name(r1->attach), "ancestor");
	assert_ptr_equal(sm_group_patch_of(g, r2), p);
	assert_string_equal(sm_attach_name(r2->attach), "ancestor");
	assert_string_equal(sm_attach_name(r3->attach), "ancestor");
	assert_string_equal(sm_attach_name(((sm_notice *)p->notices->pdata[0])->attach), "upstream-id");
	/* A loop of In-Reply-To ends; nothing is attached by it. */
	sm_notice *l1 = mk(g, SM_KIND_REPLY, "l1@x", 500, "6.1", NULL, "loop", "l2@x");
	mk(g, SM_KIND_REPLY, "l2@x", 510, "6.1", NULL, "loop", "l1@x");
	sm_group_build(g);
	assert_null(sm_group_patch_of(g, l1));
	sm_group_free(g);
}

/* Real decisions in threads of their own (tests/human) find the patch
 * they decide by what they quote, and say so. */
static sm_notice *recognised(sm_group *g, const char *rel)
{
	sm_trees *trees = sm_trees_new_default();
	sm_mail *mail = sm_test_mail(rel);
	sm_notice *n = sm_recognise(mail, trees);
	sm_mail_free(mail);
	sm_trees_free(trees);
	sm_group_add(g, n);
	return n;
}

static void test_free_form_decisions(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_FAILED, "f@x", 100, "6.1", SHA_A,
	   "cifs: Fix flushing, invalidation and file size with copy_file_range()", NULL);
	mk(g, SM_KIND_AUTOSEL, "a@x", 100, "5.15,5.10,5.4,4.19,4.14,4.9", SHA_B,
	   "ext4: don't allow journal inode to have encrypt flag", NULL);
	sm_notice *queued = recognised(g, "human/c1-cifs-regression-queued.eml");
	sm_notice *earlier = recognised(g, "human/c5-ext4-apply-and-earlier.eml");
	sm_notice *question = recognised(g, "human/c6-cifs-regression-question.eml");
	sm_group_build(g);
	GPtrArray *found = sm_group_find(g, SHA_A);
	assert_int_equal(found->len, 1);
	sm_patch *p = found->pdata[0];
	g_ptr_array_unref(found);
	assert_ptr_equal(sm_group_patch_of(g, queued), p);
	assert_string_equal(sm_attach_name(queued->attach), "quoted-subject");
	expect_statuses(p, "6.1:queued");
	found = sm_group_find(g, SHA_B);
	p = found->pdata[0];
	g_ptr_array_unref(found);
	assert_ptr_equal(sm_group_patch_of(g, earlier), p);
	/* "to 5.15 and earlier": not 4.9, over by then. */
	expect_statuses(p, "5.15:queued 5.10:queued 5.4:queued 4.19:queued 4.14:queued 4.9:autosel");
	assert_null(sm_group_patch_of(g, question));
	sm_group_free(g);
}

/* A reply with a mangled prefix ("AW:", Outlook's German Re:) whose parent
 * is not in the database joins the patch its quoted "commit X upstream."
 * line names, here the same fix's 4.19 review patch. */
static void test_mangled_prefix(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_REVIEW_PATCH, "r@x", 100, "4.19", "bef8e2dfceed6daeb6ca3e8d33f9c9d43b926580",
	   "MIPS: VPE: Fix a double free and a memory leak in release_vpe()", NULL);
	sm_notice *aw = recognised(g, "human/c3-stable-aw-prefix.eml");
	sm_group_build(g);
	GPtrArray *patches = sm_group_patches(g);
	assert_int_equal(patches->len, 1);
	assert_ptr_equal(sm_group_patch_of(g, aw), patches->pdata[0]);
	assert_string_equal(sm_attach_name(aw->attach), "quoted-id");
	expect_statuses(patches->pdata[0], "5.5:review 4.19:review");
	sm_group_free(g);
}

/* A reply to a review cover that lost its threading (no In-Reply-To, no
 * References) still makes its release's review record, by its subject;
 * the patch it blames in prose ("The patch\n    usb: xhci: ...\n
 * https://...\ncauses ...", class 4) hears of it, by that subject. */
static void test_unthreaded_cover_reply(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_REVIEW_PATCH, "r@x", 100, "6.1", SHA_A,
	   "usb: xhci: prevent potential failure in handle_tx_event() for Transfer events without TRB",
	   NULL);
	mk(g, SM_KIND_REVIEW_PATCH, "o@x", 100, "6.1", SHA_B, "usb: xhci: another fix", NULL);
	sm_notice *reply = recognised(g, "human/c3-usb-review-reply-unthreaded.eml");
	sm_group_build(g);
	GPtrArray *reviews = sm_group_reviews(g);
	assert_int_equal(reviews->len, 1);
	const sm_review *review = reviews->pdata[0];
	assert_string_equal(review->release, "6.1.98");
	assert_int_equal(review->replies->len, 1);
	assert_ptr_equal(review->replies->pdata[0], reply);
	assert_string_equal(sm_signal_name(reply->signal), "drop-request");
	assert_null(reply->in_reply_to);
	GPtrArray *found = sm_group_find(g, SHA_A);
	assert_int_equal(found->len, 1);
	assert_ptr_equal(sm_group_patch_of(g, reply), found->pdata[0]);
	g_ptr_array_unref(found);
	assert_string_equal(sm_attach_name(reply->attach), "quoted-subject");
	sm_group_free(g);
}

/* Class 7: an out-of-tree series in the shape of a stable one ("[PATCH 6.1
 * 00/15] genetlink: ...", sent to netdev and kselftest, not to stable):
 * its cover, its patches and the replies under them make no patch and no
 * review record. */
static void test_out_of_tree_series(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	sm_notice *cover = recognised(g, "human/c7-kselftest-genetlink-cover.eml");
	sm_notice *patch = recognised(g, "human/c7-kselftest-genetlink-patch.eml");
	sm_notice *reply = recognised(g, "human/c7-kselftest-genetlink-reply.eml");
	sm_group_build(g);
	assert_int_equal(sm_group_patches(g)->len, 0);
	assert_int_equal(sm_group_reviews(g)->len, 0);
	assert_string_equal(sm_kind_name(cover->kind), "other");
	assert_string_equal(sm_kind_name(patch->kind), "other");
	assert_string_equal(sm_kind_name(reply->kind), "other");
	sm_group_free(g);
}

/* Class 1: a backport posted inline as a reply in a thread of its own
 * ("Re: backporting 24a9799aa8ef (...) to older stable series") joins its
 * patch by the "commit X upstream." line of its own text. */
static void test_inline_backport(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	mk(g, SM_KIND_FAILED, "f@x", 100, "6.1", "24a9799aa8efecd0eb55a75e35f9d8e6400063aa",
	   "smb: client: fix UAF in smb2_reconnect_server()", NULL);
	sm_notice *first = recognised(g, "human/c1-cifs-inline-backport.eml");
	sm_notice *again = recognised(g, "human/c1-cifs-inline-backport-resent.eml");
	sm_group_build(g);
	sm_patch *p = only_patch(g);
	assert_ptr_equal(sm_group_patch_of(g, first), p);
	assert_ptr_equal(sm_group_patch_of(g, again), p);
	assert_string_equal(sm_kind_name(first->kind), "backport");
	assert_string_equal(sm_attach_name(first->attach), "upstream-id");
	assert_null(first->evidence);
	/* It names no tree: the thread's 6.1 is in no line of its own, and
	 * the FAILED notice that began the thread is not here. */
	expect_statuses(p, "6.1:failed");
	assert_null(first->trees[0]);
	sm_group_free(g);

	/* With that notice, the backport is for its tree, 6.1, though the
	 * messages between the two are not here either (References). */
	g = sm_group_new();
	mk(g, SM_KIND_FAILED, "2024040834-magazine-audience-8aa4@gregkh", 100, "6.1",
	   "24a9799aa8efecd0eb55a75e35f9d8e6400063aa", "smb: client: fix UAF in smb2_reconnect_server()",
	   NULL);
	first = recognised(g, "human/c1-cifs-inline-backport.eml");
	sm_group_build(g);
	p = only_patch(g);
	expect_statuses(p, "6.1:backport");
	assert_ptr_equal(sm_patch_tree(p, "6.1")->notice, first);
	sm_group_free(g);
}

/* The one patch of commit ID. */
static sm_patch *the_patch(sm_group *g, const char *id)
{
	GPtrArray *found = sm_group_find(g, id);
	assert_int_equal(found->len, 1);
	sm_patch *p = found->pdata[0];
	g_ptr_array_unref(found);
	return p;
}

/* A cover whose clock is ahead of the answer to it (ashwin-h's "[PATCH
 * 0/5] Backport to 4.9- ext4: ..." is dated hours after Greg's reply):
 * the answer still finds the cover's patch, and its series. */
static void test_series_cover_clock_ahead(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	sm_notice *cover = mk(g, SM_KIND_BACKPORT, "cover@x", 500, "4.9", NULL,
	                      "Backport to 4.9- ext4: protect journal inode's blocks", NULL);
	cover->series_total = 1;
	sm_notice *child = mk(g, SM_KIND_BACKPORT, "child@x", 510, "", SHA_A,
	                      "ext4: protect journal inode's blocks using block_validity", "cover@x");
	child->series_pos = child->series_total = 1;
	sm_notice *answer = mk(g, SM_KIND_REPLY, "answer@x", 100, "4.9", NULL, cover->patch_subject,
	                       "cover@x");
	answer->signal = SM_SIGNAL_QUEUED;
	sm_group_build(g);
	assert_string_equal(sm_attach_name(answer->attach), "series");
	assert_ptr_equal(sm_group_patch_of(g, answer), sm_group_patch_of(g, cover));
	expect_statuses(the_patch(g, SHA_A), "4.9:queued");
	sm_group_free(g);
}

/* Greg's "Thanks for both of these, now queued up." under Jan Kara's
 * backports, in the thread of his request to stable@ "Pick commit
 * 2729cfdcfa (...)": queued in both trees the patch is open in. */
static void test_team_decision_in_stable_thread(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	recognised(g, "human/c1-ext4-pick-backport-5.10.eml");
	recognised(g, "human/c1-ext4-pick-backport-5.15.eml");
	sm_group_build(g);
	expect_statuses(only_patch(g), "5.15:backport 5.10:backport");
	sm_notice *queued = recognised(g, "human/c1-ext4-pick-queued.eml");
	sm_group_build(g);
	sm_patch *p = only_patch(g);
	assert_string_equal(p->upstream, "2729cfdcfa1cc49bef5a90d046fa4a187fdfcc69");
	assert_string_equal(sm_attach_name(queued->attach), "parent");
	expect_statuses(p, "5.15:queued 5.10:queued");
	sm_group_free(g);
}


/* A decision on a backport series' cover decides for each patch of the
 * series: Greg's "Now queued up, thanks." to "[PATCH 0/2] smb: client:
 * fix ... on 5.10 stable kernel" queues both patches in 5.10, which they
 * are for by their cover (they name no tree themselves). */
static void test_series_decision(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	sm_notice *cover = recognised(g, "human/series-cifs-cover.eml");
	sm_notice *first = recognised(g, "human/series-cifs-patch1.eml");
	sm_notice *second = recognised(g, "human/series-cifs-patch2.eml");
	sm_group_build(g);
	sm_patch *p1 = the_patch(g, "3080ea5553cc");
	sm_patch *p2 = the_patch(g, "eb3e28c1e89b");
	expect_statuses(p1, "5.10:backport");
	expect_statuses(p2, "5.10:backport");
	assert_string_equal(first->trees[0], "5.10");
	assert_null(first->trees[1]);

	sm_notice *queued = recognised(g, "human/series-cifs-queued.eml");
	sm_group_build(g);
	assert_int_equal(sm_group_patches(g)->len, 3);
	sm_patch *own = sm_group_patch_of(g, cover);
	assert_ptr_equal(sm_group_patch_of(g, queued), own);
	assert_string_equal(sm_attach_name(queued->attach), "series");
	expect_statuses(own, "5.10:queued");
	p1 = the_patch(g, "3080ea5553cc");
	p2 = the_patch(g, "eb3e28c1e89b");
	expect_statuses(p1, "5.10:queued");
	expect_statuses(p2, "5.10:queued");
	assert_ptr_equal(sm_patch_tree(p1, "5.10")->notice, queued);
	assert_ptr_equal(sm_patch_tree(p2, "5.10")->notice, queued);
	assert_int_equal(p1->notices->len, 2);
	assert_ptr_equal(p1->notices->pdata[0], first);
	assert_ptr_equal(p2->notices->pdata[0], second);
	assert_ptr_equal(p2->notices->pdata[1], queued);

	/* A hold request on the cover is in each patch too, and moves no
	 * tree; talk that says nothing is in the cover's patch alone; a
	 * decision on one patch of the series is for that one alone. */
	sm_notice *ask = mk(g, SM_KIND_REPLY, "ask@x", queued->date + 60, "5.10", NULL,
	                    cover->patch_subject, cover->message_id);
	ask->signal = SM_SIGNAL_HOLD;
	sm_notice *talk = mk(g, SM_KIND_REPLY, "talk@x", queued->date + 90, "5.10", NULL,
	                     cover->patch_subject, cover->message_id);
	sm_notice *drop = mk(g, SM_KIND_REPLY, "drop@x", queued->date + 120, "5.10", NULL,
	                     first->patch_subject, first->message_id);
	drop->signal = SM_SIGNAL_DROPPED;
	sm_group_build(g);
	assert_string_equal(sm_attach_name(ask->attach), "series");
	assert_string_equal(sm_attach_name(talk->attach), "parent");
	assert_string_equal(sm_attach_name(drop->attach), "parent");
	assert_ptr_equal(sm_group_patch_of(g, talk), sm_group_patch_of(g, cover));
	p1 = the_patch(g, "3080ea5553cc");
	p2 = the_patch(g, "eb3e28c1e89b");
	expect_statuses(p1, "5.10:dropped");
	expect_statuses(p2, "5.10:queued");
	assert_int_equal(p1->notices->len, 4);
	assert_ptr_equal(p1->notices->pdata[2], ask);
	assert_ptr_equal(p1->notices->pdata[3], drop);
	assert_int_equal(p2->notices->len, 3);
	assert_ptr_equal(p2->notices->pdata[2], ask);

	/* "I have sent patches for 4.14 tree" / "Thank you, all of these are
	 * now queued up.": a decision below the talk under the cover is on
	 * the series, as one on the cover is; below a patch it is not. */
	sm_notice *more = mk(g, SM_KIND_REPLY, "more@x", queued->date + 200, "5.10", NULL,
	                     cover->patch_subject, "talk@x");
	more->signal = SM_SIGNAL_REVERTED;
	sm_notice *under = mk(g, SM_KIND_REPLY, "under@x", queued->date + 300, "5.10", NULL,
	                      first->patch_subject, "drop@x");
	under->signal = SM_SIGNAL_QUEUED;
	sm_group_build(g);
	assert_string_equal(sm_attach_name(more->attach), "series");
	assert_string_equal(sm_attach_name(under->attach), "parent");
	p1 = the_patch(g, "3080ea5553cc");
	p2 = the_patch(g, "eb3e28c1e89b");
	expect_statuses(p1, "5.10:queued");
	expect_statuses(p2, "5.10:dropped");
	sm_group_free(g);
}

/* Replies to review covers make their release's review record, with who
 * tested and what they reported, though the covers are not here. */
static void test_cover_replies(void **state)
{
	(void)state;
	sm_group *g = sm_group_new();
	sm_notice *tested = recognised(g, "human/c4-ext4-cover-tested.eml");
	sm_notice *renamed = recognised(g, "human/c4-ext4-cover-renamed.eml");
	sm_group_build(g);
	GPtrArray *reviews = sm_group_reviews(g);
	assert_int_equal(reviews->len, 2);
	const sm_review *newest = reviews->pdata[0], *oldest = reviews->pdata[1];
	assert_null(newest->cover);
	assert_string_equal(newest->tree, "6.16");
	assert_string_equal(newest->release, "6.16.1");
	assert_int_equal(newest->patches, 627);
	assert_int_equal(newest->replies->len, 1);
	assert_ptr_equal(newest->replies->pdata[0], tested);
	assert_string_equal(sm_signal_name(tested->signal), "drop-request");
	assert_string_equal(oldest->release, "4.19.45");
	assert_ptr_equal(oldest->replies->pdata[0], renamed);
	sm_group_free(g);
}

static void test_corpus(void **state)
{
	(void)state;
	sm_test_labels *labels = sm_test_labels_read("corpus/labels.tsv");
	sm_trees *trees = sm_trees_new_default();
	sm_group *g = sm_group_new();
	GString *errors = g_string_new(NULL);

	for (guint i = 0; i < labels->rows->len; i++) {
		char *rel = g_strconcat("corpus/", sm_test_label(labels->rows->pdata[i], "file"), NULL);
		sm_mail *mail = sm_test_mail(rel);
		sm_group_add(g, sm_recognise(mail, trees));
		sm_mail_free(mail);
		g_free(rel);
	}
	sm_group_build(g);
	for (guint i = 0; i < labels->rows->len; i++) {
		GHashTable *row = labels->rows->pdata[i];
		const char *file = sm_test_label(row, "file");
		const char *kind = sm_test_label(row, "kind");
		const char *want = sm_test_label(row, "upstream_sha");
		char *id = sm_test_bare_id(sm_test_label(row, "message_id"));
		sm_notice *notice = sm_group_notice(g, id);
		sm_patch *patch = notice ? sm_group_patch_of(g, notice) : NULL;
		if (!notice)
			g_string_append_printf(errors, "%s: not loaded\n", file);
		else if (strcmp(kind, "noise") == 0) {
			if (patch)
				g_string_append_printf(errors, "%s: noise in patch %s\n", file, patch->upstream);
		} else if (*want && (!patch || strcmp(patch->upstream, want) != 0))
			g_string_append_printf(errors, "%s: in patch \"%s\", want %s\n", file,
			                       patch ? patch->upstream : "(none)", want);
		g_free(id);
	}
	if (errors->len)
		fail_msg("%s", errors->str);
	g_string_free(errors, TRUE);
	sm_group_free(g);
	sm_trees_free(trees);
	sm_test_labels_free(labels);
}

int main(void)
{
	g_mime_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_commit_id),
		cmocka_unit_test(test_furthest_step),
		cmocka_unit_test(test_drop_then_revive),
		cmocka_unit_test(test_review_deadline_and_release),
		cmocka_unit_test(test_strings_stored_once),
		cmocka_unit_test(test_replies_follow_their_parents),
		cmocka_unit_test(test_reply_stands_for_what_it_answers),
		cmocka_unit_test(test_own_commit_beats_parent),
		cmocka_unit_test(test_subject_match),
		cmocka_unit_test(test_ambiguous_subject_does_not_join),
		cmocka_unit_test(test_not_patches),
		cmocka_unit_test(test_state_and_find),
		cmocka_unit_test(test_ancestors),
		cmocka_unit_test(test_free_form_decisions),
		cmocka_unit_test(test_mangled_prefix),
		cmocka_unit_test(test_unthreaded_cover_reply),
		cmocka_unit_test(test_cover_replies),
		cmocka_unit_test(test_out_of_tree_series),
		cmocka_unit_test(test_inline_backport),
		cmocka_unit_test(test_series_decision),
		cmocka_unit_test(test_team_decision_in_stable_thread),
		cmocka_unit_test(test_series_cover_clock_ahead),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
