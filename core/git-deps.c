/* git-deps.c - candidate prerequisites of a conflicting backport. */
#include <string.h>
#include "git-deps.h"
#include "git-contains.h"
#include "git-repo-private.h"
#include "git-status.h"

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

/* The old-side ranges of the hunks turning OLD into NEW (either may be
 * NULL for a missing side), in a new array of range. */
static GArray *hunks(const git_blob *old, const char *old_path,
                     const git_blob *new, const char *new_path)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(range));
	git_diff_options opts;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	git_patch *patch = NULL;
	if (git_patch_from_blobs(&patch, old, old_path, new, new_path, &opts) == 0) {
		for (size_t i = 0; i < git_patch_num_hunks(patch); i++) {
			const git_diff_hunk *h;
			size_t lines;
			if (git_patch_get_hunk(&h, &lines, patch, i) == 0) {
				range r = hunk_range(h);
				g_array_append_val(out, r);
			}
		}
	}
	git_patch_free(patch);
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

typedef struct blame_job {
	git_repository *git;
	git_oid newest;   /* the upstream commit's parent */
	git_oid oldest;   /* where the stable branch left mainline */
	GHashTable *seen; /* id -> sm_dependency* in deps */
	GPtrArray *deps;
} blame_job;

/* Blame lines R of PATH in the parent: each commit since the branch point
 * that last changed one of them is a candidate. */
static void blame_lines(blame_job *job, const char *path, const char *shown, range r)
{
	git_blame_options opts;
	git_blame_options_init(&opts, GIT_BLAME_OPTIONS_VERSION);
	git_oid_cpy(&opts.newest_commit, &job->newest);
	git_oid_cpy(&opts.oldest_commit, &job->oldest);
	opts.min_line = r.first;
	opts.max_line = r.last;
	git_blame *blame = NULL;
	if (git_blame_file(&blame, job->git, path, &opts) < 0) {
		/* Lines past the end of the file (an insertion at its end). */
		opts.max_line = opts.min_line = r.first > 1 ? r.first - 1 : 1;
		if (git_blame_file(&blame, job->git, path, &opts) < 0)
			return;
	}
	for (uint32_t i = 0; i < git_blame_get_hunk_count(blame); i++) {
		const git_blame_hunk *h = git_blame_get_hunk_byindex(blame, i);
		if (!h->boundary && !git_oid_equal(&h->final_commit_id, &job->oldest))
			add_blamed(job->seen, job->deps, &h->final_commit_id, shown);
	}
	git_blame_free(blame);
}

static git_blob *entry_blob(git_repository *git, const git_index_entry *e)
{
	git_blob *blob = NULL;
	if (e)
		git_blob_lookup(&blob, git, &e->id);
	return blob;
}

/* One conflicted file: the upstream hunks that touch the stable tree's
 * changes are the conflicting ones; blame what they change. */
static void blame_conflict(blame_job *job, const git_index_entry *ancestor,
                           const git_index_entry *ours, const git_index_entry *theirs)
{
	if (!ancestor)
		return;  /* added on both sides: nothing older to blame */
	git_blob *base = entry_blob(job->git, ancestor);
	git_blob *stable = entry_blob(job->git, ours);
	git_blob *picked = entry_blob(job->git, theirs);
	const char *shown = ours ? ours->path : ancestor->path;
	GArray *changes = hunks(base, ancestor->path, picked, theirs ? theirs->path : NULL);
	GArray *stable_changes = ours ? hunks(base, ancestor->path, stable, ours->path) : NULL;
	for (guint i = 0; i < changes->len; i++) {
		range c = g_array_index(changes, range, i);
		/* The stable tree lost the file: every hunk is in conflict. */
		gboolean conflicting = !stable_changes;
		for (guint j = 0; stable_changes && j < stable_changes->len && !conflicting; j++)
			conflicting = touches(c, g_array_index(stable_changes, range, j));
		if (conflicting)
			blame_lines(job, ancestor->path, shown, c);
	}
	if (stable_changes)
		g_array_unref(stable_changes);
	g_array_unref(changes);
	git_blob_free(base);
	git_blob_free(stable);
	git_blob_free(picked);
}

/* Candidates by blame for COMMIT on TREE. */
static gboolean blamed(sm_git_repo *repo, git_commit *commit, const char *tree,
                       GHashTable *seen, GPtrArray *deps, GError **error)
{
	git_commit *ours = NULL;
	git_index *index = NULL;
	git_oid tip_id;
	const git_oid *tip = &tip_id;
	blame_job job = { .git = repo->git, .seen = seen, .deps = deps };
	if (!sm_git_stable_base(repo, tree, &tip_id, &job.oldest, error))
		return FALSE;
	if (git_commit_parentcount(commit) == 0)
		return TRUE;
	git_oid_cpy(&job.newest, git_commit_parent_id(commit, 0));
	if (git_commit_lookup(&ours, repo->git, tip) < 0 ||
	    sm_git_cherrypick_index(&index, repo->git, commit, ours) < 0) {
		git_commit_free(ours);
		return sm_git_fail(error, SM_GIT_ERROR_FAILED, "cherry-pick");
	}
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *ancestor, *stable, *picked;
	if (git_index_conflict_iterator_new(&it, index) == 0) {
		while (git_index_conflict_next(&ancestor, &stable, &picked, it) == 0)
			blame_conflict(&job, ancestor, stable, picked);
		git_index_conflict_iterator_free(it);
	}
	git_index_free(index);
	git_commit_free(ours);
	return TRUE;
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

void sm_git_dependencies_status(GPtrArray *deps, const sm_group *group,
                                const char *tree)
{
	for (guint i = 0; i < deps->len; i++) {
		sm_dependency *d = deps->pdata[i];
		d->status = sm_git_tree_status(group, d->id, tree);
	}
}
