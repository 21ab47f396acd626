/* git/checkout.c - make, reopen, inspect and remove backport worktrees. */
#include <errno.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include "checkout.h"
#include "repo-private.h"
#include "run/run.h"

/* Kept in the worktree's own git directory: marks the worktree as ours and
 * remembers the stable tip it started from. */
#define MARKER "stablemate-backport"

static const char *const state_names[SM_CHECKOUT_COUNT] = {
	[SM_CHECKOUT_CONFLICTED] = "conflicted",
	[SM_CHECKOUT_RESOLVED] = "resolved",
	[SM_CHECKOUT_COMMITTED] = "committed",
	[SM_CHECKOUT_ABANDONED] = "abandoned",
};

const char *sm_checkout_state_name(sm_checkout_state state)
{
	return state < SM_CHECKOUT_COUNT ? state_names[state] : "unknown";
}

void sm_checkout_free(sm_checkout *co)
{
	if (!co)
		return;
	g_free(co->tree);
	g_free(co->subject);
	g_free(co->path);
	g_free(co->name);
	g_free(co->branch);
	g_free(co->stable_branch);
	g_strfreev(co->conflicts);
	g_free(co);
}

char *sm_git_backport_message(const git_commit *commit)
{
	const char *msg = git_commit_message(commit);
	const char *body = strchr(msg, '\n');
	char *summary = sm_git_summary(commit);
	char *hex = sm_git_hex(git_commit_id(commit));
	GString *out = g_string_new(summary);
	g_string_append_printf(out, "\n\ncommit %s upstream.\n", hex);
	if (body) {
		while (*body == '\n')
			body++;
		if (*body)
			g_string_append_printf(out, "\n%s", body);
	}
	if (out->str[out->len - 1] != '\n')
		g_string_append_c(out, '\n');
	g_free(hex);
	g_free(summary);
	return g_string_free(out, FALSE);
}

static char *worktrees_dir(const sm_git_repo *repo)
{
	const char *dir = repo->settings->worktrees;
	if (dir && *dir)
		return g_canonicalize_filename(dir, NULL);
	return g_build_filename(g_get_user_data_dir(), "stablemate", "worktrees", NULL);
}

/* PATH with symbolic links resolved as far as it exists. */
static char *real_path(const char *path)
{
	char *canon = g_canonicalize_filename(path, NULL);
	char *real = realpath(canon, NULL);
	if (real) {
		char *copy = g_strdup(real);
		free(real);
		g_free(canon);
		return copy;
	}
	char *parent = g_path_get_dirname(canon);
	char *base = g_path_get_basename(canon);
	char *out;
	if (strcmp(parent, canon) == 0) {
		out = g_strdup(canon);
	} else {
		char *real_parent = real_path(parent);
		out = g_build_filename(real_parent, base, NULL);
		g_free(real_parent);
	}
	g_free(parent);
	g_free(base);
	g_free(canon);
	return out;
}

static gboolean is_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Refuse a worktree PATH inside the user's own worktree or git directory:
 * it would show up there as an untracked directory, or worse. */
static gboolean check_not_users(const sm_git_repo *repo, const char *path,
                                GError **error)
{
	const char *places[] = { git_repository_workdir(repo->git),
	                         git_repository_commondir(repo->git) };
	for (size_t i = 0; i < G_N_ELEMENTS(places); i++) {
		if (!places[i])
			continue;
		char *real = real_path(places[i]);
		gboolean inside = is_within(path, real) || is_within(real, path);
		if (inside)
			g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REFUSED,
			            "refusing to make a worktree at %s: it is inside %s, "
			            "which is yours (set [git] worktrees elsewhere)", path, real);
		g_free(real);
		if (inside)
			return FALSE;
	}
	return TRUE;
}

/* Make PATH free for a new worktree: it must be missing, or an empty
 * directory, which is removed (libgit2 wants to make it). */
static gboolean path_free(const char *path)
{
	GStatBuf st;
	if (g_lstat(path, &st) != 0)
		return errno == ENOENT;
	return S_ISDIR(st.st_mode) && g_rmdir(path) == 0;
}

static char *marker_path(git_repository *wt)
{
	return g_build_filename(git_repository_path(wt), MARKER, NULL);
}

