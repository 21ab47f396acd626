/* git/predict-fast.c - predict a cherry-pick file by file.
 *
 * A full in-memory cherry-pick (git_cherrypick_commit) walks all three
 * trees: on a kernel, hundreds of milliseconds per prediction.  When the
 * commit only modifies, adds or deletes files that the stable tree has at
 * the same paths, the outcome is decided by those few files alone, the way
 * the merge decides it: a side that did not change a file takes the other
 * side's version, identical changes agree, and otherwise the three
 * versions are merged (git_merge_file).  Anything else (renames on either
 * side, type or mode changes, a file that one side added and the other
 * has differently, merges) is left to the full cherry-pick, which also
 * does rename detection: sm_git_predict_fast() then says so.
 */
#include <string.h>
#include "predict.h"
#include "repo-private.h"

typedef enum { FILE_CLEAN, FILE_ALREADY, FILE_CONFLICT, FILE_UNSURE } file_outcome;

static int entry_at(git_tree_entry **out, git_tree *tree, const char *path)
{
	int rc = git_tree_entry_bypath(out, tree, path);
	return rc == GIT_ENOTFOUND ? 1 : rc;  /* 1: not there */
}

/* Three-way merge of the blobs: does it merge on its own, and does it
 * change the stable file? */
static file_outcome merge_blobs(git_repository *git, const git_diff_delta *d,
                                const git_tree_entry *ours)
{
	git_blob *base = NULL, *mine = NULL, *theirs = NULL;
	git_merge_file_result result = { 0 };
	file_outcome outcome = FILE_UNSURE;
	if (git_blob_lookup(&base, git, &d->old_file.id) == 0 &&
	    git_blob_lookup(&mine, git, git_tree_entry_id(ours)) == 0 &&
	    git_blob_lookup(&theirs, git, &d->new_file.id) == 0) {
		git_merge_file_input in[3];
		const git_blob *blobs[3] = { base, mine, theirs };
		for (int i = 0; i < 3; i++) {
			git_merge_file_input_init(&in[i], GIT_MERGE_FILE_INPUT_VERSION);
			in[i].ptr = git_blob_rawcontent(blobs[i]);
			in[i].size = git_blob_rawsize(blobs[i]);
			in[i].path = d->new_file.path;
			in[i].mode = d->new_file.mode;
		}
		/* Binary files merge only when one side is unchanged (handled
		 * before); let the full pick say what it makes of them. */
		if (!git_blob_is_binary(base) && !git_blob_is_binary(mine) &&
		    !git_blob_is_binary(theirs) &&
		    git_merge_file(&result, &in[0], &in[1], &in[2], NULL) == 0) {
			/* A merge that gives the stable file back changes nothing:
			 * the change is already there. */
			gboolean same = result.len == in[1].size &&
			                memcmp(result.ptr, in[1].ptr, result.len) == 0;
			outcome = !result.automergeable ? FILE_CONFLICT
			        : same ? FILE_ALREADY : FILE_CLEAN;
		}
	}
	git_merge_file_result_free(&result);
	git_blob_free(base);
	git_blob_free(mine);
	git_blob_free(theirs);
	return outcome;
}

static file_outcome file_outcome_of(git_repository *git, const git_diff_delta *d,
                                    git_tree *ours_tree)
{
	const char *path = d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path;
	git_tree_entry *ours = NULL;
	int rc = entry_at(&ours, ours_tree, path);
	if (rc < 0)
		return FILE_UNSURE;
	file_outcome outcome = FILE_UNSURE;
	const git_oid *id = rc == 0 ? git_tree_entry_id(ours) : NULL;
	switch (d->status) {
	case GIT_DELTA_MODIFIED:
		if (!id || git_tree_entry_filemode(ours) != d->old_file.mode ||
		    d->old_file.mode != d->new_file.mode)
			break;  /* gone or renamed in the stable tree: rename detection */
		if (git_oid_equal(id, &d->old_file.id))
			outcome = FILE_CLEAN;
		else if (git_oid_equal(id, &d->new_file.id))
			outcome = FILE_ALREADY;
		else
			outcome = merge_blobs(git, d, ours);
		break;
	case GIT_DELTA_ADDED:
		if (!id)
			outcome = FILE_CLEAN;
		else if (git_oid_equal(id, &d->new_file.id) &&
		         git_tree_entry_filemode(ours) == d->new_file.mode)
			outcome = FILE_ALREADY;
		break;
	case GIT_DELTA_DELETED:
		if (!id)
			outcome = FILE_ALREADY;
		else if (git_oid_equal(id, &d->old_file.id))
			outcome = FILE_CLEAN;
		break;
	default:
		break;
	}
	git_tree_entry_free(ours);
	return outcome;
}

gboolean sm_git_predict_fast(git_repository *git, git_commit *commit,
                             git_commit *stable, sm_predict_state *state,
                             char ***conflicts)
{
	if (git_commit_parentcount(commit) != 1)
		return FALSE;
	git_commit *parent = NULL;
	git_tree *before = NULL, *after = NULL, *ours = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	gboolean sure = git_commit_parent(&parent, commit, 0) == 0 &&
	                git_commit_tree(&before, parent) == 0 &&
	                git_commit_tree(&after, commit) == 0 &&
	                git_commit_tree(&ours, stable) == 0 &&
	                git_diff_tree_to_tree(&diff, git, before, after, &opts) == 0;
	GPtrArray *paths = g_ptr_array_new();
	gboolean changes = FALSE;
	size_t n = sure ? git_diff_num_deltas(diff) : 0;
	for (size_t i = 0; sure && i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		switch (file_outcome_of(git, d, ours)) {
		case FILE_CLEAN:
			changes = TRUE;
			break;
		case FILE_ALREADY:
			break;
		case FILE_CONFLICT:
			g_ptr_array_add(paths, g_strdup(d->new_file.path));
			break;
		case FILE_UNSURE:
			sure = FALSE;
			break;
		}
	}
	if (sure) {
		*state = paths->len ? SM_PREDICT_CONFLICT : changes ? SM_PREDICT_CLEAN
		                                                    : SM_PREDICT_EMPTY;
		/* The diff lists paths sorted, as the full prediction does. */
		g_ptr_array_add(paths, NULL);
		*conflicts = (char **)g_ptr_array_free(paths, FALSE);
	} else {
		g_ptr_array_set_free_func(paths, g_free);
		g_ptr_array_unref(paths);
	}
	git_diff_free(diff);
	git_tree_free(ours);
	git_tree_free(after);
	git_tree_free(before);
	git_commit_free(parent);
	return sure;
}
