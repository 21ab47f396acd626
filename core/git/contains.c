/* git/contains.c - index a stable branch's backports by upstream id. */
#include <string.h>
#include "contains.h"
#include "followups.h"
#include "repo-private.h"

#define CACHE_KIND "contains"
#define CACHE_VERSION 10

/* Sorted arrays of ids, for bsearch: nothing to build when the file is
 * read, and a look-up is a few dozen comparisons whatever the age of the
 * commit asked about. */
/* A sorted set of ids: in the mapped cache file as it was read (nothing
 * copied, a look-up touches a few pages), or in an array of its own once
 * commits are added. */
typedef struct id_set {
	GArray *owned;       /* records, or NULL while in the mapping */
	const git_oid *ids;  /* N records of WIDTH ids, sorted by the first */
	guint n;
	guint width;         /* 1, or 2: the id, and the branch's commit that
	                        holds it (to name it) */
} id_set;

typedef struct contains_index {
	git_oid tip;
	git_oid base;
	git_oid upstream; /* the mainline tip the base was found with */
	GMappedFile *map; /* the cache file the sets point into, or NULL */
	gboolean with_base; /* REACH has the ancestors of the branch point too
	                       (needed only when the branch point is not on
	                       mainline's first-parent line: git/mainline.c
	                       answers for those on it) */
	id_set reach;     /* the branch's own commits (since the branch
	                     point), and the ancestors of the branch point
	                     when WITH_BASE */
	id_set named;     /* the upstream ids its commits name, each with
	                     the commit that names it */
	id_set headers;   /* the header-only patch-ids of its own commits that
	                     name no upstream commit (cherry-picks without the
	                     line): the files they touch, from the trees */
	id_set patchids;  /* the patch-ids of those commits, each with its
	                     commit */
	id_set blobs;     /* the blob ids of those commits (the files they
	                     touch, with the file ids before and after), each
	                     with its patch-id: an upstream commit that makes
	                     the same diff needs none of its own */
	gboolean matched; /* PICKED has every mainline commit since the
	                     branch point (at UPSTREAM) that one of the
	                     branch's line-less commits makes: a look-up of
	                     any other of them is absent, with no diff */
	id_set picked;    /* those mainline commits, each with the branch's
	                     commit that makes its change */
} contains_index;

static GArray *own(id_set *set)
{
	if (!set->owned) {
		set->owned = g_array_sized_new(FALSE, FALSE, set->width * sizeof(git_oid),
		                               set->n + 64);
		g_array_append_vals(set->owned, set->ids, set->n);
	}
	return set->owned;
}

static void contains_index_free(gpointer data)
{
	contains_index *index = data;
	if (!index)
		return;
	id_set *sets[] = { &index->reach, &index->named, &index->headers, &index->patchids,
	                   &index->blobs, &index->picked };
	for (size_t i = 0; i < G_N_ELEMENTS(sets); i++)
		if (sets[i]->owned)
			g_array_unref(sets[i]->owned);
	if (index->map)
		g_mapped_file_unref(index->map);
	g_free(index);
}

static contains_index *index_new(const git_oid *base)
{
	contains_index *index = g_new0(contains_index, 1);
	git_oid_cpy(&index->base, base);
	index->reach.width = index->headers.width = 1;
	index->named.width = index->patchids.width = index->blobs.width = 2;
	index->picked.width = 2;
	own(&index->reach);
	own(&index->named);
	own(&index->headers);
	own(&index->patchids);
	own(&index->blobs);
	own(&index->picked);
	return index;
}

static int oid_order(gconstpointer a, gconstpointer b)
{
	return git_oid_cmp(a, b);
}

static int pair_order(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, 2 * sizeof(git_oid));
}

/* Sort SET's own array, drop repeated ids (of a pair, the first of the
 * commits that hold it, so that the file is the same for the same
 * branch), and look up in it from now on. */
static void finish(id_set *set)
{
	GArray *a = own(set);
	g_array_sort(a, set->width == 2 ? pair_order : oid_order);
	guint out = 0;
	git_oid *r = (git_oid *)a->data;
	for (guint i = 0; i < a->len; i++)
		if (out == 0 || !git_oid_equal(&r[(out - 1) * set->width], &r[i * set->width]))
			memmove(&r[out++ * set->width], &r[i * set->width],
			        set->width * sizeof(git_oid));
	g_array_set_size(a, out);
	set->ids = (const git_oid *)a->data;
	set->n = a->len;
}

