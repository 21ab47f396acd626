/* group.c - gather notices into patches and work out each tree's status.
 *
 * Building is a few linear passes over the notices, so a refresh can simply
 * rebuild everything: notices with a commit id make the patches; notices
 * without one find theirs through their parent (In-Reply-To, then
 * References) or their subject; replies prefer their parent, because what
 * a reply quotes may name a different commit.
 */
#include <string.h>
#include "group.h"
#include "recognise.h"
#include "triage.h"

struct sm_group {
	GHashTable *notices;    /* message-id -> sm_notice* (owned) */
	GPtrArray *patches;     /* sm_patch* (owned), newest first */
	GPtrArray *reviews;     /* sm_review* (owned), newest first */
	GHashTable *patch_of;   /* sm_notice* -> sm_patch* */
};

static const char *const status_names[SM_STATUS_COUNT] = {
	[SM_STATUS_NONE] = "none",
	[SM_STATUS_AUTOSEL] = "autosel",
	[SM_STATUS_FAILED] = "failed",
	[SM_STATUS_BACKPORT] = "backport",
	[SM_STATUS_QUEUED] = "queued",
	[SM_STATUS_REVIEW] = "review",
	[SM_STATUS_RELEASED] = "released",
	[SM_STATUS_DROPPED] = "dropped",
};

const char *sm_status_name(sm_status status)
{
	return status < SM_STATUS_COUNT ? status_names[status] : "none";
}

static void tree_status_free(gpointer data)
{
	sm_tree_status *ts = data;
	g_free(ts->tree);
	g_free(ts->release);
	g_ptr_array_unref(ts->notices);
	g_free(ts);
}

static void patch_free(gpointer data)
{
	sm_patch *patch = data;
	g_free(patch->subject);
	g_free(patch->key);
	g_free(patch->author);
	g_ptr_array_unref(patch->trees);
	g_ptr_array_unref(patch->notices);
	g_free(patch);
}

static void review_free(gpointer data)
{
	sm_review *review = data;
	g_free(review->tree);
	g_free(review->release);
	g_free(review);
}

sm_group *sm_group_new(void)
{
	sm_group *group = g_new0(sm_group, 1);
	group->notices = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	                                       (GDestroyNotify)sm_notice_free);
	group->patches = g_ptr_array_new_with_free_func(patch_free);
	group->reviews = g_ptr_array_new_with_free_func(review_free);
	group->patch_of = g_hash_table_new(g_direct_hash, g_direct_equal);
	return group;
}

void sm_group_free(sm_group *group)
{
	if (!group)
		return;
	g_hash_table_unref(group->patch_of);
	g_ptr_array_unref(group->patches);
	g_ptr_array_unref(group->reviews);
	g_hash_table_unref(group->notices);
	g_free(group);
}

void sm_group_add(sm_group *group, sm_notice *notice)
{
	if (!notice->message_id) /* a message without one cannot be linked or cached */
		notice->message_id = g_strdup_printf("no-id:%s", notice->filename ? notice->filename : "?");
	/* The key lives in the notice, so drop the old entry before the new
	 * one takes its place. */
	g_hash_table_remove(group->notices, notice->message_id);
	g_hash_table_insert(group->notices, notice->message_id, notice);
}

void sm_group_remove(sm_group *group, const char *message_id)
{
	g_hash_table_remove(group->notices, message_id);
}

sm_notice *sm_group_notice(const sm_group *group, const char *message_id)
{
	return g_hash_table_lookup(group->notices, message_id);
}

guint sm_group_notice_count(const sm_group *group)
{
	return g_hash_table_size(group->notices);
}

GPtrArray *sm_group_patches(const sm_group *group)
{
	return group->patches;
}

GPtrArray *sm_group_reviews(const sm_group *group)
{
	return group->reviews;
}

sm_patch *sm_group_patch_of(const sm_group *group, const sm_notice *notice)
{
	return g_hash_table_lookup(group->patch_of, notice);
}

/* Kinds that are about one patch; covers, releases and noise are not. */
static gboolean is_patch_kind(sm_kind kind)
{
	return kind != SM_KIND_OTHER && kind != SM_KIND_RELEASE &&
	       kind != SM_KIND_REVIEW_COVER;
}

static int by_date(gconstpointer a, gconstpointer b)
{
	const sm_notice *x = *(sm_notice *const *)a, *y = *(sm_notice *const *)b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->message_id, y->message_id);
}