static void write_marker(git_repository *wt, const sm_checkout *co)
{
	char *path = marker_path(wt);
	char *text = g_strdup_printf("%s %s %s\n", co->upstream, co->tree, co->base);
	g_file_set_contents(path, text, -1, NULL);
	g_free(text);
	g_free(path);
}

/* The base the marker records, if the marker is for CO. */
static gboolean read_marker(git_repository *wt, sm_checkout *co)
{
	char *path = marker_path(wt);
	char *text = NULL;
	gboolean ok = FALSE;
	if (g_file_get_contents(path, &text, NULL, NULL)) {
		char **f = g_strsplit(g_strchomp(text), " ", 3);
		ok = g_strv_length(f) == 3 && strcmp(f[0], co->upstream) == 0 &&
		     strcmp(f[1], co->tree) == 0 && sm_git_is_full_hex(f[2], strlen(f[2]));
		if (ok)
			g_strlcpy(co->base, f[2], sizeof co->base);
		g_strfreev(f);
	}
	g_free(text);
	g_free(path);
	return ok;
}

static git_repository *open_worktree(const sm_checkout *co, GError **error)
{
	git_repository *wt = NULL;
	if (git_repository_open_ext(&wt, co->path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		sm_git_fail(error, SM_GIT_ERROR_FAILED, co->path);
		return NULL;
	}
	return wt;
}

/* Reopen the worktree we made before, after checking it is still ours. */
static gboolean reopen(sm_git_repo *repo, sm_checkout *co, git_worktree *found,
                       GError **error)
{
	char *at = real_path(git_worktree_path(found));
	gboolean same = strcmp(at, co->path) == 0;
	if (!same)
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REFUSED,
		            "the worktree %s is at %s, not %s: leaving it alone",
		            co->name, at, co->path);
	g_free(at);
	if (!same)
		return FALSE;
	git_repository *wt = open_worktree(co, error);
	if (!wt)
		return FALSE;
	git_reference *head = NULL;
	char *ref = g_strconcat("refs/heads/", co->branch, NULL);
	gboolean ours = git_repository_head(&head, wt) == 0 &&
	                strcmp(git_reference_name(head), ref) == 0 && read_marker(wt, co);
	if (!ours)
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REFUSED,
		            "the worktree %s is no longer on %s: leaving it alone",
		            co->path, co->branch);
	git_reference_free(head);
	g_free(ref);
	git_repository_free(wt);
	co->reopened = ours;
	return ours && sm_git_checkout_refresh(repo, co, error);
}

/* Is TIP a backport of UPSTREAM: its message names it the way the stable
 * rules ask ("commit <id> upstream." or "[ Upstream commit <id> ]"), or
 * its change is the same (patch-id)? */
static gboolean is_backport_of(git_repository *git, const git_commit *tip,
                               const git_commit *upstream, const char *upstream_hex)
{
	const char *message = git_commit_message(tip);
	char *line = g_strdup_printf("commit %s upstream.", upstream_hex);
	char *bracketed = g_strdup_printf("Upstream commit %s", upstream_hex);
	gboolean named = message && (strstr(message, line) || strstr(message, bracketed));
	g_free(bracketed);
	g_free(line);
	if (named)
		return TRUE;
	git_oid a, b;
	return sm_git_patch_id(git, tip, &a) && sm_git_patch_id(git, upstream, &b) &&
	       git_oid_equal(&a, &b);
}

/* Whether the leftover branch REF can be resumed for CO (issue 17): only
 * when it is still at a commit of the stable branch (nothing picked yet:
 * *FRESH, the pick starts there), or when its tip is a backport of COMMIT
 * whose parent is on the stable branch.  A branch that merely shares
 * history with the stable tip would otherwise become a "resumed" backport
 * of some other change.  Sets CO->base; FALSE and ERROR otherwise. */