/* ID's record in SET, or NULL. */
static const git_oid *find(const id_set *set, const git_oid *id)
{
	return set->n ? bsearch(id, set->ids, set->n, set->width * sizeof(git_oid), oid_order)
	              : NULL;
}

static gboolean has(const id_set *set, const git_oid *id)
{
	return find(set, id) != NULL;
}

/* Does [LINE, LINE+LEN) contain WORD, ignoring ASCII case? */
static gboolean line_has(const char *line, size_t len, const char *word)
{
	size_t wlen = strlen(word);
	for (size_t i = 0; i + wlen <= len; i++)
		if (g_ascii_strncasecmp(line + i, word, wlen) == 0)
			return TRUE;
	return FALSE;
}

/* The 40-hex id right after "commit " in the line, or NULL. */
static const char *id_after_commit(const char *line, size_t len)
{
	static const char word[] = "commit ";
	size_t wlen = sizeof word - 1;
	for (size_t i = 0; i + wlen + GIT_OID_HEXSZ <= len; i++) {
		if (g_ascii_strncasecmp(line + i, word, wlen) != 0)
			continue;
		const char *id = line + i + wlen;
		size_t after = i + wlen + GIT_OID_HEXSZ;
		if (sm_git_is_full_hex(id, GIT_OID_HEXSZ) &&
		    (after == len || !g_ascii_isxdigit(line[after])))
			return id;
	}
	return NULL;
}

char **sm_git_upstream_ids(const char *message)
{
	GPtrArray *ids = NULL;
	for (const char *line = message; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *id = id_after_commit(line, len);
		if (id && (line_has(line, len, "upstream") ||
		           line_has(line, len, "cherry picked"))) {
			if (!ids)
				ids = g_ptr_array_new();
			g_ptr_array_add(ids, g_ascii_strdown(id, GIT_OID_HEXSZ));
		}
		line = end ? end + 1 : NULL;
	}
	if (!ids)
		return NULL;
	g_ptr_array_add(ids, NULL);
	return (char **)g_ptr_array_free(ids, FALSE);
}

/* A walk of commits not seen before: SEEN holds what it read. */
typedef struct seen_walk {
	GHashTable *seen;     /* git_oid* */
	GArray *out;          /* git_oid: each commit read, or NULL */
	sm_git_repo *repo;
	contains_index *index;/* the index the own commits go to, or NULL */
	/* line_branch_point(): the mainline commit with the highest number */
	gboolean found, on_line;
	guint32 best;
	git_oid base;
} seen_walk;

static void seen_walk_init(seen_walk *s, sm_git_repo *repo)
{
	*s = (seen_walk){ .repo = repo };
	s->seen = g_hash_table_new_full((GHashFunc)sm_git_oid_hash, (GEqualFunc)git_oid_equal,
	                                g_free, NULL);
}

static gboolean seen_stop(gpointer data, const git_oid *id)
{
	seen_walk *s = data;
	return g_hash_table_contains(s->seen, id);
}

static gboolean seen_visit(gpointer data, const git_oid *id, const git_oid *parents, guint n,
                           const char *message, size_t len, GError **error)
{
	seen_walk *s = data;
	(void)parents, (void)n, (void)message, (void)len, (void)error;
	g_hash_table_add(s->seen, g_memdup2(id, sizeof *id));
	if (s->out)
		g_array_append_val(s->out, *id);
	return TRUE;
}

/* Every commit from FROM back, appended to OUT. */
static gboolean walk_all(sm_git_repo *repo, const git_oid *from, GArray *out, GError **error)
{
	seen_walk s;
	seen_walk_init(&s, repo);
	s.out = out;
	sm_git_walker walker = { .stop = seen_stop, .visit = seen_visit,
	                         .data = &s, .what = "walking mainline" };
	gboolean ok = sm_git_walk(repo, from, 1, &walker, error);
	g_hash_table_unref(s.seen);
	return ok;
}

/* Is the branch point of INDEX on mainline's first-parent line?  Then
 * *POS is its number there and git/mainline.c answers for its ancestors. */
