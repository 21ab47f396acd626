/* index-write.c - the patch index file written in one go from a group.
 *
 * The writer lays out the sections of index-format.h from a group built
 * in full (index.c reads them back).  Strings are interned while writing,
 * the patches' own strings first, so that making the rows touches the
 * front of the string table only.  Apart from the reader because it reads
 * the group, which itself reads the index: one file each way, no circle.
 *
 * The sections that grow with every notice or patch and are never
 * changed once written (strings, lists, notices, trees; the patches once
 * their notices are placed) go to temporary files of their own once they
 * pass a size (spill below), and are copied into the index file at its
 * end: at 100,000 messages they are tens of megabytes that would
 * otherwise be held, doubled by growth, while the whole group is held
 * too.  The file written is the same either way.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "index.h"
#include "index-format.h"
#include "pool.h"
#include "private.h"
#include "mail/mail.h"
#include "recognise/recognise.h"

/* One section's bytes: in memory until they pass SPILL_AFTER, then in an
 * unlinked temporary file beside the index (BUF holds what is not written
 * yet, at most twice SPILL_AFTER as it grows).  Where no such file can be
 * made, all of it stays in memory. */
#define SPILL_AFTER (256u * 1024)

typedef struct spill {
	GByteArray *buf;
	guint64 len;      /* every byte added, in the file and in BUF */
	guint64 written;  /* of them, in the file */
	int fd;           /* the temporary file, or -1 */
	gboolean no_file; /* none could be made: keep to memory */
	int err;          /* errno of a write that failed, or 0 */
	const char *dir;  /* where the file is made (borrowed) */
} spill;

static void spill_init(spill *s, const char *dir)
{
	*s = (spill){ g_byte_array_new(), 0, 0, -1, dir == NULL, 0, dir };
}

static void spill_free(spill *s)
{
	g_byte_array_unref(s->buf);
	if (s->fd >= 0)
		close(s->fd);
}

/* A file that no one else sees and that goes when closed: O_TMPFILE, or a
 * temp file unlinked at once where the file system has no O_TMPFILE (its
 * name is one sm_index_prune() takes for a temp file, should a crash
 * leave it). */
static int spill_open(const char *dir)
{
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	char *tmp = g_build_filename(dir, "spill.smi.XXXXXX", NULL);
	fd = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		g_unlink(tmp);
	g_free(tmp);
	return fd;
}

static void spill_flush(spill *s)
{
	if (s->fd < 0 && !s->no_file) {
		s->fd = spill_open(s->dir);
		s->no_file = s->fd < 0;
	}
	if (s->fd < 0 || s->err)
		return;
	if (!sm_file_write_all(s->fd, s->buf->data, s->buf->len, &s->err))
		return;
	s->written += s->buf->len;
	g_byte_array_set_size(s->buf, 0);
}

static void spill_add(spill *s, const void *data, gsize len)
{
	/* A large piece goes to the file as it lies, not through BUF. */
	if (len >= SPILL_AFTER) {
		spill_flush(s);
		if (s->fd >= 0 && !s->err && !s->buf->len) {
			if (sm_file_write_all(s->fd, data, len, &s->err))
				s->written += len;
			s->len += len;
			return;
		}
	}
	g_byte_array_append(s->buf, data, (guint)len);
	s->len += len;
	if (s->buf->len >= SPILL_AFTER)
		spill_flush(s);
}

