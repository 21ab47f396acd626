/* git-contains.c - index a stable branch's backports by upstream id. */
#include <string.h>
#include "git-contains.h"
#include "git-repo-private.h"

#define CACHE_HEADER "stablemate-contains 2"
/* How wrong a committer's clock may be: an ancestor is never taken to be
 * this much younger than its descendant. */
#define CLOCK_SLACK (24 * 3600)

typedef struct contains_index {
	git_oid tip;
	git_oid base;
	git_oid upstream; /* the mainline tip the base was found with */
	GHashTable *ids;  /* hex of every commit since the base, and of every
	                     upstream id those commits name -> NULL */
	GHashTable *before; /* hex -> GINT_TO_POINTER(1 + is it an ancestor
	                       of the base), answers of before_branch() */
} contains_index;

void sm_git_contains_index_free(gpointer data)
{
	contains_index *index = data;
	if (!index)
		return;
	g_hash_table_unref(index->ids);
	g_hash_table_unref(index->before);
	g_free(index);
}

static contains_index *index_new(const git_oid *base)
{
	contains_index *index = g_new0(contains_index, 1);
	git_oid_cpy(&index->base, base);
	index->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	index->before = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return index;
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

/* Add the commits from TIP back to (not including) the index's base and
 * HIDE (may be NULL), and the upstream ids they name. */
static gboolean walk(sm_git_repo *repo, contains_index *index,
                     const git_oid *tip, const git_oid *hide, GError **error)
{
	git_repository *git = repo->git;
	git_revwalk *walker = NULL;
	if (git_revwalk_new(&walker, git) < 0 || git_revwalk_push(walker, tip) < 0 ||
	    git_revwalk_hide(walker, &index->base) < 0 ||
	    (hide && git_revwalk_hide(walker, hide) < 0)) {
		git_revwalk_free(walker);
		return sm_git_fail(error, SM_GIT_ERROR_FAILED, "walking the stable branch");
	}
	git_oid oid;
	int rc;
	guint n = 0;
	while ((rc = git_revwalk_next(&oid, walker)) == 0) {
		git_commit *commit = NULL;
		if (++n % 1024 == 0 && sm_git_cancelled(repo, error)) {
			git_revwalk_free(walker);
			return FALSE;
		}
		if (git_commit_lookup(&commit, git, &oid) < 0)
			break;
		g_hash_table_add(index->ids, sm_git_hex(&oid));
		char **ids = sm_git_upstream_ids(git_commit_message(commit));
		for (char **id = ids; id && *id; id++)
			g_hash_table_add(index->ids, *id);
		g_free(ids); /* the strings now belong to the table */
		git_commit_free(commit);
	}
	git_revwalk_free(walker);
	if (rc != GIT_ITEROVER)
		return sm_git_fail(error, SM_GIT_ERROR_FAILED, "walking the stable branch");
	return TRUE;
}

static char *cache_name(const char *tree)
{
	return g_strconcat("contains-", tree, NULL);
}

static contains_index *load(const sm_git_repo *repo, const char *tree)
{
	char *name = cache_name(tree);
	char *path = sm_git_cache_path(repo, name);
	char **lines = sm_git_cache_read(path, CACHE_HEADER);
	contains_index *index = NULL;
	git_oid tip, base, upstream;
	if (lines && lines[0] && lines[1] && lines[2] &&
	    g_str_has_prefix(lines[0], "tip ") && git_oid_fromstr(&tip, lines[0] + 4) == 0 &&
	    g_str_has_prefix(lines[1], "base ") && git_oid_fromstr(&base, lines[1] + 5) == 0 &&
	    g_str_has_prefix(lines[2], "upstream ") &&
	    git_oid_fromstr(&upstream, lines[2] + 9) == 0) {
		index = index_new(&base);
		git_oid_cpy(&index->tip, &tip);
		git_oid_cpy(&index->upstream, &upstream);
		for (char **l = lines + 3; *l; l++)
			if (sm_git_is_full_hex(*l, strlen(*l)))
				g_hash_table_add(index->ids, g_strdup(*l));
	}
	g_strfreev(lines);
	g_free(path);
	g_free(name);
	return index;
}

static void save(const sm_git_repo *repo, const char *tree, const contains_index *index)
{
	GString *out = g_string_new(CACHE_HEADER "\n");
	char hex[GIT_OID_HEXSZ + 1];
	g_string_append_printf(out, "tip %s\n", git_oid_tostr(hex, sizeof hex, &index->tip));
	g_string_append_printf(out, "base %s\n", git_oid_tostr(hex, sizeof hex, &index->base));
	g_string_append_printf(out, "upstream %s\n",
	                       git_oid_tostr(hex, sizeof hex, &index->upstream));
	GHashTableIter iter;
	gpointer id;
	g_hash_table_iter_init(&iter, index->ids);
	while (g_hash_table_iter_next(&iter, &id, NULL)) {
		g_string_append(out, id);
		g_string_append_c(out, '\n');
	}
	char *name = cache_name(tree);
	char *path = sm_git_cache_path(repo, name);
	sm_git_cache_write(path, out);
	g_free(path);
	g_free(name);
	g_string_free(out, TRUE);
}

/* Is A the same commit as B, or a descendant of it?  Cheap when A is a
 * little ahead of B, as a branch is after a fetch. */
static gboolean forward_of(git_repository *git, const git_oid *a, const git_oid *b)
{
	return git_oid_equal(a, b) || git_graph_descendant_of(git, a, b) == 1;
}

/* The index for TREE at its current tip, built or brought up to date. */
static contains_index *index_for(sm_git_repo *repo, const char *tree, GError **error)
{
	git_oid tip, upstream, base;
	if (!sm_git_stable(repo, tree, &tip, NULL, error) ||
	    !sm_git_upstream(repo, &upstream, NULL, error))
		return NULL;
	contains_index *index = g_hash_table_lookup(repo->contains, tree);
	if (!index) {
		index = load(repo, tree);
		if (index)
			g_hash_table_insert(repo->contains, g_strdup(tree), index);
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
	else if (!sm_git_branch_point(repo, &tip, &base, error))
		return NULL;
	forward = forward && git_oid_equal(&base, &index->base);
	if (!forward) {
		index = index_new(&base);
		g_hash_table_replace(repo->contains, g_strdup(tree), index);
	}
	if (!git_oid_equal(&index->tip, &tip) &&
	    !walk(repo, index, &tip, forward ? &index->tip : NULL, error)) {
		g_hash_table_remove(repo->contains, tree);
		return NULL;
	}
	git_oid_cpy(&index->tip, &tip);
	git_oid_cpy(&index->upstream, &upstream);
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

static gint64 commit_time(git_repository *git, const git_oid *id)
{
	git_commit *commit = NULL;
	gint64 t = git_commit_lookup(&commit, git, id) == 0 ? git_commit_time(commit) : -1;
	git_commit_free(commit);
	return t;
}

/* Is UPSTREAM the branch point or one of its ancestors?  Not by
 * git_graph_descendant_of(): its merge-base search walks mainline back
 * from UPSTREAM, which is tens of thousands of commits on a kernel.  This
 * walks back from the branch point in time order, only as far as
 * UPSTREAM's date, and not at all for the usual case of a commit made
 * after the branch point. */
static gboolean before_branch(git_repository *git, contains_index *index,
                              const git_oid *upstream, const char *hex)
{
	if (git_oid_equal(&index->base, upstream))
		return TRUE;
	gpointer known = g_hash_table_lookup(index->before, hex);
	if (known)
		return GPOINTER_TO_INT(known) - 1;
	gint64 when = commit_time(git, upstream);
	gboolean found = FALSE;
	git_revwalk *walker = NULL;
	git_oid oid;
	if (when >= 0 && when <= commit_time(git, &index->base) + CLOCK_SLACK &&
	    git_revwalk_new(&walker, git) == 0 &&
	    git_revwalk_sorting(walker, GIT_SORT_TIME) == 0 &&
	    git_revwalk_push(walker, &index->base) == 0) {
		while (!found && git_revwalk_next(&oid, walker) == 0) {
			found = git_oid_equal(&oid, upstream);
			if (commit_time(git, &oid) + CLOCK_SLACK < when)
				break;
		}
	}
	git_revwalk_free(walker);
	g_hash_table_insert(index->before, g_strdup(hex), GINT_TO_POINTER(found + 1));
	return found;
}

gboolean sm_git_contains(sm_git_repo *repo, const char *tree,
                         const git_oid *upstream, gboolean *present,
                         GError **error)
{
	contains_index *index = index_for(repo, tree, error);
	if (!index)
		return FALSE;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, upstream);
	*present = g_hash_table_contains(index->ids, hex) ||
	           before_branch(repo->git, index, upstream, hex);
	return TRUE;
}