static gboolean base_on_line(const sm_git_repo *repo, const contains_index *index, guint32 *pos)
{
	gboolean on_line = FALSE;
	return sm_git_mainline_position(repo->mainline, &index->base, pos, &on_line) && on_line;
}

/* Is ID in the branch: one of its own, or an ancestor of the branch
 * point? */
static gboolean reaches(const sm_git_repo *repo, const contains_index *index, const git_oid *id)
{
	guint32 base, pos;
	if (has(&index->reach, id))
		return TRUE;
	return !index->with_base && base_on_line(repo, index, &base) &&
	       sm_git_mainline_position(repo->mainline, id, &pos, NULL) && pos <= base;
}

/* Index one of the branch's own commits (ID, its MESSAGE of LEN bytes):
 * the upstream ids it names, or, when it names none that mainline has,
 * its header-only patch-id, its blob id and its patch-id (only for those,
 * since a commit that names its upstream is found by the name; one that
 * names only an id mainline lacks, a pick from a commit rebased before it
 * landed, is found by its change, as `git cherry` finds it).  All come from a walk of the
 * trees that reads only what changed, and the patch-id from a diff of
 * the changed files alone (0.06 ms a commit at 1.3 million commits), so
 * the build has them all and a look-up diffs no commit of the branch. */
static void index_own(sm_git_repo *repo, contains_index *index, const git_oid *id,
                      const char *message, size_t len)
{
	char *text = g_strndup(message, len);
	char **ids = sm_git_upstream_ids(text);
	g_free(text);
	gboolean on_mainline = FALSE;
	for (char **named = ids; named && *named; named++) {
		git_oid pair[2];
		guint32 pos;
		git_oid_cpy(&pair[1], id);
		if (git_oid_fromstr(&pair[0], *named) != 0)
			continue;
		g_array_append_vals(own(&index->named), pair, 1);
		on_mainline = on_mainline ||
		              sm_git_mainline_position(repo->mainline, &pair[0], &pos, NULL);
	}
	git_commit *commit = NULL;
	git_oid header, pair[2], blobs[2];
	if (!on_mainline && git_commit_lookup(&commit, repo->git, id) == 0 &&
	    sm_git_patch_ids(repo->git, commit, &header, &blobs[0], &pair[0])) {
		git_oid_cpy(&pair[1], id);
		git_oid_cpy(&blobs[1], &pair[0]);
		g_array_append_vals(own(&index->headers), &header, 1);
		g_array_append_vals(own(&index->patchids), pair, 1);
		g_array_append_vals(own(&index->blobs), blobs, 1);
	}
	git_commit_free(commit);
	g_strfreev(ids);
}

/* The branch's own commits: neither in mainline nor indexed already. */
static gboolean own_stop(gpointer data, const git_oid *id)
{
	seen_walk *s = data;
	guint32 pos;
	return g_hash_table_contains(s->seen, id) || has(&s->index->reach, id) ||
	       sm_git_mainline_position(s->repo->mainline, id, &pos, NULL);
}

static gboolean own_visit(gpointer data, const git_oid *id, const git_oid *parents, guint n,
                          const char *message, size_t len, GError **error)
{
	seen_walk *s = data;
	seen_visit(s, id, parents, n, message, len, error);
	index_own(s->repo, s->index, id, message, len);
	return TRUE;
}

/* Add the branch's own commits from TIP back: each commit reached that is
 * neither in mainline nor indexed already (an older tip's), each read
 * once.  Without an older tip and with the branch point off mainline's
 * first-parent line, the ancestors of the branch point first (once per
 * branch, as a stable branch's branch point never moves). */
static gboolean walk(sm_git_repo *repo, contains_index *index, const git_oid *tip,
                     GError **error)
{
	guint32 base_pos;
	if (!index->with_base && !base_on_line(repo, index, &base_pos)) {
		if (!walk_all(repo, &index->base, own(&index->reach), error))
			return FALSE;
		index->with_base = TRUE;
		finish(&index->reach);
	}
	seen_walk s;
	seen_walk_init(&s, repo);
	s.index = index;
	s.out = g_array_new(FALSE, FALSE, sizeof(git_oid));
	sm_git_walker walker = { .stop = own_stop, .visit = own_visit,
	                         .data = &s, .what = "walking the stable branch" };
	gboolean ok = sm_git_walk(repo, tip, 1, &walker, error);
	g_hash_table_unref(s.seen);
	if (ok)
		g_array_append_vals(own(&index->reach), s.out->data, s.out->len);
	g_array_unref(s.out);
	if (!ok)
		return FALSE;
	finish(&index->reach);
	finish(&index->named);
	finish(&index->headers);
	finish(&index->patchids);
	finish(&index->blobs);
	return TRUE;
}