/* S's bytes to FD: 0, or the errno of what failed. */
static int spill_copy(const spill *s, int fd)
{
	if (s->err)
		return s->err;
	int saved = 0;
	gsize size = 256 * 1024;
	guint8 *chunk = s->written ? g_malloc(size) : NULL;
	for (guint64 at = 0; at < s->written && !saved;) {
		ssize_t n = pread(s->fd, chunk, (gsize)MIN(size, s->written - at), (off_t)at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			saved = n < 0 ? errno : EIO;
		else if (sm_file_write_all(fd, chunk, (gsize)n, &saved))
			at += (guint64)n;
	}
	g_free(chunk);
	if (!saved)
		sm_file_write_all(fd, s->buf->data, s->buf->len, &saved);
	return saved;
}

typedef struct writer {
	spill strings;
	/* A string's reference: the mark of its copy in the group's pool
	 * (pool.h: no table of the writer's own for the most of them), else
	 * in INTERNED (those the pool has not: file names, commit ids, the
	 * skipped messages', the stamp's). */
	sm_pool *pool;          /* the group's, or NULL */
	GHashTable *interned;   /* string (borrowed from the group) -> ref */
	spill lists;            /* guint32 */
	spill notices;          /* sm_index_notice_rec */
	guint n_notices;
	GArray *id_hashes;      /* guint32: sm_index_hash() of each record's id */
	/* The patch records until add_records() has placed their notices,
	 * in one block of their size (not a GArray: at 100,000 messages its
	 * doubling held 2 and 4 MiB at once, the peak of a cold load). */
	sm_index_patch_rec *patches;
	guint patches_len;
	spill patch_recs;       /* ... then there */
	guint n_patches;
	spill trees;            /* sm_index_tree_rec (never changed once added) */
	GArray *reviews;        /* sm_index_review_rec */
	GHashTable *number_of_id; /* message-id -> record number + 1 */
	GHashTable *row;        /* sm_patch* -> row + 1 */
	GArray *warnings;       /* guint32 notice numbers */
	/* The names section: a record per name (a build in full has one per
	 * patch and per subject key), found by the name, borrowed. */
	GHashTable *names_k;    /* subject key -> record in NAME_RECS + 1 */
	GHashTable *names_u;    /* commit id -> the same */
	GArray *name_recs;      /* sm_index_name_rec */
	GPtrArray *owned;       /* names made for the writer, freed with it */
	GArray *dangling;       /* sm_index_dangling_rec */
	GArray *released;       /* guint32 string references */
	/* A journal's numbers continue its base's (index-format.h). */
	const sm_index *view;   /* the index the journal goes over, or NULL */
	guint32 off[SM_INDEX_SECTIONS];
	char *dir;              /* the file's folder, for the spills; NULL
	                           when it cannot be made */
} writer;

/* A writer of the file PATH (of a journal over VIEW, or VIEW NULL) of
 * the strings of POOL (or NULL). */
static void writer_init(writer *w, const sm_index *view, const char *path, sm_pool *pool)
{
	char *dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0700) != 0)
		g_clear_pointer(&dir, g_free);
	*w = (writer){
		.interned = g_hash_table_new(g_str_hash, g_str_equal),
		.id_hashes = g_array_new(FALSE, FALSE, sizeof(guint32)),
		.reviews = g_array_new(FALSE, FALSE, sizeof(sm_index_review_rec)),
		.number_of_id = g_hash_table_new(g_str_hash, g_str_equal),
		.row = g_hash_table_new(g_direct_hash, g_direct_equal),
		.warnings = g_array_new(FALSE, FALSE, sizeof(guint32)),
		.names_k = g_hash_table_new(g_str_hash, g_str_equal),
		.names_u = g_hash_table_new(g_str_hash, g_str_equal),
		.name_recs = g_array_new(FALSE, FALSE, sizeof(sm_index_name_rec)),
		.owned = g_ptr_array_new_with_free_func(g_free),
		.dangling = g_array_new(FALSE, FALSE, sizeof(sm_index_dangling_rec)),
		.released = g_array_new(FALSE, FALSE, sizeof(guint32)),
		.view = view,
		.dir = dir,
		.pool = pool,
	};
	if (pool)
		sm_pool_clear_marks(pool);
	spill_init(&w->strings, dir);
	spill_init(&w->lists, dir);
	spill_init(&w->notices, dir);
	spill_init(&w->trees, dir);
	spill_init(&w->patch_recs, dir);
	for (int s = 0; view && s < SM_INDEX_SECTIONS; s++)
		w->off[s] = (guint32)sm_index_end(view, s);
}

/* The look-ups of a writer that has placed every record (what is left
 * is laying the sections out), given back before the file is written:
 * at 100,000 messages they are 15 MB, held while the group is too. */
static void drop_look_ups(writer *w)
{
	g_clear_pointer(&w->interned, g_hash_table_unref);
	g_clear_pointer(&w->number_of_id, g_hash_table_unref);
	g_clear_pointer(&w->row, g_hash_table_unref);
	g_clear_pointer(&w->names_k, g_hash_table_unref);
	g_clear_pointer(&w->names_u, g_hash_table_unref);
	g_clear_pointer(&w->owned, g_ptr_array_unref); /* names_k's */
}

static void writer_free(writer *w)
{
	drop_look_ups(w);
	spill_free(&w->strings);
	spill_free(&w->lists);
	spill_free(&w->notices);
	g_free(w->dir);
	g_clear_pointer(&w->id_hashes, g_array_unref);
	g_free(w->patches);
	spill_free(&w->trees);
	spill_free(&w->patch_recs);
	g_array_unref(w->reviews);
	g_array_unref(w->warnings);
	g_array_unref(w->name_recs);
	g_array_unref(w->dangling);
	g_array_unref(w->released);
}

/* S's reference in the file (each string once). */
static guint32 intern(writer *w, const char *s)
{
	if (!s)
		return 0;
	char *held = w->pool ? sm_pool_find(w->pool, s) : NULL;
	guint32 r = held ? sm_pool_mark(held)
	                 : GPOINTER_TO_UINT(g_hash_table_lookup(w->interned, s));
	if (r)
		return r;
	r = (guint32)w->strings.len + 1 + w->off[SM_INDEX_STRINGS];
	spill_add(&w->strings, s, strlen(s) + 1);
	if (held)
		sm_pool_set_mark(held, r);
	else
		g_hash_table_insert(w->interned, (gpointer)s, GUINT_TO_POINTER(r));
	return r;
}

static guint32 list_at(const writer *w)
{
	return (guint32)(w->lists.len / sizeof(guint32)) + w->off[SM_INDEX_LISTS];
}

static guint32 string_list(writer *w, char **strv, guint32 *n)
{
	guint32 first = list_at(w);
	*n = 0;
	for (char **s = strv; s && *s; s++, (*n)++) {
		guint32 ref = intern(w, *s);
		spill_add(&w->lists, &ref, sizeof ref);
	}
	return first;
}

/* The record number of NOTICE: written here, or (a journal) its base's. */
static guint32 notice_number(const writer *w, const sm_notice *notice)
{
	gpointer n = notice ? g_hash_table_lookup(w->number_of_id, notice->message_id) : NULL;
	if (n)
		return GPOINTER_TO_UINT(n) - 1;
	guint number;
	if (notice && w->view && sm_index_lookup(w->view, notice->message_id, &number))
		return number;
	return SM_INDEX_NONE;
}