typedef struct build {
	sm_group *group;
	GHashTable *by_upstream; /* upstream -> sm_patch* */
	GHashTable *by_key;      /* subject key -> sm_patch*, or &ambiguous
	                            (keys borrowed from the notices) */
	GHashTable *by_orphan_key; /* subject key -> id-less sm_patch* */
	GHashTable *released;    /* "6.6.22" -> "" for every announced release */
} build;

static char ambiguous;

static sm_patch *patch_new(build *b, const char *upstream)
{
	sm_patch *patch = g_new0(sm_patch, 1);
	g_strlcpy(patch->upstream, upstream ? upstream : "", sizeof patch->upstream);
	patch->trees = g_ptr_array_new_with_free_func(tree_status_free);
	patch->notices = g_ptr_array_new();
	g_ptr_array_add(b->group->patches, patch);
	return patch;
}

static void join(build *b, sm_patch *patch, sm_notice *notice, sm_attach how)
{
	notice->attach = how;
	g_ptr_array_add(patch->notices, notice);
	g_hash_table_insert(b->group->patch_of, notice, patch);
}

/* The patch of NOTICE's nearest ancestor notice.  Up the In-Reply-To
 * chain through every message the group holds, whatever it is: a reply to
 * a reply, a message recognised as nothing, a reply not placed yet (its
 * clock was behind its own reply's).  Where the chain breaks (a parent not
 * in the database, mail with only References), the References of the last
 * message reached, newest first.  *HOW says which it was. */
static sm_patch *ancestor_patch(build *b, const sm_notice *notice, sm_attach *how)
{
	GHashTable *notices = b->group->notices;
	const sm_notice *at = notice;
	/* Bounded: In-Reply-To loops exist in the wild. */
	for (int hops = 0; at->in_reply_to && hops < 64; hops++) {
		const sm_notice *parent = g_hash_table_lookup(notices, at->in_reply_to);
		if (!parent || parent == notice)
			break;
		sm_patch *patch = g_hash_table_lookup(b->group->patch_of, parent);
		if (patch) {
			*how = hops == 0 ? SM_ATTACH_PARENT : SM_ATTACH_ANCESTOR;
			return patch;
		}
		at = parent;
	}
	for (int pass = 0; pass < 2; pass++) {
		const sm_notice *from = pass == 0 ? notice : at;
		if (pass == 1 && at == notice)
			break;
		guint n = from->references ? g_strv_length(from->references) : 0;
		for (guint i = n; i-- > 0;) {
			sm_notice *ancestor = g_hash_table_lookup(notices, from->references[i]);
			sm_patch *patch = ancestor && ancestor != notice
			                          ? g_hash_table_lookup(b->group->patch_of, ancestor) : NULL;
			if (patch) {
				*how = notice->in_reply_to && !strcmp(notice->in_reply_to, ancestor->message_id)
				               ? SM_ATTACH_PARENT : SM_ATTACH_ANCESTOR;
				return patch;
			}
		}
	}
	return NULL;
}

/* Every rebuild matches subjects again; the key of each is made once. */
static const char *subject_key(sm_notice *notice)
{
	if (!notice->subject_key && notice->patch_subject && *notice->patch_subject)
		notice->subject_key = sm_subject_key(notice->patch_subject);
	return notice->subject_key;
}

static sm_patch *patch_by_subject(build *b, sm_notice *notice, gboolean create)
{
	const char *key = subject_key(notice);
	if (!key)
		return NULL;
	sm_patch *patch = g_hash_table_lookup(b->by_key, key);
	if (patch == (sm_patch *)&ambiguous)
		patch = NULL;
	if (!patch)
		patch = g_hash_table_lookup(b->by_orphan_key, key);
	if (!patch && create) {
		patch = patch_new(b, NULL);
		g_hash_table_insert(b->by_orphan_key, (char *)key, patch);
	}
	return patch;
}

/* Kind priority when choosing whose subject and author speak for the
 * patch: the stable team's own notices quote the upstream commit most
 * faithfully (quilt mangles review subjects, FAILED subjects are cut). */
static int subject_rank(const sm_notice *notice)
{
	switch (notice->kind) {
	case SM_KIND_AUTOSEL: return 7;
	case SM_KIND_ADDED: return 6;
	case SM_KIND_FAILED: return 5;
	case SM_KIND_BACKPORT: return 4;
	case SM_KIND_REVIEW_PATCH: return 3;
	case SM_KIND_REMOVED: return 2;
	case SM_KIND_REPLY: return 1;
	default: return 0;
	}
}

