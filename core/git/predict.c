/* git/predict.c - cherry-pick in memory, and cache what it says. */
#include <string.h>
#include "predict.h"
#include "repo-private.h"

#define CACHE_NAME "predictions"
#define CACHE_KIND "predictions"
#define CACHE_VERSION 2
#define CACHE_KEEP (30 * 24 * 3600)

static const char *const state_names[SM_PREDICT_COUNT] = {
	[SM_PREDICT_CLEAN] = "clean",
	[SM_PREDICT_CONFLICT] = "conflict",
	[SM_PREDICT_EMPTY] = "empty",
};

const char *sm_predict_state_name(sm_predict_state state)
{
	return state < SM_PREDICT_COUNT ? state_names[state] : "unknown";
}

typedef struct prediction_entry {
	sm_prediction *prediction;
	gint64 used;  /* unix time of the last use, for pruning */
} prediction_entry;

static void entry_free(gpointer data)
{
	prediction_entry *entry = data;
	sm_prediction_free(entry->prediction);
	g_free(entry);
}

void sm_prediction_free(sm_prediction *prediction)
{
	if (!prediction)
		return;
	g_strfreev(prediction->conflicts);
	g_free(prediction);
}

static sm_prediction *sm_prediction_copy(const sm_prediction *prediction)
{
	sm_prediction *copy = g_new(sm_prediction, 1);
	*copy = *prediction;
	copy->conflicts = g_strdupv(prediction->conflicts);
	return copy;
}

/* One cache line: commit tip state used [path\tpath...], paths escaped. */
static gboolean parse_line(const char *line, char **key, prediction_entry **out)
{
	char **f = g_strsplit(line, " ", 5);
	gboolean ok = g_strv_length(f) >= 4 &&
	              sm_git_is_full_hex(f[0], strlen(f[0])) &&
	              sm_git_is_full_hex(f[1], strlen(f[1]));
	sm_predict_state state = SM_PREDICT_COUNT;
	for (int s = 0; ok && s < SM_PREDICT_COUNT; s++)
		if (strcmp(f[2], state_names[s]) == 0)
			state = s;
	if (ok && state != SM_PREDICT_COUNT) {
		sm_prediction *p = g_new0(sm_prediction, 1);
		p->state = state;
		memcpy(p->tip, f[1], GIT_OID_HEXSZ);
		char **paths = f[4] ? g_strsplit(f[4], "\t", -1) : g_new0(char *, 1);
		for (char **path = paths; *path; path++) {
			char *raw = g_strcompress(*path);
			g_free(*path);
			*path = raw;
		}
		p->conflicts = paths;
		*out = g_new0(prediction_entry, 1);
		(*out)->prediction = p;
		(*out)->used = g_ascii_strtoll(f[3], NULL, 10);
		*key = g_strdup_printf("%s %s", f[0], f[1]);
	}
	g_strfreev(f);
	return ok && state != SM_PREDICT_COUNT;
}

/* Add the cache file's entries that TABLE does not have. */
static void merge_file(const sm_git_repo *repo, GHashTable *table)
{
	char **lines = sm_git_cache_lines(repo, CACHE_NAME, CACHE_KIND, CACHE_VERSION);
	for (char **l = lines; l && *l; l++) {
		char *key;
		prediction_entry *entry;
		if (!parse_line(*l, &key, &entry))
			continue;
		if (g_hash_table_contains(table, key)) {
			g_free(key);
			entry_free(entry);
		} else {
			g_hash_table_insert(table, key, entry);
		}
	}
	g_strfreev(lines);
}

static void predictions_done(sm_git_repo *repo);

static GHashTable *predictions(sm_git_repo *repo)
{
	if (!repo->predictions) {
		sm_git_repo_on_free(repo, predictions_done);
		repo->predictions = g_hash_table_new_full(g_str_hash, g_str_equal,
		                                          g_free, entry_free);
		merge_file(repo, repo->predictions);
	}
	return repo->predictions;
}

void sm_git_predict_save(sm_git_repo *repo)
{
	if (!repo->predictions || !repo->predictions_dirty)
		return;
	/* Another process (or thread) may have saved since we read. */
	merge_file(repo, repo->predictions);
	gint64 oldest = g_get_real_time() / G_USEC_PER_SEC - CACHE_KEEP;
	GString *out = g_string_new(NULL);
	GHashTableIter iter;
	gpointer key, value;
	g_hash_table_iter_init(&iter, repo->predictions);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		prediction_entry *entry = value;
		if (entry->used < oldest)
			continue;
		g_string_append_printf(out, "%s %s %" G_GINT64_FORMAT " ", (char *)key,
		                       state_names[entry->prediction->state], entry->used);
		for (char **p = entry->prediction->conflicts; *p; p++) {
			char *escaped = g_strescape(*p, NULL);
			if (p != entry->prediction->conflicts)
				g_string_append_c(out, '\t');
			g_string_append(out, escaped);
			g_free(escaped);
		}
		g_string_append_c(out, '\n');
	}
	if (sm_git_cache_store(repo, CACHE_NAME, CACHE_KIND, CACHE_VERSION, out->str, out->len))
		repo->predictions_dirty = FALSE;
	g_string_free(out, TRUE);
}

/* The slot's end (sm_git_repo_on_free): the answers written back. */
static void predictions_done(sm_git_repo *repo)
{
	if (!repo->predictions)
		return;
	sm_git_predict_save(repo);
	g_hash_table_unref(repo->predictions);
	repo->predictions = NULL;
}