/* Record R of the notice or skipped message MESSAGE_ID (borrowed until
 * the file is written). */
static void add_record(writer *w, const sm_index_notice_rec *r, const char *message_id)
{
	guint32 number = w->n_notices++ + w->off[SM_INDEX_NOTICES];
	guint32 hash = sm_index_hash(message_id);
	spill_add(&w->notices, r, sizeof *r);
	g_array_append_val(w->id_hashes, hash);
	g_hash_table_insert(w->number_of_id, (char *)message_id, GUINT_TO_POINTER(number + 1));
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
		guint32 number = w->n_notices + w->off[SM_INDEX_NOTICES];
		g_array_append_val(w->warnings, number);
	}
	add_record(w, &r, n->message_id);
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
	r.trees = (guint32)(w->trees.len / sizeof(sm_index_tree_rec)) + w->off[SM_INDEX_TREES];
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
		spill_add(&w->trees, &t, sizeof t);
	}
	w->patches[w->patches_len++] = r;
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

static guint32 row_of(const writer *w, gconstpointer patch);

/* Append to ORDER the rows of PATCHES (only those with a deadline when
 * DUE_ONLY), sorted by CMP. */
static void append_order(GArray *order, GPtrArray *patches, const writer *w,
                         gboolean due_only, GCompareFunc cmp)
{
	GPtrArray *sorted = g_ptr_array_sized_new(patches->len);
	for (guint i = 0; i < patches->len; i++)
		if (!due_only || ((sm_patch *)patches->pdata[i])->deadline)
			g_ptr_array_add(sorted, patches->pdata[i]);
	g_ptr_array_sort(sorted, cmp);
	for (guint i = 0; i < sorted->len; i++) {
		guint32 r = row_of(w, sorted->pdata[i]);
		g_array_append_val(order, r);
	}
	g_ptr_array_unref(sorted);
}

/* The default order of PATCHES, the file's own rows: a base's whole
 * order, or a later segment's own (index-format.h). */
static GArray *default_order(GPtrArray *patches, const writer *w)
{
	GArray *order = g_array_sized_new(FALSE, FALSE, sizeof(guint32), patches->len);
	append_order(order, patches, w, TRUE, due_cmp);
	append_order(order, patches, w, FALSE, need_cmp);
	return order;
}