static sm_status step_of_kind(sm_kind kind)
{
	switch (kind) {
	case SM_KIND_AUTOSEL: return SM_STATUS_AUTOSEL;
	case SM_KIND_REVIEW_PATCH: return SM_STATUS_REVIEW;
	case SM_KIND_ADDED: return SM_STATUS_QUEUED;
	case SM_KIND_FAILED: return SM_STATUS_FAILED;
	case SM_KIND_BACKPORT: return SM_STATUS_BACKPORT;
	case SM_KIND_REMOVED: return SM_STATUS_DROPPED;
	default: return SM_STATUS_NONE;
	}
}

/* A reply moves a tree only when it says so ("Now dropped"); otherwise it
 * stands for the notice it answers, which may not be in the database. */
static sm_status step_of(const sm_notice *notice)
{
	if (notice->kind != SM_KIND_REPLY)
		return step_of_kind(notice->kind);
	/* Reverted from a stable tree is out of it, as dropped is. */
	if (notice->signal == SM_SIGNAL_DROPPED || notice->signal == SM_SIGNAL_REVERTED)
		return SM_STATUS_DROPPED;
	if (notice->signal == SM_SIGNAL_QUEUED)
		return SM_STATUS_QUEUED;
	return notice->answers == SM_KIND_REMOVED ? SM_STATUS_NONE : step_of_kind(notice->answers);
}

static sm_tree_status *tree_status(sm_patch *patch, const char *tree)
{
	sm_tree_status *ts = sm_patch_tree(patch, tree);
	if (!ts) {
		ts = g_new0(sm_tree_status, 1);
		ts->tree = g_strdup(tree);
		ts->notices = g_ptr_array_new();
		g_ptr_array_add(patch->trees, ts);
	}
	return ts;
}

sm_tree_status *sm_patch_tree(const sm_patch *patch, const char *tree)
{
	for (guint i = 0; i < patch->trees->len; i++) {
		sm_tree_status *ts = patch->trees->pdata[i];
		if (strcmp(ts->tree, tree) == 0)
			return ts;
	}
	return NULL;
}

/* The review cover a review patch answers: its parent, or the thread root. */
static const sm_notice *cover_of(build *b, const sm_notice *notice)
{
	const char *ids[2] = { notice->in_reply_to,
	                       notice->references ? notice->references[0] : NULL };
	for (int i = 0; i < 2; i++) {
		sm_notice *cover = ids[i] ? g_hash_table_lookup(b->group->notices, ids[i]) : NULL;
		if (cover && cover->kind == SM_KIND_REVIEW_COVER)
			return cover;
	}
	return NULL;
}

/* Walk the patch's notices oldest first: each step raises the status,
 * except that a drop wins until a later notice revives the tree. */
static void apply_step(build *b, sm_tree_status *ts, sm_notice *notice)
{
	sm_status step = step_of(notice);
	g_ptr_array_add(ts->notices, notice);
	if (notice->kind == SM_KIND_REVIEW_PATCH) {
		const sm_notice *cover = cover_of(b, notice);
		if (cover) {
			ts->deadline = cover->deadline;
			g_free(ts->release);
			ts->release = g_strdup(cover->release);
			if (cover->release && g_hash_table_contains(b->released, cover->release))
				step = SM_STATUS_RELEASED;
		}
	}
	if (step == SM_STATUS_NONE)
		return;
	if (step == SM_STATUS_DROPPED || ts->status == SM_STATUS_DROPPED || step > ts->status) {
		ts->status = step;
		ts->notice = notice;
	}
}

/* "Queued for all the trees" (sm_notice.all_trees), or a decision that
 * names no tree at all: every tree the patch is open in so far. */
static void apply_to_open_trees(build *b, sm_patch *patch, sm_notice *notice)
{
	gboolean decision = notice->signal == SM_SIGNAL_DROPPED || notice->signal == SM_SIGNAL_QUEUED ||
	                    notice->signal == SM_SIGNAL_REVERTED;
	if (!notice->all_trees && !(decision && !notice->trees[0]))
		return;
	for (guint i = 0; i < patch->trees->len; i++) {
		sm_tree_status *ts = patch->trees->pdata[i];
		if (!sm_notice_has_tree(notice, ts->tree) && ts->status != SM_STATUS_NONE)
			apply_step(b, ts, notice);
	}
}