static char *cache_name(const char *tree)
{
	return g_strconcat("contains-", tree, NULL);
}

/* The file: tip, base, upstream, whether the ancestors of the base are
 * in it, whether mainline was matched, six counts (32-bit, native
 * order), then the six sorted arrays. */
typedef struct file_head {
	git_oid tip, base, upstream;
	guint32 with_base, matched, reach, named, headers, patchids, blobs, picked;
} file_head;

static contains_index *load(const sm_git_repo *repo, const char *tree)
{
	char *name = cache_name(tree);
	gsize len = 0;
	const char *data = NULL;
	GMappedFile *map = sm_git_cache_map(repo, name, CACHE_KIND, CACHE_VERSION, &data, &len,
	                                    NULL);
	contains_index *index = NULL;
	file_head h;
	if (map && len >= sizeof h) {
		memcpy(&h, data, sizeof h);
		if (len == sizeof h +
		           ((gsize)h.reach + h.headers +
		            2 * ((gsize)h.named + h.patchids + h.blobs + h.picked)) *
		           sizeof(git_oid)) {
			index = g_new0(contains_index, 1);
			index->tip = h.tip;
			index->base = h.base;
			index->upstream = h.upstream;
			index->with_base = h.with_base != 0;
			index->matched = h.matched != 0;
			index->map = g_mapped_file_ref(map);
			/* git_oid is 20 bytes: no alignment to keep. */
			const git_oid *p = (const git_oid *)(data + sizeof h);
			index->reach = (id_set){ NULL, p, h.reach, 1 };
			p += h.reach;
			index->named = (id_set){ NULL, p, h.named, 2 };
			p += 2 * (gsize)h.named;
			index->headers = (id_set){ NULL, p, h.headers, 1 };
			p += h.headers;
			index->patchids = (id_set){ NULL, p, h.patchids, 2 };
			p += 2 * (gsize)h.patchids;
			index->blobs = (id_set){ NULL, p, h.blobs, 2 };
			p += 2 * (gsize)h.blobs;
			index->picked = (id_set){ NULL, p, h.picked, 2 };
		}
	}
	if (map)
		g_mapped_file_unref(map);
	g_free(name);
	return index;
}

static void save(const sm_git_repo *repo, const char *tree, const contains_index *index)
{
	file_head h = { .tip = index->tip, .base = index->base, .upstream = index->upstream,
	                .with_base = index->with_base, .reach = index->reach.n, .named = index->named.n,
	                .headers = index->headers.n, .patchids = index->patchids.n,
	                .blobs = index->blobs.n, .matched = index->matched,
	                .picked = index->picked.n };
	GByteArray *out = g_byte_array_new();
	g_byte_array_append(out, (const guint8 *)&h, sizeof h);
	const id_set *sets[] = { &index->reach, &index->named, &index->headers, &index->patchids,
	                         &index->blobs, &index->picked };
	for (size_t i = 0; i < G_N_ELEMENTS(sets); i++)
		g_byte_array_append(out, (const guint8 *)sets[i]->ids,
		                    sets[i]->n * sets[i]->width * sizeof(git_oid));
	char *name = cache_name(tree);
	sm_git_cache_store(repo, name, CACHE_KIND, CACHE_VERSION, (const char *)out->data, out->len);
	g_free(name);
	g_byte_array_unref(out);
}

/* Is A the same commit as B, or a descendant of it?  Cheap when A is a
 * little ahead of B, as a branch is after a fetch. */
static gboolean forward_of(git_repository *git, const git_oid *a, const git_oid *b)
{
	return git_oid_equal(a, b) || git_graph_descendant_of(git, a, b) == 1;
}

/* Where the stable branch at TIP left mainline, from mainline's ancestry:
 * back from TIP to the mainline commits it reaches; when one with the
 * highest number is on the first-parent line, every other is its
 * ancestor, so it is the merge base.  Reads only the branch's own
 * commits, where git_merge_base() walks all of mainline since the branch
 * point (390,000 commits for an old kernel branch).  FALSE when it cannot
 * say (then git's merge base is asked). */
