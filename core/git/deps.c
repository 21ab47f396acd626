/* git/deps.c - candidate prerequisites of a conflicting backport. */
#include <string.h>
#include "deps.h"
#include "private.h"
#include "contains.h"
#include "repo-private.h"
#include "status.h"

static void dependency_free(gpointer data)
{
	sm_dependency *d = data;
	g_free(d->subject);
	g_strfreev(d->paths);
	g_free(d);
}

static GPtrArray *dependency_array(void)
{
	return g_ptr_array_new_with_free_func(dependency_free);
}

/* "1adedf6271a6 ("net: foo: store setup values in a table")" */
static sm_dependency *parse_dependency_line(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	size_t n = strspn(line, "0123456789abcdefABCDEF");
	if (n < 12 || n > GIT_OID_HEXSZ || line[n] != ' ')
		return NULL;
	const char *open = strstr(line + n, "(\"");
	const char *close = strrchr(line + n, '"');
	if (!open || close <= open + 1 || close[1] != ')')
		return NULL;
	sm_dependency *d = g_new0(sm_dependency, 1);
	char *id = g_ascii_strdown(line, n);
	g_strlcpy(d->id, id, sizeof d->id);
	g_free(id);
	d->subject = g_strndup(open + 2, close - open - 2);
	d->sources = SM_DEP_NOTICE;
	d->paths = g_new0(char *, 1);
	return d;
}

GPtrArray *sm_git_notice_dependencies(const char *body)
{
	GPtrArray *deps = dependency_array();
	const char *start = body ? strstr(body, "\nPossible dependencies:") : NULL;
	if (!start)
		return deps;
	char **lines = g_strsplit(start + 1, "\n", -1);
	/* The list runs from the heading to the first line that is not one;
	 * blank lines may come before it. */
	for (char **l = lines + 1; *l; l++) {
		char *line = g_strchomp(*l);
		if (!*line && deps->len == 0)
			continue;
		sm_dependency *d = parse_dependency_line(line);
		if (!d)
			break;
		g_ptr_array_add(deps, d);
	}
	g_strfreev(lines);
	return deps;
}

/* A closed range of lines [first, last] in the common ancestor's file. */
typedef struct range {
	size_t first, last;
} range;

static range hunk_range(const git_diff_hunk *h)
{
	/* A pure insertion after line N touches N and N+1. */
	if (h->old_lines == 0)
		return (range){ h->old_start ? h->old_start : 1, h->old_start + 1 };
	return (range){ h->old_start, h->old_start + h->old_lines - 1 };
}

/* The zero-context hunks turning OLD into NEW (either may be NULL for a
 * missing side), in a new array of git_diff_hunk. */
static GArray *diff_hunks(const git_blob *old, const git_blob *new)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(git_diff_hunk));
	git_diff_options opts;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	git_patch *patch = NULL;
	if (git_patch_from_blobs(&patch, old, NULL, new, NULL, &opts) == 0) {
		for (size_t i = 0; i < git_patch_num_hunks(patch); i++) {
			const git_diff_hunk *h;
			size_t lines;
			if (git_patch_get_hunk(&h, &lines, patch, i) == 0)
				g_array_append_val(out, *h);
		}
	}
	git_patch_free(patch);
	return out;
}

/* The old-side ranges of those hunks, in a new array of range. */
static GArray *hunks(const git_blob *old, const git_blob *new)
{
	GArray *raw = diff_hunks(old, new);
	GArray *out = g_array_new(FALSE, FALSE, sizeof(range));
	for (guint i = 0; i < raw->len; i++) {
		range r = hunk_range(&g_array_index(raw, git_diff_hunk, i));
		g_array_append_val(out, r);
	}
	g_array_unref(raw);
	return out;
}

static gboolean touches(range a, range b)
{
	return a.first <= b.last + 1 && b.first <= a.last + 1;
}