static int compare_paths(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **sm_git_index_conflicts(git_index *index)
{
	GPtrArray *paths = g_ptr_array_new();
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *ancestor, *ours, *theirs;
	if (git_index_conflict_iterator_new(&it, index) == 0) {
		while (git_index_conflict_next(&ancestor, &ours, &theirs, it) == 0) {
			/* Name it as the stable tree does: that is the file the
			 * user will edit. */
			const git_index_entry *e = ours ? ours : theirs ? theirs : ancestor;
			g_ptr_array_add(paths, g_strdup(e->path));
		}
		git_index_conflict_iterator_free(it);
	}
	g_ptr_array_sort(paths, compare_paths);
	for (guint i = 1; i < paths->len;) {
		if (strcmp(paths->pdata[i - 1], paths->pdata[i]) == 0)
			g_free(g_ptr_array_steal_index(paths, i));
		else
			i++;
	}
	g_ptr_array_add(paths, NULL);
	return (char **)g_ptr_array_free(paths, FALSE);
}

/* Does the cherry-picked INDEX change anything on top of OURS? */
static int changes_anything(git_repository *git, git_commit *ours, git_index *index)
{
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	int rc = git_commit_tree(&tree, ours);
	if (rc == 0)
		rc = git_diff_tree_to_index(&diff, git, tree, index, NULL);
	if (rc == 0)
		rc = git_diff_num_deltas(diff) > 0;
	git_diff_free(diff);
	git_tree_free(tree);
	return rc;
}

/* The cherry-pick of COMMIT onto OURS, in memory: a new index. */
int sm_git_cherrypick_index(git_index **out, git_repository *git,
                            git_commit *commit, git_commit *ours)
{
	git_merge_options opts;
	git_merge_options_init(&opts, GIT_MERGE_OPTIONS_VERSION);
	/* A merge is picked against its first parent, as -m 1 does. */
	unsigned int mainline = git_commit_parentcount(commit) > 1 ? 1 : 0;
	return git_cherrypick_commit(out, git, commit, ours, mainline, &opts);
}

gboolean sm_git_predict_full(git_repository *git, git_commit *commit,
                             git_commit *stable, sm_predict_state *state,
                             char ***conflicts, GError **error)
{
	git_index *index = NULL;
	if (sm_git_cherrypick_index(&index, git, commit, stable) < 0)
		return sm_git_fail(error, SM_GIT_ERROR_FAILED, "cherry-pick");
	gboolean ok = TRUE;
	if (git_index_has_conflicts(index)) {
		*state = SM_PREDICT_CONFLICT;
		*conflicts = sm_git_index_conflicts(index);
	} else {
		int changes = changes_anything(git, stable, index);
		*state = changes == 0 ? SM_PREDICT_EMPTY : SM_PREDICT_CLEAN;
		*conflicts = g_new0(char *, 1);
		if (changes < 0) {
			g_clear_pointer(conflicts, g_strfreev);
			ok = sm_git_fail(error, SM_GIT_ERROR_FAILED, "comparing the cherry-pick");
		}
	}
	git_index_free(index);
	return ok;
}

static sm_prediction *compute(git_repository *git, git_commit *commit,
                              const git_oid *tip, GError **error)
{
	git_commit *ours = NULL;
	if (git_commit_lookup(&ours, git, tip) < 0) {
		sm_git_fail(error, SM_GIT_ERROR_FAILED, "the stable tip");
		return NULL;
	}
	sm_prediction *p = g_new0(sm_prediction, 1);
	git_oid_tostr(p->tip, sizeof p->tip, tip);
	if (!sm_git_predict_fast(git, commit, ours, &p->state, &p->conflicts) &&
	    !sm_git_predict_full(git, commit, ours, &p->state, &p->conflicts, error))
		g_clear_pointer(&p, g_free);
	git_commit_free(ours);
	return p;
}

sm_prediction *sm_git_predict(sm_git_repo *repo, const char *tree,
                              const char *id, GError **error)
{
	git_oid tip;
	if (!sm_git_stable(repo, tree, &tip, NULL, error))
		return NULL;
	git_commit *commit = sm_git_commit(repo, id, error);
	if (!commit)
		return NULL;
	char commit_hex[GIT_OID_HEXSZ + 1], tip_hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(commit_hex, sizeof commit_hex, git_commit_id(commit));
	git_oid_tostr(tip_hex, sizeof tip_hex, &tip);
	char *key = g_strdup_printf("%s %s", commit_hex, tip_hex);
	GHashTable *table = predictions(repo);
	prediction_entry *entry = g_hash_table_lookup(table, key);
	if (!entry) {
		sm_prediction *p = compute(repo->git, commit, &tip, error);
		if (p) {
			entry = g_new0(prediction_entry, 1);
			entry->prediction = p;
			repo->predictions_dirty = TRUE;
			g_hash_table_insert(table, key, entry);
			key = NULL;
		}
	}
	g_free(key);
	git_commit_free(commit);
	if (!entry)
		return NULL;
	/* A day's precision is plenty for pruning, and spares a cache write
	 * for every look-up. */
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	if (now - entry->used > 24 * 3600) {
		entry->used = now;
		repo->predictions_dirty = TRUE;
	}
	return sm_prediction_copy(entry->prediction);
}