static gboolean point_stop(gpointer data, const git_oid *id)
{
	seen_walk *s = data;
	guint32 pos;
	gboolean line;
	if (g_hash_table_contains(s->seen, id))
		return TRUE;
	if (!sm_git_mainline_position(s->repo->mainline, id, &pos, &line))
		return FALSE;
	g_hash_table_add(s->seen, g_memdup2(id, sizeof *id));
	if (!s->found || pos > s->best || (pos == s->best && line)) {
		s->found = TRUE;
		s->best = pos;
		s->on_line = line;
		git_oid_cpy(&s->base, id);
	}
	return TRUE;
}

static gboolean line_branch_point(sm_git_repo *repo, const git_oid *tip, git_oid *base)
{
	seen_walk s;
	seen_walk_init(&s, repo);
	sm_git_walker walker = { .stop = point_stop, .visit = seen_visit,
	                         .data = &s, .what = "walking the stable branch" };
	gboolean ok = sm_git_walk(repo, tip, 1, &walker, NULL);
	g_hash_table_unref(s.seen);
	if (ok && s.found && s.on_line)
		git_oid_cpy(base, &s.base);
	return ok && s.found && s.on_line;
}

static void save_patchids(sm_git_repo *repo);
static gboolean match_mainline(sm_git_repo *repo, contains_index *index,
                               const git_oid *upstream, GError **error);

/* The slot's end (sm_git_repo_on_free): the indexes, and the patch-ids
 * written back. */
static void contains_done(sm_git_repo *repo)
{
	if (repo->contains)
		g_hash_table_unref(repo->contains);
	save_patchids(repo);
	if (repo->patchids)
		g_hash_table_unref(repo->patchids);
}

/* The indexes by tree, made when first needed. */
static GHashTable *contains_table(sm_git_repo *repo)
{
	if (!repo->contains) {
		repo->contains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		                                       contains_index_free);
		sm_git_repo_on_free(repo, contains_done);
	}
	return repo->contains;
}

/* The index for TREE at its current tip, built or brought up to date. */
static contains_index *index_for(sm_git_repo *repo, const char *tree, GError **error)
{
	git_oid tip, upstream, base;
	guint32 pos;
	if (!sm_git_stable(repo, tree, &tip, NULL, error) ||
	    !sm_git_upstream(repo, &upstream, NULL, error) ||
	    !sm_git_followups_update(repo, error))  /* and mainline's ancestry */
		return NULL;
	contains_index *index = g_hash_table_lookup(contains_table(repo), tree);
	if (!index) {
		index = load(repo, tree);
		if (index)
			g_hash_table_insert(repo->contains, g_strdup(tree), index);
	}
	/* An index that left the base's ancestors to mainline's ancestry,
	 * whose base is no longer on the first-parent line (mainline was
	 * rewritten), starts again. */
	if (index && !index->with_base && !base_on_line(repo, index, &pos)) {
		g_hash_table_remove(repo->contains, tree);
		index = NULL;
	}
	if (index && git_oid_equal(&index->tip, &tip) && git_oid_equal(&index->upstream, &upstream))
		return index;

	/* Branches that only moved forward keep their branch point: finding
	 * it again would walk all of mainline since it.  A stable tip that
	 * moved forward adds its new commits; one that was rebased (a queue
	 * branch) or a new branch point starts the index again. */
	gboolean forward = index && forward_of(repo->git, &tip, &index->tip);
	if (forward && forward_of(repo->git, &upstream, &index->upstream))
		git_oid_cpy(&base, &index->base);
	else if (!line_branch_point(repo, &tip, &base) &&
	         !sm_git_branch_point(repo, &tip, &base, error))
		return NULL;
	forward = forward && git_oid_equal(&base, &index->base);
	if (!forward) {
		index = index_new(&base);
		g_hash_table_replace(repo->contains, g_strdup(tree), index);
	}
	if (!git_oid_equal(&index->tip, &tip) && !walk(repo, index, &tip, error)) {
		g_hash_table_remove(repo->contains, tree);
		return NULL;
	}
	git_oid_cpy(&index->tip, &tip);
	git_oid_cpy(&index->upstream, &upstream);
	if (!match_mainline(repo, index, &upstream, error)) {
		g_hash_table_remove(repo->contains, tree);
		return NULL;
	}
	save(repo, tree, index);
	return index;
}

