/* git/mainline.c - one read of mainline for every index that needs all of it.
 *
 * Two indexes need every mainline commit: the follow-ups (each message)
 * and the ancestry that already-there asks "is X older than the branch
 * point?" with.  On a kernel that is 1.3 million commits, so they are
 * built in one pass that reads each commit object once, raw (its parents
 * and message from the same read), and both are extended together when
 * mainline moves forward.
 *
 * The ancestry: the commits of mainline's first-parent line (Linus's own
 * line, where releases are tagged) are numbered from the root; every other
 * mainline commit gets the number of the first commit of that line that
 * has it (the merge that brought it in).  The ancestors of a commit B of
 * that line are then exactly the commits numbered at most B's number, so
 * "is X an ancestor of the branch point" is one binary search, for a
 * stable branch point of any age and for every branch at once.  It is
 * built by going up the line from the root and, for each merge, reading
 * what it brings in that is not numbered yet: each commit once.
 */
#include <string.h>
#include "repo-private.h"

#define CACHE_NAME "mainline"
#define CACHE_KIND "mainline"
#define CACHE_VERSION 1
#define ON_LINE 0x80000000u /* the commit is on the first-parent line */

typedef struct position {
	git_oid id;
	guint32 pos; /* number on the line, ON_LINE when it is on it */
} position;

struct sm_git_mainline {
	git_oid tip;
	guint32 length;          /* commits on the first-parent line */
	GMappedFile *map;        /* the cache file, or NULL */
	/* N positions sorted by id, in the mapping or in OWNED.  Bytes, read
	 * with record(): in the mapping they follow the cache stamp, a line
	 * of any length, so they are not always aligned for a position, and
	 * copying them to align them was most of a cached `show` at 1.3
	 * million commits (31 MB copied to look up five ids). */
	const char *sorted;
	guint n;
	GArray *owned;           /* position, or NULL */
};

/* One build's commits not in the index yet, found by id: an open
 * addressing table of indexes into an array (24 bytes a commit, not a
 * GHashTable's hundred). */
typedef struct fresh {
	GArray *all;   /* position */
	guint32 *slot; /* index + 1 into ALL, 0 free */
	guint mask;
} fresh;

static guint slot_of(const fresh *f, const git_oid *id)
{
	guint32 h;
	memcpy(&h, id->id, sizeof h);
	guint i = h & f->mask;
	while (f->slot[i] && !git_oid_equal(&g_array_index(f->all, position, f->slot[i] - 1).id, id))
		i = (i + 1) & f->mask;
	return i;
}

static void fresh_grow(fresh *f)
{
	guint size = (f->mask + 1) * 2;
	g_free(f->slot);
	f->slot = g_new0(guint32, size);
	f->mask = size - 1;
	for (guint n = 0; n < f->all->len; n++)
		f->slot[slot_of(f, &g_array_index(f->all, position, n).id)] = n + 1;
}

static position *fresh_find(const fresh *f, const git_oid *id)
{
	guint32 s = f->slot[slot_of(f, id)];
	return s ? &g_array_index(f->all, position, s - 1) : NULL;
}

static void fresh_add(fresh *f, const git_oid *id, guint32 pos)
{
	if ((f->all->len + 1) * 2 > f->mask + 1)
		fresh_grow(f);
	position p = { .pos = pos };
	git_oid_cpy(&p.id, id);
	g_array_append_val(f->all, p);
	f->slot[slot_of(f, id)] = f->all->len;
}

static int by_id(gconstpointer a, gconstpointer b)
{
	return git_oid_cmp(a, b);
}

static position record(const sm_git_mainline *m, guint i)
{
	position p;
	memcpy(&p, m->sorted + (gsize)i * sizeof p, sizeof p);
	return p;
}