static gboolean resumable(sm_git_repo *repo, sm_checkout *co, git_reference *ref,
                          const git_commit *commit, const git_oid *tip, gboolean *fresh,
                          GError **error)
{
	const git_oid *at = git_reference_target(ref);
	git_commit *head = NULL;
	const git_oid *parent = NULL;
	if (git_oid_equal(at, tip) || git_graph_descendant_of(repo->git, tip, at) == 1) {
		git_oid_tostr(co->base, sizeof co->base, at);
		*fresh = TRUE;
		return TRUE;
	}
	*fresh = FALSE;
	if (git_commit_lookup(&head, repo->git, at) < 0)
		return sm_git_fail(error, SM_GIT_ERROR_FAILED, co->branch);
	if (git_commit_parentcount(head) == 1)
		parent = git_commit_parent_id(head, 0);
	gboolean based = parent && (git_oid_equal(parent, tip) ||
	                            git_graph_descendant_of(repo->git, tip, parent) == 1);
	gboolean ok = based && is_backport_of(repo->git, head, commit, co->upstream);
	if (!based) {
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REFUSED,
		            "the branch %s is not based on %s: leaving it alone",
		            co->branch, co->stable_branch);
	} else if (!ok) {
		char *summary = sm_git_summary(head);
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof hex, at);
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REFUSED,
		            "the branch %s holds %.12s (\"%s\"), which is not a backport of %.12s:"
		            " leaving it alone", co->branch, hex, summary, co->upstream);
		g_free(summary);
	} else {
		git_oid_tostr(co->base, sizeof co->base, parent);
	}
	git_commit_free(head);
	return ok;
}

/* The branch for CO: a leftover of an earlier worktree is resumed when it
 * is ours to resume (above), else a new one starts at TIP.  Sets
 * CO->base. */
static git_reference *branch_for(sm_git_repo *repo, sm_checkout *co, const git_commit *commit,
                                 const git_oid *tip, gboolean *fresh, gboolean *made,
                                 GError **error)
{
	git_reference *ref = NULL;
	git_commit *start = NULL;
	*fresh = *made = FALSE;
	if (git_branch_lookup(&ref, repo->git, co->branch, GIT_BRANCH_LOCAL) == 0) {
		if (git_branch_is_checked_out(ref) == 1)
			g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REFUSED,
			            "the branch %s is checked out in another worktree", co->branch);
		else if (resumable(repo, co, ref, commit, tip, fresh, error))
			return ref;
		git_reference_free(ref);
		return NULL;
	}
	if (git_commit_lookup(&start, repo->git, tip) < 0 ||
	    git_branch_create(&ref, repo->git, co->branch, start, 0) < 0) {
		git_commit_free(start);
		sm_git_fail(error, SM_GIT_ERROR_FAILED, co->branch);
		return NULL;
	}
	git_commit_free(start);
	git_oid_tostr(co->base, sizeof co->base, tip);
	*fresh = *made = TRUE;
	return ref;
}

/* Commit a clean pick as git cherry-pick would: the original author, the
 * user as committer.  Without a configured identity the pick stays staged
 * for the user's own `git commit`. */
static void commit_clean(git_repository *wt, const git_commit *commit, const char *message)
{
	git_signature *me = NULL;
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_oid tree_id, head, id;
	if (git_signature_default(&me, wt) == 0 &&
	    git_repository_index(&index, wt) == 0 &&
	    git_index_write_tree(&tree_id, index) == 0 &&
	    git_tree_lookup(&tree, wt, &tree_id) == 0 &&
	    git_reference_name_to_id(&head, wt, "HEAD") == 0 &&
	    git_commit_lookup(&parent, wt, &head) == 0 &&
	    git_commit_create(&id, wt, "HEAD", git_commit_author(commit), me, NULL,
	                      message, tree, 1, (const git_commit **)&parent) == 0)
		git_repository_state_cleanup(wt);
	git_commit_free(parent);
	git_tree_free(tree);
	git_index_free(index);
	git_signature_free(me);
}

/* Run ARGV (its errors naming it NAME) in DIR with the environment git
 * would give a hook or a command there (no GIT_DIR or GIT_INDEX_FILE of
 * ours), its output kept for the error (run/run.h).  TRUE when it exits
 * 0; else *STATUS, its wait status (-1 when it did not start), and
 * ERROR. */
/* Run ARGV in DIR; its merged output into *OUTPUT when OUTPUT is not
 * NULL (the caller frees it). */
static gboolean run_in(const char *dir, const char *name, const char *const *argv, int *status,
                       char **output, GError **error)
{
	static const char *const env[] = { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
		"GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR", "GIT_PREFIX", NULL };
	sm_child child = SM_CHILD_INIT;
	child.argv = argv;
	child.name = name;
	child.dir = dir;
	child.env = env;
	child.keep_output = TRUE;
	gboolean ok = sm_run(&child, error);
	*status = child.status;
	if (output)
		*output = child.output;
	else
		g_free(child.output);
	return ok;
}