gboolean sm_git_stable_base(sm_git_repo *repo, const char *tree, git_oid *tip,
                            git_oid *base, GError **error)
{
	contains_index *index = index_for(repo, tree, error);
	if (!index)
		return FALSE;
	if (tip)
		git_oid_cpy(tip, &index->tip);
	git_oid_cpy(base, &index->base);
	return TRUE;
}

/* What is known of the upstream commits asked about, kept in the cache
 * file "patchids" as records of four ids: the commit, its header-only
 * patch-id (all zero: it has none, a merge or no change), its patch-id
 * (all zero: not computed, as no branch had its header id) and its blob
 * id, so that no commit's trees or diff are read twice. */
#define PATCHIDS_NAME "patchids"
#define PATCHIDS_KIND "patchids"
#define PATCHIDS_VERSION 3

typedef struct upstream_ids {
	git_oid header, full, blobs;
} upstream_ids;
#define PATCHIDS_RECORD (sizeof(git_oid) + sizeof(upstream_ids))

static GHashTable *patchids(sm_git_repo *repo)
{
	if (repo->patchids)
		return repo->patchids;
	repo->patchids = g_hash_table_new_full((GHashFunc)sm_git_oid_hash,
	                                       (GEqualFunc)git_oid_equal, g_free, g_free);
	sm_git_repo_on_free(repo, contains_done);
	gsize len = 0;
	char *data = sm_git_cache_load(repo, PATCHIDS_NAME, PATCHIDS_KIND, PATCHIDS_VERSION,
	                               &len, NULL);
	for (gsize at = 0; data && at + PATCHIDS_RECORD <= len; at += PATCHIDS_RECORD)
		g_hash_table_insert(repo->patchids, g_memdup2(data + at, sizeof(git_oid)),
		                    g_memdup2(data + at + sizeof(git_oid), sizeof(upstream_ids)));
	g_free(data);
	return repo->patchids;
}

/* Write what is known of the commits asked about. */
static void save_patchids(sm_git_repo *repo)
{
	if (!repo->patchids || !repo->patchids_dirty)
		return;
	GHashTableIter it;
	gpointer key, value;
	GByteArray *out = g_byte_array_new();
	g_hash_table_iter_init(&it, repo->patchids);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		g_byte_array_append(out, key, sizeof(git_oid));
		g_byte_array_append(out, value, sizeof(upstream_ids));
	}
	if (sm_git_cache_store(repo, PATCHIDS_NAME, PATCHIDS_KIND, PATCHIDS_VERSION,
	                       (const char *)out->data, out->len))
		repo->patchids_dirty = FALSE;
	g_byte_array_unref(out);
}

/* UPSTREAM's record, its header-only id and blob id computed (no file
 * read). */
static upstream_ids *upstream_record(sm_git_repo *repo, const git_oid *upstream)
{
	GHashTable *table = patchids(repo);
	upstream_ids *known = g_hash_table_lookup(table, upstream);
	if (!known) {
		git_commit *commit = NULL;
		known = g_new0(upstream_ids, 1);  /* all zero: it has none */
		if (git_commit_lookup(&commit, repo->git, upstream) == 0)
			sm_git_patch_ids(repo->git, commit, &known->header, &known->blobs, NULL);
		git_commit_free(commit);
		g_hash_table_insert(table, g_memdup2(upstream, sizeof *upstream), known);
		repo->patchids_dirty = TRUE;
	}
	return known;
}

/* The branch's commit with UPSTREAM's change (the first by id), as git
 * cherry finds it: the header-only ids first, and UPSTREAM's patch-id only
 * when one of the branch's commits touches the same files: a branch
 * commit's when it makes the same diff (the same blob id: a pick onto the
 * same files, where diffing a large file would take milliseconds), or
 * else from a diff.  NULL when there is none. */
