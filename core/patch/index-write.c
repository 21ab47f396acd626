/* index-write.c - the patch index file written in one go from a group.
 *
 * The writer lays out the sections of index-format.h from a group built
 * in full (index.c reads them back).  Strings are interned while writing,
 * the patches' own strings first, so that making the rows touches the
 * front of the string table only.  Apart from the reader because it reads
 * the group, which itself reads the index: one file each way, no circle.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "index.h"
#include "index-format.h"

typedef struct writer {
	GString *strings;
	GHashTable *interned;   /* string (borrowed from the group) -> ref */
	GArray *lists;          /* guint32 */
	GArray *notices;        /* sm_index_notice_rec */
	GArray *patches;        /* sm_index_patch_rec */
	GArray *trees;          /* sm_index_tree_rec */
	GArray *reviews;        /* sm_index_review_rec */
	GHashTable *number;     /* sm_notice* -> record number + 1 */
	GHashTable *row;        /* sm_patch* -> row + 1 */
	GArray *warnings;       /* guint32 notice numbers */
} writer;

static guint32 intern(writer *w, const char *s)
{
	if (!s)
		return 0;
	gpointer ref = g_hash_table_lookup(w->interned, s);
	if (ref)
		return GPOINTER_TO_UINT(ref);
	guint32 r = (guint32)w->strings->len + 1;
	g_string_append_len(w->strings, s, (gssize)strlen(s) + 1);
	g_hash_table_insert(w->interned, (gpointer)s, GUINT_TO_POINTER(r));
	return r;
}

static guint32 string_list(writer *w, char **strv, guint32 *n)
{
	guint32 first = w->lists->len;
	*n = 0;
	for (char **s = strv; s && *s; s++, (*n)++) {
		guint32 ref = intern(w, *s);
		g_array_append_val(w->lists, ref);
	}
	return first;
}

static void add_notice(writer *w, const sm_notice *n, guint32 patch)
{
	sm_index_notice_rec r = { 0 };
	r.message_id = intern(w, n->message_id);
	r.in_reply_to = intern(w, n->in_reply_to);
	r.filename = intern(w, n->filename);
	r.from = intern(w, n->from);
	r.subject = intern(w, n->subject);
	r.upstream = intern(w, n->upstream[0] ? n->upstream : NULL);
	r.patch_subject = intern(w, n->patch_subject);
	r.author = intern(w, n->author);
	r.base = intern(w, n->base);
	r.release = intern(w, n->release);
	r.warning = intern(w, n->warning);
	r.evidence = intern(w, n->evidence);
	r.files = intern(w, n->files);
	r.change = n->change;
	r.stable_commit = intern(w, n->stable_commit);
	r.references = string_list(w, n->references, &r.n_references);
	r.trees = string_list(w, n->trees, &r.n_trees);
	r.patch = patch;
	r.series_pos = n->series_pos;
	r.series_total = n->series_total;
	r.date = n->date;
	r.deadline = n->deadline;
	r.kind = (guint8)n->kind;
	r.signal = (guint8)n->signal;
	r.answers = (guint8)n->answers;
	r.attach = (guint8)n->attach;
	r.all_trees = n->all_trees ? 1 : 0;
	r.triage = (guint8)n->triage;
	r.unread = n->unread ? 1 : 0;
	if (n->warning) {
		guint32 number = w->notices->len;
		g_array_append_val(w->warnings, number);
	}
	g_array_append_val(w->notices, r);
}

