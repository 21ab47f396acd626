/* git-contains.c - index a stable branch's backports by upstream id. */
#include <string.h>
#include "git-contains.h"
#include "git-repo-private.h"

#define CACHE_HEADER "stablemate-contains 1"
/* A commit made this long after the branch point cannot be an ancestor of
 * it, even allowing for committers' clocks being wrong; checking the graph
 * instead would walk all of mainline since the branch point. */
#define CLOCK_SLACK (7 * 24 * 3600)

typedef struct contains_index {
	git_oid tip;
	git_oid base;
	GHashTable *ids;  /* hex of every commit since the base, and of every
	                     upstream id those commits name -> NULL */
} contains_index;

void sm_git_contains_index_free(gpointer data)
{
	contains_index *index = data;
	if (!index)
		return;
	g_hash_table_unref(index->ids);
	g_free(index);
}

static contains_index *index_new(const git_oid *base)
{
	contains_index *index = g_new0(contains_index, 1);
	git_oid_cpy(&index->base, base);
	index->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
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
	git_oid tip, base;
	if (lines && lines[0] && lines[1] &&
	    g_str_has_prefix(lines[0], "tip ") && git_oid_fromstr(&tip, lines[0] + 4) == 0 &&
	    g_str_has_prefix(lines[1], "base ") && git_oid_fromstr(&base, lines[1] + 5) == 0) {
		index = index_new(&base);
		git_oid_cpy(&index->tip, &tip);
		for (char **l = lines + 2; *l; l++)
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

/* The index for TREE at its current tip, built or brought up to date. */
static contains_index *index_for(sm_git_repo *repo, const char *tree, GError **error)
{
	git_oid tip, base;
	if (!sm_git_stable(repo, tree, &tip, NULL, error) ||
	    !sm_git_branch_point(repo, &tip, &base, error))
		return NULL;
	contains_index *index = g_hash_table_lookup(repo->contains, tree);
	if (!index) {
		index = load(repo, tree);
		if (index)
			g_hash_table_insert(repo->contains, g_strdup(tree), index);
	}
	if (index && git_oid_equal(&index->tip, &tip) && git_oid_equal(&index->base, &base))
		return index;

	/* A tip that moved forward adds its new commits; one that was rebased
	 * (a queue branch) or a new branch point starts again. */
	gboolean forward = index && git_oid_equal(&index->base, &base) &&
	                   git_graph_descendant_of(repo->git, &tip, &index->tip) == 1;
	if (!forward) {
		index = index_new(&base);
		g_hash_table_replace(repo->contains, g_strdup(tree), index);
	}
	if (!walk(repo, index, &tip, forward ? &index->tip : NULL, error)) {
		g_hash_table_remove(repo->contains, tree);
		return NULL;
	}
	git_oid_cpy(&index->tip, &tip);
	save(repo, tree, index);
	return index;
}

/* Is UPSTREAM the branch point or one of its ancestors? */
static gboolean before_branch(git_repository *git, const git_oid *base,
                              const git_oid *upstream)
{
	if (git_oid_equal(base, upstream))
		return TRUE;
	git_commit *a = NULL, *b = NULL;
	gboolean maybe = git_commit_lookup(&a, git, upstream) == 0 &&
	                 git_commit_lookup(&b, git, base) == 0 &&
	                 git_commit_time(a) <= git_commit_time(b) + CLOCK_SLACK;
	git_commit_free(a);
	git_commit_free(b);
	return maybe && git_graph_descendant_of(git, base, upstream) == 1;
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
	           before_branch(repo->git, &index->base, upstream);
	return TRUE;
}