static GArray *id_table(writer *w)
{
	guint n = 16;
	while (n < w->n_notices * 2)
		n *= 2;
	GArray *ids = g_array_sized_new(FALSE, TRUE, sizeof(guint32), n);
	g_array_set_size(ids, n);
	guint32 *slots = (guint32 *)(void *)ids->data;
	for (guint i = 0; i < w->n_notices; i++) {
		guint slot = g_array_index(w->id_hashes, guint32, i) & (n - 1);
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

/* A piece of the file, written where it lies (the writer's own arrays),
 * or a section's temporary file (FROM). */
typedef struct piece {
	const void *data;
	gsize len;
	const spill *from;
} piece;

static int by_hash(gconstpointer a, gconstpointer b)
{
	guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
	return x < y ? -1 : x > y;
}

/* The name record of PREFIX ('k' or 'u') + NAME (borrowed until the file
 * is written), made on first use; valid until the next new one. */
static sm_index_name_rec *name_rec(writer *w, char prefix, const char *name)
{
	GHashTable *names = prefix == 'k' ? w->names_k : w->names_u;
	gpointer at = g_hash_table_lookup(names, name);
	if (!at) {
		sm_index_name_rec rec = { sm_index_name_hash(prefix, name), SM_INDEX_NONE,
		                          SM_INDEX_NONE, 0, 0 };
		g_array_append_val(w->name_recs, rec);
		at = GUINT_TO_POINTER(w->name_recs->len);
		g_hash_table_insert(names, (char *)name, at);
	}
	return &g_array_index(w->name_recs, sm_index_name_rec, GPOINTER_TO_UINT(at) - 1);
}

static guint32 row_of(const writer *w, gconstpointer patch)
{
	gpointer row = g_hash_table_lookup(w->row, patch);
	return row ? GPOINTER_TO_UINT(row) - 1 + w->off[SM_INDEX_PATCHES] : SM_INDEX_NONE;
}

/* The announced releases NAMES kept (a build in full's). */
static void add_released(writer *w, const sm_group_names *names)
{
	GHashTableIter iter;
	gpointer key;
	if (!names->by_key)
		return;
	g_hash_table_iter_init(&iter, names->released);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		guint32 ref = intern(w, key);
		g_array_append_val(w->released, ref);
	}
}

/* The names a build looked up, from the tables it kept. */
static void add_names(writer *w, const sm_group_names *names)
{
	GHashTableIter iter;
	gpointer key, value;
	if (!names->by_key)
		return;
	g_hash_table_iter_init(&iter, names->by_upstream);
	while (g_hash_table_iter_next(&iter, &key, &value))
		name_rec(w, 'u', key)->owner = row_of(w, value);
	g_hash_table_iter_init(&iter, names->by_key);
	while (g_hash_table_iter_next(&iter, &key, &value))
		name_rec(w, 'k', key)->owner = value == names->ambiguous ? SM_INDEX_AMBIGUOUS
		                                                         : row_of(w, value);
	g_hash_table_iter_init(&iter, names->by_orphan_key);
	while (g_hash_table_iter_next(&iter, &key, &value))
		name_rec(w, 'k', key)->orphan = row_of(w, value);
	g_hash_table_iter_init(&iter, names->looked);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		name_rec(w, 'k', key)->flags |= SM_INDEX_NAME_LOOKED;
}

/* NOTICE's references that are not in HELD (message-id -> anything),
 * nor in the journal's view, with NOTICE's record (written already). */
static void add_dangling(writer *w, const sm_notice *notice, GHashTable *held)
{
	const char *one[] = { notice->in_reply_to, NULL };
	sm_index_dangling_rec rec = { 0, notice_number(w, notice), 0 };
	for (int pass = 0; pass < 2; pass++)
		for (char *const *id = pass ? notice->references : (char *const *)one; id && *id; id++) {
			guint number;
			if (g_hash_table_contains(held, *id) ||
			    (w->view && sm_index_lookup(w->view, *id, &number)))
				continue;
			rec.hash = sm_index_name_hash('i', *id);
			g_array_append_val(w->dangling, rec);
		}
}

static int by_dangling(gconstpointer a, gconstpointer b)
{
	const sm_index_dangling_rec *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->number < y->number ? -1 : x->number > y->number;
}

/* The names section (W's own records, sorted: no name_rec() after). */
static GArray *names_array(writer *w)
{
	GArray *out = w->name_recs;
	g_array_sort(out, by_hash);
	g_array_sort(w->dangling, by_dangling);
	/* Duplicates out (a reference in In-Reply-To and References). */
	guint kept = 0;
	for (guint i = 0; i < w->dangling->len; i++)
		if (!kept || by_dangling(&g_array_index(w->dangling, sm_index_dangling_rec, i),
		                         &g_array_index(w->dangling, sm_index_dangling_rec, kept - 1)))
			g_array_index(w->dangling, sm_index_dangling_rec, kept++) =
				g_array_index(w->dangling, sm_index_dangling_rec, i);
	g_array_set_size(w->dangling, kept);
	return out;
}

/* What the header says besides the sections. */
typedef struct file_facts {
	const sm_index_stamp *stamp;
	guint64 revision, generation;
	guint held, messages;
	const guint64 *base_counts;   /* a journal's, or NULL */
	GArray *superseded, *dead;    /* a journal's, or NULL */
	guint32 recogniser, uuid;     /* the stamp's strings (add_stamp_strings) */
} file_facts;

/* The last strings of the file, the stamp's, into F; then the string
 * table goes (no string is added after): at 100,000 messages it is 8 MB,
 * held while the group is too. */
static void add_stamp_strings(writer *w, file_facts *f)
{
	f->recogniser = intern(w, f->stamp->recogniser);
	f->uuid = intern(w, f->stamp->uuid);
	g_clear_pointer(&w->interned, g_hash_table_unref);
}

/* The file's pieces in order: the header HEADER (filled here), then
 * section after section, each 8-byte aligned, zeros between.  They are
 * written one after the other, so that the file is never held twice in
 * memory (at 100,000 messages it is tens of megabytes). */
static GArray *lay_out(writer *w, const file_facts *f, GArray *ids, GArray *order,
                       GArray *names, sm_index_header *header)
{
	sm_index_header h = { 0 };
	memcpy(h.magic, f->base_counts ? SM_INDEX_JOURNAL_MAGIC : SM_INDEX_MAGIC, sizeof h.magic);
	h.version = SM_INDEX_VERSION;
	h.byte_order = SM_INDEX_BYTE_ORDER;
	h.recogniser = f->recogniser;
	h.uuid = f->uuid;
	h.trees = f->stamp->trees;
	h.held = f->held;
	h.messages = f->messages;
	h.present = f->stamp->present;
	memcpy(h.database, f->stamp->database, sizeof h.database);
	h.config = f->stamp->config;
	h.revision = f->revision;
	h.generation = f->generation;
	if (f->base_counts)
		memcpy(h.base_counts, f->base_counts, sizeof h.base_counts);
	static const guint32 none[1];
	struct { const void *data; gsize count, size; const spill *from; } parts[SM_INDEX_SECTIONS] = {
		[SM_INDEX_STRINGS] = { NULL, w->strings.len, 1, &w->strings },
		[SM_INDEX_LISTS] = { NULL, w->lists.len / sizeof(guint32), sizeof(guint32), &w->lists },
		[SM_INDEX_NOTICES] = { NULL, w->n_notices, sizeof(sm_index_notice_rec), &w->notices },
		[SM_INDEX_PATCHES] = { NULL, w->n_patches, sizeof(sm_index_patch_rec), &w->patch_recs },
		[SM_INDEX_TREES] = { NULL, w->trees.len / sizeof(sm_index_tree_rec),
		                     sizeof(sm_index_tree_rec), &w->trees },
		[SM_INDEX_REVIEWS] = { w->reviews->data, w->reviews->len, sizeof(sm_index_review_rec), NULL },
		[SM_INDEX_IDS] = { ids->data, ids->len, sizeof(guint32), NULL },
		[SM_INDEX_ORDER] = { order->data, order->len, sizeof(guint32), NULL },
		[SM_INDEX_WARNINGS] = { w->warnings->data, w->warnings->len, sizeof(guint32), NULL },
		[SM_INDEX_NAMES] = { names->data, names->len, sizeof(sm_index_name_rec), NULL },
		[SM_INDEX_DANGLING] = { w->dangling->data, w->dangling->len,
		                        sizeof(sm_index_dangling_rec), NULL },
		[SM_INDEX_RELEASED] = { w->released->data, w->released->len, sizeof(guint32), NULL },
		[SM_INDEX_SUPERSEDED] = { f->superseded ? f->superseded->data : (gpointer)none,
		                          f->superseded ? f->superseded->len : 0, sizeof(guint32), NULL },
		[SM_INDEX_DEAD] = { f->dead ? f->dead->data : (gpointer)none,
		                    f->dead ? f->dead->len : 0, sizeof(guint32), NULL },
	};
	GArray *out = g_array_new(FALSE, FALSE, sizeof(piece));
	piece head = { header, sizeof h, NULL };
	g_array_append_val(out, head);
	static const guint8 zeros[8];
	gsize at = sizeof h;
	for (int s = 0; s < SM_INDEX_SECTIONS; s++) {
		if (at % 8) {
			piece pad = { zeros, 8 - at % 8, NULL };
			g_array_append_val(out, pad);
			at += pad.len;
		}
		h.sections[s].offset = at;
		h.sections[s].count = parts[s].count;
		piece body = { parts[s].data, parts[s].count * parts[s].size, parts[s].from };
		if (body.len)
			g_array_append_val(out, body);
		at += body.len;
	}
	*header = h;
	return out;
}

/* PATCHES (rows from the first free one), their notices, then REST
 * (notices of no patch, any order: sorted by id here, so that a file
 * written twice from the same group is the same file), then the SKIPPED
 * messages not among them.  Returns the records held. */
static guint add_records(writer *w, GPtrArray *patches, GPtrArray *rest, GHashTable *skipped,
                         GHashTable *held, sm_group *group)
{
	/* Patches and their strings first; notices in the patches' order, so
	 * that one patch's records lie together. */
	w->patches = g_new(sm_index_patch_rec, patches->len);
	w->patches_len = 0;
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		g_hash_table_insert(w->row, patch, GUINT_TO_POINTER(i + 1));
		add_patch(w, patch);
	}
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		for (guint j = 0; j < patch->notices->len; j++) {
			sm_notice *notice = patch->notices->pdata[j];
			if (!g_hash_table_contains(w->number_of_id, notice->message_id))
				add_notice(w, notice, i + w->off[SM_INDEX_PATCHES]);
		}
	}
	/* (After the notices: their string lists go in the same section.) */
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		sm_index_patch_rec *r = &w->patches[i];
		r->notices = list_at(w);
		r->n_notices = patch->notices->len;
		for (guint j = 0; j < patch->notices->len; j++) {
			guint32 number = notice_number(w, patch->notices->pdata[j]);
			spill_add(&w->lists, &number, sizeof number);
		}
	}
	/* The patch records are whole now: to their file, while the rest of
	 * the file is made. */
	w->n_patches = w->patches_len;
	spill_add(&w->patch_recs, w->patches, w->patches_len * sizeof(sm_index_patch_rec));
	g_clear_pointer(&w->patches, g_free);
	g_ptr_array_sort(rest, by_id);
	for (guint i = 0; i < rest->len; i++) {
		sm_notice *notice = g_hash_table_lookup(held, rest->pdata[i]);
		sm_patch *patch = sm_group_patch_of(group, notice);
		add_notice(w, notice, patch ? row_of(w, patch) : SM_INDEX_NONE);
	}
	guint n_held = w->n_notices;
	g_ptr_array_set_size(rest, 0);
	GHashTableIter iter;
	gpointer key;
	if (skipped) {
		g_hash_table_iter_init(&iter, skipped);
		while (g_hash_table_iter_next(&iter, &key, NULL))
			if (!g_hash_table_contains(held, key))
				g_ptr_array_add(rest, key);
	}
	g_ptr_array_sort(rest, by_id);
	for (guint i = 0; i < rest->len; i++) {
		sm_index_notice_rec r = { 0 };
		r.message_id = intern(w, rest->pdata[i]);
		r.warning = intern(w, g_hash_table_lookup(skipped, rest->pdata[i]));
		r.patch = SM_INDEX_NONE;
		r.skipped = 1;
		guint32 number = w->n_notices + w->off[SM_INDEX_NOTICES];
		g_array_append_val(w->warnings, number);
		add_record(w, &r, rest->pdata[i]);
	}
	return n_held;
}