/* Add (or update) the candidate ID, found by blaming PATH. */
static void add_blamed(GHashTable *seen, GPtrArray *deps, const git_oid *id,
                       const char *path)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, id);
	sm_dependency *d = g_hash_table_lookup(seen, hex);
	if (!d) {
		d = g_new0(sm_dependency, 1);
		memcpy(d->id, hex, sizeof d->id);
		d->paths = g_new0(char *, 1);
		g_ptr_array_add(deps, d);
		g_hash_table_insert(seen, d->id, d);
	}
	d->sources |= SM_DEP_BLAME;
	if (!g_strv_contains((const char *const *)d->paths, path)) {
		guint n = g_strv_length(d->paths);
		d->paths = g_renew(char *, d->paths, n + 2);
		d->paths[n] = g_strdup(path);
		d->paths[n + 1] = NULL;
	}
}

/* ---- blame, for the conflicting lines only ----
 *
 * Not git_blame_file(): it blames every line of the file back through
 * all of its history (tens of seconds on a long one).  What is wanted is
 * narrower: of the lines the conflicting hunks change, those that mainline
 * changed since the branch point, and the commits that last changed them.
 * So: one diff between the branch point's file and the parent's drops
 * every line the branch already has (usually nearly all of them); the
 * rest are followed back through the file's history, commit by commit
 * (through the parent with the same file when there is one, as git blame
 * does, which skips whole merged branches), until each is attributed to
 * the commit that wrote it. */

typedef struct blame_job {
	git_repository *git;
	sm_git_repo *repo;
	git_oid newest;   /* the upstream commit's parent */
	git_oid oldest;   /* where the stable branch left mainline */
	gint64 oldest_time;
	GHashTable *seen; /* id -> sm_dependency* in deps */
	GPtrArray *deps;
	guint steps;      /* commits looked at, for the cost figures */
} blame_job;

static git_blob *entry_blob(git_repository *git, const git_index_entry *e)
{
	git_blob *blob = NULL;
	if (e)
		git_blob_lookup(&blob, git, &e->id);
	return blob;
}

/* How wrong a committer's clock may be. */
#define CLOCK_SLACK (24 * 3600)

/* The blob at PATH in COMMIT, into OUT; FALSE when there is none. */
static gboolean blob_at(git_commit *commit, const char *path, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	gboolean ok = git_commit_tree(&tree, commit) == 0 &&
	              git_tree_entry_bypath(&entry, tree, path) == 0 &&
	              git_tree_entry_type(entry) == GIT_OBJECT_BLOB;
	if (ok)
		git_oid_cpy(out, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return ok;
}

/* diff_hunks() of two blobs by id (either may be NULL: missing). */
static GArray *blob_hunks(git_repository *git, const git_oid *old, const git_oid *new)
{
	git_blob *a = NULL, *b = NULL;
	if (old)
		git_blob_lookup(&a, git, old);
	if (new)
		git_blob_lookup(&b, git, new);
	GArray *out = diff_hunks(a, b);
	git_blob_free(a);
	git_blob_free(b);
	return out;
}

/* Line N of the new side in the old side, or 0 when the hunks wrote it. */
static guint old_line(const GArray *hunks, guint n)
{
	long shift = 0;
	for (guint i = 0; i < hunks->len; i++) {
		const git_diff_hunk *h = &g_array_index(hunks, git_diff_hunk, i);
		if (h->new_lines > 0 && n >= (guint)h->new_start &&
		    n < (guint)(h->new_start + h->new_lines))
			return 0;
		gboolean before = h->new_lines == 0 ? (guint)h->new_start < n
		                                    : (guint)(h->new_start + h->new_lines) <= n;
		if (!before)
			break;
		shift += h->new_lines - h->old_lines;
	}
	return (guint)((long)n - shift);
}

/* Lines of one version of the file still to attribute. */
typedef struct suspect {
	git_oid commit;
	git_oid blob;
	gint64 time;
	GArray *lines;  /* guint line numbers in this version */
} suspect;

static void suspect_free(gpointer data)
{
	suspect *s = data;
	g_array_unref(s->lines);
	g_free(s);
}

/* Hand LINES of the file (blob BLOB) to COMMIT, merging with what it has. */
static void hand_to(blame_job *job, GHashTable *suspects, git_commit *commit,
                    const git_oid *blob, GArray *lines)
{
	suspect *s = g_hash_table_lookup(suspects, git_commit_id(commit));
	if (!s) {
		s = g_new0(suspect, 1);
		git_oid_cpy(&s->commit, git_commit_id(commit));
		git_oid_cpy(&s->blob, blob);
		s->time = git_commit_time(commit);
		s->lines = g_array_new(FALSE, FALSE, sizeof(guint));
		g_hash_table_insert(suspects, &s->commit, s);
	}
	(void)job;
	g_array_append_vals(s->lines, lines->data, lines->len);
}

static suspect *newest_suspect(GHashTable *suspects)
{
	suspect *best = NULL;
	GHashTableIter it;
	gpointer value;
	g_hash_table_iter_init(&it, suspects);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		suspect *s = value;
		if (!best || s->time > best->time)
			best = s;
	}
	return best;
}