/* What git said went wrong in OUTPUT: its "error:" and "fatal:" lines,
 * joined by "; " (the last line alone is "fatal: cherry-pick failed"
 * when the reason, "error: unable to write file X", came before it), or
 * NULL when there is none. */
static char *git_says(const char *output)
{
	char **lines = g_strsplit(output ? output : "", "\n", -1);
	GString *said = g_string_new(NULL);
	for (char **l = lines; *l; l++) {
		if (!g_str_has_prefix(*l, "error: ") && !g_str_has_prefix(*l, "fatal: "))
			continue;
		if (said->len)
			g_string_append(said, "; ");
		g_string_append(said, g_strstrip(*l));
	}
	g_strfreev(lines);
	return said->len ? g_string_free(said, FALSE) : (g_string_free(said, TRUE), NULL);
}

/* The hook NAME of REPO as git finds it (core.hooksPath, else the
 * common directory's hooks/), when it is there and executable. */
static char *hook_path(const sm_git_repo *repo, const char *name)
{
	git_config *config = NULL;
	git_buf configured = { 0 };
	char *dir = NULL;
	if (git_repository_config_snapshot(&config, repo->git) == 0 &&
	    git_config_get_path(&configured, config, "core.hooksPath") == 0)
		dir = g_path_is_absolute(configured.ptr) ? g_strdup(configured.ptr)
		    : g_build_filename(git_repository_workdir(repo->git)
		                       ? git_repository_workdir(repo->git)
		                       : git_repository_commondir(repo->git),
		                       configured.ptr, NULL);
	else
		dir = g_build_filename(git_repository_commondir(repo->git), "hooks", NULL);
	git_buf_dispose(&configured);
	git_config_free(config);
	char *path = g_build_filename(dir, name, NULL);
	g_free(dir);
	if (g_file_test(path, G_FILE_TEST_IS_EXECUTABLE) &&
	    !g_file_test(path, G_FILE_TEST_IS_DIR))
		return path;
	g_free(path);
	return NULL;
}

/* Run the post-checkout hook in the new worktree, as `git worktree add`
 * does (previous HEAD all zeros, the new one, 1 for a branch checkout). */
static gboolean post_checkout(sm_git_repo *repo, sm_checkout *co, GError **error)
{
	char *hook = hook_path(repo, "post-checkout");
	if (!hook)
		return TRUE;
	const char *argv[] = { hook, "0000000000000000000000000000000000000000", co->base,
	                       "1", NULL };
	char *name = g_strdup_printf("the post-checkout hook %s", hook);
	int status;
	GError *err = NULL;
	gboolean ok = run_in(co->path, name, argv, &status, NULL, &err);
	if (!ok) {
		g_set_error_literal(error, SM_GIT_ERROR, SM_GIT_ERROR_FAILED, err->message);
		g_error_free(err);
	}
	g_free(name);
	g_free(hook);
	return ok;
}

/* The cherry-pick by git itself, when it is installed: its content merge
 * (merge-ort, histogram diff) is not one libgit2 can do, and the
 * conflicts must be the hunks the user would get from `git cherry-pick`,
 * with its labels and the user's merge.conflictStyle.  --no-commit: the
 * commit (of a clean pick) and its message are ours.  Returns 1 picked
 * (conflicts or not), 0 no git, -1 failed (ERROR). */
static int pick_with_git(sm_checkout *co, git_commit *commit, GError **error)
{
	char *git = g_find_program_in_path("git");
	if (!git || g_getenv("STABLEMATE_NO_GIT_PROGRAM")) {
		g_free(git);
		return 0;
	}
	const char *argv[7] = { git, "cherry-pick", "--no-commit" };
	int n = 3;
	if (git_commit_parentcount(commit) > 1) {
		argv[n++] = "-m";
		argv[n++] = "1";
	}
	argv[n++] = co->upstream;
	argv[n] = NULL;
	int status;
	int rc = 1;
	GError *err = NULL;
	char *output = NULL;
	/* 1 is "conflicts": the index says which. */
	if (!run_in(co->path, "git cherry-pick", argv, &status, &output, &err) &&
	    !(WIFEXITED(status) && WEXITSTATUS(status) == 1)) {
		char *said = err->code == SM_RUN_ERROR_FAILED ? git_says(output) : NULL;
		char *how = sm_run_describe_status(status);
		if (said)
			g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_FAILED,
			            "git cherry-pick failed (%s): %s", how, said);
		else
			g_set_error_literal(error, SM_GIT_ERROR, SM_GIT_ERROR_FAILED, err->message);
		g_free(how);
		g_free(said);
		rc = -1;
	}
	g_free(output);
	g_clear_error(&err);
	g_free(git);
	return rc;
}