static void add_reviews(writer *w, GPtrArray *reviews)
{
	for (guint i = 0; i < reviews->len; i++) {
		const sm_review *review = reviews->pdata[i];
		sm_index_review_rec r = { 0 };
		/* A record made from replies alone has no cover (NONE). */
		r.cover = review->cover ? notice_number(w, review->cover) : SM_INDEX_NONE;
		r.replies = list_at(w);
		r.n_replies = review->replies->len;
		for (guint j = 0; j < review->replies->len; j++) {
			guint32 number = notice_number(w, review->replies->pdata[j]);
			spill_add(&w->lists, &number, sizeof number);
		}
		r.tree = intern(w, review->tree);
		r.release = intern(w, review->release);
		r.patches = review->patches;
		r.deadline = review->deadline;
		g_array_append_val(w->reviews, r);
	}
}

/* sm_file_writer of the pieces (GArray of piece) lay_out() gives. */
static int write_pieces(int fd, gpointer data)
{
	const GArray *pieces = data;
	int saved = 0;
	for (guint i = 0; i < pieces->len && !saved; i++) {
		const piece *p = &g_array_index(pieces, piece, i);
		if (p->from)
			saved = spill_copy(p->from, fd);
		else
			sm_file_write_all(fd, p->data, p->len, &saved);
	}
	return saved;
}