/* Follow LINES (of PATH as in the parent, blob START) back to the commits
 * that wrote them, adding those as candidates for SHOWN. */
static void attribute(blame_job *job, const char *path, const char *shown,
                      const git_oid *start, GArray *lines)
{
	GHashTable *suspects = g_hash_table_new_full((GHashFunc)sm_git_oid_hash,
	                                             (GEqualFunc)git_oid_equal, NULL, suspect_free);
	git_commit *first = NULL;
	if (git_commit_lookup(&first, job->git, &job->newest) == 0)
		hand_to(job, suspects, first, start, lines);
	git_commit_free(first);
	suspect *s;
	while ((s = newest_suspect(suspects))) {
		g_hash_table_steal(suspects, &s->commit);
		git_commit *commit = NULL;
		if (++job->steps % 64 == 0) {
			sm_git_progress(job->repo, 64);
			if (sm_git_cancelled(job->repo, NULL)) {
				suspect_free(s);
				break;
			}
		}
		if (git_oid_equal(&s->commit, &job->oldest) ||
		    s->time + CLOCK_SLACK < job->oldest_time ||
		    git_commit_lookup(&commit, job->git, &s->commit) < 0) {
			suspect_free(s);  /* the branch has these lines */
			continue;
		}
		guint np = git_commit_parentcount(commit);
		git_commit **parents = g_new0(git_commit *, np + 1);
		git_oid *blobs = g_new0(git_oid, np + 1);
		gboolean *there = g_new0(gboolean, np + 1);
		gint same = -1;
		for (guint i = 0; i < np; i++) {
			if (git_commit_parent(&parents[i], commit, i) < 0)
				continue;
			there[i] = blob_at(parents[i], path, &blobs[i]);
			if (same < 0 && there[i] && git_oid_equal(&blobs[i], &s->blob))
				same = i;
		}
		if (same >= 0) {
			hand_to(job, suspects, parents[same], &s->blob, s->lines);
		} else {
			/* Each parent takes the lines it already had; what no
			 * parent had, this commit wrote. */
			GArray *left = g_array_ref(s->lines);
			for (guint i = 0; i < np && left->len; i++) {
				if (!there[i])
					continue;
				GArray *hunks = blob_hunks(job->git, &blobs[i], &s->blob);
				GArray *kept = g_array_new(FALSE, FALSE, sizeof(guint));
				GArray *passed = g_array_new(FALSE, FALSE, sizeof(guint));
				for (guint l = 0; l < left->len; l++) {
					guint n = g_array_index(left, guint, l);
					guint o = old_line(hunks, n);
					if (o)
						g_array_append_val(passed, o);
					else
						g_array_append_val(kept, n);
				}
				if (passed->len)
					hand_to(job, suspects, parents[i], &blobs[i], passed);
				g_array_unref(passed);
				g_array_unref(hunks);
				g_array_unref(left);
				left = kept;
			}
			if (left->len)
				add_blamed(job->seen, job->deps, &s->commit, shown);
			g_array_unref(left);
		}
		for (guint i = 0; i < np; i++)
			git_commit_free(parents[i]);
		g_free(parents);
		g_free(blobs);
		g_free(there);
		git_commit_free(commit);
		suspect_free(s);
	}
	g_hash_table_unref(suspects);
}