/* libgit2's cherry-pick, when git is not installed: the same index, and
 * markers labelled as git labels them. */
static gboolean pick_with_libgit2(git_repository *wt, git_commit *commit, GError **error)
{
	git_cherrypick_options opts;
	git_cherrypick_options_init(&opts, GIT_CHERRYPICK_OPTIONS_VERSION);
	opts.mainline = git_commit_parentcount(commit) > 1 ? 1 : 0;
	char *short_id = sm_git_short_id(wt, git_commit_id(commit));
	char *summary = sm_git_summary(commit);
	char *label = g_strdup_printf("%s (%s)", short_id, summary);
	opts.checkout_opts.their_label = label;
	gboolean ok = git_cherrypick(wt, commit, &opts) == 0 ||
	              sm_git_fail(error, SM_GIT_ERROR_FAILED, "cherry-pick");
	g_free(label);
	g_free(summary);
	g_free(short_id);
	return ok;
}

/* Cherry-pick COMMIT in the new worktree, as git cherry-pick does. */
static gboolean pick(sm_checkout *co, git_commit *commit, GError **error)
{
	git_repository *wt = open_worktree(co, error);
	if (!wt)
		return FALSE;
	write_marker(wt, co);
	int by_git = pick_with_git(co, commit, error);
	gboolean ok = by_git > 0 || (by_git == 0 && pick_with_libgit2(wt, commit, error));
	char *message = sm_git_backport_message(commit);
	git_index *index = NULL;
	gboolean conflicts = FALSE;
	if (ok) {
		ok = git_repository_index(&index, wt) == 0 && git_index_read(index, 1) == 0;
		if (!ok)
			sm_git_fail(error, SM_GIT_ERROR_FAILED, "reading the worktree's index");
		conflicts = ok && git_index_has_conflicts(index);
	}
	/* What git cherry-pick leaves for `git commit`: CHERRY_PICK_HEAD
	 * (the author) and MERGE_MSG, replaced by the backport's message.  No
	 * "# Conflicts:" lines: `git commit --no-edit` would keep them. */
	if (ok && conflicts) {
		git_reference *ref = NULL;
		ok = git_reference_create(&ref, wt, "CHERRY_PICK_HEAD", git_commit_id(commit), 1,
		                          NULL) == 0 ||
		     sm_git_fail(error, SM_GIT_ERROR_FAILED, "writing CHERRY_PICK_HEAD");
		git_reference_free(ref);
	}
	if (ok) {
		char *merge_msg = g_build_filename(git_repository_path(wt), "MERGE_MSG", NULL);
		GError *werror = NULL;
		ok = g_file_set_contents(merge_msg, message, -1, &werror);
		if (!ok)
			g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_FAILED,
			            "cannot write %s: %s", merge_msg, werror->message);
		g_clear_error(&werror);
		g_free(merge_msg);
	}
	if (ok && !conflicts)
		commit_clean(wt, commit, message);
	git_index_free(index);
	g_free(message);
	git_repository_free(wt);
	return ok;
}