/* ID's position into *P; FALSE when it is not indexed. */
static gboolean sorted_find(const sm_git_mainline *m, const git_oid *id, position *p)
{
	guint lo = 0, hi = m ? m->n : 0;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		int c = memcmp(id->id, m->sorted + (gsize)mid * sizeof *p, sizeof id->id);
		if (c == 0) {
			*p = record(m, mid);
			return TRUE;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return FALSE;
}

static void mainline_free(gpointer data)
{
	sm_git_mainline *m = data;
	if (!m)
		return;
	if (m->owned)
		g_array_unref(m->owned);
	if (m->map)
		g_mapped_file_unref(m->map);
	g_free(m);
}

gboolean sm_git_mainline_position(const sm_git_mainline *m, const git_oid *id,
                                  guint32 *pos, gboolean *on_line)
{
	position p;
	if (!sorted_find(m, id, &p))
		return FALSE;
	*pos = p.pos & ~ON_LINE;
	if (on_line)
		*on_line = (p.pos & ON_LINE) != 0;
	return TRUE;
}

static int by_number(gconstpointer a, gconstpointer b)
{
	guint32 x = ((const position *)a)->pos & ~ON_LINE, y = ((const position *)b)->pos & ~ON_LINE;
	return x < y ? -1 : x > y;
}

void sm_git_mainline_since(const sm_git_mainline *m, guint32 pos, GArray *out)
{
	GArray *since = g_array_new(FALSE, FALSE, sizeof(position));
	for (guint i = 0; m && i < m->n; i++) {
		position p = record(m, i);
		if ((p.pos & ~ON_LINE) > pos)
			g_array_append_val(since, p);
	}
	g_array_sort(since, by_number);
	for (guint i = 0; i < since->len; i++)
		g_array_append_val(out, g_array_index(since, position, i).id);
	g_array_unref(since);
}

/* The file: tip, line length, count (32-bit, native order), then the
 * positions sorted by id. */
typedef struct file_head {
	git_oid tip;
	guint32 length, n;
} file_head;

static sm_git_mainline *load(const sm_git_repo *repo)
{
	gsize len = 0;
	const char *data = NULL;
	GMappedFile *map = sm_git_cache_map(repo, CACHE_NAME, CACHE_KIND, CACHE_VERSION, &data,
	                                    &len, NULL);
	sm_git_mainline *m = NULL;
	file_head h;
	if (map && len >= sizeof h) {
		memcpy(&h, data, sizeof h);
		if (len == sizeof h + (gsize)h.n * sizeof(position)) {
			m = g_new0(sm_git_mainline, 1);
			m->tip = h.tip;
			m->length = h.length;
			m->n = h.n;
			m->map = g_mapped_file_ref(map);
			m->sorted = data + sizeof h;
		}
	}
	if (map)
		g_mapped_file_unref(map);
	return m;
}

static void save(const sm_git_repo *repo, const sm_git_mainline *m)
{
	file_head h = { .tip = m->tip, .length = m->length, .n = m->n };
	gsize len = sizeof h + (gsize)m->n * sizeof(position);
	char *body = g_malloc(len);
	memcpy(body, &h, sizeof h);
	memcpy(body + sizeof h, m->sorted, (gsize)m->n * sizeof(position));
	sm_git_cache_store(repo, CACHE_NAME, CACHE_KIND, CACHE_VERSION, body, len);
	g_free(body);
}

typedef struct build {
	sm_git_repo *repo;
	const sm_git_mainline *old; /* what is indexed already, or NULL */
	fresh fresh;
	const sm_git_mainline_reader *reader; /* or NULL */
	/* Going down the line: each line commit, and its other parents (all
	 * in one array: on a kernel the line is a hundred thousand commits). */
	GArray *line, *side, *side_start;
	gboolean rewritten; /* the old tip is not on the new line */
	guint32 pos;        /* going up: the line commit bringing in */
} build;

static gboolean known(const build *b, const git_oid *id)
{
	position p;
	return sorted_find(b->old, id, &p) || fresh_find(&b->fresh, id);
}

/* Down the line: to the old tip, or the root. */
static gboolean line_stop(gpointer data, const git_oid *id)
{
	build *b = data;
	if (b->old && git_oid_equal(id, &b->old->tip))
		return TRUE;
	/* Known, but not the old tip: the caller starts again from nothing. */
	b->rewritten = known(b, id);
	return b->rewritten;
}

static gboolean line_visit(gpointer data, const git_oid *id, const git_oid *parents, guint n,
                           const char *message, size_t len, GError **error)
{
	build *b = data;
	(void)error;
	if (b->reader)
		b->reader->message(b->reader->data, id, message, len);
	g_array_append_val(b->line, *id);
	guint32 start = b->side->len;
	g_array_append_val(b->side_start, start);
	if (n > 1)
		g_array_append_vals(b->side, parents + 1, n - 1);
	return TRUE;
}

/* Up the line: what a line commit brings in that is not numbered yet. */
static gboolean side_stop(gpointer data, const git_oid *id)
{
	return known(data, id);
}

static gboolean side_visit(gpointer data, const git_oid *id, const git_oid *parents, guint n,
                           const char *message, size_t len, GError **error)
{
	build *b = data;
	(void)parents, (void)n, (void)error;
	fresh_add(&b->fresh, id, b->pos);
	if (b->reader)
		b->reader->message(b->reader->data, id, message, len);
	return TRUE;
}

/* Index mainline from TIP down to the indexed B->old (whose tip must be
 * on TIP's first-parent line), or all of it. */
static gboolean walk(build *b, const git_oid *tip, guint32 *length, GError **error)
{
	b->line = g_array_new(FALSE, FALSE, sizeof(git_oid));
	b->side = g_array_new(FALSE, FALSE, sizeof(git_oid));
	b->side_start = g_array_new(FALSE, FALSE, sizeof(guint32));
	sm_git_walker down = { .stop = line_stop, .visit = line_visit,
	                       .data = b, .first_parent = TRUE, .what = "reading mainline" };
	gboolean ok = sm_git_walk(b->repo, tip, 1, &down, error);
	if (ok && b->rewritten)
		ok = sm_git_fail(error, SM_GIT_ERROR_FAILED, "mainline was rewritten");
	/* Up the line: number each, then what it brings in. */
	sm_git_walker in = { .stop = side_stop, .visit = side_visit,
	                     .data = b, .what = "reading mainline" };
	b->pos = b->old ? b->old->length : 0;
	for (guint i = b->line->len; ok && i-- > 0; b->pos++) {
		fresh_add(&b->fresh, &g_array_index(b->line, git_oid, i), b->pos | ON_LINE);
		guint32 from = g_array_index(b->side_start, guint32, i);
		guint32 to = i + 1 < b->line->len ? g_array_index(b->side_start, guint32, i + 1)
		                                  : b->side->len;
		ok = to == from ||
		     sm_git_walk(b->repo, &g_array_index(b->side, git_oid, from), to - from, &in, error);
	}
	*length = b->pos;
	g_array_unref(b->line);
	g_array_unref(b->side);
	g_array_unref(b->side_start);
	return ok;
}

/* OLD's positions and the fresh ones, merged by id into a new array. */
static GArray *merged(const sm_git_mainline *old, GArray *all)
{
	g_array_sort(all, by_id);
	/* A first build has nothing to merge with: no second copy (31 MB at
	 * 1.3 million commits). */
	if (!old)
		return g_array_ref(all);
	guint n_old = old->n;
	GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(position), n_old + all->len);
	guint i = 0, j = 0;
	while (i < n_old || j < all->len) {
		const position *y = j < all->len ? &g_array_index(all, position, j) : NULL;
		if (i < n_old && (!y || memcmp(old->sorted + (gsize)i * sizeof *y, y->id.id,
		                               sizeof y->id.id) < 0)) {
			position x = record(old, i++);
			g_array_append_val(out, x);
		} else {
			g_array_append_vals(out, y, 1);
			j++;
		}
	}
	return out;
}