/* Lay out and write W's file to PATH (W's look-ups are gone after), F's
 * strings interned (add_stamp_strings). */
static gboolean finish(writer *w, const char *path, file_facts *f, GArray *order,
                       GError **error)
{
	drop_look_ups(w);
	GArray *names = names_array(w);
	GArray *ids = id_table(w);
	g_clear_pointer(&w->id_hashes, g_array_unref);
	sm_index_header header;
	GArray *pieces = lay_out(w, f, ids, order, names, &header);
	/* Through a temp file renamed over it, no fsync (mail/file.h): after a
	 * crash the file may be short or empty, which the reader refuses and
	 * the next load rebuilds, and a refresh does not wait for the disk.
	 * Mode 0600: subjects and addresses are the user's mail. */
	gboolean ok = sm_file_replace_with(path, write_pieces, pieces, error);
	g_array_unref(pieces);
	g_array_unref(ids);
	return ok;
}

/* Remove the segments of PATH's journal from FIRST on: as far as they go
 * (ALL FALSE: one missing ends the chain a reader follows, and a writer
 * of each segment removes the one after it), or every one there may be
 * (a segment written over a view another process replaced meanwhile
 * lies past a gap). */
static void remove_segments(const char *path, guint first, gboolean all)
{
	for (guint s = first; s <= SM_INDEX_MAX_SEGMENTS; s++) {
		char *segment = sm_index_segment_path(path, s);
		gboolean gone = g_unlink(segment) != 0 && errno == ENOENT;
		g_free(segment);
		if (gone && !all)
			break;
	}
}

gboolean sm_index_write(const char *path, const sm_index_stamp *stamp, guint64 revision,
                        sm_group *group, GHashTable *skipped, GError **error)
{
	writer w;
	writer_init(&w, NULL, path, sm_group_pool(group));
	GPtrArray *patches = sm_group_patches(group);
	GHashTable *all = sm_group_all_notices(group);
	GPtrArray *rest = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key, value;
	g_hash_table_iter_init(&iter, all);
	while (g_hash_table_iter_next(&iter, &key, &value))
		if (!sm_group_patch_of(group, value))
			g_ptr_array_add(rest, key);
	guint held = add_records(&w, patches, rest, skipped, all, group);
	g_ptr_array_unref(rest);
	add_reviews(&w, sm_group_reviews(group));
	file_facts f = { stamp, revision, (guint64)g_random_int() << 32 | g_random_int(),
	                 held, w.n_notices, NULL, NULL, NULL, 0, 0 };
	add_released(&w, sm_group_names_of(group));
	add_stamp_strings(&w, &f);
	/* Before the names (names_array sorts both sections, so the order
	 * does not show), so that the record numbers of the ids are given
	 * back before the names' tables are made. */
	g_hash_table_iter_init(&iter, all);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		add_dangling(&w, value, all);
	g_clear_pointer(&w.number_of_id, g_hash_table_unref);
	add_names(&w, sm_group_names_of(group));
	GArray *order = default_order(patches, &w);
	gboolean ok = finish(&w, path, &f, order, error);
	g_array_unref(order);
	writer_free(&w);
	/* The journal of the file replaced is of no use now. */
	if (ok)
		remove_segments(path, 1, TRUE);
	return ok;
}

static int by_number(gconstpointer a, gconstpointer b)
{
	guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
	return x < y ? -1 : x > y;
}

/* ITEMS sorted, each once. */
static void sort_unique(GArray *items)
{
	g_array_sort(items, by_number);
	guint kept = 0;
	for (guint i = 0; i < items->len; i++)
		if (!kept || g_array_index(items, guint32, i) != g_array_index(items, guint32, kept - 1))
			g_array_index(items, guint32, kept++) = g_array_index(items, guint32, i);
	g_array_set_size(items, kept);
}

/* Is NUMBER in ITEMS (sorted guint32)?  (bsearch() must not be given the
 * NULL data of an empty array.) */
static gboolean has_number(GArray *items, guint32 number)
{
	return items->len &&
	       bsearch(&number, items->data, items->len, sizeof(guint32), by_number);
}

/* Append to OUT one run of the base's order (RUN, N rows) without the
 * rows replaced, and MINE (the journal's patches, sorted by CMP) put in
 * their places.  FALSE when a base row is not made in ROWS. */