static void add_patch(writer *w, const sm_patch *patch)
{
	sm_index_patch_rec r = { 0 };
	r.upstream = intern(w, patch->upstream[0] ? patch->upstream : NULL);
	r.subject = intern(w, patch->subject);
	r.key = intern(w, patch->key);
	r.author = intern(w, patch->author);
	r.sender = intern(w, patch->sender);
	r.first_id = intern(w, patch->first_id);
	r.files = intern(w, patch->files);
	r.trees = w->trees->len;
	r.n_trees = patch->trees->len;
	r.deadline = patch->deadline;
	r.date = patch->date;
	r.news = patch->news;
	r.kinds = patch->kinds;
	r.state = (guint8)patch->state;
	r.unread = patch->unread ? 1 : 0;
	for (guint i = 0; i < patch->trees->len; i++) {
		const sm_tree_status *ts = patch->trees->pdata[i];
		sm_index_tree_rec t = { 0 };
		t.tree = intern(w, ts->tree);
		t.release = intern(w, ts->release);
		t.failed_file = intern(w, ts->failed_file);
		t.notice_pos = SM_INDEX_NONE;
		guint pos;
		if (ts->notice && g_ptr_array_find(patch->notices, ts->notice, &pos))
			t.notice_pos = pos;
		t.deadline = ts->deadline;
		t.status = ts->status;
		t.adapted = ts->adapted ? 1 : 0;
		g_array_append_val(w->trees, t);
	}
	g_array_append_val(w->patches, r);
}

/* The stored order is the list's default one (tui/view-list.c, by
 * urgency) with "now" left out, so that the first screen can be drawn
 * from the head of it before any other row is made, and is the screen the
 * whole list shows once loaded.  Two runs of rows: first the patches with
 * a review deadline, by deadline; then every patch, those waiting for a
 * decision (sm_patch_needs_decision) first; within each, the newest news
 * first, then by key (sm_patch_key).  sm_index_head() puts in "now": the
 * deadlines still open from the first run, nearest first, then the second
 * run without them. */
static const char *order_key(const sm_patch *patch)
{
	if (patch->upstream[0])
		return patch->upstream;
	return patch->first_id ? patch->first_id : patch->key ? patch->key : "";
}

static int news_cmp(const sm_patch *x, const sm_patch *y)
{
	if (x->news != y->news)
		return x->news > y->news ? -1 : 1;
	return strcmp(order_key(x), order_key(y));
}

static int due_cmp(gconstpointer a, gconstpointer b)
{
	const sm_patch *x = *(sm_patch *const *)a, *y = *(sm_patch *const *)b;
	if (x->deadline != y->deadline)
		return x->deadline < y->deadline ? -1 : 1;
	return news_cmp(x, y);
}

static int need_cmp(gconstpointer a, gconstpointer b)
{
	const sm_patch *x = *(sm_patch *const *)a, *y = *(sm_patch *const *)b;
	gboolean nx = sm_patch_needs_decision(x), ny = sm_patch_needs_decision(y);
	if (nx != ny)
		return nx ? -1 : 1;
	return news_cmp(x, y);
}

/* Append to ORDER the rows of PATCHES (only those with a deadline when
 * DUE_ONLY), sorted by CMP. */
static void append_order(GArray *order, GPtrArray *patches, GHashTable *row,
                         gboolean due_only, GCompareFunc cmp)
{
	GPtrArray *sorted = g_ptr_array_sized_new(patches->len);
	for (guint i = 0; i < patches->len; i++)
		if (!due_only || ((sm_patch *)patches->pdata[i])->deadline)
			g_ptr_array_add(sorted, patches->pdata[i]);
	g_ptr_array_sort(sorted, cmp);
	for (guint i = 0; i < sorted->len; i++) {
		guint32 r = GPOINTER_TO_UINT(g_hash_table_lookup(row, sorted->pdata[i])) - 1;
		g_array_append_val(order, r);
	}
	g_ptr_array_unref(sorted);
}

static GArray *default_order(GPtrArray *patches, GHashTable *row)
{
	GArray *order = g_array_sized_new(FALSE, FALSE, sizeof(guint32), patches->len);
	append_order(order, patches, row, TRUE, due_cmp);
	append_order(order, patches, row, FALSE, need_cmp);
	return order;
}

static GArray *id_table(writer *w)
{
	guint n = 16;
	while (n < w->notices->len * 2)
		n *= 2;
	GArray *ids = g_array_sized_new(FALSE, TRUE, sizeof(guint32), n);
	g_array_set_size(ids, n);
	guint32 *slots = (guint32 *)(void *)ids->data;
	for (guint i = 0; i < w->notices->len; i++) {
		const sm_index_notice_rec *r = &g_array_index(w->notices, sm_index_notice_rec, i);
		guint slot = sm_index_hash(w->strings->str + r->message_id - 1) & (n - 1);
		while (slots[slot])
			slot = (slot + 1) & (n - 1);
		slots[slot] = i + 1;
	}
	return ids;
}