/* Remove PATH and everything under it, without following links. */
static void remove_tree(const char *path)
{
	GStatBuf st;
	if (g_lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		GDir *dir = g_dir_open(path, 0, NULL);
		const char *name;
		while (dir && (name = g_dir_read_name(dir))) {
			char *child = g_build_filename(path, name, NULL);
			remove_tree(child);
			g_free(child);
		}
		if (dir)
			g_dir_close(dir);
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

/* A creation that failed half-way leaves nothing: not the worktree's
 * directory (it was free before: all in it is ours), not its
 * registration in the repository (nor a lock in it), not the branch when
 * this attempt made it.  ERROR gets what was undone. */
static void undo(sm_git_repo *repo, sm_checkout *co, gboolean made_branch, GError **error)
{
	char *admin = g_build_filename(git_repository_commondir(repo->git), "worktrees",
	                               co->name, NULL);
	remove_tree(admin);
	remove_tree(co->path);
	g_free(admin);
	git_reference *ref = NULL;
	if (made_branch &&
	    git_branch_lookup(&ref, repo->git, co->branch, GIT_BRANCH_LOCAL) == 0)
		git_reference_delete(ref);
	git_reference_free(ref);
	if (error && *error)
		g_prefix_error(error, "making the worktree %s: ", co->path);
	if (error && *error) {
		char *text = g_strdup_printf("%s; removed what was made%s", (*error)->message,
		                             made_branch ? ", the branch included" : "");
		g_free((*error)->message);
		(*error)->message = text;
	}
}

static gboolean create(sm_git_repo *repo, sm_checkout *co, git_commit *commit,
                       const git_oid *tip, GError **error)
{
	if (!path_free(co->path)) {
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REFUSED,
		            "refusing to make a worktree at %s: something else is there",
		            co->path);
		return FALSE;
	}
	gboolean fresh, made;
	git_reference *ref = branch_for(repo, co, commit, tip, &fresh, &made, error);
	if (!ref)
		return FALSE;
	char *parent = g_path_get_dirname(co->path);
	g_mkdir_with_parents(parent, 0755);
	g_free(parent);
	git_worktree_add_options opts;
	git_worktree_add_options_init(&opts, GIT_WORKTREE_ADD_OPTIONS_VERSION);
	opts.ref = ref;
	git_worktree *wt = NULL;
	gboolean ok = git_worktree_add(&wt, repo->git, co->name, co->path, &opts) == 0 ||
	              sm_git_fail(error, SM_GIT_ERROR_FAILED, "adding the worktree");
	git_worktree_free(wt);
	git_reference_free(ref);
	ok = ok && post_checkout(repo, co, error);
	if (ok && fresh) {
		ok = pick(co, commit, error);
	} else if (ok) {
		/* A resumed branch already has the backport. */
		git_repository *wtrepo = open_worktree(co, error);
		if (wtrepo)
			write_marker(wtrepo, co);
		ok = wtrepo != NULL;
		git_repository_free(wtrepo);
	}
	if (!ok)
		undo(repo, co, made, error);
	return ok;
}

sm_checkout *sm_git_checkout(sm_git_repo *repo, const char *upstream,
                             const char *tree, GError **error)
{
	git_oid tip;
	const char *stable_branch;
	if (!sm_git_stable(repo, tree, &tip, &stable_branch, error))
		return NULL;
	git_commit *commit = sm_git_commit(repo, upstream, error);
	if (!commit)
		return NULL;
	sm_checkout *co = g_new0(sm_checkout, 1);
	co->tree = g_strdup(tree);
	git_oid_tostr(co->upstream, sizeof co->upstream, git_commit_id(commit));
	co->subject = sm_git_summary(commit);
	co->stable_branch = g_strdup(stable_branch);
	co->name = g_strdup_printf("stablemate-%s-%.12s", tree, co->upstream);
	co->branch = g_strdup_printf("stablemate/%s/%.12s", tree, co->upstream);
	co->conflicts = g_new0(char *, 1);
	char *dir = worktrees_dir(repo);
	char *leaf = g_strdup_printf("%.12s-%s", co->upstream, tree);
	char *path = g_build_filename(dir, leaf, NULL);
	co->path = real_path(path);
	g_free(path);
	g_free(leaf);
	g_free(dir);

	gboolean ok = check_not_users(repo, co->path, error);
	git_worktree *found = NULL;
	if (ok && git_worktree_lookup(&found, repo->git, co->name) == 0) {
		if (git_worktree_validate(found) == 0) {
			ok = reopen(repo, co, found, error);
			git_worktree_free(found);
			git_commit_free(commit);
			if (ok)
				return co;
			sm_checkout_free(co);
			return NULL;
		}
		/* Its directory was deleted: forget it and make it again. */
		git_worktree_prune(found, NULL);
		git_worktree_free(found);
	}
	ok = ok && create(repo, co, commit, &tip, error) &&
	     sm_git_checkout_refresh(repo, co, error);
	git_commit_free(commit);
	if (!ok) {
		sm_checkout_free(co);
		return NULL;
	}
	return co;
}

/* Are there changes in WT not in its HEAD commit: in tracked files
 * (*CHANGED), and any at all, untracked files included (returned)?  When
 * in doubt, there are: that only ever stops a removal. */
static gboolean has_changes(git_repository *wt, gboolean *changed)
{
	git_status_options opts;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	git_status_list *list = NULL;
	gboolean any = TRUE;
	*changed = TRUE;
	if (git_status_list_new(&list, wt, &opts) == 0) {
		size_t n = git_status_list_entrycount(list);
		any = n > 0;
		*changed = FALSE;
		for (size_t i = 0; i < n; i++)
			if (git_status_byindex(list, i)->status != GIT_STATUS_WT_NEW)
				*changed = TRUE;
	}
	git_status_list_free(list);
	return any;
}

gboolean sm_git_checkout_refresh(sm_git_repo *repo, sm_checkout *co, GError **error)
{
	(void)repo;
	git_repository *wt = open_worktree(co, error);
	if (!wt)
		return FALSE;
	git_index *index = NULL;
	git_oid head, base;
	if (git_repository_index(&index, wt) < 0 || git_index_read(index, 1) < 0 ||
	    git_reference_name_to_id(&head, wt, "HEAD") < 0 ||
	    git_oid_fromstr(&base, co->base) < 0) {
		git_index_free(index);
		git_repository_free(wt);
		return sm_git_fail(error, SM_GIT_ERROR_FAILED, co->path);
	}
	g_strfreev(co->conflicts);
	co->conflicts = sm_git_index_conflicts(index);
	gboolean changed;
	co->dirty = has_changes(wt, &changed);
	gboolean committed = !git_oid_equal(&head, &base) &&
	                     git_graph_descendant_of(wt, &head, &base) == 1;
	co->backport[0] = '\0';
	if (committed) {
		co->state = SM_CHECKOUT_COMMITTED;
		git_oid_tostr(co->backport, sizeof co->backport, &head);
	} else if (co->conflicts[0]) {
		co->state = SM_CHECKOUT_CONFLICTED;
	} else if (changed || git_repository_state(wt) == GIT_REPOSITORY_STATE_CHERRYPICK) {
		co->state = SM_CHECKOUT_RESOLVED;
	} else {
		co->state = SM_CHECKOUT_ABANDONED;
	}
	git_index_free(index);
	git_repository_free(wt);
	return TRUE;
}

gboolean sm_git_checkout_remove(sm_git_repo *repo, sm_checkout *co, GError **error)
{
	if (!sm_git_checkout_refresh(repo, co, error))
		return FALSE;
	if (co->state != SM_CHECKOUT_ABANDONED || co->dirty) {
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REFUSED,
		            "not removing %s: it is %s%s", co->path,
		            sm_checkout_state_name(co->state),
		            co->dirty ? " and has changes" : "");
		return FALSE;
	}
	git_worktree *wt = NULL;
	git_worktree_prune_options opts;
	git_worktree_prune_options_init(&opts, GIT_WORKTREE_PRUNE_OPTIONS_VERSION);
	opts.flags = GIT_WORKTREE_PRUNE_VALID | GIT_WORKTREE_PRUNE_WORKING_TREE;
	if (git_worktree_lookup(&wt, repo->git, co->name) < 0 ||
	    git_worktree_prune(wt, &opts) < 0) {
		git_worktree_free(wt);
		return sm_git_fail(error, SM_GIT_ERROR_FAILED, "removing the worktree");
	}
	git_worktree_free(wt);
	/* The branch goes too, unless it gained commits meanwhile.  Not
	 * git_branch_delete(): it clears the branch's config sections (we set
	 * none) and leaks in libgit2 1.5 doing it. */
	git_reference *ref = NULL;
	git_oid base;
	gboolean ok = TRUE;
	if (git_branch_lookup(&ref, repo->git, co->branch, GIT_BRANCH_LOCAL) == 0 &&
	    git_oid_fromstr(&base, co->base) == 0 &&
	    git_oid_equal(git_reference_target(ref), &base))
		ok = git_reference_delete(ref) == 0 ||
		     sm_git_fail(error, SM_GIT_ERROR_FAILED, "deleting the branch");
	git_reference_free(ref);
	return ok;
}