static gboolean merge_run(GArray *out, const writer *w, sm_group *rows, const guint32 *run,
                          guint n, GArray *superseded, GPtrArray *mine, GCompareFunc cmp)
{
	guint j = 0;
	for (guint i = 0; i <= n; i++) {
		sm_patch *at = NULL;
		if (i < n) {
			if (has_number(superseded, run[i]))
				continue;
			at = sm_group_row(rows, run[i]);
			if (!at)
				return FALSE;
		}
		for (; j < mine->len && (!at || cmp(&mine->pdata[j], &at) < 0); j++) {
			guint32 r = row_of(w, mine->pdata[j]);
			g_array_append_val(out, r);
		}
		if (at)
			g_array_append_val(out, run[i]);
	}
	return TRUE;
}

/* The whole default order of the segment's view, both runs (the rows
 * with a deadline, then every row): OVER's without the rows replaced,
 * the segment's rows put in their places.  NULL when a row of OVER is
 * not made in ROWS. */
static GArray *journal_order(const writer *w, sm_group *rows, const sm_index *over,
                             GArray *superseded, GPtrArray *patches)
{
	GPtrArray *due = g_ptr_array_new(), *all = g_ptr_array_sized_new(patches->len);
	for (guint i = 0; i < patches->len; i++) {
		if (((sm_patch *)patches->pdata[i])->deadline)
			g_ptr_array_add(due, patches->pdata[i]);
		g_ptr_array_add(all, patches->pdata[i]);
	}
	g_ptr_array_sort(due, due_cmp);
	g_ptr_array_sort(all, need_cmp);
	guint n;
	const guint32 *order = sm_index_order(over, &n);
	guint n_all = sm_index_live_rows(over), n_due = n - n_all;
	GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(guint32), n + patches->len);
	if (!merge_run(out, w, rows, order, n_due, superseded, due, due_cmp) ||
	    !merge_run(out, w, rows, order + n_due, n_all, superseded, all, need_cmp)) {
		g_array_unref(out);
		out = NULL;
	}
	g_ptr_array_unref(due);
	g_ptr_array_unref(all);
	return out;
}

/* The rows (SUPERSEDED) and records (DEAD) of OVER that the segments of
 * VIEW above OVER replaced: a fold writes them into its one segment.
 * Nothing when OVER is VIEW (a segment appended). */
static void replaced_above(const sm_index *view, const sm_index *over, GArray *superseded,
                           GArray *dead)
{
	guint n_rows = sm_index_patch_count(over), n_records = sm_index_records(over);
	for (const sm_index *file = view; file && file != over; file = sm_index_below(file)) {
		guint n;
		const guint32 *items = sm_index_superseded(file, &n);
		for (guint i = 0; i < n; i++)
			if (items[i] < n_rows)
				g_array_append_val(superseded, items[i]);
		items = sm_index_dead(file, &n);
		for (guint i = 0; i < n; i++)
			if (items[i] < n_records)
				g_array_append_val(dead, items[i]);
	}
}