static int by_id(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A piece of the file, written where it lies (the writer's own arrays). */
typedef struct piece {
	const void *data;
	gsize len;
} piece;

/* The file's pieces in order: the header H (filled here), then section
 * after section, each 8-byte aligned, zeros between.  They are written
 * one after the other, so that the file is never held twice in memory
 * (at 100,000 messages it is tens of megabytes). */
static GArray *lay_out(writer *w, const sm_index_stamp *stamp, guint64 revision,
                       guint held, GArray *ids, GArray *order, sm_index_header *header)
{
	sm_index_header h = { 0 };
	memcpy(h.magic, SM_INDEX_MAGIC, sizeof h.magic);
	h.version = SM_INDEX_VERSION;
	h.byte_order = SM_INDEX_BYTE_ORDER;
	h.recogniser = intern(w, stamp->recogniser);
	h.uuid = intern(w, stamp->uuid);
	h.trees = stamp->trees;
	h.held = held;
	h.config = stamp->config;
	h.revision = revision;
	struct { const void *data; gsize count, size; } parts[SM_INDEX_SECTIONS] = {
		[SM_INDEX_STRINGS] = { w->strings->str, w->strings->len, 1 },
		[SM_INDEX_LISTS] = { w->lists->data, w->lists->len, sizeof(guint32) },
		[SM_INDEX_NOTICES] = { w->notices->data, w->notices->len, sizeof(sm_index_notice_rec) },
		[SM_INDEX_PATCHES] = { w->patches->data, w->patches->len, sizeof(sm_index_patch_rec) },
		[SM_INDEX_TREES] = { w->trees->data, w->trees->len, sizeof(sm_index_tree_rec) },
		[SM_INDEX_REVIEWS] = { w->reviews->data, w->reviews->len, sizeof(sm_index_review_rec) },
		[SM_INDEX_IDS] = { ids->data, ids->len, sizeof(guint32) },
		[SM_INDEX_ORDER] = { order->data, order->len, sizeof(guint32) },
		[SM_INDEX_WARNINGS] = { w->warnings->data, w->warnings->len, sizeof(guint32) },
	};
	GArray *out = g_array_new(FALSE, FALSE, sizeof(piece));
	piece head = { header, sizeof h };
	g_array_append_val(out, head);
	static const guint8 zeros[8];
	gsize at = sizeof h;
	for (int s = 0; s < SM_INDEX_SECTIONS; s++) {
		if (at % 8) {
			piece pad = { zeros, 8 - at % 8 };
			g_array_append_val(out, pad);
			at += pad.len;
		}
		h.sections[s].offset = at;
		h.sections[s].count = parts[s].count;
		piece body = { parts[s].data, parts[s].count * parts[s].size };
		if (body.len)
			g_array_append_val(out, body);
		at += body.len;
	}
	*header = h;
	return out;
}

/* LEN bytes of DATA to FD; FALSE with *SAVED the errno when they cannot be. */
static gboolean write_all(int fd, const void *data, gsize len, int *saved)
{
	for (gsize done = 0; done < len;) {
		ssize_t n = write(fd, (const guint8 *)data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*saved = n < 0 ? errno : ENOSPC;
			return FALSE;
		}
		done += (gsize)n;
	}
	return TRUE;
}

/* PIECES into PATH through a temp file renamed over it.  No fsync: after
 * a crash the file may be short or empty, which the reader refuses and
 * the next load rebuilds, and a refresh does not wait for the disk. */
static gboolean write_file(const char *path, GArray *pieces, GError **error)
{
	char *tmp = g_strdup_printf("%s.XXXXXX", path);
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
	int saved = errno;
	gboolean ok = fd >= 0;
	for (guint i = 0; ok && i < pieces->len; i++) {
		const piece *p = &g_array_index(pieces, piece, i);
		ok = write_all(fd, p->data, p->len, &saved);
	}
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = FALSE;
		saved = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = FALSE;
		saved = errno;
	}
	if (!ok) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
		            "cannot write %s: %s", fd >= 0 ? tmp : path, g_strerror(saved));
		if (fd >= 0)
			g_unlink(tmp);
	}
	g_free(tmp);
	return ok;
}