static const git_oid *same_change(sm_git_repo *repo, contains_index *index,
                                  const git_oid *upstream)
{
	if (!index->headers.n)
		return NULL;
	upstream_ids *known = upstream_record(repo, upstream);
	if (git_oid_is_zero(&known->header) || !has(&index->headers, &known->header))
		return NULL;
	const git_oid *same = find(&index->blobs, &known->blobs);
	if (git_oid_is_zero(&known->full) && same) {
		git_oid_cpy(&known->full, &same[1]);
		repo->patchids_dirty = TRUE;
	} else if (git_oid_is_zero(&known->full)) {
		git_commit *commit = NULL;
		if (git_commit_lookup(&commit, repo->git, upstream) < 0 ||
		    !sm_git_patch_ids(repo->git, commit, &known->header, &known->blobs, &known->full))
			memset(known, 0, sizeof *known);  /* it cannot be read: none */
		git_commit_free(commit);
		repo->patchids_dirty = TRUE;
	}
	const git_oid *pair = git_oid_is_zero(&known->full) ? NULL
	                                                    : find(&index->patchids, &known->full);
	return pair ? &pair[1] : NULL;
}

/* The header-only ids of mainline's commits, made once for every branch:
 * the cache file "mainline-headers", records of two ids (the commit and
 * its header-only id, all zero when it has none), sorted by commit, of
 * every commit of mainline at TIP numbered above SINCE. */
#define HEADERS_NAME "mainline-headers"
#define HEADERS_KIND "mainline-headers"
#define HEADERS_VERSION 1
/* The most header ids one build makes: 0.17 ms of processor each on
 * samba, 0.12 ms on the kernel-shaped history, so at most 4-6 s once; a
 * branch point further back than that is left unmatched (at kernel scale
 * 5.4's, 390,000 mainline commits back: 48 s of processor, 298 MiB). */
#define HEADERS_BUDGET 32768

typedef struct headers_head {
	git_oid tip;
	guint32 since, n;
} headers_head;

typedef struct mainline_headers {
	GMappedFile *map;   /* the file the records are in, or NULL */
	GArray *owned;      /* the records made now, or NULL */
	const git_oid *recs;
	guint n;
} mainline_headers;

static void headers_free(mainline_headers *h)
{
	if (h->map)
		g_mapped_file_unref(h->map);
	if (h->owned)
		g_array_unref(h->owned);
	*h = (mainline_headers){ 0 };
}

/* The records of every commit of mainline (at TIP) numbered above SINCE
 * into *OUT: from the file when it has them, else with the header ids of
 * the commits it lacks read now (their trees, no file) and the file
 * written again.  Every commit's are read once for every branch.  None
 * (OUT->recs NULL) when more than HEADERS_BUDGET are lacking.  FALSE and
 * ERROR when cancelled. */
static gboolean headers_since(sm_git_repo *repo, const git_oid *tip, guint32 since,
                              mainline_headers *out, GError **error)
{
	*out = (mainline_headers){ 0 };
	gsize len = 0;
	const char *data = NULL;
	out->map = sm_git_cache_map(repo, HEADERS_NAME, HEADERS_KIND, HEADERS_VERSION, &data, &len,
	                            NULL);
	headers_head h = { 0 };
	if (out->map && len >= sizeof h) {
		memcpy(&h, data, sizeof h);
		if (len == sizeof h + 2 * (gsize)h.n * sizeof(git_oid)) {
			out->recs = (const git_oid *)(data + sizeof h);
			out->n = h.n;
		}
	}
	if (out->recs && git_oid_equal(&h.tip, tip) && h.since <= since)
		return TRUE;
	if (out->recs)
		since = MIN(since, h.since);  /* an older branch's too */
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(git_oid));
	sm_git_mainline_since(repo->mainline, since, ids);
	guint lacking = 0;
	for (guint i = 0; i < ids->len && lacking <= HEADERS_BUDGET; i++)
		lacking += !out->n || !bsearch(&g_array_index(ids, git_oid, i), out->recs, out->n,
		                               2 * sizeof(git_oid), oid_order);
	if (lacking > HEADERS_BUDGET) {
		g_array_unref(ids);
		headers_free(out);
		return TRUE;
	}
	GArray *recs = g_array_sized_new(FALSE, FALSE, 2 * sizeof(git_oid), ids->len);
	gboolean ok = TRUE;
	guint made = 0;
	for (guint i = 0; ok && i < ids->len; i++) {
		git_oid r[2];
		git_oid_cpy(&r[0], &g_array_index(ids, git_oid, i));
		const git_oid *old = out->n ? bsearch(&r[0], out->recs, out->n, 2 * sizeof(git_oid),
		                                      oid_order)
		                            : NULL;
		memset(&r[1], 0, sizeof r[1]);
		if (old) {
			git_oid_cpy(&r[1], &old[1]);
		} else {
			git_commit *commit = NULL;
			if (git_commit_lookup(&commit, repo->git, &r[0]) == 0)
				sm_git_patch_ids(repo->git, commit, &r[1], NULL, NULL);
			git_commit_free(commit);
			if (++made % 1024 == 0) {
				sm_git_progress(repo, 1024);
				ok = !sm_git_cancelled(repo, error);
			}
		}
		g_array_append_vals(recs, r, 1);
	}
	g_array_unref(ids);
	g_array_sort(recs, oid_order);
	headers_free(out);
	if (!ok) {
		g_array_unref(recs);
		return FALSE;
	}
	h = (headers_head){ .since = since, .n = recs->len };
	git_oid_cpy(&h.tip, tip);
	GByteArray *file = g_byte_array_sized_new(sizeof h + recs->len * 2 * sizeof(git_oid));
	g_byte_array_append(file, (const guint8 *)&h, sizeof h);
	g_byte_array_append(file, (const guint8 *)recs->data, recs->len * 2 * sizeof(git_oid));
	sm_git_cache_store(repo, HEADERS_NAME, HEADERS_KIND, HEADERS_VERSION,
	                   (const char *)file->data, file->len);
	g_byte_array_unref(file);
	out->owned = recs;
	out->recs = (const git_oid *)recs->data;
	out->n = recs->len;
	return TRUE;
}