static int tree_cmp(gconstpointer a, gconstpointer b)
{
	const sm_tree_status *x = *(sm_tree_status *const *)a, *y = *(sm_tree_status *const *)b;
	return sm_version_cmp(y->tree, x->tree);
}

static void summarise(build *b, sm_patch *patch)
{
	const sm_notice *voice = NULL;
	for (guint i = 0; i < patch->notices->len; i++) {
		sm_notice *notice = patch->notices->pdata[i];
		for (char **t = notice->trees; *t; t++)
			apply_step(b, tree_status(patch, *t), notice);
		apply_to_open_trees(b, patch, notice);
		if (notice->patch_subject && *notice->patch_subject &&
		    (!voice || subject_rank(notice) > subject_rank(voice)))
			voice = notice;
		if (!patch->author && notice->author && notice->kind != SM_KIND_REPLY)
			patch->author = g_strdup(notice->author);
		patch->state = sm_triage_stronger(patch->state, notice->triage);
		patch->unread |= notice->unread;
		patch->date = MAX(patch->date, notice->date);
	}
	/* Only replies touched these trees, and said nothing of their fate:
	 * the list leaves them blank, as if untouched. */
	for (guint i = patch->trees->len; i-- > 0;)
		if (((sm_tree_status *)patch->trees->pdata[i])->status == SM_STATUS_NONE)
			g_ptr_array_remove_index_fast(patch->trees, i);
	patch->subject = g_strdup(voice ? voice->patch_subject : "");
	patch->key = sm_subject_key(patch->subject);
	g_ptr_array_sort(patch->trees, tree_cmp);
	for (guint i = 0; i < patch->trees->len; i++) {
		sm_tree_status *ts = patch->trees->pdata[i];
		if (ts->status == SM_STATUS_REVIEW && ts->deadline &&
		    (!patch->deadline || ts->deadline < patch->deadline))
			patch->deadline = ts->deadline;
	}
}

static int patch_cmp(gconstpointer a, gconstpointer b)
{
	const sm_patch *x = *(sm_patch *const *)a, *y = *(sm_patch *const *)b;
	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	int c = strcmp(x->upstream, y->upstream);
	return c ? c : strcmp(x->subject, y->subject);
}

static int review_cmp(gconstpointer a, gconstpointer b)
{
	const sm_review *x = *(sm_review *const *)a, *y = *(sm_review *const *)b;
	if (x->cover->date != y->cover->date)
		return x->cover->date > y->cover->date ? -1 : 1;
	return strcmp(x->cover->message_id, y->cover->message_id);
}

static void add_review(build *b, sm_notice *cover)
{
	sm_review *review = g_new0(sm_review, 1);
	review->cover = cover;
	review->tree = g_strdup(cover->trees[0]);
	review->release = g_strdup(cover->release);
	review->deadline = cover->deadline;
	review->patches = cover->series_total;
	g_ptr_array_add(b->group->reviews, review);
}

/* A notice without a commit id of its own, or a reply: by its thread
 * first (what a reply quotes may name a different commit), then by the id
 * it quotes, then by its patch subject.  A reply, or a notice that found
 * its patch only in what it quotes (EVIDENCE), makes no new patch of a
 * subject: it would be a patch of whatever it happened to quote. */
static void place(build *b, sm_notice *notice)
{
	gboolean reply = notice->kind == SM_KIND_REPLY;
	gboolean quoted = reply || notice->evidence;
	sm_attach how = SM_ATTACH_NONE;
	sm_patch *patch = ancestor_patch(b, notice, &how);
	if (!patch && reply && notice->upstream[0]) {
		how = SM_ATTACH_QUOTED_ID;
		patch = g_hash_table_lookup(b->by_upstream, notice->upstream);
		if (!patch) {
			patch = patch_new(b, notice->upstream);
			g_hash_table_insert(b->by_upstream, patch->upstream, patch);
		}
	}
	if (!patch) {
		how = quoted ? SM_ATTACH_QUOTED_SUBJECT : SM_ATTACH_SUBJECT;
		patch = patch_by_subject(b, notice, !quoted);
	}
	if (patch)
		join(b, patch, notice, how);
}