gboolean sm_index_write(const char *path, const sm_index_stamp *stamp, guint64 revision,
                        sm_group *group, GHashTable *skipped, GError **error)
{
	writer w = {
		g_string_new(NULL), g_hash_table_new(g_str_hash, g_str_equal),
		g_array_new(FALSE, FALSE, sizeof(guint32)),
		g_array_new(FALSE, FALSE, sizeof(sm_index_notice_rec)),
		g_array_new(FALSE, FALSE, sizeof(sm_index_patch_rec)),
		g_array_new(FALSE, FALSE, sizeof(sm_index_tree_rec)),
		g_array_new(FALSE, FALSE, sizeof(sm_index_review_rec)),
		g_hash_table_new(g_direct_hash, g_direct_equal),
		g_hash_table_new(g_direct_hash, g_direct_equal),
		g_array_new(FALSE, FALSE, sizeof(guint32)),
	};
	GPtrArray *patches = sm_group_patches(group);
	GHashTable *all = sm_group_all_notices(group);

	/* Patches and their strings first; notices in the patches' order, so
	 * that one patch's records lie together; then the rest by id (a file
	 * written twice from the same group is the same file). */
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		g_hash_table_insert(w.row, patch, GUINT_TO_POINTER(i + 1));
		add_patch(&w, patch);
	}
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		for (guint j = 0; j < patch->notices->len; j++) {
			sm_notice *notice = patch->notices->pdata[j];
			if (g_hash_table_contains(w.number, notice))
				continue;
			add_notice(&w, notice, i);
			g_hash_table_insert(w.number, notice, GUINT_TO_POINTER(w.notices->len));
		}
	}
	/* (After the notices: their string lists go in the same section.) */
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		sm_index_patch_rec *r = &g_array_index(w.patches, sm_index_patch_rec, i);
		r->notices = w.lists->len;
		r->n_notices = patch->notices->len;
		for (guint j = 0; j < patch->notices->len; j++) {
			guint32 number = GPOINTER_TO_UINT(g_hash_table_lookup(w.number,
			                                                      patch->notices->pdata[j])) - 1;
			g_array_append_val(w.lists, number);
		}
	}
	GPtrArray *rest = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key, value;
	g_hash_table_iter_init(&iter, all);
	while (g_hash_table_iter_next(&iter, &key, &value))
		if (!g_hash_table_contains(w.number, value))
			g_ptr_array_add(rest, key);
	g_ptr_array_sort(rest, by_id);
	for (guint i = 0; i < rest->len; i++) {
		sm_notice *notice = g_hash_table_lookup(all, rest->pdata[i]);
		sm_patch *patch = sm_group_patch_of(group, notice);
		guint row = patch ? GPOINTER_TO_UINT(g_hash_table_lookup(w.row, patch)) : 0;
		add_notice(&w, notice, row ? row - 1 : SM_INDEX_NONE);
		g_hash_table_insert(w.number, notice, GUINT_TO_POINTER(w.notices->len));
	}
	guint held = w.notices->len;
	g_ptr_array_set_size(rest, 0);
	if (skipped) {
		g_hash_table_iter_init(&iter, skipped);
		while (g_hash_table_iter_next(&iter, &key, NULL))
			if (!g_hash_table_contains(all, key))
				g_ptr_array_add(rest, key);
	}
	g_ptr_array_sort(rest, by_id);
	for (guint i = 0; i < rest->len; i++) {
		sm_index_notice_rec r = { 0 };
		r.message_id = intern(&w, rest->pdata[i]);
		r.warning = intern(&w, g_hash_table_lookup(skipped, rest->pdata[i]));
		r.patch = SM_INDEX_NONE;
		r.skipped = 1;
		guint32 number = w.notices->len;
		g_array_append_val(w.warnings, number);
		g_array_append_val(w.notices, r);
	}
	g_ptr_array_unref(rest);

	GPtrArray *reviews = sm_group_reviews(group);
	for (guint i = 0; i < reviews->len; i++) {
		const sm_review *review = reviews->pdata[i];
		sm_index_review_rec r = { 0 };
		/* A record made from replies alone has no cover (NONE). */
		r.cover = GPOINTER_TO_UINT(g_hash_table_lookup(w.number, review->cover)) - 1;
		r.replies = w.lists->len;
		r.n_replies = review->replies->len;
		for (guint j = 0; j < review->replies->len; j++) {
			guint32 number = GPOINTER_TO_UINT(g_hash_table_lookup(w.number,
			                                                      review->replies->pdata[j])) - 1;
			g_array_append_val(w.lists, number);
		}
		r.tree = intern(&w, review->tree);
		r.release = intern(&w, review->release);
		r.patches = review->patches;
		r.deadline = review->deadline;
		g_array_append_val(w.reviews, r);
	}
	GArray *ids = id_table(&w);
	GArray *order = default_order(patches, w.row);
	sm_index_header header;
	GArray *pieces = lay_out(&w, stamp, revision, held, ids, order, &header);

	char *dir = g_path_get_dirname(path);
	gboolean ok = g_mkdir_with_parents(dir, 0700) == 0;
	if (!ok)
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot create %s: %s", dir, g_strerror(errno));
	/* Subjects and addresses are the user's mail: keep them private. */
	ok = ok && write_file(path, pieces, error);
	g_free(dir);
	g_array_unref(pieces);
	g_array_unref(ids);
	g_array_unref(order);
	g_string_free(w.strings, TRUE);
	g_hash_table_unref(w.interned);
	g_array_unref(w.lists);
	g_array_unref(w.notices);
	g_array_unref(w.patches);
	g_array_unref(w.trees);
	g_array_unref(w.reviews);
	g_hash_table_unref(w.number);
	g_hash_table_unref(w.row);
	g_array_unref(w.warnings);
	return ok;
}