/* One conflicted file: the upstream hunks that touch the stable tree's
 * changes are the conflicting ones; of their lines, those mainline
 * changed since the branch point are followed to who wrote them. */
static void blame_conflict(blame_job *job, git_commit *base,
                           const git_index_entry *ancestor,
                           const git_index_entry *ours, const git_index_entry *theirs)
{
	if (!ancestor)
		return;  /* added on both sides: nothing older to blame */
	git_blob *parent_blob = entry_blob(job->git, ancestor);
	git_blob *stable = entry_blob(job->git, ours);
	git_blob *picked = entry_blob(job->git, theirs);
	const char *shown = ours ? ours->path : ancestor->path;
	GArray *changes = hunks(parent_blob, picked);
	GArray *stable_changes = ours ? hunks(parent_blob, stable) : NULL;
	size_t size = parent_blob ? git_blob_rawsize(parent_blob) : 0;
	const char *text = parent_blob ? git_blob_rawcontent(parent_blob) : "";
	guint nlines = 0;
	for (size_t i = 0; i < size; i++)
		nlines += text[i] == '\n';
	if (size && text[size - 1] != '\n')
		nlines++;
	/* Lines the branch point's file already has are no dependency. */
	git_oid at_base;
	gboolean in_base = blob_at(base, ancestor->path, &at_base);
	GArray *since = in_base ? blob_hunks(job->git, &at_base, &ancestor->id) : NULL;
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; i < changes->len; i++) {
		range c = g_array_index(changes, range, i);
		/* The stable tree lost the file: every hunk is in conflict. */
		gboolean conflicting = !stable_changes;
		for (guint j = 0; stable_changes && j < stable_changes->len && !conflicting; j++)
			conflicting = touches(c, g_array_index(stable_changes, range, j));
		if (!conflicting)
			continue;
		/* An insertion at the end touches the line after the last. */
		for (size_t n = c.first; n <= c.last && n <= nlines; n++) {
			guint line = n;
			if (!since || old_line(since, line) == 0)
				g_array_append_val(lines, line);
		}
		if (c.first > nlines && nlines && (!since || old_line(since, nlines) == 0)) {
			guint line = nlines;
			g_array_append_val(lines, line);
		}
	}
	if (lines->len)
		attribute(job, ancestor->path, shown, &ancestor->id, lines);
	g_array_unref(lines);
	if (since)
		g_array_unref(since);
	if (stable_changes)
		g_array_unref(stable_changes);
	g_array_unref(changes);
	git_blob_free(parent_blob);
	git_blob_free(stable);
	git_blob_free(picked);
}

/* ---- the blamed candidates, cached per (commit, stable tip) ---- */

#define CACHE_NAME "dependencies"
#define CACHE_KIND "dependencies"
#define CACHE_VERSION 1
#define CACHE_KEEP (30 * 24 * 3600)

/* A cache line: "<commit> <tip> <used>[\t<id> <escaped path>]...". */
static char *cached_blame(const sm_git_repo *repo, const char *key)
{
	char **lines = sm_git_cache_lines(repo, CACHE_NAME, CACHE_KIND, CACHE_VERSION);
	char *found = NULL;
	size_t klen = strlen(key);
	for (char **l = lines; l && *l && !found; l++)
		if (strncmp(*l, key, klen) == 0 && (*l)[klen] == ' ')
			found = g_strdup(*l + klen + 1);
	g_strfreev(lines);
	return found;
}