/* Find now, at the build, the mainline commits since the branch point
 * (at UPSTREAM) that the branch's line-less commits make: those with the
 * header id of one of them, diffed as a look-up would (same_change()).
 * A later look-up of any mainline commit is then binary searches, where
 * a first look-up read its trees and maybe diffed large files (1-70 ms
 * on samba for 1-3% of them).  Left unmatched (a look-up reads them as
 * before) when the branch point is off mainline's first-parent line or
 * too far back (HEADERS_BUDGET).
 * FALSE and ERROR when cancelled. */
static gboolean match_mainline(sm_git_repo *repo, contains_index *index,
                               const git_oid *upstream, GError **error)
{
	GArray *picked = own(&index->picked);
	g_array_set_size(picked, 0);
	index->matched = FALSE;
	guint32 base, pos;
	if (index->headers.n && !index->with_base && base_on_line(repo, index, &base)) {
		mainline_headers h;
		if (!headers_since(repo, upstream, base, &h, error))
			return FALSE;
		for (guint i = 0; h.recs && i < h.n; i++) {
			const git_oid *r = &h.recs[2 * i], *holder;
			if (git_oid_is_zero(&r[1]) || !has(&index->headers, &r[1]) ||
			    !sm_git_mainline_position(repo->mainline, r, &pos, NULL) || pos <= base ||
			    !(holder = same_change(repo, index, r)))
				continue;
			git_oid pair[2];
			git_oid_cpy(&pair[0], r);
			git_oid_cpy(&pair[1], holder);
			g_array_append_vals(picked, pair, 1);
		}
		index->matched = h.recs != NULL;
		headers_free(&h);
	}
	finish(&index->picked);
	return TRUE;
}

gboolean sm_git_contains_as(sm_git_repo *repo, const char *tree, const git_oid *upstream,
                            gboolean *present, git_oid *as, GError **error)
{
	contains_index *index = index_for(repo, tree, error);
	if (!index)
		return FALSE;
	const git_oid *pair = NULL, *holder = NULL;
	guint32 pos;
	*present = reaches(repo, index, upstream);
	if (*present)
		holder = upstream;
	else if ((pair = find(&index->named, upstream)))
		holder = &pair[1];
	else if (index->matched && sm_git_mainline_position(repo->mainline, upstream, &pos, NULL))
		holder = (pair = find(&index->picked, upstream)) ? &pair[1] : NULL;
	else
		holder = same_change(repo, index, upstream);
	*present = holder != NULL;
	if (holder && as)
		git_oid_cpy(as, holder);
	return TRUE;
}

gboolean sm_git_contains(sm_git_repo *repo, const char *tree,
                         const git_oid *upstream, gboolean *present,
                         GError **error)
{
	return sm_git_contains_as(repo, tree, upstream, present, NULL, error);
}