/* The files of one directory that look like ours, for the pruner. */
typedef struct cached_file {
	char *path;
	gint64 mtime;
} cached_file;

static int newest_first(gconstpointer a, gconstpointer b)
{
	const cached_file *x = *(cached_file *const *)a, *y = *(cached_file *const *)b;
	return x->mtime != y->mtime ? (x->mtime > y->mtime ? -1 : 1) : strcmp(x->path, y->path);
}

static void cached_file_free(gpointer data)
{
	cached_file *f = data;
	g_free(f->path);
	g_free(f);
}

guint sm_index_prune(const char *keep, guint max_files, gint64 max_age, gint64 now)
{
	char *dir = g_path_get_dirname(keep);
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *files = g_ptr_array_new_with_free_func(cached_file_free);
	guint removed = 0;
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		if (!g_str_has_prefix(name, "index-") || !strstr(name, ".smi"))
			continue;
		char *path = g_build_filename(dir, name, NULL);
		struct stat st;
		if (strcmp(path, keep) == 0 || g_lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			g_free(path);
			continue;
		}
		/* A temp file of a write that never ended (index-...smi.XXXXXX)
		 * goes after a day: a write in progress takes seconds. */
		if (!g_str_has_suffix(name, ".smi")) {
			if (now - st.st_mtime > 86400 && g_unlink(path) == 0)
				removed++;
			g_free(path);
			continue;
		}
		cached_file *f = g_new0(cached_file, 1);
		f->path = path;
		f->mtime = st.st_mtime;
		g_ptr_array_add(files, f);
	}
	if (d)
		g_dir_close(d);
	/* KEEP counts as one of the MAX_FILES. */
	g_ptr_array_sort(files, newest_first);
	for (guint i = 0; i < files->len; i++) {
		const cached_file *f = files->pdata[i];
		if ((i + 1 >= max_files || now - f->mtime > max_age) && g_unlink(f->path) == 0)
			removed++;
	}
	g_ptr_array_unref(files);
	g_free(dir);
	return removed;
}