/* Index from TIP, on top of OLD (READER, if any, at OLD's tip too), or
 * from nothing when OLD is NULL.  The new ancestry, or NULL and ERROR. */
static sm_git_mainline *build_from(sm_git_repo *repo, const git_oid *tip,
                                   const sm_git_mainline *old,
                                   const sm_git_mainline_reader *reader, GError **error)
{
	build b = { .repo = repo, .old = old, .reader = reader };
	b.fresh.all = g_array_new(FALSE, FALSE, sizeof(position));
	b.fresh.mask = 1023;
	b.fresh.slot = g_new0(guint32, b.fresh.mask + 1);
	guint32 length = 0;
	sm_git_mainline *m = NULL;
	if (walk(&b, tip, &length, error)) {
		m = g_new0(sm_git_mainline, 1);
		git_oid_cpy(&m->tip, tip);
		m->length = length;
		g_free(b.fresh.slot);
		b.fresh.slot = NULL;
		m->owned = merged(old, b.fresh.all);
		m->sorted = m->owned->data;
		m->n = m->owned->len;
	}
	g_free(b.fresh.slot);
	g_array_unref(b.fresh.all);
	return m;
}

/* One build at a time in the process: the TUI's two threads both need
 * mainline at start, and the second then finds the first's files. */
static GMutex building;

static void set(sm_git_repo *repo, sm_git_mainline *m)
{
	if (repo->mainline)
		mainline_free(repo->mainline);
	repo->mainline = m;
	repo->mainline_free = mainline_free;
}

gboolean sm_git_mainline_update(sm_git_repo *repo, const sm_git_mainline_reader *reader,
                                GError **error)
{
	git_oid tip;
	if (!sm_git_upstream(repo, &tip, NULL, error))
		return FALSE;
	sm_git_mainline *m = repo->mainline;
	if (m && git_oid_equal(&m->tip, &tip) && !reader)
		return TRUE;
	g_mutex_lock(&building);
	/* Another handle (the TUI's other thread) may have built it. */
	if (!m || !git_oid_equal(&m->tip, &tip))
		set(repo, m = load(repo));
	gboolean ok = TRUE;
	gboolean in_step = !reader || (reader->at && m && git_oid_equal(reader->at, &m->tip));
	if (!m || !git_oid_equal(&m->tip, &tip) || !in_step) {
		/* Extended when mainline moved forward from the indexed tip and
		 * the old tip is on the new first-parent line (else the read
		 * says "rewritten" and starts from nothing). */
		sm_git_mainline *next = NULL;
		if (m && in_step && git_graph_descendant_of(repo->git, &tip, &m->tip) == 1) {
			next = build_from(repo, &tip, m, reader, NULL);
			ok = next || !sm_git_cancelled(repo, error);
		}
		if (ok && !next) {
			if (reader)
				reader->restart(reader->data);
			next = build_from(repo, &tip, NULL, reader, error);
		}
		set(repo, next);
		if (next)
			save(repo, next);
		ok = next != NULL;
	}
	g_mutex_unlock(&building);
	return ok;
}