gboolean sm_index_write_journal(const char *path, const sm_index_stamp *stamp, guint64 revision,
                                sm_group *rows, const sm_group_change *change,
                                GHashTable *skipped, const char **why, GError **error)
{
	sm_group *part = change->part;
	GPtrArray *written = change->written;
	GArray *replaced = change->replaced;
	sm_index *view = sm_group_index(rows);
	/* The segment goes over OVER: VIEW (appended), or its base (a fold,
	 * which regrouped every record of VIEW's segments). */
	const sm_index *over = change->over;
	guint n_over = sm_index_records(over);
	writer w;
	writer_init(&w, over, path, sm_group_pool(part));
	GHashTable *held = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *rest = g_ptr_array_new();
	for (guint i = 0; i < written->len; i++) {
		sm_notice *notice = written->pdata[i];
		g_hash_table_insert(held, notice->message_id, notice);
		if (!sm_group_patch_of(part, notice))
			g_ptr_array_add(rest, notice->message_id);
	}
	/* A fold keeps the skipped messages of the segments it replaces, and
	 * the new. */
	GHashTable *all_skipped = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint n = n_over; n < sm_index_records(view); n++) {
		gboolean was_skipped = FALSE;
		const char *id = sm_index_message_id(view, n, &was_skipped);
		if (id && was_skipped)
			g_hash_table_insert(all_skipped, (char *)id,
			                    (char *)sm_index_record_warning(view, n));
	}
	GHashTableIter iter;
	gpointer key, value;
	if (skipped) {
		g_hash_table_iter_init(&iter, skipped);
		while (g_hash_table_iter_next(&iter, &key, &value))
			if (value) /* (NULL: read now) */
				g_hash_table_insert(all_skipped, key, value);
	}
	guint n_held = add_records(&w, sm_group_patches(part), rest, all_skipped, held, part);
	add_reviews(&w, sm_group_reviews(part));
	add_names(&w, sm_group_names_of(part));
	for (guint i = 0; i < written->len; i++) {
		sm_notice *notice = written->pdata[i];
		/* Every name a written notice has stands for the view's. */
		if (notice->upstream[0])
			name_rec(&w, 'u', notice->upstream);
		char *k = notice->patch_subject && *notice->patch_subject
		          ? sm_subject_key(notice->patch_subject) : NULL;
		if (k) {
			g_ptr_array_add(w.owned, k);
			name_rec(&w, 'k', k);
		}
		add_dangling(&w, notice, held);
	}
	/* The records of OVER the segment replaces, and the rows. */
	GArray *dead = g_array_new(FALSE, FALSE, sizeof(guint32));
	GArray *superseded = g_array_new(FALSE, FALSE, sizeof(guint32));
	replaced_above(view, over, superseded, dead);
	g_hash_table_iter_init(&iter, w.number_of_id);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		guint number;
		if (sm_index_lookup(view, key, &number) && number < n_over)
			g_array_append_val(dead, number);
	}
	sort_unique(dead);
	g_array_append_vals(superseded, replaced->data, replaced->len);
	sort_unique(superseded);
	guint dead_held = 0;
	for (guint i = 0; i < dead->len; i++) {
		gboolean was_skipped = TRUE;
		sm_index_message_id(over, g_array_index(dead, guint32, i), &was_skipped);
		dead_held += !was_skipped;
	}
	/* OVER's warnings that stand, then the segment's. */
	GPtrArray *warned = sm_index_warned(over);
	GArray *own = w.warnings;
	w.warnings = g_array_new(FALSE, FALSE, sizeof(guint32));
	for (guint i = 0; i < warned->len; i++) {
		guint32 number = GPOINTER_TO_UINT(warned->pdata[i]);
		if (!has_number(dead, number))
			g_array_append_val(w.warnings, number);
	}
	g_array_append_vals(w.warnings, own->data, own->len);
	g_array_unref(own);
	g_ptr_array_unref(warned);

	/* The first segment holds the whole order of its view (as the
	 * journal did before it had segments); a later one its own rows',
	 * which sm_index_head() merges with the orders under it: a refresh
	 * writes what it regrouped, not a row for every patch. */
	guint segment = sm_index_depth(over) + 1;
	GArray *order = segment == 1
	                ? journal_order(&w, rows, over, superseded, sm_group_patches(part))
	                : default_order(sm_group_patches(part), &w);
	gboolean ok = order != NULL;
	if (!ok)
		*why = "the rows are not all made";
	guint64 counts[SM_INDEX_SECTIONS];
	for (int s = 0; s < SM_INDEX_SECTIONS; s++)
		counts[s] = w.off[s];
	file_facts f = { stamp, revision, sm_index_identity(over),
	                 sm_index_held(over) - dead_held + n_held,
	                 sm_index_messages(over) - dead->len + w.n_notices,
	                 counts, superseded, dead, 0, 0 };
	char *journal = sm_index_segment_path(path, segment);
	add_stamp_strings(&w, &f);
	ok = ok && finish(&w, journal, &f, order, error);
	g_free(journal);
	/* A segment after it is of an older chain. */
	if (ok)
		remove_segments(path, segment + 1, FALSE);
	if (order)
		g_array_unref(order);
	g_array_unref(dead);
	g_array_unref(superseded);
	g_hash_table_unref(all_skipped);
	g_hash_table_unref(held);
	g_ptr_array_unref(rest);
	writer_free(&w);
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

/* Prune DIR (one database's index files) as sm_index_prune says: KEEP
 * (may be NULL) stays and counts as one of MAX_FILES (G_MAXUINT: no
 * limit). */
static guint prune_dir(const char *dir, const char *keep, guint max_files, gint64 max_age,
                       gint64 now)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *files = g_ptr_array_new_with_free_func(cached_file_free);
	guint removed = 0;
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);
		struct stat st;
		if (!strstr(name, ".smi") || (keep && strcmp(path, keep) == 0) ||
		    g_lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			g_free(path);
			continue;
		}
		/* A journal's segment goes with its index (below), or when
		 * that is gone. */
		const char *segment = strstr(name, ".smi.journal");
		const char *number = segment ? segment + strlen(".smi.journal") : NULL;
		if (number && (!*number || (number[0] == '.' && number[1] &&
		                            strspn(number + 1, "0123456789") == strlen(number + 1)))) {
			char *base = g_strndup(path, strlen(path) - strlen(number) - strlen(".journal"));
			if (!g_file_test(base, G_FILE_TEST_EXISTS) && g_unlink(path) == 0)
				removed++;
			g_free(base);
			g_free(path);
			continue;
		}
		/* A temp file of a write that never ended (QUERY.smi.XXXXXX)
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
	g_ptr_array_sort(files, newest_first);
	for (guint i = 0; i < files->len; i++) {
		const cached_file *f = files->pdata[i];
		if ((i + 1 >= max_files || now - f->mtime > max_age) &&
		    g_unlink(f->path) == 0) {
			removed++;
			remove_segments(f->path, 1, TRUE);
		}
	}
	g_ptr_array_unref(files);
	return removed;
}

guint sm_index_prune(const char *keep, guint max_files, gint64 max_age, gint64 now)
{
	char *dir = g_path_get_dirname(keep);
	char *top = g_path_get_dirname(dir);
	guint removed = prune_dir(dir, keep, max_files, max_age, now);
	/* The other databases' folders: a database not opened for MAX_AGE
	 * (moved, or a demo) leaves nothing behind. */
	GDir *d = g_dir_open(top, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		char *other = g_build_filename(top, name, NULL);
		if (strcmp(other, dir) != 0 && g_file_test(other, G_FILE_TEST_IS_DIR)) {
			removed += prune_dir(other, NULL, G_MAXUINT, max_age, now);
			g_rmdir(other); /* only when nothing is left in it */
		}
		g_free(other);
	}
	if (d)
		g_dir_close(d);
	g_free(top);
	g_free(dir);
	return removed;
}