void sm_group_build(sm_group *group)
{
	build b = { group,
		g_hash_table_new(g_str_hash, g_str_equal),
		g_hash_table_new(g_str_hash, g_str_equal),
		g_hash_table_new(g_str_hash, g_str_equal),
		g_hash_table_new(g_str_hash, g_str_equal) };
	GPtrArray *order = g_ptr_array_sized_new(g_hash_table_size(group->notices));
	GHashTableIter iter;
	gpointer value;
	g_hash_table_iter_init(&iter, group->notices);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		g_ptr_array_add(order, value);

	g_ptr_array_set_size(group->patches, 0);
	g_ptr_array_set_size(group->reviews, 0);
	g_hash_table_remove_all(group->patch_of);
	g_ptr_array_sort(order, by_date);
	for (guint i = 0; i < order->len; i++)
		((sm_notice *)order->pdata[i])->attach = SM_ATTACH_NONE;

	/* Commit ids make the patches; releases and covers are noted. */
	for (guint i = 0; i < order->len; i++) {
		sm_notice *notice = order->pdata[i];
		if (notice->kind == SM_KIND_RELEASE && notice->release)
			g_hash_table_add(b.released, notice->release);
		if (notice->kind == SM_KIND_REVIEW_COVER && notice->trees[0])
			add_review(&b, notice);
		if (!is_patch_kind(notice->kind) || notice->kind == SM_KIND_REPLY ||
		    !notice->upstream[0])
			continue;
		sm_patch *patch = g_hash_table_lookup(b.by_upstream, notice->upstream);
		if (!patch) {
			patch = patch_new(&b, notice->upstream);
			g_hash_table_insert(b.by_upstream, patch->upstream, patch);
		}
		join(&b, patch, notice, notice->evidence ? SM_ATTACH_QUOTED_ID : SM_ATTACH_UPSTREAM);
	}
	/* Subjects of patches with an id, for notices that carry none. */
	for (guint i = 0; i < group->patches->len; i++) {
		sm_patch *patch = group->patches->pdata[i];
		for (guint j = 0; j < patch->notices->len; j++) {
			sm_notice *notice = patch->notices->pdata[j];
			const char *key = subject_key(notice);
			if (!key)
				continue;
			sm_patch *seen = g_hash_table_lookup(b.by_key, key);
			if (!seen)
				g_hash_table_insert(b.by_key, (char *)key, patch);
			else if (seen != patch)
				g_hash_table_insert(b.by_key, (char *)key, &ambiguous);
		}
	}
	/* The rest, oldest first so that parents are placed before replies. */
	for (guint i = 0; i < order->len; i++) {
		sm_notice *notice = order->pdata[i];
		if (is_patch_kind(notice->kind) && !g_hash_table_contains(group->patch_of, notice))
			place(&b, notice);
	}
	/* Notices joined in two passes: put each patch's back in date order. */
	for (guint i = 0; i < group->patches->len; i++) {
		sm_patch *patch = group->patches->pdata[i];
		g_ptr_array_sort(patch->notices, by_date);
		summarise(&b, patch);
	}
	g_ptr_array_sort(group->patches, patch_cmp);
	g_ptr_array_sort(group->reviews, review_cmp);

	g_ptr_array_unref(order);
	g_hash_table_unref(b.by_upstream);
	g_hash_table_unref(b.by_key);
	g_hash_table_unref(b.by_orphan_key);
	g_hash_table_unref(b.released);
}

static gboolean is_hex_prefix(const char *id)
{
	size_t n = strlen(id);
	if (n < 4 || n > SM_SHA_LEN)
		return FALSE;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isxdigit(id[i]))
			return FALSE;
	return TRUE;
}

GPtrArray *sm_group_find(const sm_group *group, const char *id)
{
	GPtrArray *found = g_ptr_array_new();
	if (is_hex_prefix(id)) {
		char *lower = g_ascii_strdown(id, -1);
		for (guint i = 0; i < group->patches->len; i++) {
			sm_patch *patch = group->patches->pdata[i];
			if (g_str_has_prefix(patch->upstream, lower))
				g_ptr_array_add(found, patch);
		}
		g_free(lower);
		if (found->len)
			return found;
	}
	/* notmuch's own spelling of a message-id query: id:MSGID */
	if (g_str_has_prefix(id, "id:"))
		id += 3;
	char *bare = g_strdup(id[0] == '<' ? id + 1 : id);
	size_t n = strlen(bare);
	if (n && bare[n - 1] == '>')
		bare[n - 1] = '\0';
	sm_notice *notice = g_hash_table_lookup(group->notices, bare);
	sm_patch *patch = notice ? g_hash_table_lookup(group->patch_of, notice) : NULL;
	if (patch)
		g_ptr_array_add(found, patch);
	g_free(bare);
	return found;
}