static void store_blame(const sm_git_repo *repo, const char *key, const GString *entry)
{
	char **lines = sm_git_cache_lines(repo, CACHE_NAME, CACHE_KIND, CACHE_VERSION);
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	GString *out = g_string_new(NULL);
	size_t klen = strlen(key);
	for (char **l = lines; l && *l; l++) {
		char **f = g_strsplit(*l, " ", 4);
		gboolean keep = **l && g_strv_length(f) >= 3 &&
		                !(strncmp(*l, key, klen) == 0 && (*l)[klen] == ' ') &&
		                g_ascii_strtoll(f[2], NULL, 10) + CACHE_KEEP >= now;
		if (keep)
			g_string_append_printf(out, "%s\n", *l);
		g_strfreev(f);
	}
	g_string_append_printf(out, "%s %" G_GINT64_FORMAT "%s\n", key, now, entry->str);
	sm_git_cache_store(repo, CACHE_NAME, CACHE_KIND, CACHE_VERSION, out->str, out->len);
	g_string_free(out, TRUE);
	g_strfreev(lines);
}

/* Rebuild the candidates from the cached ENTRY ("<used>\t<id> <path>..."). */
static void restore_blame(const char *entry, GHashTable *seen, GPtrArray *deps)
{
	char **f = g_strsplit(entry, "\t", -1);
	for (char **p = f + (f[0] ? 1 : 0); *p; p++) {
		git_oid id;
		if (strlen(*p) < GIT_OID_HEXSZ + 2 || (*p)[GIT_OID_HEXSZ] != ' ' ||
		    git_oid_fromstrn(&id, *p, GIT_OID_HEXSZ) < 0)
			continue;
		char *path = g_strcompress(*p + GIT_OID_HEXSZ + 1);
		add_blamed(seen, deps, &id, path);
		g_free(path);
	}
	g_strfreev(f);
}

static void record_blame(const GPtrArray *deps, GString *entry)
{
	for (guint i = 0; i < deps->len; i++) {
		const sm_dependency *d = deps->pdata[i];
		for (char **p = d->paths; *p; p++) {
			char *escaped = g_strescape(*p, NULL);
			g_string_append_printf(entry, "\t%s %s", d->id, escaped);
			g_free(escaped);
		}
	}
}

/* Candidates by blame for COMMIT on TREE. */
static gboolean blamed(sm_git_repo *repo, git_commit *commit, const char *tree,
                       GHashTable *seen, GPtrArray *deps, GError **error)
{
	git_commit *ours = NULL, *base = NULL;
	git_index *index = NULL;
	git_oid tip;
	blame_job job = { .git = repo->git, .repo = repo, .seen = seen, .deps = deps };
	if (!sm_git_stable_base(repo, tree, &tip, &job.oldest, error))
		return FALSE;
	if (git_commit_parentcount(commit) == 0)
		return TRUE;
	char hex[GIT_OID_HEXSZ + 1], tip_hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, git_commit_id(commit));
	git_oid_tostr(tip_hex, sizeof tip_hex, &tip);
	char *key = g_strdup_printf("%s %s", hex, tip_hex);
	char *cached = cached_blame(repo, key);
	if (cached) {
		restore_blame(cached, seen, deps);
		g_free(cached);
		g_free(key);
		return TRUE;
	}
	git_oid_cpy(&job.newest, git_commit_parent_id(commit, 0));
	if (git_commit_lookup(&ours, repo->git, &tip) < 0 ||
	    git_commit_lookup(&base, repo->git, &job.oldest) < 0 ||
	    sm_git_cherrypick_index(&index, repo->git, commit, ours) < 0) {
		git_commit_free(ours);
		git_commit_free(base);
		g_free(key);
		return sm_git_fail(error, SM_GIT_ERROR_FAILED, "cherry-pick");
	}
	job.oldest_time = git_commit_time(base);
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *ancestor, *stable, *picked;
	if (git_index_conflict_iterator_new(&it, index) == 0) {
		while (git_index_conflict_next(&ancestor, &stable, &picked, it) == 0)
			blame_conflict(&job, base, ancestor, stable, picked);
		git_index_conflict_iterator_free(it);
	}
	/* A stopped blame is not kept: it would stand for the whole. */
	gboolean ok = !sm_git_cancelled(repo, error);
	if (ok) {
		GString *entry = g_string_new(NULL);
		record_blame(deps, entry);
		store_blame(repo, key, entry);
		g_string_free(entry, TRUE);
	}
	g_free(key);
	git_index_free(index);
	git_commit_free(ours);
	git_commit_free(base);
	return ok;
}

