/* group.c - gather notices into patches and work out each tree's status.
 *
 * Building is a few linear passes over the notices, so a refresh can simply
 * rebuild everything: notices with a commit id make the patches; notices
 * without one find theirs through their parent (In-Reply-To, then
 * References) or their subject; replies prefer their parent, because what
 * a reply quotes may name a different commit.
 */
#include <malloc.h>
#include <string.h>
#include "group.h"
#include "index.h"
#include "index-format.h"
#include "pool.h"
#include "recognise/recognise.h"
#include "triage.h"

/* A group holds every notice and builds its patches from them, or (after
 * sm_group_use_index) holds the rows of an index: patches whose strings
 * point into the mapping, in one block, and only the notices read so far.
 * Review records (covers and the replies to them) are read with the rows:
 * there are a few per release. */
struct sm_group {
	GHashTable *notices;    /* message-id -> sm_notice* (owned): all, or those read */
	/* The strings of the notices held (borrowed, all but those read from
	 * an index) and of the patches built: each distinct one once. */
	sm_pool *pool;
	GPtrArray *patches;     /* sm_patch* (owned, or in ROWS), newest first */
	GPtrArray *reviews;     /* sm_review* (owned), newest first */
	GHashTable *patch_of;   /* sm_notice* -> sm_patch* */

	/* What the last build in full looked up by name (index-format.h),
	 * and what a regroup of part of the patches is told of the rest. */
	sm_group_names names;
	GHashTable *seed_ambiguous; /* keys more patches than the part own */
	GPtrArray *seed_released;   /* every announced release */

	sm_index *index;        /* where the rows come from, or NULL */
	GHashTable *retagged;   /* message-id -> retag*: tags newer than INDEX's */
	/* Every patch of INDEX, in blocks: the rows of its base file, then
	 * a block for each segment of its journal, which stay when a segment
	 * is put over them (sm_group_use_journal); slot() finds a row. */
	sm_patch *rows;         /* rows 0 .. N_BASE_ROWS - 1 */
	sm_tree_status *tree_rows; /* every tree status of ROWS, in one block */
	GPtrArray *blocks;      /* row_block*: the segments' rows, in order */
	guint n_rows, n_base_rows;
	guint made;             /* rows made (a first screen's: some) */
	GHashTable *opened;     /* the rows whose notices are read (a set) */

	sm_stable_lookup stable_lookup; /* sm_group_set_stable_lookup() */
	gpointer stable_data;
	GHashTable *unmapped;   /* stable commits the lookup had no answer for */
	guint series_decisions; /* the last build's replies that say something
	                           on a series cover (pass_series) */
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

/* A built patch's strings and its trees' are the group's pool's. */
static void tree_status_free(gpointer data)
{
	sm_tree_status *ts = data;
	g_ptr_array_unref(ts->notices);
	g_free(ts);
}

static void patch_free(gpointer data)
{
	sm_patch *patch = data;
	g_ptr_array_unref(patch->trees);
	g_ptr_array_unref(patch->notices);
	g_free(patch);
}

static void review_free(gpointer data)
{
	sm_review *review = data;
	if (review->replies)
		g_ptr_array_unref(review->replies);
	g_free(review->tree);
	g_free(review->release);
	g_free(review);
}

/* The rows of one segment: rows FIRST .. FIRST + N - 1. */
typedef struct row_block {
	guint first, n;
	sm_patch *rows;
	sm_tree_status *trees;
} row_block;

static void row_block_free(gpointer data)
{
	row_block *block = data;
	g_free(block->rows);
	g_free(block->trees);
	g_free(block);
}

sm_group *sm_group_new(void)
{
	sm_group *group = g_new0(sm_group, 1);
	group->blocks = g_ptr_array_new_with_free_func(row_block_free);
	group->opened = g_hash_table_new(NULL, NULL);
	group->notices = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	                                       (GDestroyNotify)sm_notice_free);
	group->patches = g_ptr_array_new_with_free_func(patch_free);
	group->reviews = g_ptr_array_new_with_free_func(review_free);
	group->patch_of = g_hash_table_new(g_direct_hash, g_direct_equal);
	group->pool = sm_pool_new();
	return group;
}

static void drop_rows(sm_group *group);

static void names_clear(sm_group_names *names)
{
	g_clear_pointer(&names->by_upstream, g_hash_table_unref);
	g_clear_pointer(&names->by_key, g_hash_table_unref);
	g_clear_pointer(&names->by_orphan_key, g_hash_table_unref);
	g_clear_pointer(&names->looked, g_hash_table_unref);
	g_clear_pointer(&names->released, g_hash_table_unref);
}

const sm_group_names *sm_group_names_of(const sm_group *group)
{
	return &group->names;
}

/* What notmuch says of a notice now, where the index is older. */
typedef struct retag {
	sm_triage triage;
	gboolean unread;
	char *filename;
} retag;

static void retag_free(gpointer data)
{
	retag *r = data;
	g_free(r->filename);
	g_free(r);
}

static void apply_retag(const sm_group *group, sm_notice *notice)
{
	retag *r = group->retagged ? g_hash_table_lookup(group->retagged, notice->message_id)
	                           : NULL;
	if (!r)
		return;
	notice->triage = r->triage;
	notice->unread = r->unread;
	if (r->filename && g_strcmp0(notice->filename, r->filename) != 0) {
		g_free(notice->filename);
		notice->filename = g_strdup(r->filename);
	}
}

void sm_group_free(sm_group *group)
{
	if (!group)
		return;
	drop_rows(group);
	names_clear(&group->names);
	if (group->seed_ambiguous)
		g_hash_table_unref(group->seed_ambiguous);
	if (group->seed_released)
		g_ptr_array_unref(group->seed_released);
	g_hash_table_unref(group->patch_of);
	g_ptr_array_unref(group->patches);
	g_ptr_array_unref(group->reviews);
	g_hash_table_unref(group->notices);
	sm_pool_free(group->pool);
	g_ptr_array_unref(group->blocks);
	g_hash_table_unref(group->opened);
	if (group->unmapped)
		g_hash_table_unref(group->unmapped);
	g_free(group);
}

void sm_group_set_stable_lookup(sm_group *group, sm_stable_lookup lookup, gpointer data)
{
	group->stable_lookup = lookup;
	group->stable_data = data;
	if (group->unmapped)
		g_hash_table_remove_all(group->unmapped);
}

/* *TEXT as GROUP's pool holds it (the old one freed unless BORROWED). */
static void pool_string(sm_group *group, char **text, gboolean borrowed)
{
	char *held = sm_pool_intern(group->pool, *text);
	if (!borrowed)
		g_free(*text);
	*text = held;
}

/* The strings of STRV in GROUP's pool, in a new array. */
static char **pool_strv(sm_group *group, char *const *strv)
{
	if (!strv)
		return NULL;
	guint n = g_strv_length((char **)strv);
	char **held = g_new(char *, n + 1);
	for (guint i = 0; i < n; i++)
		held[i] = sm_pool_intern(group->pool, strv[i]);
	held[n] = NULL;
	return held;
}

/* *STRV's strings in GROUP's pool (the old array freed). */
static void pool_array(sm_group *group, char ***strv, gboolean borrowed)
{
	char **held = pool_strv(group, *strv);
	if (borrowed)
		g_free(*strv);
	else
		g_strfreev(*strv);
	*strv = held;
}

/* NOTICE's strings, but its file name, go to GROUP's pool: a cold load
 * holds every notice until the index is written, and most of their
 * strings are another notice's too (pool.h).  The notice keeps its
 * address: who holds it holds it still.  One borrowed from another
 * group's pool is copied into this one. */
static void pool_notice(sm_group *group, sm_notice *notice)
{
	gboolean borrowed = notice->borrowed;
	char **fields[] = { &notice->message_id, &notice->in_reply_to, &notice->from,
	                    &notice->subject, &notice->patch_subject, &notice->subject_key,
	                    &notice->author, &notice->base, &notice->release, &notice->warning,
	                    &notice->evidence, &notice->files, &notice->stable_commit };
	for (guint i = 0; i < G_N_ELEMENTS(fields); i++)
		pool_string(group, fields[i], borrowed);
	pool_array(group, &notice->references, borrowed);
	pool_array(group, &notice->trees, borrowed);
	notice->borrowed = TRUE;
}

void sm_group_add(sm_group *group, sm_notice *notice)
{
	sm_group_load_all(group);
	names_clear(&group->names); /* they borrow from the notices */
	if (!notice->message_id) /* a message without one cannot be linked or cached */
		notice->message_id = g_strdup_printf("no-id:%s", notice->filename ? notice->filename : "?");
	pool_notice(group, notice);
	/* The key lives in the notice, so drop the old entry before the new
	 * one takes its place. */
	g_hash_table_remove(group->notices, notice->message_id);
	g_hash_table_insert(group->notices, notice->message_id, notice);
}

void sm_group_remove(sm_group *group, const char *message_id)
{
	sm_group_load_all(group);
	names_clear(&group->names);
	g_hash_table_remove(group->notices, message_id);
}

static sm_notice *read_notice(sm_group *group, guint number);