/* Resolve the notice's candidates in the repository and merge them with
 * the blamed ones.  The stable team's list starts with the commit itself,
 * which is no prerequisite of its own. */
static void add_noticed(sm_git_repo *repo, GHashTable *seen, GPtrArray *deps,
                        const char *body, const char *upstream)
{
	GPtrArray *named = sm_git_notice_dependencies(body);
	while (named->len) {
		sm_dependency *d = g_ptr_array_steal_index(named, 0);
		if (g_str_has_prefix(upstream, d->id)) {
			dependency_free(d);
			continue;
		}
		git_commit *commit = sm_git_commit(repo, d->id, NULL);
		if (commit)
			git_oid_tostr(d->id, sizeof d->id, git_commit_id(commit));
		git_commit_free(commit);
		sm_dependency *same = g_hash_table_lookup(seen, d->id);
		if (same) {
			same->sources |= SM_DEP_NOTICE;
			dependency_free(d);
		} else {
			g_ptr_array_add(deps, d);
			g_hash_table_insert(seen, d->id, d);
		}
	}
	g_ptr_array_unref(named);
}

static int oldest_first(gconstpointer a, gconstpointer b)
{
	const sm_dependency *x = *(sm_dependency *const *)a;
	const sm_dependency *y = *(sm_dependency *const *)b;
	if (x->known != y->known)
		return x->known ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Subject, time and presence in TREE, from the repository. */
static void describe(sm_git_repo *repo, const char *tree, sm_dependency *d)
{
	git_oid oid;
	git_commit *commit = NULL;
	if (!sm_git_is_full_hex(d->id, strlen(d->id)) || git_oid_fromstr(&oid, d->id) < 0 ||
	    git_commit_lookup(&commit, repo->git, &oid) < 0)
		return;
	d->known = TRUE;
	d->time = git_commit_time(commit);
	g_free(d->subject);
	d->subject = sm_git_summary(commit);
	git_commit_free(commit);
	if (!sm_git_contains(repo, tree, &oid, &d->present, NULL))
		d->present = FALSE;
}

GPtrArray *sm_git_dependencies(sm_git_repo *repo, const char *upstream,
                               const char *tree, const char *notice_body,
                               GError **error)
{
	git_oid tip;
	if (!sm_git_stable(repo, tree, &tip, NULL, error))
		return NULL;
	git_commit *commit = sm_git_commit(repo, upstream, error);
	if (!commit)
		return NULL;
	GPtrArray *deps = dependency_array();
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	gboolean ok = blamed(repo, commit, tree, seen, deps, error);
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, git_commit_id(commit));
	git_commit_free(commit);
	if (ok) {
		add_noticed(repo, seen, deps, notice_body, hex);
		for (guint i = 0; i < deps->len; i++)
			describe(repo, tree, deps->pdata[i]);
		g_ptr_array_sort(deps, oldest_first);
	}
	g_hash_table_unref(seen);
	if (!ok) {
		g_ptr_array_unref(deps);
		return NULL;
	}
	return deps;
}

GPtrArray *sm_git_dependencies_copy(const GPtrArray *deps)
{
	GPtrArray *out = dependency_array();
	for (guint i = 0; i < deps->len; i++) {
		const sm_dependency *d = deps->pdata[i];
		sm_dependency *c = g_new(sm_dependency, 1);
		*c = *d;
		c->subject = g_strdup(d->subject);
		c->paths = g_strdupv(d->paths);
		g_ptr_array_add(out, c);
	}
	return out;
}

void sm_git_dependencies_status(GPtrArray *deps, const sm_group *group,
                                const char *tree)
{
	for (guint i = 0; i < deps->len; i++) {
		sm_dependency *d = deps->pdata[i];
		d->status = sm_git_tree_status(group, d->id, tree);
	}
}