sm_notice *sm_group_notice(const sm_group *group, const char *message_id)
{
	sm_notice *notice = g_hash_table_lookup(group->notices, message_id);
	guint number;
	if (!notice && group->index && sm_index_lookup(group->index, message_id, &number))
		notice = read_notice((sm_group *)group, number);
	return notice;
}

guint sm_group_notice_count(const sm_group *group)
{
	return group->index ? sm_index_held(group->index) : g_hash_table_size(group->notices);
}

sm_pool *sm_group_pool(sm_group *group)
{
	return group->pool;
}

GHashTable *sm_group_all_notices(sm_group *group)
{
	return group->notices;
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
	GHashTable *looked;      /* subject keys looked up in vain */
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
static const char *subject_key(sm_group *group, sm_notice *notice)
{
	if (!notice->subject_key && notice->patch_subject && *notice->patch_subject) {
		notice->subject_key = sm_subject_key(notice->patch_subject);
		if (notice->borrowed)
			pool_string(group, &notice->subject_key, FALSE);
	}
	return notice->subject_key;
}

static sm_patch *patch_by_subject(build *b, sm_notice *notice, gboolean create)
{
	const char *key = subject_key(b->group, notice);
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
	if (!patch)
		g_hash_table_add(b->looked, (char *)key);
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

/* TEXT in the pool of B's group, where a built patch's strings are. */
static char *held(build *b, const char *text)
{
	return sm_pool_intern(b->group->pool, text);
}

static sm_tree_status *tree_status(build *b, sm_patch *patch, const char *tree)
{
	sm_tree_status *ts = sm_patch_tree(patch, tree);
	if (!ts) {
		ts = g_new0(sm_tree_status, 1);
		ts->tree = held(b, tree);
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

gboolean sm_patch_needs_decision(const sm_patch *patch)
{
	if (patch->state == SM_TRIAGE_RESOLVING)
		return TRUE;
	if (patch->state != SM_TRIAGE_UNTRIAGED || !patch->trees)
		return FALSE;
	for (guint i = 0; i < patch->trees->len; i++) {
		const sm_tree_status *ts = patch->trees->pdata[i];
		if (ts->status == SM_STATUS_AUTOSEL || ts->status == SM_STATUS_FAILED)
			return TRUE;
	}
	return FALSE;
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
	if (notice->kind == SM_KIND_FAILED && notice->filename)
		ts->failed_file = held(b, notice->filename);
	if (notice->kind == SM_KIND_REVIEW_PATCH) {
		const sm_notice *cover = cover_of(b, notice);
		if (cover) {
			ts->deadline = cover->deadline;
			ts->release = held(b, cover->release);
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

static int path_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of PATCH's notices' diffs, each once, sorted. */
static char *patch_files(const sm_patch *patch)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < patch->notices->len; i++) {
		const sm_notice *notice = patch->notices->pdata[i];
		char **files = notice->files ? g_strsplit(notice->files, "\n", -1) : NULL;
		for (char **f = files; f && *f; f++)
			g_hash_table_add(seen, *f);
		g_free(files); /* the strings went to SEEN */
	}
	if (!g_hash_table_size(seen)) {
		g_hash_table_unref(seen);
		return NULL;
	}
	guint n;
	char **sorted = (char **)g_hash_table_get_keys_as_array(seen, &n);
	qsort(sorted, n, sizeof *sorted, path_cmp);
	char *text = g_strjoinv("\n", sorted);
	g_free(sorted);
	g_hash_table_unref(seen);
	return text;
}

const sm_notice *sm_patch_reference_notice(const sm_patch *patch)
{
	GHashTable *count = g_hash_table_new(NULL, NULL);
	const sm_notice *reference = NULL;
	guint best = 0;
	for (guint i = 0; patch->notices && i < patch->notices->len; i++) {
		const sm_notice *notice = patch->notices->pdata[i];
		if (!notice->change)
			continue;
		gpointer key = GUINT_TO_POINTER(notice->change);
		guint n = GPOINTER_TO_UINT(g_hash_table_lookup(count, key)) + 1;
		g_hash_table_insert(count, key, GUINT_TO_POINTER(n));
		if (n > best) {
			best = n;
			/* the oldest notice of the change */
			for (guint j = 0; j <= i; j++)
				if (((const sm_notice *)patch->notices->pdata[j])->change == notice->change) {
					reference = patch->notices->pdata[j];
					break;
				}
		}
	}
	g_hash_table_unref(count);
	return reference;
}

const sm_notice *sm_tree_diff_notice(const sm_tree_status *ts)
{
	for (guint i = ts->notices ? ts->notices->len : 0; i-- > 0;)
		if (((const sm_notice *)ts->notices->pdata[i])->change)
			return ts->notices->pdata[i];
	return NULL;
}

/* Each tree whose newest diff is another change than the patch's
 * reference diff is adapted. */
static void mark_adapted(sm_patch *patch)
{
	const sm_notice *reference = sm_patch_reference_notice(patch);
	for (guint t = 0; reference && t < patch->trees->len; t++) {
		sm_tree_status *ts = patch->trees->pdata[t];
		const sm_notice *newest = sm_tree_diff_notice(ts);
		if (newest)
			ts->adapted = newest->change != reference->change;
	}
}

static void summarise(build *b, sm_patch *patch)
{
	const sm_notice *voice = NULL;
	for (guint i = 0; i < patch->notices->len; i++) {
		sm_notice *notice = patch->notices->pdata[i];
		for (char **t = notice->trees; *t; t++)
			apply_step(b, tree_status(b, patch, *t), notice);
		apply_to_open_trees(b, patch, notice);
		if (notice->patch_subject && *notice->patch_subject &&
		    (!voice || subject_rank(notice) > subject_rank(voice)))
			voice = notice;
		if (!patch->author && notice->author && notice->kind != SM_KIND_REPLY)
			patch->author = held(b, notice->author);
		patch->state = sm_triage_stronger(patch->state, notice->triage);
		patch->unread |= notice->unread;
		patch->date = MAX(patch->date, notice->date);
		patch->kinds |= 1u << notice->kind;
	}
	/* Only replies touched these trees, and said nothing of their fate:
	 * the list leaves them blank, as if untouched. */
	for (guint i = patch->trees->len; i-- > 0;)
		if (((sm_tree_status *)patch->trees->pdata[i])->status == SM_STATUS_NONE)
			g_ptr_array_remove_index_fast(patch->trees, i);
	patch->subject = held(b, voice ? voice->patch_subject : "");
	char *key = sm_subject_key(patch->subject);
	patch->key = held(b, key);
	g_free(key);
	g_ptr_array_sort(patch->trees, tree_cmp);
	if (patch->notices->len) {
		const sm_notice *first = patch->notices->pdata[0];
		patch->sender = held(b, first->from);
		patch->first_id = held(b, first->message_id);
	}
	char *files = patch_files(patch);
	patch->files = held(b, files);
	g_free(files);
	mark_adapted(patch);
	for (guint i = 0; i < patch->trees->len; i++) {
		sm_tree_status *ts = patch->trees->pdata[i];
		if (ts->status == SM_STATUS_REVIEW && ts->deadline &&
		    (!patch->deadline || ts->deadline < patch->deadline))
			patch->deadline = ts->deadline;
	}
}

/* Newest news first (what the user sent is no news: sm_group_set_news),
 * then the newest mail, while the news is not known yet. */
static int patch_cmp(gconstpointer a, gconstpointer b)
{
	const sm_patch *x = *(sm_patch *const *)a, *y = *(sm_patch *const *)b;
	if (x->news != y->news)
		return x->news > y->news ? -1 : 1;
	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	int c = strcmp(x->upstream, y->upstream);
	return c ? c : strcmp(x->subject, y->subject);
}

/* A review's first mail: its cover, else its first reply. */
static const sm_notice *review_first(const sm_review *review)
{
	return review->cover ? review->cover : review->replies->pdata[0];
}

static int review_cmp(gconstpointer a, gconstpointer b)
{
	const sm_notice *x = review_first(*(sm_review *const *)a);
	const sm_notice *y = review_first(*(sm_review *const *)b);
	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	return strcmp(x->message_id, y->message_id);
}

static sm_review *add_review(build *b, sm_notice *cover)
{
	sm_review *review = g_new0(sm_review, 1);
	review->cover = cover;
	review->tree = g_strdup(cover->trees[0]);
	review->release = g_strdup(cover->release);
	review->deadline = cover->deadline;
	review->patches = cover->series_total;
	review->replies = g_ptr_array_new();
	g_ptr_array_add(b->group->reviews, review);
	return review;
}

/* Does NOTICE belong to its release's review record (a reply to the
 * cover, whose subject names the release)? */
static gboolean in_review(const sm_notice *notice)
{
	return notice->kind == SM_KIND_REPLY && notice->answers == SM_KIND_REVIEW_COVER &&
	       notice->release && notice->trees[0];
}

/* Replies to review covers go to their release's review record, made
 * from the reply's subject when the cover itself is not in the database.
 * A reply that names one patch of the release also went to that patch. */
static void add_cover_replies(build *b, GPtrArray *order)
{
	GHashTable *by_release = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < b->group->reviews->len; i++) {
		sm_review *review = b->group->reviews->pdata[i];
		if (review->release)
			g_hash_table_insert(by_release, review->release, review);
	}
	for (guint i = 0; i < order->len; i++) {
		sm_notice *notice = order->pdata[i];
		if (!in_review(notice))
			continue;
		sm_review *review = g_hash_table_lookup(by_release, notice->release);
		if (!review) {
			review = g_new0(sm_review, 1);
			/* "4.19.92" is of 4.19, whatever other trees the
			 * reply's own words name. */
			const char *dot = strrchr(notice->release, '.');
			review->tree = dot ? g_strndup(notice->release, (gsize)(dot - notice->release))
			                   : g_strdup(notice->trees[0]);
			review->release = g_strdup(notice->release);
			review->patches = notice->series_total;
			review->replies = g_ptr_array_new();
			g_ptr_array_add(b->group->reviews, review);
			g_hash_table_insert(by_release, review->release, review);
		}
		g_ptr_array_add(review->replies, notice);
	}
	g_hash_table_unref(by_release);
}

/* Has NOTICE's stable commit given it its upstream id?  Asks the lookup
 * the first time (once per build at most when it has no answer), and
 * writes the answer into the notice, where the index keeps it. */
static gboolean stable_mapped(build *b, sm_notice *notice)
{
	const char *id = notice->stable_commit;
	if (!id)
		return FALSE;
	if (notice->upstream[0] && !g_str_has_prefix(notice->upstream, id))
		return TRUE;
	sm_group *group = b->group;
	if (!group->stable_lookup || (group->unmapped && g_hash_table_contains(group->unmapped, id)))
		return FALSE;
	char upstream[SM_SHA_LEN + 1] = "";
	if (!group->stable_lookup(id, upstream, group->stable_data) ||
	    strlen(upstream) != SM_SHA_LEN || g_str_has_prefix(upstream, id)) {
		if (!group->unmapped)
			group->unmapped = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_hash_table_add(group->unmapped, g_strdup(id));
		return FALSE;
	}
	memcpy(notice->upstream, upstream, sizeof upstream);
	return TRUE;
}

/* The patch of UPSTREAM, made when there is none yet. */
static sm_patch *patch_of_upstream(build *b, const char *upstream)
{
	sm_patch *patch = g_hash_table_lookup(b->by_upstream, upstream);
	if (!patch) {
		patch = patch_new(b, upstream);
		g_hash_table_insert(b->by_upstream, patch->upstream, patch);
	}
	return patch;
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
	if (!patch && stable_mapped(b, notice)) {
		how = SM_ATTACH_STABLE_COMMIT;
		patch = patch_of_upstream(b, notice->upstream);
	}
	if (!patch && reply && notice->upstream[0]) {
		how = SM_ATTACH_QUOTED_ID;
		patch = patch_of_upstream(b, notice->upstream);
	}
	if (!patch) {
		how = quoted ? SM_ATTACH_QUOTED_SUBJECT : SM_ATTACH_SUBJECT;
		patch = patch_by_subject(b, notice, !quoted);
	}
	if (patch)
		join(b, patch, notice, how);
}

static void refresh_rows(sm_group *group);

/* The message NOTICE answers: In-Reply-To, else its newest Reference. */
static const char *parent_id(const sm_notice *notice)
{
	if (notice->in_reply_to)
		return notice->in_reply_to;
	guint n = notice->references ? g_strv_length(notice->references) : 0;
	return n ? notice->references[n - 1] : NULL;
}

/* The nearest message above NOTICE that GROUP holds: its parent, else
 * the newest of its References held (the parent may be missing). */
static const sm_notice *held_parent(const sm_group *group, const sm_notice *notice)
{
	const sm_notice *up = notice->in_reply_to ? g_hash_table_lookup(group->notices, notice->in_reply_to)
	                                          : NULL;
	guint n = notice->references ? g_strv_length(notice->references) : 0;
	for (guint i = n; !up && i-- > 0;)
		up = g_hash_table_lookup(group->notices, notice->references[i]);
	return up;
}

/* The cover letter of a hand-made backport series ("[PATCH 5.10 0/2]"),
 * whose patches are its children. */
static gboolean is_series_cover(const sm_notice *notice)
{
	return notice && notice->kind == SM_KIND_BACKPORT && notice->series_pos == 0 &&
	       notice->series_total > 0;
}

/* The series cover a reply that says something answers ("Now queued up,
 * thanks." to "[PATCH 0/2] ... on 5.10 stable kernel", "please drop the
 * whole series", an Acked-by), or NULL.  Talk that says nothing stays in
 * the cover's patch alone. */
static sm_notice *decided_cover(const sm_group *group, const sm_notice *notice)
{
	if (!is_patch_kind(notice->kind) || notice->signal == SM_SIGNAL_NONE)
		return NULL;
	/* Up through the talk below the cover ("I have sent patches for
	 * 4.14 tree" / "Thank you, all of these are now queued up."), not
	 * past a patch of the series: a reply to one is about that one. */
	const sm_notice *up = held_parent(group, notice);
	for (int hops = 0; up && up != notice && hops < 64 &&
	                   (up->kind == SM_KIND_REPLY || up->kind == SM_KIND_OTHER); hops++)
		up = held_parent(group, up);
	return is_series_cover(up) ? (sm_notice *)up : NULL;
}

/* Pass 3b: a decision on a series cover decides for every patch of the
 * series, its cover's children ("[PATCH 1/2]", "[PATCH 2/2]" answering
 * it): the notice goes to each of their patches too (attach
 * SM_ATTACH_SERIES), where it moves the trees it names, or the trees
 * each patch is open in.  It stays in the cover's own patch.  A request
 * or an approval of the series is in each patch the same way, so that
 * the maintainer sees it there (it moves no tree). */
static void pass_series(build *b, GPtrArray *order)
{
	sm_group *group = b->group;
	GHashTable *decisions = NULL; /* cover's message-id -> GPtrArray of decisions */
	group->series_decisions = 0;
	for (guint i = 0; i < order->len; i++) {
		sm_notice *notice = order->pdata[i];
		sm_notice *cover = decided_cover(group, notice);
		if (!cover || !g_hash_table_contains(group->patch_of, notice))
			continue;
		if (!decisions)
			decisions = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
			                                  (GDestroyNotify)g_ptr_array_unref);
		GPtrArray *list = g_hash_table_lookup(decisions, cover->message_id);
		if (!list)
			g_hash_table_insert(decisions, cover->message_id, list = g_ptr_array_new());
		g_ptr_array_add(list, notice);
		notice->attach = SM_ATTACH_SERIES;
		group->series_decisions++;
	}
	for (guint i = 0; decisions && i < order->len; i++) {
		sm_notice *child = order->pdata[i];
		const char *parent = child->series_pos > 0 ? parent_id(child) : NULL;
		GPtrArray *list = parent ? g_hash_table_lookup(decisions, parent) : NULL;
		sm_patch *patch = list ? g_hash_table_lookup(group->patch_of, child) : NULL;
		for (guint j = 0; patch && j < list->len; j++)
			if (!g_ptr_array_find(patch->notices, list->pdata[j], NULL))
				g_ptr_array_add(patch->notices, list->pdata[j]);
	}
	if (decisions)
		g_hash_table_unref(decisions);
}

/* A hand-made backport that names no tree is for the trees of what it
 * answers (class 5 of issue 11: "otherwise the parent's trees"): a patch
 * of a series under its cover ("[PATCH 1/2]" below "[PATCH 0/2] ... on
 * 5.10 stable kernel"), a backport posted inline in the thread of the
 * FAILED notice that asked for it.  The nearest notice up the thread
 * that names trees gives them; they are written into the notice, where
 * the index keeps them, as stable_mapped() writes an upstream id.
 * Oldest first, so that a parent has its own already. */
static void inherit_trees(build *b, sm_notice *notice)
{
	if (notice->kind != SM_KIND_BACKPORT || notice->trees[0])
		return;
	const sm_notice *at = notice;
	for (int hops = 0; hops < 64; hops++) {
		const sm_notice *up = held_parent(b->group, at);
		if (!up || up == notice)
			return;
		if (up->trees[0] && is_patch_kind(up->kind)) {
			char **trees = pool_strv(b->group, up->trees);
			if (notice->borrowed)
				g_free(notice->trees);
			else
				g_strfreev(notice->trees);
			notice->trees = trees;
			return;
		}
		at = up;
	}
}

/* Pass 1: commit ids make the patches; releases and covers are noted. */
static void pass_upstream(build *b, GPtrArray *order)
{
	for (guint i = 0; i < order->len; i++) {
		sm_notice *notice = order->pdata[i];
		inherit_trees(b, notice);
		if (notice->kind == SM_KIND_RELEASE && notice->release)
			g_hash_table_add(b->released, notice->release);
		if (notice->kind == SM_KIND_REVIEW_COVER && notice->trees[0])
			add_review(b, notice);
		if (!is_patch_kind(notice->kind) || notice->kind == SM_KIND_REPLY)
			continue;
		/* A decision citing a stable commit by its whole id: that
		 * commit's upstream, not a patch of the stable id. */
		gboolean mapped = notice->upstream[0] && stable_mapped(b, notice);
		if (!notice->upstream[0])
			continue;
		join(b, patch_of_upstream(b, notice->upstream), notice,
		     mapped ? SM_ATTACH_STABLE_COMMIT
		            : notice->evidence ? SM_ATTACH_QUOTED_ID : SM_ATTACH_UPSTREAM);
	}
}

/* Pass 2: subjects of patches with an id, for notices that carry none.
 * A regroup of part of the patches is told which keys others share. */
static void pass_subject_keys(build *b)
{
	GPtrArray *patches = b->group->patches;
	GHashTableIter iter;
	gpointer key;
	if (b->group->seed_ambiguous) {
		g_hash_table_iter_init(&iter, b->group->seed_ambiguous);
		while (g_hash_table_iter_next(&iter, &key, NULL))
			g_hash_table_insert(b->by_key, key, &ambiguous);
	}
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		for (guint j = 0; j < patch->notices->len; j++) {
			sm_notice *notice = patch->notices->pdata[j];
			const char *key = subject_key(b->group, notice);
			if (!key)
				continue;
			sm_patch *seen = g_hash_table_lookup(b->by_key, key);
			if (!seen)
				g_hash_table_insert(b->by_key, (char *)key, patch);
			else if (seen != patch)
				g_hash_table_insert(b->by_key, (char *)key, &ambiguous);
		}
	}
}

/* Pass 3: the rest, oldest first so that parents are placed before
 * replies; then once more for a reply whose parent's clock was ahead of
 * its own (a cover dated hours after Greg's answer to it), placed only
 * by its subject in the first round (which found no patch then). */
static void pass_attach(build *b, GPtrArray *order)
{
	for (int round = 0; round < 2; round++)
		for (guint i = 0; i < order->len; i++) {
			sm_notice *notice = order->pdata[i];
			if (is_patch_kind(notice->kind) && !g_hash_table_contains(b->group->patch_of, notice))
				place(b, notice);
		}
}

/* Pass 4: notices joined in two passes go back in date order, and each
 * patch is summarised; then patches and reviews are sorted. */
static void pass_summarise(build *b)
{
	GPtrArray *patches = b->group->patches;
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		g_ptr_array_sort(patch->notices, by_date);
		summarise(b, patch);
	}
	g_ptr_array_sort(patches, patch_cmp);
	g_ptr_array_sort(b->group->reviews, review_cmp);
}

void sm_group_build(sm_group *group)
{
	if (group->index) {
		refresh_rows(group);
		return;
	}
	names_clear(&group->names);
	build b = { group,
		g_hash_table_new(g_str_hash, g_str_equal),
		g_hash_table_new(g_str_hash, g_str_equal),
		g_hash_table_new(g_str_hash, g_str_equal),
		g_hash_table_new(g_str_hash, g_str_equal),
		g_hash_table_new(g_str_hash, g_str_equal) };
	for (guint i = 0; group->seed_released && i < group->seed_released->len; i++)
		g_hash_table_add(b.released, group->seed_released->pdata[i]);
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

	pass_upstream(&b, order);
	pass_subject_keys(&b);
	pass_attach(&b, order);
	pass_series(&b, order);
	add_cover_replies(&b, order);
	pass_summarise(&b);

	g_ptr_array_unref(order);
	/* Kept for the index writer, as long as the notices they borrow. */
	group->names = (sm_group_names){ b.by_upstream, b.by_key, b.by_orphan_key, b.looked,
	                                 b.released, &ambiguous };
}

/* The slot of row ROW (< N_ROWS) in GROUP's blocks. */
static sm_patch *slot(const sm_group *group, guint row)
{
	if (row < group->n_base_rows)
		return &group->rows[row];
	/* (A few segments: the newest, most often asked for, first.) */
	for (guint i = group->blocks->len; i-- > 0;) {
		row_block *block = group->blocks->pdata[i];
		if (row >= block->first)
			return &block->rows[row - block->first];
	}
	g_return_val_if_reached(NULL);
}

/* The patch of the notice MESSAGE_ID, without reading the notice. */
static sm_patch *patch_of_id(const sm_group *group, const char *message_id)
{
	sm_notice *notice = g_hash_table_lookup(group->notices, message_id);
	if (notice || !group->index)
		return notice ? g_hash_table_lookup(group->patch_of, notice) : NULL;
	guint number, row;
	if (!sm_index_lookup(group->index, message_id, &number) ||
	    (row = sm_index_notice_patch(group->index, number)) >= group->n_rows ||
	    !slot(group, row)->trees)
		return NULL;
	return slot(group, row);
}

GHashTable *sm_group_patches_of_ids(sm_group *group, GHashTable *ids)
{
	GHashTable *set = g_hash_table_new(g_direct_hash, g_direct_equal);
	GHashTableIter iter;
	gpointer id;
	g_hash_table_iter_init(&iter, ids);
	while (g_hash_table_iter_next(&iter, &id, NULL)) {
		sm_patch *patch = patch_of_id(group, id);
		if (patch)
			g_hash_table_add(set, patch);
	}
	return set;
}

/* Notice NUMBER of the index, read once and kept in GROUP; NULL when its
 * record is damaged or skipped. */
static sm_notice *read_notice(sm_group *group, guint number)
{
	gboolean skipped;
	const char *id = sm_index_message_id(group->index, number, &skipped);
	sm_notice *notice = id ? g_hash_table_lookup(group->notices, id) : NULL;
	if (notice || !id)
		return notice;
	notice = sm_index_notice(group->index, number);
	if (!notice)
		return NULL;
	apply_retag(group, notice);
	g_hash_table_insert(group->notices, notice->message_id, notice);
	guint row = sm_index_notice_patch(group->index, number);
	if (row < group->n_rows && slot(group, row)->trees)
		g_hash_table_insert(group->patch_of, notice, slot(group, row));
	return notice;
}

GPtrArray *sm_group_patch_notices(sm_group *group, sm_patch *patch)
{
	if (patch->notices)
		return patch->notices;
	/* Only rows have no notices: a built patch always has them. */
	g_return_val_if_fail(group->index && patch->row < group->n_rows, g_ptr_array_new());
	const sm_index_patch_rec *rec = sm_index_patch_at(group->index, patch->row);
	const guint32 *numbers = rec ? sm_index_list(group->index, rec->notices, rec->n_notices)
	                             : NULL;
	guint n = numbers ? rec->n_notices : 0;
	/* A damaged record was checked when the rows were made; a notice that
	 * cannot be read is left out rather than trusted. */
	GPtrArray *slots = g_ptr_array_sized_new(n); /* with holes, for notice_pos */
	patch->notices = g_ptr_array_sized_new(n);
	g_hash_table_add(group->opened, patch);
	for (guint i = 0; i < n; i++) {
		sm_notice *notice = read_notice(group, numbers[i]);
		/* A damaged index may list another patch's notice: it is left
		 * out, or that patch's release would free it under this one
		 * (fuzz-index, with patches read at once).  A series decision is
		 * in each patch of its series, and no release frees it. */
		sm_patch *owner = notice ? g_hash_table_lookup(group->patch_of, notice) : NULL;
		if (owner && owner != patch && notice->attach != SM_ATTACH_SERIES)
			notice = NULL;
		g_ptr_array_add(slots, notice);
		if (notice)
			g_ptr_array_add(patch->notices, notice);
	}
	for (guint t = 0; t < patch->trees->len; t++) {
		sm_tree_status *ts = patch->trees->pdata[t];
		ts->notices = g_ptr_array_new();
		for (guint i = 0; i < patch->notices->len; i++) {
			sm_notice *notice = patch->notices->pdata[i];
			for (char **tree = notice->trees; *tree; tree++)
				if (strcmp(*tree, ts->tree) == 0)
					g_ptr_array_add(ts->notices, notice);
		}
		ts->notice = ts->notice_pos < slots->len ? slots->pdata[ts->notice_pos] : NULL;
	}
	g_ptr_array_unref(slots);
	return patch->notices;
}

void sm_group_patch_release(sm_group *group, sm_patch *patch)
{
	if (!group->index || !patch->notices)
		return;
	for (guint t = 0; t < patch->trees->len; t++) {
		sm_tree_status *ts = patch->trees->pdata[t];
		g_clear_pointer(&ts->notices, g_ptr_array_unref);
		ts->notice = NULL;
	}
	/* A damaged index may list one record twice in a patch: it is freed
	 * once, and never looked at after (fuzz-index's second finding). */
	GHashTable *seen = g_hash_table_new(NULL, NULL);
	for (guint i = 0; i < patch->notices->len; i++) {
		sm_notice *notice = patch->notices->pdata[i];
		/* A review record holds it too, as long as the rows last. */
		/* A series decision is in its series' other patches too. */
		/* One of no patch (its record's row not made, or none) may be
		 * in other patches of a damaged index too: GROUP frees it. */
		if (!g_hash_table_add(seen, notice) || in_review(notice) ||
		    notice->attach == SM_ATTACH_SERIES ||
		    g_hash_table_lookup(group->patch_of, notice) != patch)
			continue;
		g_hash_table_remove(group->patch_of, notice);
		g_hash_table_remove(group->notices, notice->message_id);
	}
	g_hash_table_unref(seen);
	g_clear_pointer(&patch->notices, g_ptr_array_unref);
	g_hash_table_remove(group->opened, patch);
}

/* Forget row ROW of GROUP, made or not. */
static void drop_row(sm_group *group, guint row)
{
	sm_patch *patch = slot(group, row);
	if (!patch->trees)
		return; /* a slot a first screen's group did not make */
	sm_group_patch_release(group, patch);
	g_clear_pointer(&patch->trees, g_ptr_array_unref);
	group->made--;
}

/* Forget the rows from FROM on (the segments' from the one that starts
 * there). */
static void drop_journal_rows(sm_group *group, guint from)
{
	while (group->blocks->len) {
		row_block *block = group->blocks->pdata[group->blocks->len - 1];
		if (block->first < from)
			break;
		for (guint i = 0; i < block->n; i++)
			drop_row(group, block->first + i);
		group->n_rows = block->first;
		g_ptr_array_set_size(group->blocks, group->blocks->len - 1);
	}
}

/* Forget the rows and the notices read from the index. */
static void drop_rows(sm_group *group)
{
	if (!group->index)
		return;
	drop_journal_rows(group, 0);
	for (guint i = 0; i < group->n_base_rows; i++)
		drop_row(group, i);
	g_ptr_array_set_size(group->reviews, 0);
	g_hash_table_remove_all(group->patch_of);
	g_hash_table_remove_all(group->notices);
	g_ptr_array_unref(group->patches);
	group->patches = g_ptr_array_new_with_free_func(patch_free);
	g_clear_pointer(&group->rows, g_free);
	g_clear_pointer(&group->tree_rows, g_free);
	group->n_rows = group->n_base_rows = 0;
	g_clear_pointer(&group->index, sm_index_unref);
	g_clear_pointer(&group->retagged, g_hash_table_unref);
}

/* Empty GROUP of everything: rows, patches, reviews and notices. */
static void group_clear(sm_group *group)
{
	drop_rows(group);
	names_clear(&group->names);
	g_ptr_array_set_size(group->patches, 0);
	g_ptr_array_set_size(group->reviews, 0);
	g_hash_table_remove_all(group->patch_of);
	g_hash_table_remove_all(group->notices);
	/* Nothing borrows from it now: the notices and the built patches
	 * are gone, and rows point into the index. */
	sm_pool_clear(group->pool);
}

/* Fill PATCH (in GROUP's block) from row ROW; FALSE when it fails a check. */
static gboolean use_row(sm_group *group, guint row, sm_tree_status **next_tree)
{
	const sm_index *index = group->index;
	sm_patch *patch = slot(group, row);
	patch->trees = g_ptr_array_new();
	group->made++;
	const sm_index_patch_rec *rec = sm_index_patch_at(index, row);
	if (!rec || !sm_index_list(index, rec->notices, rec->n_notices) ||
	    rec->state >= SM_TRIAGE_COUNT)
		return FALSE;
	const sm_index_tree_rec *trees = sm_index_trees_at(index, rec->trees, rec->n_trees);
	if (!trees)
		return FALSE;
	gboolean ok = TRUE;
	const char *upstream = sm_index_string(index, rec->upstream, &ok);
	if (!ok || (upstream && strlen(upstream) > SM_SHA_LEN))
		return FALSE;
	g_strlcpy(patch->upstream, upstream ? upstream : "", sizeof patch->upstream);
	patch->subject = (char *)sm_index_string(index, rec->subject, &ok);
	patch->key = (char *)sm_index_string(index, rec->key, &ok);
	patch->author = (char *)sm_index_string(index, rec->author, &ok);
	patch->sender = (char *)sm_index_string(index, rec->sender, &ok);
	patch->first_id = (char *)sm_index_string(index, rec->first_id, &ok);
	patch->files = (char *)sm_index_string(index, rec->files, &ok);
	patch->state = (sm_triage)rec->state;
	patch->deadline = rec->deadline;
	patch->date = rec->date;
	patch->news = rec->news;
	patch->unread = rec->unread != 0;
	patch->kinds = rec->kinds;
	patch->row = row;
	for (guint t = 0; t < rec->n_trees; t++) {
		sm_tree_status *ts = (*next_tree)++;
		ts->tree = (char *)sm_index_string(index, trees[t].tree, &ok);
		ts->release = (char *)sm_index_string(index, trees[t].release, &ok);
		ts->failed_file = (char *)sm_index_string(index, trees[t].failed_file, &ok);
		ts->status = trees[t].status < SM_STATUS_COUNT ? (sm_status)trees[t].status
		                                               : SM_STATUS_NONE;
		ts->deadline = trees[t].deadline;
		ts->adapted = trees[t].adapted != 0;
		ts->notice_pos = trees[t].notice_pos;
		ok = ok && ts->tree && trees[t].status < SM_STATUS_COUNT;
		g_ptr_array_add(patch->trees, ts);
	}
	return ok && patch->subject && patch->key;
}

static gboolean use_reviews(sm_group *group)
{
	guint n;
	const sm_index_review_rec *recs = sm_index_reviews(group->index, &n);
	for (guint i = 0; recs && i < n; i++) {
		gboolean ok = TRUE;
		const char *tree = sm_index_string(group->index, recs[i].tree, &ok);
		const char *release = sm_index_string(group->index, recs[i].release, &ok);
		sm_notice *cover = recs[i].cover == SM_INDEX_NONE ? NULL
		                                                  : read_notice(group, recs[i].cover);
		const guint32 *replies = sm_index_list(group->index, recs[i].replies,
		                                       recs[i].n_replies);
		/* A record is its cover or its replies: one of them is there. */
		if (!ok || !tree || !replies || (!cover && (recs[i].cover != SM_INDEX_NONE ||
		                                            recs[i].n_replies == 0)))
			return FALSE;
		sm_review *review = g_new0(sm_review, 1);
		review->cover = cover;
		review->tree = g_strdup(tree);
		review->release = g_strdup(release);
		review->deadline = recs[i].deadline;
		review->patches = recs[i].patches;
		review->replies = g_ptr_array_sized_new(recs[i].n_replies);
		g_ptr_array_add(group->reviews, review);
		for (guint32 j = 0; j < recs[i].n_replies; j++) {
			sm_notice *reply = read_notice(group, replies[j]);
			if (!reply)
				return FALSE;
			g_ptr_array_add(review->replies, reply);
		}
	}
	return recs != NULL;
}

/* A and B (patches in the list's order, patch_cmp) as one order; of two
 * that compare equal, A's first.  When B is a refresh's few rows and A
 * the whole list, each of B's is placed by bisection and A's runs between
 * are copied whole: comparing every row of A would read every patch of a
 * large list from memory at each refresh. */
static GPtrArray *merge_orders(GPtrArray *a, GPtrArray *b)
{
	GPtrArray *merged = g_ptr_array_sized_new(a->len + b->len);
	if ((gsize)b->len * 16 < a->len) {
		g_ptr_array_set_size(merged, a->len + b->len);
		gpointer *out = merged->pdata;
		guint i = 0;
		for (guint j = 0; j < b->len; j++) {
			/* The first of A after I that goes after B's J. */
			guint lo = i, hi = a->len;
			while (lo < hi) {
				guint mid = lo + (hi - lo) / 2;
				if (patch_cmp(&a->pdata[mid], &b->pdata[j]) <= 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			memcpy(out, a->pdata + i, (lo - i) * sizeof(gpointer));
			out += lo - i;
			*out++ = b->pdata[j];
			i = lo;
		}
		memcpy(out, a->pdata + i, (a->len - i) * sizeof(gpointer));
		return merged;
	}
	guint i = 0, j = 0;
	while (i < a->len || j < b->len) {
		if (j == b->len || (i < a->len && patch_cmp(&a->pdata[i], &b->pdata[j]) <= 0))
			g_ptr_array_add(merged, a->pdata[i++]);
		else
			g_ptr_array_add(merged, b->pdata[j++]);
	}
	return merged;
}

/* Where PATCH stands in PATCHES (in the list's order, patch_cmp), or
 * G_MAXUINT when it is not there: by bisection, then among those that
 * compare equal to it. */
static guint list_position(GPtrArray *patches, sm_patch *patch)
{
	guint lo = 0, hi = patches->len;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (patch_cmp(&patches->pdata[mid], &patch) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (guint i = lo; i < patches->len && patch_cmp(&patches->pdata[i], &patch) == 0; i++)
		if (patches->pdata[i] == patch)
			return i;
	return G_MAXUINT;
}

/* GROUP's patches are the base's rows (in the list's order already)
 * then the segments' from SPLIT on (each segment's in that order too):
 * make them one order, the one a build in full gives. */
static void merge_journal_rows(sm_group *group, guint split)
{
	GPtrArray *all = group->patches;
	GPtrArray *head = g_ptr_array_sized_new(split), *tail = g_ptr_array_new();
	for (guint i = 0; i < all->len; i++)
		g_ptr_array_add(i < split ? head : tail, all->pdata[i]);
	g_ptr_array_sort(tail, patch_cmp);
	group->patches = merge_orders(head, tail);
	g_ptr_array_unref(all);
	g_ptr_array_unref(head);
	g_ptr_array_unref(tail);
}

/* Add the trees of row ROW of INDEX to *N_TREES; FALSE when the row is
 * not in the file, or, whatever the counts say, its trees do not lie in
 * its own file (the base's or a segment's): checked before the sum is
 * allocated. */
static gboolean count_trees(const sm_index *index, guint row, guint *n_trees)
{
	const sm_index_patch_rec *rec = sm_index_patch_at(index, row);
	if (!rec || rec->n_trees > G_MAXUINT32 - *n_trees ||
	    (rec->n_trees && !sm_index_trees_at(index, rec->trees, rec->n_trees)))
		return FALSE;
	*n_trees += rec->n_trees;
	return TRUE;
}

/* The file of INDEX's chain that holds row ROW: 0 the base, K segment K
 * (FIRSTS[K]: its first row). */
static guint file_of_row(const guint *firsts, guint depth, guint row)
{
	guint k = depth;
	while (k > 0 && row < firsts[k])
		k--;
	return k;
}

/* Rows of INDEX for GROUP: every patch, or only those of ROWS (a first
 * screen's).  GROUP's blocks have a slot for every row of the index either
 * way, so that a row number finds its patch; a slot not made has no
 * trees array. */
/* A group that held more notices is trimmed after it lets them go. */
#define TRIM_AFTER 8192

static gboolean use_rows(sm_group *group, sm_index *index, GArray *rows)
{
	guint held = g_hash_table_size(group->notices);
	group_clear(group);
	/* A cold load's notices, patches and pool (tens of megabytes at
	 * 100,000 messages) go back to the kernel before the rows and the
	 * pages of the index they are read from take their place; else
	 * malloc keeps them and the peak is both. */
	if (held > TRIM_AFTER)
		malloc_trim(0);
	group->index = sm_index_ref(index);
	guint n = sm_index_patch_count(index), depth = sm_index_depth(index);
	guint n_base = MIN(sm_index_patch_count(sm_index_base(index)), n);
	/* Where each file's rows start, and their trees, base first. */
	guint *firsts = g_new0(guint, depth + 2), *n_trees = g_new0(guint, depth + 1);
	firsts[depth + 1] = n;
	const sm_index *file = index;
	for (guint k = depth; k > 0; k--) {
		file = sm_index_below(file);
		firsts[k] = sm_index_patch_count(file);
	}
	guint wanted = rows ? rows->len : n;
	gboolean ok = TRUE;
	for (guint i = 0; ok && i < wanted; i++) {
		guint row = rows ? g_array_index(rows, guint32, i) : i;
		if (sm_index_row_live(index, row))
			ok = count_trees(index, row, &n_trees[file_of_row(firsts, depth, row)]);
	}
	sm_tree_status **next_tree = g_new0(sm_tree_status *, depth + 1);
	if (ok) {
		group->rows = g_new0(sm_patch, n_base);
		group->tree_rows = next_tree[0] = g_new0(sm_tree_status, n_trees[0]);
		for (guint k = 1; k <= depth; k++) {
			row_block *block = g_new0(row_block, 1);
			block->first = firsts[k];
			block->n = firsts[k + 1] - firsts[k];
			block->rows = g_new0(sm_patch, block->n);
			block->trees = next_tree[k] = g_new0(sm_tree_status, n_trees[k]);
			g_ptr_array_add(group->blocks, block);
		}
		group->n_rows = n;
		group->n_base_rows = n_base;
		group->made = 0;
		g_ptr_array_unref(group->patches);
		group->patches = g_ptr_array_sized_new(wanted);
	}
	for (guint i = 0; ok && i < wanted; i++) {
		guint row = rows ? g_array_index(rows, guint32, i) : i;
		/* A row asked for twice is made once; a segment replaced some. */
		if (row >= n || slot(group, row)->trees || !sm_index_row_live(index, row))
			continue;
		/* Every row gets its trees array, so that drop_rows can free it. */
		ok = use_row(group, row, &next_tree[file_of_row(firsts, depth, row)]) && ok;
		g_ptr_array_add(group->patches, slot(group, row));
	}
	g_free(firsts);
	g_free(n_trees);
	g_free(next_tree);
	if (!ok || !use_reviews(group)) {
		group_clear(group);
		return FALSE;
	}
	if (!rows && n_base < n) {
		guint split = 0;
		while (split < group->patches->len &&
		       ((sm_patch *)group->patches->pdata[split])->row < n_base)
			split++;
		merge_journal_rows(group, split);
	}
	return TRUE;
}

gboolean sm_group_use_journal(sm_group *group, sm_index *index)
{
	sm_index *old = group->index;
	const sm_index *over = sm_index_below(index);
	/* Only a group of every row of OLD keeps its rows, and only those of
	 * the view the segment goes over (OLD, or one under it: a fold). */
	gboolean in_chain = FALSE;
	for (const sm_index *file = old; file && !in_chain; file = sm_index_below(file))
		in_chain = file == over;
	if (!old || !in_chain || group->made != sm_index_live_rows(old) ||
	    group->n_base_rows != sm_index_patch_count(sm_index_base(index)))
		return use_rows(group, index, NULL);
	/* The segment's rows are checked before any row is dropped: one that
	 * fails a check leaves GROUP empty, as use_rows does. */
	guint n_over = sm_index_patch_count(over), n = sm_index_patch_count(index), n_trees = 0;
	for (guint row = n_over; row < n; row++)
		if (!count_trees(index, row, &n_trees)) {
			group_clear(group);
			return FALSE;
		}
	guint n_gone;
	const guint32 *gone = sm_index_superseded(index, &n_gone);
	/* The notices read so far are read again from the new view: a
	 * segment may hold a newer record of one. */
	GPtrArray *opened = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key;
	g_hash_table_iter_init(&iter, group->opened);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_ptr_array_add(opened, key);
	for (guint i = 0; i < opened->len; i++)
		sm_group_patch_release(group, opened->pdata[i]);
	g_ptr_array_unref(opened);
	/* The rows that go (those the segment replaces, and a fold's
	 * segments'), out of the list where they stand: found by the list's
	 * order, not by a walk over every row (which would read every patch
	 * of a large list from memory at each refresh). */
	GArray *at = g_array_new(FALSE, FALSE, sizeof(guint));
	gboolean found = TRUE;
	for (guint i = 0; found && i < n_gone + (group->n_rows - n_over); i++) {
		guint row = i < n_gone ? gone[i] : n_over + (i - n_gone);
		sm_patch *patch = row < group->n_rows ? slot(group, row) : NULL;
		if (!patch || !patch->trees)
			continue;
		guint pos = list_position(group->patches, patch);
		found = pos != G_MAXUINT;
		g_array_append_val(at, pos);
	}
	for (guint i = 0; found && i < at->len; i++)
		group->patches->pdata[g_array_index(at, guint, i)] = NULL;
	guint kept = 0;
	for (guint i = 0; found && i < group->patches->len; i++)
		if (group->patches->pdata[i])
			group->patches->pdata[kept++] = group->patches->pdata[i];
	g_array_unref(at);
	if (!found)
		return use_rows(group, index, NULL);
	g_ptr_array_set_size(group->patches, kept);
	drop_journal_rows(group, n_over);
	for (guint i = 0; i < n_gone; i++)
		drop_row(group, gone[i]);
	g_ptr_array_set_size(group->reviews, 0);
	g_hash_table_remove_all(group->patch_of);
	g_hash_table_remove_all(group->notices);
	g_clear_pointer(&group->retagged, g_hash_table_unref);
	group->index = sm_index_ref(index);
	sm_index_unref(old);
	/* A row replaced above OVER but not by the segment is live again:
	 * not a segment of ours. */
	if (group->made != sm_index_live_rows(index) - (n - n_over) || kept != group->made)
		return use_rows(group, index, NULL);
	row_block *block = g_new0(row_block, 1);
	block->first = n_over;
	block->n = n - n_over;
	block->rows = g_new0(sm_patch, block->n);
	block->trees = g_new0(sm_tree_status, n_trees);
	g_ptr_array_add(group->blocks, block);
	group->n_rows = n;
	GPtrArray *mine = g_ptr_array_sized_new(block->n);
	sm_tree_status *next_tree = block->trees;
	gboolean ok = TRUE;
	for (guint row = n_over; row < n; row++) {
		ok = use_row(group, row, &next_tree) && ok;
		g_ptr_array_add(mine, slot(group, row));
	}
	/* A row that failed its check has no upstream or subject to order
	 * by (fuzz-regressions/index/journal-segment-row-refused.smi). */
	if (ok) {
		g_ptr_array_sort(mine, patch_cmp);
		GPtrArray *merged = merge_orders(group->patches, mine);
		g_ptr_array_unref(group->patches);
		group->patches = merged;
	}
	g_ptr_array_unref(mine);
	if (!ok || !use_reviews(group)) {
		group_clear(group);
		return FALSE;
	}
	return TRUE;
}

gboolean sm_group_use_index(sm_group *group, sm_index *index)
{
	return use_rows(group, index, NULL);
}

gboolean sm_group_use_index_rows(sm_group *group, sm_index *index, GArray *rows)
{
	return use_rows(group, index, rows);
}

void sm_group_load_all(sm_group *group)
{
	if (!group->index)
		return;
	sm_index *index = sm_index_ref(group->index);
	GPtrArray *all = g_ptr_array_new();
	guint n = sm_index_records(index);
	for (guint i = 0; i < n; i++) {
		sm_notice *notice = sm_index_notice(index, i);
		if (!notice)
			continue;
		apply_retag(group, notice);
		g_ptr_array_add(all, notice);
	}
	group_clear(group);
	for (guint i = 0; i < all->len; i++) {
		sm_notice *notice = all->pdata[i];
		pool_notice(group, notice);
		g_hash_table_replace(group->notices, notice->message_id, notice);
	}
	g_ptr_array_unref(all);
	sm_index_unref(index);
}

gboolean sm_group_retag(sm_group *group, const char *message_id, sm_triage triage,
                        gboolean unread, const char *filename)
{
	guint number;
	gboolean skipped = TRUE;
	if (!group->index || !sm_index_lookup(group->index, message_id, &number) ||
	    !sm_index_message_id(group->index, number, &skipped) || skipped)
		return FALSE;
	if (!group->retagged)
		group->retagged = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, retag_free);
	retag *r = g_new0(retag, 1);
	r->triage = triage;
	r->unread = unread;
	r->filename = g_strdup(filename);
	g_hash_table_replace(group->retagged, g_strdup(message_id), r);
	sm_notice *notice = g_hash_table_lookup(group->notices, message_id);
	if (notice)
		apply_retag(group, notice);
	/* The row's state and unread come from every notice of its patch. */
	guint row = sm_index_notice_patch(group->index, number);
	if (row < group->n_rows && slot(group, row)->trees) {
		sm_patch *patch = slot(group, row);
		GPtrArray *notices = sm_group_patch_notices(group, patch);
		patch->state = SM_TRIAGE_UNTRIAGED;
		patch->unread = FALSE;
		for (guint i = 0; i < notices->len; i++) {
			const sm_notice *n = notices->pdata[i];
			patch->state = sm_triage_stronger(patch->state, n->triage);
			patch->unread |= n->unread;
		}
	}
	return TRUE;
}

gboolean sm_notice_sent_by(const sm_notice *notice, const char *const *addresses)
{
	if (!notice->from || !addresses)
		return FALSE;
	char *from = g_ascii_strdown(notice->from, -1);
	gboolean mine = FALSE;
	for (; *addresses && !mine; addresses++) {
		/* Match the whole address, inside <> or alone. */
		char *bracketed = g_strdup_printf("<%s>", *addresses);
		mine = strstr(from, bracketed) || strcmp(from, *addresses) == 0;
		g_free(bracketed);
	}
	g_free(from);
	return mine;
}

void sm_group_set_news(sm_group *group, const char *const *addresses)
{
	if (group->index)
		return;
	for (guint i = 0; i < group->patches->len; i++) {
		sm_patch *patch = group->patches->pdata[i];
		patch->news = 0;
		for (guint j = 0; j < patch->notices->len; j++) {
			const sm_notice *n = patch->notices->pdata[j];
			if (n->date > patch->news &&
			    !(n->kind == SM_KIND_REPLY && sm_notice_sent_by(n, addresses)))
				patch->news = n->date;
		}
	}
	/* The list's order counts the news too, so the user's own reply
	 * does not bring a patch to the top. */
	g_ptr_array_sort(group->patches, patch_cmp);
}

void sm_group_forget_pages(sm_group *group)
{
	if (group->index)
		sm_index_forget_pages(group->index);
}

sm_index *sm_group_index(const sm_group *group)
{
	return group->index;
}

/* A built group's patch states follow its notices' triage tags; rows
 * take them from the notices read since (sm_store_set_triage sets them). */
static void refresh_rows(sm_group *group)
{
	for (guint i = 0; i < group->n_rows; i++) {
		sm_patch *patch = slot(group, i);
		if (!patch->notices || !patch->notices->len)
			continue;
		patch->state = SM_TRIAGE_UNTRIAGED;
		for (guint j = 0; j < patch->notices->len; j++)
			patch->state = sm_triage_stronger(patch->state,
			                                  ((sm_notice *)patch->notices->pdata[j])->triage);
	}
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
	sm_patch *patch = patch_of_id(group, bare);
	if (patch)
		g_ptr_array_add(found, patch);
	g_free(bare);
	return found;
}

/* ---- regrouping what a change touches ----
 *
 * A refresh that adds mail regroups a closed part of the patches: the
 * rows the new notices can join (by commit id, subject key and its
 * id-less patch, In-Reply-To chain and References), the rows of
 * retagged notices and every row and record of the journal so far, and
 * again for every notice those rows bring, until nothing new comes.  The
 * part is built with the passes of a build in full (sm_group_build), told
 * of the rest only what it cannot see: the keys other patches share
 * (ambiguous) and the announced releases.  What would move notices
 * outside the part is left to a build in full: a release (review
 * patches anywhere become released), a held notice referring to a new
 * one (its chain changes), and a key that a notice outside looked up in
 * vain getting a patch. */

typedef struct part {
	sm_group *group;        /* the rows */
	sm_index *view;
	sm_index *over;         /* what the segment goes over (the change's) */
	sm_group *sub;          /* the part's notices, to be built */
	GHashTable *rows;       /* rows taken (GUINT_TO_POINTER(row + 1)) */
	GHashTable *records;    /* record number + 1 -> sm_notice* in SUB */
	GHashTable *context;    /* sm_notice* in SUB read for a chain only */
	GPtrArray *queue;       /* sm_notice* in SUB to look at */
	guint limit;            /* notices past which a build in full is cheaper */
	const char *why;        /* set: the part is not enough */
} part;

static gboolean part_take_row(part *p, guint row);

/* Record NUMBER of the view into the part: its patch's row, or itself. */
static sm_notice *part_take_record(part *p, guint number, gboolean context)
{
	sm_notice *notice = g_hash_table_lookup(p->records, GUINT_TO_POINTER(number + 1));
	if (notice)
		return notice;
	guint row = sm_index_notice_patch(p->view, number);
	if (row < sm_index_patch_count(p->view) && sm_index_row_live(p->view, row)) {
		part_take_row(p, row);
		return g_hash_table_lookup(p->records, GUINT_TO_POINTER(number + 1));
	}
	notice = sm_index_notice(p->view, number);
	if (!notice)
		return NULL;
	apply_retag(p->group, notice);
	if (sm_group_notice(p->sub, notice->message_id)) { /* a new one has the id */
		sm_notice_free(notice);
		return NULL;
	}
	sm_group_add(p->sub, notice);
	g_hash_table_insert(p->records, GUINT_TO_POINTER(number + 1), notice);
	if (context)
		g_hash_table_add(p->context, notice);
	g_ptr_array_add(p->queue, notice);
	return notice;
}

static gboolean part_take_row(part *p, guint row)
{
	if (!g_hash_table_add(p->rows, GUINT_TO_POINTER(row + 1)))
		return TRUE;
	const sm_index_patch_rec *rec = sm_index_patch_at(p->view, row);
	const guint32 *numbers = rec ? sm_index_list(p->view, rec->notices, rec->n_notices) : NULL;
	if (!numbers) {
		p->why = "index file is corrupt";
		return FALSE;
	}
	for (guint i = 0; i < rec->n_notices; i++) {
		guint number = numbers[i];
		if (g_hash_table_contains(p->records, GUINT_TO_POINTER(number + 1)))
			continue;
		sm_notice *notice = sm_index_notice(p->view, number);
		if (!notice)
			continue;
		apply_retag(p->group, notice);
		sm_group_add(p->sub, notice);
		g_hash_table_insert(p->records, GUINT_TO_POINTER(number + 1), notice);
		g_ptr_array_add(p->queue, notice);
	}
	return TRUE;
}

/* The notice MESSAGE_ID in the part, taken from the view if need be. */
static sm_notice *part_take_id(part *p, const char *message_id)
{
	sm_notice *notice = g_hash_table_lookup(p->sub->notices, message_id);
	guint number;
	if (!notice && sm_index_lookup(p->view, message_id, &number))
		notice = part_take_record(p, number, TRUE);
	return notice;
}

/* The rows named NAME (a commit id or subject key) may take a notice. */
static void part_take_name(part *p, char prefix, const char *name)
{
	gboolean clash = FALSE;
	const sm_index_name_rec *rec = sm_index_name(p->view, sm_index_name_hash(prefix, name), &clash);
	if (clash)
		p->why = "two names share a hash";
	if (!rec)
		return;
	guint n = sm_index_patch_count(p->view);
	if (rec->owner == SM_INDEX_AMBIGUOUS) {
		if (!p->sub->seed_ambiguous)
			p->sub->seed_ambiguous = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_hash_table_add(p->sub->seed_ambiguous, g_strdup(name));
	} else if (rec->owner < n && sm_index_row_live(p->view, rec->owner)) {
		part_take_row(p, rec->owner);
	}
	if (rec->orphan < n && sm_index_row_live(p->view, rec->orphan))
		part_take_row(p, rec->orphan);
}

/* Whatever NOTICE could join or lean on. */
static void part_look_at(part *p, sm_notice *notice)
{
	if (notice->upstream[0])
		part_take_name(p, 'u', notice->upstream);
	const char *key = subject_key(p->sub, notice);
	if (key)
		part_take_name(p, 'k', key);
	const sm_notice *at = notice;
	for (int hops = 0; at->in_reply_to && hops < 64; hops++) {
		const sm_notice *parent = part_take_id(p, at->in_reply_to);
		if (!parent || parent == notice)
			break;
		at = parent;
	}
	for (char **ref = notice->references; ref && *ref; ref++)
		part_take_id(p, *ref);
}

/* Reviews again from every cover and cover reply: GROUP's and the new
 * ones, with the passes of a build in full. */
static void part_reviews(part *p, GPtrArray *added)
{
	GPtrArray *order = g_ptr_array_new();
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < p->group->reviews->len; i++) {
		sm_review *review = p->group->reviews->pdata[i];
		if (review->cover && g_hash_table_add(seen, review->cover->message_id))
			g_ptr_array_add(order, review->cover);
		for (guint j = 0; j < review->replies->len; j++) {
			sm_notice *reply = review->replies->pdata[j];
			if (g_hash_table_add(seen, reply->message_id))
				g_ptr_array_add(order, reply);
		}
	}
	for (guint i = 0; i < added->len; i++) {
		sm_notice *notice = added->pdata[i];
		if (((notice->kind == SM_KIND_REVIEW_COVER && notice->trees[0]) || in_review(notice)) &&
		    g_hash_table_add(seen, notice->message_id))
			g_ptr_array_add(order, notice);
	}
	g_ptr_array_sort(order, by_date);
	build b = { p->sub, NULL, NULL, NULL, NULL, NULL };
	g_ptr_array_set_size(p->sub->reviews, 0);
	for (guint i = 0; i < order->len; i++) {
		sm_notice *notice = order->pdata[i];
		if (notice->kind == SM_KIND_REVIEW_COVER && notice->trees[0])
			add_review(&b, notice);
	}
	add_cover_replies(&b, order);
	g_ptr_array_sort(p->sub->reviews, review_cmp);
	g_hash_table_unref(seen);
	g_ptr_array_unref(order);
}

/* Did the part give a patch to a key some notice outside it looked up
 * in vain?  The flags of every file from the part's OVER down: those of
 * the segments above it are of notices all in the part (a fold), but a
 * segment's may be of notices outside it, which it does not tell apart. */
static gboolean part_key_taken(part *p)
{
	GHashTable *tables[] = { p->sub->names.by_key, p->sub->names.by_orphan_key };
	for (int t = 0; t < 2; t++) {
		GHashTableIter iter;
		gpointer key, value;
		g_hash_table_iter_init(&iter, tables[t]);
		while (g_hash_table_iter_next(&iter, &key, &value)) {
			if (value == &ambiguous)
				continue;
			guint64 hash = sm_index_name_hash('k', key);
			for (const sm_index *file = p->over; file; file = sm_index_below(file)) {
				gboolean clash = FALSE;
				const sm_index_name_rec *rec = sm_index_name_in(file, hash, &clash);
				if (clash || (rec && (rec->flags & SM_INDEX_NAME_LOOKED)))
					return TRUE;
			}
		}
	}
	return FALSE;
}

sm_patch *sm_group_row(const sm_group *group, guint row)
{
	return row < group->n_rows && slot(group, row)->trees ? slot(group, row) : NULL;
}

sm_group_change *sm_group_regroup(sm_group *group, GPtrArray *added,
                                  const char *const *addresses, const char **why)
{
	*why = NULL;
	sm_index *view = group->index;
	if (!view || !group->n_rows) {
		*why = "no rows to regroup";
		g_ptr_array_set_free_func(added, (GDestroyNotify)sm_notice_free);
		g_ptr_array_set_size(added, 0);
		return NULL;
	}
	const sm_index *base = sm_index_base(view);
	/* A segment is appended over the view, but every
	 * SM_INDEX_FOLD_SEGMENTS the chain is folded into one over the base
	 * (its records regrouped, below), so that a reader follows a few
	 * files at most and a refresh costs what changed since the last
	 * one, with a fold every so many. */
	sm_index *over = sm_index_depth(view) >= SM_INDEX_FOLD_SEGMENTS
	                 ? (sm_index *)base : view;
	part p = { group, view, over, sm_group_new(), g_hash_table_new(NULL, NULL),
	           g_hash_table_new(NULL, NULL), g_hash_table_new(NULL, NULL), g_ptr_array_new(),
	           MAX(4096, sm_index_records(base) / 8), NULL };
	/* A journal that holds an eighth of the notices goes into the base:
	 * the records a fold regroups stay bounded, and so does a reader's
	 * way through the segments' dropped records. */
	if (sm_index_records(view) - sm_index_records(base) > p.limit)
		p.why = "the journal would be large";
	GPtrArray *fresh = g_ptr_array_new();
	for (guint i = 0; i < added->len; i++) {
		sm_notice *notice = added->pdata[i];
		if (notice->kind == SM_KIND_RELEASE)
			p.why = "a release was announced";
		sm_group_add(p.sub, notice);
		g_ptr_array_add(fresh, notice);
		g_ptr_array_add(p.queue, notice);
	}
	g_ptr_array_set_size(added, 0);
	/* A held notice that refers to a new one may be placed otherwise
	 * now: its patch is regrouped.  One of no patch may be a link of
	 * others' chains, which the index does not name: a build in full. */
	for (guint i = 0; !p.why && i < fresh->len; i++) {
		const sm_notice *notice = fresh->pdata[i];
		GArray *refer = sm_index_dangling(view, sm_index_name_hash('i', notice->message_id));
		for (guint j = 0; !p.why && j < refer->len; j++) {
			guint row = sm_index_notice_patch(view, g_array_index(refer, guint32, j));
			if (row < sm_index_patch_count(view) && sm_index_row_live(view, row))
				part_take_row(&p, row);
			else
				p.why = "a held message of no patch refers to a new one";
		}
		g_array_unref(refer);
	}
	/* A fold regroups the segments' records, so that one segment
	 * replaces them all. */
	for (guint n = sm_index_records(over); !p.why && n < sm_index_records(view); n++)
		part_take_record(&p, n, FALSE);
	if (group->retagged) {
		GHashTableIter iter;
		gpointer id;
		g_hash_table_iter_init(&iter, group->retagged);
		guint number;
		while (!p.why && g_hash_table_iter_next(&iter, &id, NULL))
			if (sm_index_lookup(view, id, &number)) {
				sm_notice *notice = part_take_record(&p, number, FALSE);
				if (notice)
					g_hash_table_remove(p.context, notice);
			}
	}
	for (guint i = 0; !p.why && i < p.queue->len; i++) {
		part_look_at(&p, p.queue->pdata[i]);
		if (g_hash_table_size(p.sub->notices) > p.limit)
			p.why = "the journal would be large";
	}
	if (!p.why) {
		p.sub->seed_released = sm_index_released(view);
		sm_group_build(p.sub);
		sm_group_set_news(p.sub, addresses);
		if (part_key_taken(&p))
			p.why = "a subject key looked up in vain has a patch now";
		/* Its series' patches need not be in the part: the index does
		 * not name a cover's children.  Rare enough to build in full. */
		else if (p.sub->series_decisions)
			p.why = "a decision on a series cover";
	}
	sm_group_change *change = NULL;
	if (!p.why) {
		part_reviews(&p, fresh);
		change = g_new0(sm_group_change, 1);
		change->part = p.sub;
		p.sub = NULL;
		/* What is written: the part's notices but those read for a
		 * chain only and still of no patch (their records stand). */
		change->written = g_ptr_array_new();
		GHashTableIter iter;
		gpointer value;
		g_hash_table_iter_init(&iter, change->part->notices);
		while (g_hash_table_iter_next(&iter, NULL, &value))
			if (!g_hash_table_contains(p.context, value) ||
			    g_hash_table_lookup(change->part->patch_of, value))
				g_ptr_array_add(change->written, value);
		change->replaced = g_array_new(FALSE, FALSE, sizeof(guint32));
		g_hash_table_iter_init(&iter, p.rows);
		gpointer row;
		while (g_hash_table_iter_next(&iter, &row, NULL)) {
			guint32 r = GPOINTER_TO_UINT(row) - 1;
			if (r < sm_index_patch_count(over))
				g_array_append_val(change->replaced, r);
		}
		change->over = over;
	}
	*why = p.why;
	g_ptr_array_unref(fresh);
	g_ptr_array_unref(p.queue);
	g_hash_table_unref(p.context);
	g_hash_table_unref(p.records);
	g_hash_table_unref(p.rows);
	if (p.sub)
		sm_group_free(p.sub);
	return change;
}

sm_index *sm_group_change_over(const sm_group_change *change)
{
	return change->over;
}

void sm_group_change_free(sm_group_change *change)
{
	if (!change)
		return;
	g_ptr_array_unref(change->written);
	g_array_unref(change->replaced);
	sm_group_free(change->part);
	g_free(change);
}
