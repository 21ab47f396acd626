/* test-git-checkout.c - the conflict-resolution worktree, on a copy of the
 * fixture repository per test: its files, index and message after the
 * pick, compared with what git cherry-pick itself leaves; reopening; the
 * states after the user's work; removal; and every refusal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include "git/git.h"
#include "reply/reply.h"
#include "reply/private.h"
#include "git/private.h"
#include "git-fixture.h"

static sm_checkout *checkout(fixture *fx, sm_git_repo *repo, const char *name,
                             const char *tree)
{
	char *id = fx_id(fx, name);
	GError *error = NULL;
	sm_checkout *co = sm_git_checkout(repo, id, tree, &error);
	if (!co)
		fail_msg("checkout %s on %s: %s", name, tree, error->message);
	g_free(id);
	return co;
}

static void expect_refusal(fixture *fx, sm_git_repo *repo, const char *name,
                           const char *tree, int code, const char *message)
{
	char *id = fx_id(fx, name);
	GError *error = NULL;
	sm_checkout *co = sm_git_checkout(repo, id, tree, &error);
	if (co)
		fail_msg("checkout %s on %s: expected \"%s\", got a worktree at %s",
		         name, tree, message, co->path);
	expect_error(&error, code, message);
	g_free(id);
}

static char *read_file(const char *dir, const char *name)
{
	char *path = g_build_filename(dir, name, NULL);
	char *data = NULL;
	if (!g_file_get_contents(path, &data, NULL, NULL))
		fail_msg("cannot read %s", path);
	g_free(path);
	return data;
}

static void expect_file(const char *dir, const char *name, const char *expected)
{
	char *data = read_file(dir, name);
	expect_labelled(name, expected, data);
	g_free(data);
}

/* The worktree's private git directory. */
static char *git_dir(const char *worktree)
{
	char *dir = fx_git_in(worktree, "rev-parse", "--absolute-git-dir", NULL);
	return g_strchomp(dir);
}

/* Everything a worktree DIR holds for the user, as text: the index
 * (every entry's mode, blob and stage), git's status, and each file's
 * name and content, tracked or not. */
static char *worktree_state(const char *dir)
{
	GString *out = g_string_new("index:\n");
	char *index = fx_git_in(dir, "ls-files", "--stage", NULL);
	char *status = fx_git_in(dir, "status", "--porcelain", "--untracked-files=all", NULL);
	char *files = fx_git_in(dir, "ls-files", "-z", "--cached", "--others", "--deduplicate",
	                        NULL);
	g_string_append_printf(out, "%sstatus:\n%s", index, status);
	for (const char *f = files; *f; f += strlen(f) + 1) {
		char *text = read_file(dir, f);
		g_string_append_printf(out, "file %s:\n%s", f, text);
		g_free(text);
	}
	g_free(files);
	g_free(status);
	g_free(index);
	return g_string_free(out, FALSE);
}

/* What git cherry-pick itself leaves for NAME on BRANCH, in a scratch
 * worktree: the conflicted file's text, `git ls-files -u` and, if STATE
 * is not NULL, the whole worktree_state(). */
static void git_reference_pick(fixture *fx, const char *name, const char *branch,
                               const char *file, char **text, char **unmerged, char **state)
{
	char *dir = g_build_filename(fx->dir, "reference", NULL);
	char *ref = g_strconcat("refs/fixture/", name, NULL);
	fx_git(fx, "worktree", "add", "-q", "--detach", dir, branch, NULL);
	const char *argv[] = { "git", "cherry-pick", ref, NULL };
	/* It fails, by design: the conflict is what we want to see. */
	g_spawn_sync(dir, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
	             G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	*text = read_file(dir, file);
	*unmerged = fx_git_in(dir, "ls-files", "-u", NULL);
	if (state)
		*state = worktree_state(dir);
	fx_git_at(dir, "cherry-pick", "--abort", NULL);
	fx_git(fx, "worktree", "remove", dir, NULL);
	g_free(ref);
	g_free(dir);
}

static const char deref_message[] =
	"net: foo: fix null deref in foo_setup\n"
	"\n"
	"commit %s upstream.\n"
	"\n"
	"The setup path dereferences f before checking it.\n"
	"\n"
	"Cc: Bob Maintainer <bob@example.org>\n"
	"Signed-off-by: Alice Dev <alice@example.org>\n";

static void test_conflict(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	char *main_head = fx_git_in(fx->repo, "rev-parse", "HEAD", NULL);
	sm_checkout *co = checkout(fx, repo, "deref", "6.1");
	char *deref = fx_id(fx, "deref");

	char *path = g_strdup_printf("%s/worktrees/%.12s-6.1", fx->dir, deref);
	expect_str(path, co->path);
	char *branch = g_strdup_printf("stablemate/6.1/%.12s", deref);
	expect_str(branch, co->branch);
	expect_str("linux-6.1.y", co->stable_branch);
	expect_str("net: foo: fix null deref in foo_setup", co->subject);
	expect_str("conflicted", sm_checkout_state_name(co->state));
	assert_false(co->reopened);
	assert_true(co->dirty);
	char *conflicts = g_strjoinv(" ", co->conflicts);
	expect_str("drivers/net/foo.c", conflicts);
	expect_str("", co->backport);

	/* Issue 12, like git: what `git cherry-pick -x` leaves on the same
	 * branch, the same files (every one, tracked or not), the same
	 * conflict hunks and markers, the same index stages. */
	char *text, *unmerged, *git_state;
	git_reference_pick(fx, "deref", "linux-6.1.y", "drivers/net/foo.c", &text, &unmerged,
	                   &git_state);
	expect_file(co->path, "drivers/net/foo.c", text);
	assert_non_null(strstr(text, "<<<<<<< HEAD\n\tf->a = 1;\n"));
	char *our_unmerged = fx_git_in(co->path, "ls-files", "-u", NULL);
	expect_str(unmerged, our_unmerged);
	char *our_state = worktree_state(co->path);
	expect_labelled("the worktree", git_state, our_state);

	/* The message and CHERRY_PICK_HEAD, for a plain git commit. */
	char *gitdir = git_dir(co->path);
	char *message = g_strdup_printf(deref_message, deref);
	expect_file(gitdir, "MERGE_MSG", message);
	char *pick_head = g_strconcat(deref, "\n", NULL);
	expect_file(gitdir, "CHERRY_PICK_HEAD", pick_head);
	char *status = fx_git_in(co->path, "status", "--porcelain", NULL);
	expect_str("UU drivers/net/foo.c\n", status);

	/* The user's own worktree is untouched. */
	char *main_status = fx_git_in(fx->repo, "status", "--porcelain", NULL);
	expect_str("", main_status);
	char *head_now = fx_git_in(fx->repo, "rev-parse", "HEAD", NULL);
	expect_str(main_head, head_now);

	/* Resolve and commit as the user would: a proper backport. */
	fx_git_at(co->path, "checkout", "--theirs", "drivers/net/foo.c", NULL);
	fx_git_at(co->path, "add", "drivers/net/foo.c", NULL);
	fx_git_at(co->path, "commit", "-q", "--no-edit", NULL);
	char *log = fx_git_in(co->path, "log", "-1", "--format=%an <%ae>%n%cn%n%B", NULL);
	char *expected_log = g_strdup_printf("Alice Dev <alice@example.org>\nMaintainer Test\n%s\n",
	                                     message);
	expect_str(expected_log, log);
	assert_true(sm_git_checkout_refresh(repo, co, NULL));
	expect_str("committed", sm_checkout_state_name(co->state));
	char *head = g_strchomp(fx_git_in(co->path, "rev-parse", "HEAD", NULL));
	expect_str(head, co->backport);
	assert_false(co->dirty);

	g_free(head);
	g_free(expected_log);
	g_free(log);
	g_free(head_now);
	g_free(main_status);
	g_free(status);
	g_free(pick_head);
	g_free(message);
	g_free(gitdir);
	g_free(our_unmerged);
	g_free(our_state);
	g_free(git_state);
	g_free(text);
	g_free(unmerged);
	g_free(conflicts);
	g_free(branch);
	g_free(path);
	g_free(deref);
	g_free(main_head);
	sm_checkout_free(co);
	sm_git_repo_free(repo);
	fx_free(fx);
}

static void test_reopen(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	sm_checkout *first = checkout(fx, repo, "deref", "6.1");
	/* Work in progress that a second checkout must not disturb. */
	char *note = g_build_filename(first->path, "NOTES", NULL);
	g_file_set_contents(note, "half done\n", -1, NULL);
	sm_checkout *again = checkout(fx, repo, "deref", "6.1");
	assert_true(again->reopened);
	expect_str(first->path, again->path);
	expect_str("conflicted", sm_checkout_state_name(again->state));
	expect_file(again->path, "NOTES", "half done\n");
	char *list = fx_git_in(fx->repo, "worktree", "list", "--porcelain", NULL);
	int worktrees = 0;
	for (const char *p = list; (p = strstr(p, "worktree ")); p++)
		worktrees++;
	assert_int_equal(2, worktrees);

	/* Its directory deleted by hand: made again, on the same branch. */
	sm_checkout_free(again);
	const char *rm[] = { "rm", "-rf", first->path, NULL };
	fx_run(rm, NULL);
	again = checkout(fx, repo, "deref", "6.1");
	assert_false(again->reopened);
	expect_str("conflicted", sm_checkout_state_name(again->state));

	g_free(list);
	g_free(note);
	sm_checkout_free(again);
	sm_checkout_free(first);
	sm_git_repo_free(repo);
	fx_free(fx);
}

/* A clean pick is committed at once, as git cherry-pick does; through a
 * rename too (mm/pool.c is mm/old.c in 6.1). */
static void test_clean(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	sm_checkout *co = checkout(fx, repo, "overflow", "6.1");
	expect_str("committed", sm_checkout_state_name(co->state));
	assert_false(co->dirty);
	char *overflow = fx_id(fx, "overflow");
	char *log = fx_git_in(co->path, "log", "-1", "--format=%an%n%cn%n%B", "--stat=60", NULL);
	char *expected = g_strdup_printf(
		"Alice Dev\nMaintainer Test\nmm: pool: fix overflow\n\ncommit %s upstream.\n\n\n"
		" mm/old.c | 2 +-\n"
		" 1 file changed, 1 insertion(+), 1 deletion(-)\n", overflow);
	expect_str(expected, log);
	char *gitdir = git_dir(co->path);
	char *pick_head = g_build_filename(gitdir, "CHERRY_PICK_HEAD", NULL);
	assert_false(g_file_test(pick_head, G_FILE_TEST_EXISTS));
	g_free(pick_head);
	g_free(gitdir);
	g_free(expected);
	g_free(log);
	g_free(overflow);
	sm_checkout_free(co);
	sm_git_repo_free(repo);
	fx_free(fx);
}

static void test_abandon_and_remove(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	sm_checkout *co = checkout(fx, repo, "deref", "6.1");
	GError *error = NULL;
	char *expected = g_strdup_printf("not removing %s: it is conflicted and has changes",
	                                 co->path);
	assert_false(sm_git_checkout_remove(repo, co, &error));
	expect_error(&error, SM_GIT_ERROR_REFUSED, expected);
	g_free(expected);

	fx_git_at(co->path, "cherry-pick", "--abort", NULL);
	assert_true(sm_git_checkout_refresh(repo, co, NULL));
	expect_str("abandoned", sm_checkout_state_name(co->state));
	assert_false(co->dirty);

	/* An untracked file is the user's: keep everything. */
	char *scratch = g_build_filename(co->path, "scratch.txt", NULL);
	g_file_set_contents(scratch, "mine\n", -1, NULL);
	expected = g_strdup_printf("not removing %s: it is abandoned and has changes", co->path);
	assert_false(sm_git_checkout_remove(repo, co, &error));
	expect_error(&error, SM_GIT_ERROR_REFUSED, expected);
	assert_true(g_file_test(scratch, G_FILE_TEST_EXISTS));
	g_unlink(scratch);

	assert_true(sm_git_checkout_remove(repo, co, &error));
	g_assert_no_error(error);
	assert_false(g_file_test(co->path, G_FILE_TEST_EXISTS));
	char *branches = fx_git_in(fx->repo, "branch", "--list", "stablemate/*", NULL);
	expect_str("", branches);
	char *list = fx_git_in(fx->repo, "worktree", "list", "--porcelain", NULL);
	assert_null(strstr(list, co->path));

	g_free(list);
	g_free(branches);
	g_free(expected);
	g_free(scratch);
	sm_checkout_free(co);
	sm_git_repo_free(repo);
	fx_free(fx);
}

static void test_refusals(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	char *deref = fx_id(fx, "deref");
	char *path = g_strdup_printf("%s/worktrees/%.12s-6.1", fx->dir, deref);
	char *branch = g_strdup_printf("stablemate/6.1/%.12s", deref);

	/* Missing tree, missing commit. */
	expect_refusal(fx, repo, "deref", "5.15", SM_GIT_ERROR_REF,
	               "no stable branch for 5.15: tried stable/linux-5.15.y, linux-5.15.y");
	GError *error = NULL;
	assert_null(sm_git_checkout(repo, "0123456789ab", "6.1", &error));
	assert_int_equal(SM_GIT_ERROR_COMMIT, error->code);
	g_clear_error(&error);

	/* (The path taken by something else: test_failure_path_taken.)  The
	 * branch checked out in the user's own worktree. */
	fx_git(fx, "checkout", "-q", "-b", branch, "linux-6.1.y", NULL);
	char *message = g_strdup_printf("the branch %s is checked out in another worktree", branch);
	expect_refusal(fx, repo, "deref", "6.1", SM_GIT_ERROR_REFUSED, message);
	g_free(message);
	fx_git(fx, "checkout", "-q", "master", NULL);
	fx_git(fx, "branch", "-q", "-D", branch, NULL);

	/* Our worktree, switched to another branch by the user. */
	sm_checkout *co = checkout(fx, repo, "deref", "6.1");
	fx_git_at(co->path, "cherry-pick", "--abort", NULL);
	fx_git_at(co->path, "checkout", "-q", "-b", "mine", NULL);
	message = g_strdup_printf("the worktree %s is no longer on %s: leaving it alone",
	                          path, branch);
	expect_refusal(fx, repo, "deref", "6.1", SM_GIT_ERROR_REFUSED, message);
	g_free(message);
	sm_checkout_free(co);
	sm_git_repo_free(repo);

	/* Worktrees configured inside the user's worktree. */
	sm_git_settings settings = { 0 };
	settings.repo = fx->repo;
	settings.worktrees = g_build_filename(fx->repo, "backports", NULL);
	repo = sm_git_repo_open(&settings, NULL);
	message = g_strdup_printf("refusing to make a worktree at %s/%.12s-6.1: it is inside "
	                          "%s, which is yours (set [git] worktrees elsewhere)",
	                          settings.worktrees, deref, fx->repo);
	expect_refusal(fx, repo, "deref", "6.1", SM_GIT_ERROR_REFUSED, message);
	char *status = fx_git_in(fx->repo, "status", "--porcelain", NULL);
	expect_str("", status);

	g_free(status);
	g_free(message);
	g_free(settings.worktrees);
	g_free(branch);
	g_free(path);
	g_free(deref);
	sm_git_repo_free(repo);
	fx_free(fx);
}

/* A branch stablemate/<tree>/<id> left without its worktree is resumed
 * only when it is a backport of <id> on the stable branch (issue 17,
 * fault 1): a stale branch with some other commit, or one that merely
 * shares history with the stable branch, is refused, never mailed. */
static void test_stale_branch(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	char *deref = fx_id(fx, "deref");
	char *branch = g_strdup_printf("stablemate/6.1/%.12s", deref);
	char *scratch = g_build_filename(fx->dir, "scratch", NULL);

	/* Some other commit on top of the stable branch. */
	fx_git(fx, "worktree", "add", "-q", "-b", branch, scratch, "linux-6.1.y", NULL);
	char *file = g_build_filename(scratch, "unrelated.c", NULL);
	g_file_set_contents(file, "int unrelated;\n", -1, NULL);
	fx_git_at(scratch, "add", "unrelated.c", NULL);
	fx_git_at(scratch, "commit", "-q", "-m", "unrelated: something else", NULL);
	char *other = g_strchomp(fx_git_in(scratch, "rev-parse", "HEAD", NULL));
	fx_git(fx, "worktree", "remove", "--force", scratch, NULL);
	char *message = g_strdup_printf("the branch %s holds %.12s (\"unrelated: something else\"),"
	                                " which is not a backport of %.12s: leaving it alone",
	                                branch, other, deref);
	expect_refusal(fx, repo, "deref", "6.1", SM_GIT_ERROR_REFUSED, message);
	g_free(message);
	fx_git(fx, "branch", "-q", "-D", branch, NULL);

	/* The upstream commit itself, on mainline: history shared, but not
	 * based on the stable branch. */
	char *ref = g_strconcat("refs/fixture/", "deref", NULL);
	fx_git(fx, "branch", "-q", branch, ref, NULL);
	message = g_strdup_printf("the branch %s is not based on linux-6.1.y: leaving it alone",
	                          branch);
	expect_refusal(fx, repo, "deref", "6.1", SM_GIT_ERROR_REFUSED, message);
	g_free(message);
	fx_git(fx, "branch", "-q", "-D", branch, NULL);

	/* A backport stablemate made, its worktree deleted: resumed. */
	sm_checkout *co = checkout(fx, repo, "overflow", "6.1");
	expect_str("committed", sm_checkout_state_name(co->state));
	char backport[GIT_OID_HEXSZ + 1];
	g_strlcpy(backport, co->backport, sizeof backport);
	const char *rm[] = { "rm", "-rf", co->path, NULL };
	fx_run(rm, NULL);
	sm_checkout_free(co);
	co = checkout(fx, repo, "overflow", "6.1");
	expect_str("committed", sm_checkout_state_name(co->state));
	expect_str(backport, co->backport);

	sm_checkout_free(co);
	g_free(ref);
	g_free(other);
	g_free(file);
	g_free(scratch);
	g_free(branch);
	g_free(deref);
	sm_git_repo_free(repo);
	fx_free(fx);
}

/* ---- like git, on crafted conflicts ---- */

static char *co_path_of(fixture *fx, const char *name, const char *tree)
{
	static char path[4096];
	char *id = fx_id(fx, name);
	g_snprintf(path, sizeof path, "%s/worktrees/%.12s-%s", fx->dir, id, tree);
	g_free(id);
	return path;
}


/* Three versions of a file whose merge differs between the diff
 * algorithms: git's merge (merge-ort) uses histogram diff, libgit2's
 * git_merge_file only myers or patience, and the conflict hunks differ. */
static const char histogram_base[] =
	"\treturn 0;\n\ty--;\n/* c */\n\tx++;\n\n\ty--;\n}\n\tx++;\n\tx++;\n{\n\tx++;\n"
	"int f(void)\n\treturn 0;\n\n\treturn 0;\n\n\n\treturn 0;\nint f(void)\n}\n}\n\n}\n"
	"/* c */\n\treturn 0;\n\n/* c */\n\tx++;\n}\n\treturn 0;\n\tx++;\n\ty--;\n\ty--;\n"
	"\treturn 0;\n}\n\tx++;\n\ty--;\n\tx++;\n\tx++;\n{\n";
static const char histogram_stable[] =
	"\treturn 0;\n\ty--;\n/* c */\n\tx++;\n\n\ty--;\n}\n\tx++;\n\tx++;\n{\n\tx++;\n"
	"int f(void)\n\treturn 0;\n\tx++;\n/* c */\n\n\treturn 0;\n\n\n\treturn 0;\n"
	"int f(void)\n}\n\n}\n/* c */\n\treturn 0;\n\n/* c */\n\tx++;\n}\n\treturn 0;\n"
	"int f(void)\n{\n\ty--;\n{\n\tx++;\n\ty--;\n\ty--;\n\treturn 0;\n}\n\tx++;\n\ty--;\n"
	"{\n";
static const char histogram_upstream[] =
	"\tx++;\n\n\ty--;\n}\n\tx++;\n\tx++;\n{\n\tx++;\nint f(void)\n\treturn 0;\n\n"
	"\treturn 0;\n\n\n\treturn 0;\nint f(void)\n}\n}\n\n}\n/* c */\nchanged 14\n\n"
	"/* c */\n\tx++;\n}\n\treturn 0;\n\tx++;\n\ty--;\nchanged 32\n\treturn 0;\n}\n"
	"\tx++;\n\ty--;\nchanged 36\n\tx++;\n{\n";


/* In a copy of the fixture: drivers/histogram.c as BASE on v6.1 and
 * master's tip, STABLE on linux-6.1.y, UPSTREAM on master as commit
 * "crafted". */
static void craft(fixture *fx)
{
	char *file = g_build_filename(fx->repo, "drivers", "histogram.c", NULL);
	fx_git(fx, "checkout", "-q", "linux-6.1.y", NULL);
	g_file_set_contents(file, histogram_base, -1, NULL);
	fx_git(fx, "add", "-A", NULL);
	fx_git(fx, "commit", "-q", "-m", "drivers: add histogram.c", NULL);
	char *added = g_strchomp(fx_git_in(fx->repo, "rev-parse", "HEAD", NULL));
	g_file_set_contents(file, histogram_stable, -1, NULL);
	fx_git(fx, "commit", "-q", "-a", "-m", "drivers: histogram: stable change", NULL);
	fx_git(fx, "checkout", "-q", "master", NULL);
	fx_git(fx, "cherry-pick", added, NULL);
	g_file_set_contents(file, histogram_upstream, -1, NULL);
	fx_git(fx, "commit", "-q", "-a", "-m", "drivers: histogram: upstream change", NULL);
	fx_git(fx, "update-ref", "refs/fixture/crafted", "HEAD", NULL);
	g_free(added);
	g_free(file);
}

/* Issue 12, like git: the worktree for crafted on 6.1 is what `git
 * cherry-pick -x` leaves, the same files, the same conflict hunk (git's
 * histogram diff, where libgit2's merge made one 6 lines wider), markers,
 * labels and index stages; with the user's merge.conflictStyle (diff3)
 * too.  Without the git program (libgit2's merge) the labels, with git's
 * abbreviation length, and the stages still are. */
static void test_like_git(void **state)
{
	fixture *fx = fx_copy(*state);
	craft(fx);
	char *unmerged = NULL;
	for (int diff3 = 0; diff3 <= 1; diff3++) {
		if (diff3)
			fx_git(fx, "config", "merge.conflictStyle", "diff3", NULL);
		char *text, *git_state;
		g_free(unmerged);
		git_reference_pick(fx, "crafted", "linux-6.1.y", "drivers/histogram.c", &text,
		                   &unmerged, &git_state);
		sm_git_repo *repo = fx_open(fx, NULL, NULL);
		sm_checkout *co = checkout(fx, repo, "crafted", "6.1");
		expect_file(co->path, "drivers/histogram.c", text);
		assert_true(!diff3 == !strstr(text, "\n||||||| "));
		char *ours = fx_git_in(co->path, "ls-files", "-u", NULL);
		expect_str(unmerged, ours);
		char *status = fx_git_in(co->path, "status", "--porcelain", NULL);
		expect_str("UU drivers/histogram.c\n", status);
		char *our_state = worktree_state(co->path);
		expect_labelled("the worktree", git_state, our_state);
		fx_git(fx, "worktree", "remove", "--force", co->path, NULL);
		fx_git(fx, "branch", "-q", "-D", co->branch, NULL);
		g_free(our_state);
		g_free(status);
		g_free(ours);
		sm_checkout_free(co);
		sm_git_repo_free(repo);
		g_free(git_state);
		g_free(text);
	}
	fx_git(fx, "config", "--unset", "merge.conflictStyle", NULL);
	sm_git_repo *repo;
	sm_checkout *co;
	char *ours;

	/* libgit2 alone (no git installed), with git's abbreviation length
	 * set to 11 as on a large repository. */
	fx_git(fx, "config", "core.abbrev", "11", NULL);
	g_setenv("STABLEMATE_NO_GIT_PROGRAM", "1", TRUE);
	repo = fx_open(fx, NULL, NULL);
	co = checkout(fx, repo, "crafted", "6.1");
	g_unsetenv("STABLEMATE_NO_GIT_PROGRAM");
	char *picked = read_file(co->path, "drivers/histogram.c");
	char *shortid = g_strchomp(fx_git_in(fx->repo, "rev-parse", "--short", "refs/fixture/crafted", NULL));
	assert_int_equal(11, strlen(shortid));
	char *label = g_strdup_printf("\n>>>>>>> %s (drivers: histogram: upstream change)\n", shortid);
	if (!strstr(picked, label))
		fail_msg("no \"%s\" in:\n%s", label + 1, picked);
	assert_non_null(strstr(picked, "\n<<<<<<< HEAD\n"));
	ours = fx_git_in(co->path, "ls-files", "-u", NULL);
	expect_str(unmerged, ours);
	g_free(ours);
	g_free(label);
	g_free(shortid);
	g_free(picked);
	sm_checkout_free(co);
	sm_git_repo_free(repo);
	g_free(unmerged);
	fx_free(fx);
}

/* sm_git_short_id() is `git rev-parse --short`: with core.abbrev unset
 * (7 on a small repository, 8 past 2^14 packed objects), and set. */
static void test_short_id(void **state)
{
	fixture *fx = fx_copy(*state);
	git_repository *git = NULL;
	assert_int_equal(0, git_repository_open(&git, fx->repo));
	git_oid head;
	assert_int_equal(0, git_reference_name_to_id(&head, git, "HEAD"));
	for (int round = 0; round < 3; round++) {
		if (round == 1) {
			/* 17,000 packed blobs: git's length grows to 8. */
			char *stream = g_build_filename(fx->dir, "blobs", NULL);
			GString *s = g_string_new(NULL);
			for (int i = 0; i < 17000; i++)
				g_string_append_printf(s, "blob\ndata 6\n%d\n",
				                       100000 + i);
			g_file_set_contents(stream, s->str, s->len, NULL);
			g_string_free(s, TRUE);
			char *cmd = g_strdup_printf("git fast-import --quiet < '%s'",
			                            stream);
			const char *argv[] = { "sh", "-c", cmd, NULL };
			fx_run(argv, fx->repo);
			g_free(cmd);
			g_free(stream);
		} else if (round == 2) {
			fx_git(fx, "config", "core.abbrev", "13", NULL);
		}
		git_repository_free(git);
		assert_int_equal(0, git_repository_open(&git, fx->repo));
		char *mine = sm_git_short_id(git, &head);
		char *theirs = g_strchomp(fx_git_in(fx->repo, "rev-parse", "--short", "HEAD", NULL));
		expect_str(theirs, mine);
		assert_int_equal(round == 0 ? 7 : round == 1 ? 8 : 13, strlen(mine));
		g_free(mine);
		g_free(theirs);
	}
	git_repository_free(git);
	fx_free(fx);
}

/* ---- a failed creation leaves nothing ----
 *
 * Issue 12, "failure leaves nothing": a checkout that fails at any step
 * (path taken, disk full, branch exists, hook fails) removes the worktree
 * registration, the branch and any lock it made, says exactly what
 * happened, and a rerun after the failure works.  One test a step:
 * test_failure_path_taken, test_failure_disk_full (adding the worktree),
 * test_failure_pick_disk_full (the pick), test_failure_branch_exists,
 * test_failure_hook. */

/* Any lock file (*.lock, a worktree's "locked") under DIR, into OUT. */
static void find_locks(const char *dir, GString *out)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	for (const char *name; d && (name = g_dir_read_name(d));) {
		char *path = g_build_filename(dir, name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK))
			find_locks(path, out);
		else if (g_str_has_suffix(name, ".lock") || strcmp(name, "locked") == 0)
			g_string_append_printf(out, "%s\n", path);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
}

/* No registration, no branch, no lock; git agrees. */
static void expect_nothing_registered(fixture *fx, const char *name, const char *tree)
{
	char *id = fx_id(fx, name);
	const char *path = co_path_of(fx, name, tree);
	char *admin = g_strdup_printf("%s/.git/worktrees/stablemate-%s-%.12s", fx->repo, tree, id);
	char *branch = g_strdup_printf("stablemate/%s/%.12s", tree, id);
	if (g_file_test(admin, G_FILE_TEST_EXISTS))
		fail_msg("%s is still there", admin);
	char *list = fx_git_in(fx->repo, "worktree", "list", "--porcelain", NULL);
	char *branches = fx_git_in(fx->repo, "branch", "--list", branch, NULL);
	expect_str("", branches);
	if (strstr(list, path))
		fail_msg("git still lists %s:\n%s", path, list);
	char *prune = fx_git_in(fx->repo, "worktree", "prune", "-n", "-v", NULL);
	expect_str("", prune);
	char *gitdir = g_build_filename(fx->repo, ".git", NULL);
	GString *locks = g_string_new(NULL);
	find_locks(gitdir, locks);
	expect_labelled("locks left", "", locks->str);
	g_string_free(locks, TRUE);
	g_free(gitdir);
	g_free(prune);
	g_free(branches);
	g_free(list);
	g_free(branch);
	g_free(admin);
	g_free(id);
}

/* ... and no directory either. */
static void expect_nothing_left(fixture *fx, const char *name, const char *tree)
{
	const char *path = co_path_of(fx, name, tree);
	if (g_file_test(path, G_FILE_TEST_EXISTS))
		fail_msg("%s is still there", path);
	expect_nothing_registered(fx, name, tree);
}

static void expect_failure(fixture *fx, sm_git_repo *repo, const char *name,
                           const char *tree, const char *start, const char *end)
{
	char *id = fx_id(fx, name);
	GError *error = NULL;
	sm_checkout *co = sm_git_checkout(repo, id, tree, &error);
	if (co)
		fail_msg("checkout %s on %s: expected a failure", name, tree);
	if (!g_str_has_prefix(error->message, start) || !g_str_has_suffix(error->message, end))
		fail_msg("expected \"%s...%s\", got \"%s\"", start, end, error->message);
	g_error_free(error);
	g_free(id);
}

/* The rerun after a failure: it works, and leaves NAME's worktree in
 * STATE. */
static void expect_rerun(fixture *fx, const char *name, const char *tree, const char *state)
{
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	sm_checkout *co = checkout(fx, repo, name, tree);
	expect_str(state, sm_checkout_state_name(co->state));
	sm_checkout_free(co);
	sm_git_repo_free(repo);
}

static void test_failure_hook(void **state)
{
	fixture *fx = fx_copy(*state);
	char *hook = g_build_filename(fx->repo, ".git", "hooks", "post-checkout", NULL);
	char *dir = g_path_get_dirname(hook);
	g_mkdir_with_parents(dir, 0755);
	g_file_set_contents(hook, "#!/bin/sh\necho 'not on this branch' >&2\nexit 3\n", -1, NULL);
	g_chmod(hook, 0755);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	char *start = g_strdup_printf("making the worktree %s: the post-checkout hook %s failed "
	                              "(exit status 3): not on this branch", co_path_of(fx, "deref", "6.1"), hook);
	expect_failure(fx, repo, "deref", "6.1", start, "; removed what was made, the branch included");
	expect_nothing_left(fx, "deref", "6.1");
	/* A hook that passes runs in the new worktree, as git's does. */
	g_file_set_contents(hook, "#!/bin/sh\necho \"$1 $3\" > hook-ran\n", -1, NULL);
	g_chmod(hook, 0755);
	sm_checkout *co = checkout(fx, repo, "deref", "6.1");
	expect_str("conflicted", sm_checkout_state_name(co->state));
	expect_file(co->path, "hook-ran", "0000000000000000000000000000000000000000 1\n");
	sm_checkout_free(co);
	sm_git_repo_free(repo);
	g_free(start);
	g_free(dir);
	g_free(hook);
	fx_free(fx);
}

/* A 4 MB file committed on BRANCH (checked out again after), as NAME if
 * not NULL. */
static void commit_big_file(fixture *fx, const char *branch, const char *name)
{
	fx_git(fx, "checkout", "-q", branch, NULL);
	char *big = g_build_filename(fx->repo, "firmware.bin", NULL);
	char *data = g_malloc0(4 << 20);
	for (int i = 0; i < (4 << 20); i++)
		data[i] = (char)((guint)i * 7919u >> 3);
	g_file_set_contents(big, data, 4 << 20, NULL);
	fx_git(fx, "add", "-A", NULL);
	fx_git(fx, "commit", "-q", "-m", "firmware: add firmware.bin", NULL);
	if (name) {
		char *ref = g_strconcat("refs/fixture/", name, NULL);
		fx_git(fx, "update-ref", ref, "HEAD", NULL);
		g_free(ref);
	}
	fx_git(fx, "checkout", "-q", "master", NULL);
	g_free(data);
	g_free(big);
}

/* A full disk: the checkout of NAME on TREE in a child process whose
 * files may not grow past 1 MB (git and hooks it runs inherit the
 * limit).  What it said (new string). */
static char *checkout_disk_full(fixture *fx, const char *name, const char *tree)
{
	char *report = g_build_filename(fx->dir, "child-error", NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit limit = { 1 << 20, 1 << 20 };
		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &limit);
		sm_git_repo *repo = fx_open(fx, NULL, NULL);
		char *id = fx_id(fx, name);
		GError *error = NULL;
		sm_checkout *co = sm_git_checkout(repo, id, tree, &error);
		g_file_set_contents(report, co ? "made" : error->message, -1, NULL);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	char *message = NULL;
	assert_true(g_file_get_contents(report, &message, NULL, NULL));
	g_unlink(report);
	g_free(report);
	return message;
}

static void expect_message(const char *message, const char *start, const char *end)
{
	if (!g_str_has_prefix(message, start) || !g_str_has_suffix(message, end))
		fail_msg("expected \"%s...%s\", got \"%s\"", start, end, message);
}

/* Disk full while the worktree's files are written (a big file on the
 * stable branch). */
static void test_failure_disk_full(void **state)
{
	fixture *fx = fx_copy(*state);
	commit_big_file(fx, "linux-6.1.y", NULL);
	char *message = checkout_disk_full(fx, "deref", "6.1");
	char *start = g_strdup_printf("making the worktree %s: adding the worktree: ",
	                              co_path_of(fx, "deref", "6.1"));
	expect_message(message, start, "; removed what was made, the branch included");
	expect_nothing_left(fx, "deref", "6.1");
	/* With room again, the same checkout works. */
	expect_rerun(fx, "deref", "6.1", "conflicted");
	g_free(start);
	g_free(message);
	fx_free(fx);
}

/* Disk full in the pick itself (the upstream commit adds a big file),
 * by git and by libgit2. */
static void test_failure_pick_disk_full(void **state)
{
	fixture *fx = fx_copy(*state);
	commit_big_file(fx, "master", "firmware");
	const char *path = co_path_of(fx, "firmware", "6.1");
	for (int by_git = 1; by_git >= 0; by_git--) {
		if (!by_git)
			g_setenv("STABLEMATE_NO_GIT_PROGRAM", "1", TRUE);
		char *message = checkout_disk_full(fx, "firmware", "6.1");
		char *start = by_git
			? g_strdup_printf("making the worktree %s: git cherry-pick failed (exit "
			                  "status 128): error: unable to write file firmware.bin; fatal: "
			                  "cherry-pick failed", path)
			: g_strdup_printf("making the worktree %s: cherry-pick: could not write to "
			                  "'%s/firmware.bin': File too large", path, path);
		expect_message(message, start, "; removed what was made, the branch included");
		expect_nothing_left(fx, "firmware", "6.1");
		expect_rerun(fx, "firmware", "6.1", "committed");
		g_unsetenv("STABLEMATE_NO_GIT_PROGRAM");
		fx_git(fx, "worktree", "remove", "--force", path, NULL);
		char *id = fx_id(fx, "firmware");
		char *branch = g_strdup_printf("stablemate/6.1/%.12s", id);
		fx_git(fx, "branch", "-q", "-D", branch, NULL);
		g_free(branch);
		g_free(id);
		g_free(start);
		g_free(message);
	}
	fx_free(fx);
}

/* The path taken by something else: refused before anything is made,
 * what is there is kept, and once it is moved away the rerun works. */
static void test_failure_path_taken(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	const char *path = co_path_of(fx, "deref", "6.1");
	g_mkdir_with_parents(path, 0755);
	char *file = g_build_filename(path, "precious", NULL);
	g_file_set_contents(file, "x", -1, NULL);
	char *message = g_strdup_printf(
		"refusing to make a worktree at %s: something else is there", path);
	expect_refusal(fx, repo, "deref", "6.1", SM_GIT_ERROR_REFUSED, message);
	expect_file(path, "precious", "x");
	expect_nothing_registered(fx, "deref", "6.1");
	const char *rm[] = { "rm", "-r", path, NULL };
	fx_run(rm, NULL);
	expect_rerun(fx, "deref", "6.1", "conflicted");
	g_free(message);
	g_free(file);
	sm_git_repo_free(repo);
	fx_free(fx);
}

/* The branch exists, checked out elsewhere: refused before anything is
 * made, and the user's things (the branch, its worktree) are kept; once
 * it is gone the rerun works. */
static void test_failure_branch_exists(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	char *deref = fx_id(fx, "deref");
	char *branch = g_strdup_printf("stablemate/6.1/%.12s", deref);
	char *elsewhere = g_build_filename(fx->dir, "elsewhere", NULL);
	fx_git(fx, "worktree", "add", "-q", "-b", branch, elsewhere, "linux-6.1.y", NULL);
	char *message = g_strdup_printf("the branch %s is checked out in another worktree", branch);
	expect_refusal(fx, repo, "deref", "6.1", SM_GIT_ERROR_REFUSED, message);
	char *admin = g_strdup_printf("%s/.git/worktrees/stablemate-6.1-%.12s", fx->repo, deref);
	assert_false(g_file_test(admin, G_FILE_TEST_EXISTS));
	assert_false(g_file_test(co_path_of(fx, "deref", "6.1"), G_FILE_TEST_EXISTS));
	char *kept = fx_git_in(fx->repo, "branch", "--list", branch, NULL);
	assert_non_null(strstr(kept, branch));
	assert_true(g_file_test(elsewhere, G_FILE_TEST_IS_DIR));
	fx_git(fx, "worktree", "remove", elsewhere, NULL);
	fx_git(fx, "branch", "-q", "-D", branch, NULL);
	expect_nothing_left(fx, "deref", "6.1");
	expect_rerun(fx, "deref", "6.1", "conflicted");
	g_free(kept);
	g_free(admin);
	g_free(message);
	g_free(elsewhere);
	g_free(branch);
	g_free(deref);
	sm_git_repo_free(repo);
	fx_free(fx);
}

static void test_message(void **state)
{
	fixture *fx = *state;
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	char *id = fx_id(fx, "typo");
	git_commit *commit = sm_git_commit(repo, id, NULL);
	char *message = sm_git_backport_message(commit);
	char *expected = g_strdup_printf("fs: bar: fix typo in comment\n\ncommit %s upstream.\n", id);
	expect_str(expected, message);
	g_free(expected);
	g_free(message);
	git_commit_free(commit);
	g_free(id);
	sm_git_repo_free(repo);
}

/* ---- the shell ---- */

static void test_shell(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_settings settings = { 0 };
	settings.repo = fx->repo;
	settings.worktrees = g_build_filename(fx->dir, "worktrees", NULL);
	/* The user resolves, commits, and notes what stablemate told it. */
	settings.shell = g_strdup("sh -c 'git checkout -q --theirs drivers/net/foo.c && "
	                          "git add -u && git commit -q --no-edit && "
	                          "echo \"$STABLEMATE_TREE $STABLEMATE_UPSTREAM $PWD\" > ../env'");
	sm_git_repo *repo = sm_git_repo_open(&settings, NULL);
	sm_checkout *co = checkout(fx, repo, "deref", "6.1");
	char *summary = sm_git_checkout_summary(co);
	char *expected = g_strdup_printf(
		"Backport of 7c3c36f0f302 (\"net: foo: fix null deref in foo_setup\") to 6.1\n"
		"  worktree  %s\n"
		"  branch    stablemate/6.1/7c3c36f0f302, from linux-6.1.y\n"
		"\n"
		"1 file still conflicts:\n"
		"    drivers/net/foo.c\n"
		"\n"
		"Resolve them, then:\n"
		"    git add drivers/net/foo.c\n"
		"    git commit -s\n"
		"The message already starts with \"commit 7c3c36f0f302... upstream.\" and keeps the author.\n"
		"To give up:  git cherry-pick --abort\n"
		"\n"
		"Leave the shell (exit) to go back to stablemate.\n", co->path);
	expect_str(expected, summary);
	char *outcome = sm_git_checkout_outcome(co);
	expect_str("7c3c36f0f302 on 6.1: still conflicted: drivers/net/foo.c", outcome);
	g_free(outcome);

	char *printed = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&printed, &len);
	GError *error = NULL;
	assert_true(sm_git_shell_run(repo, co, out, &error));
	fclose(out);
	expect_str(summary, printed);
	expect_str("committed", sm_checkout_state_name(co->state));
	outcome = sm_git_checkout_outcome(co);
	char *line = g_strdup_printf("7c3c36f0f302 on 6.1: committed as %.12s", co->backport);
	expect_str(line, outcome);
	char *env = read_file(fx->dir, "worktrees/env");
	char *deref = fx_id(fx, "deref");
	char *expected_env = g_strdup_printf("6.1 %s %s\n", deref, co->path);
	expect_str(expected_env, env);

	/* A shell that cannot start, or cannot be split. */
	g_free(settings.shell);
	sm_git_repo_free(repo);
	settings.shell = g_strdup("/nonexistent/shell");
	repo = sm_git_repo_open(&settings, NULL);
	out = fopen("/dev/null", "w");
	assert_false(sm_git_shell_run(repo, co, out, &error));
	assert_int_equal(SM_GIT_ERROR_CONFIG, error->code);
	assert_true(g_str_has_prefix(error->message, "cannot run /nonexistent/shell: "));
	g_clear_error(&error);
	settings.shell[0] = '\'';
	assert_null(sm_git_shell_argv(&settings, &error));
	assert_int_equal(SM_GIT_ERROR_CONFIG, error->code);
	g_clear_error(&error);
	fclose(out);

	g_free(expected_env);
	g_free(deref);
	g_free(env);
	g_free(line);
	g_free(outcome);
	g_free(printed);
	g_free(expected);
	g_free(summary);
	g_free(settings.shell);
	g_free(settings.worktrees);
	sm_checkout_free(co);
	sm_git_repo_free(repo);
	fx_free(fx);
}

/* ---- the mails ---- */

static const sm_identity maintainer = {
	"Maintainer Test", "maint@example.org", (const char *const[]){ "maint@example.org", NULL },
};

static char *addresses(InternetAddressList *list)
{
	return internet_address_list_to_string(list, NULL, FALSE);
}

/* The reply's headers that do not change from run to run. */
static char *headers(const sm_reply *reply)
{
	char *from = addresses(reply->from), *to = addresses(reply->to), *cc = addresses(reply->cc);
	char *refs = g_strjoinv(" ", reply->references);
	char *text = g_strdup_printf("From: %s\nTo: %s\nCc: %s\nSubject: %s\n"
	                             "In-Reply-To: %s\nReferences: %s\n",
	                             from, to, cc, reply->subject, reply->in_reply_to, refs);
	g_free(from);
	g_free(to);
	g_free(cc);
	g_free(refs);
	return text;
}

static const char failed_quote[] =
	"On Mon, 15 Jan 2024 10:00:00 +0100, gregkh@example.org wrote:\n"
	"> The patch below does not apply to the 6.1-stable tree.\n"
	"> If someone wants it applied there, or to any other stable or longterm\n"
	"> tree, then please email the backport, including the original git commit\n"
	"> id to <stable@vger.kernel.org>.\n"
	">\n"
	"> To reproduce the conflict and resubmit, you may use the following commands:\n"
	">\n"
	"> git fetch https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/ linux-6.1.y\n"
	"> [...]\n";

static void test_backport_mail(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	sm_checkout *co = checkout(fx, repo, "deref", "6.1");
	fx_git_at(co->path, "checkout", "--theirs", "drivers/net/foo.c", NULL);
	fx_git_at(co->path, "add", "drivers/net/foo.c", NULL);
	fx_git_at(co->path, "commit", "-q", "-s", "--no-edit", NULL);
	assert_true(sm_git_checkout_refresh(repo, co, NULL));

	GError *error = NULL;
	GMimeMessage *failed = sm_reply_read_parent(fx->failed, &error);
	g_assert_no_error(error);
	sm_reply *mail = sm_git_backport_mail(repo, co->backport, "6.1", failed, &maintainer,
	                                      1705312800, &error);
	g_assert_no_error(error);
	char *head = headers(mail);
	expect_str("From: Maintainer Test <maint@example.org>\n"
	           "To: stable@vger.kernel.org\n"
	           "Cc: alice@example.org, Bob Maintainer <bob@example.org>, "
	           "Carol Reviewer <carol@example.org>\n"
	           "Subject: [PATCH 6.1.y] net: foo: fix null deref in foo_setup\n"
	           "In-Reply-To: 2024011500-failed-deref@gregkh\n"
	           "References: 20240110-deref-v1@example.org 2024011500-failed-deref@gregkh\n",
	           head);

	/* The body is git format-patch's, after the author's From: line. */
	char *patch = fx_git_in(co->path, "format-patch", "-1", "--stdout", "HEAD", NULL);
	char *patch_body = strstr(patch, "\n\n") + 2;
	*strstr(patch_body, "\n-- \n") = '\0';
	char *expected = g_strdup_printf("From: Alice Dev <alice@example.org>\n\n%s\n"
	                                 "-- \nstablemate %s\n", patch_body, PACKAGE_VERSION);
	expect_str(expected, mail->body);
	char *deref = fx_id(fx, "deref");
	char *line = g_strdup_printf("\ncommit %s upstream.\n", deref);
	assert_non_null(strstr(mail->body, line));
	assert_non_null(strstr(mail->body, "Signed-off-by: Maintainer Test <maint@example.org>\n"));

	/* What goes out: the same headers, threaded. */
	char *message = sm_reply_format(mail);
	assert_non_null(strstr(message, "\nIn-Reply-To: <2024011500-failed-deref@gregkh>\n"));
	assert_non_null(strstr(message, "\nSubject: [PATCH 6.1.y] net: foo: fix null deref in foo_setup\n"));

	g_free(message);
	g_free(line);
	g_free(deref);
	g_free(expected);
	g_free(patch);
	g_free(head);
	sm_reply_free(mail);
	g_object_unref(failed);
	sm_checkout_free(co);
	sm_git_repo_free(repo);
	fx_free(fx);
}

static void test_deps_mail(void **state)
{
	fixture *fx = *state;
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	GError *error = NULL;
	GMimeMessage *failed = sm_reply_read_parent(fx->failed, &error);
	char *body = NULL;
	g_file_get_contents(fx->failed, &body, NULL, NULL);
	char *deref = fx_id(fx, "deref");
	GPtrArray *deps = sm_git_dependencies(repo, deref, "6.1", body, &error);
	g_assert_no_error(error);
	g_ptr_array_set_size(deps, 1);  /* the user picks table */
	sm_config *config = sm_config_load(NULL, &error);
	g_assert_no_error(error);

	sm_reply *mail = sm_git_deps_mail(config, failed, &maintainer, deref,
	                                  "net: foo: fix null deref in foo_setup", "6.1",
	                                  deps, 1705312800, &error);
	g_assert_no_error(error);
	char *head = headers(mail);
	expect_str("From: Maintainer Test <maint@example.org>\n"
	           "To: gregkh@example.org, alice@example.org, Bob Maintainer <bob@example.org>\n"
	           "Cc: stable@vger.kernel.org, Carol Reviewer <carol@example.org>\n"
	           "Subject: Re: FAILED: patch \"[PATCH] net: foo: fix null deref in foo_setup\" "
	           "failed to apply to 6.1-stable tree\n"
	           "In-Reply-To: 2024011500-failed-deref@gregkh\n"
	           "References: 20240110-deref-v1@example.org 2024011500-failed-deref@gregkh\n",
	           head);
	char *expected = g_strdup_printf("%s\nPlease also take\n1adedf6271a6 (\"net: foo: store "
	                                 "setup values in a table\") first.\n\n"
	                                 "Thanks,\nMaintainer Test\n", failed_quote);
	expect_str(expected, mail->body);
	sm_reply_free(mail);

	/* Two, with the user's own template. */
	sm_dependency extra = { .id = "0123456789ab", .subject = (char *)"other" };
	GPtrArray *two = g_ptr_array_new();
	g_ptr_array_add(two, deps->pdata[0]);
	g_ptr_array_add(two, &extra);
	g_key_file_set_string(config->keyfile, "templates", "ask-for-dependencies",
	                      "${sender}: for ${commit} on ${trees}, take ${dependencies}first.");
	mail = sm_git_deps_mail(config, failed, &maintainer, deref,
	                        "net: foo: fix null deref in foo_setup", "6.1", two, 0, &error);
	g_assert_no_error(error);
	/* Wrapped at 72 columns: the reference goes on a line of its own. */
	expect_str("gregkh@example.org: for\n7c3c36f0f302 (\"net: foo: fix null deref in "
	           "foo_setup\") on 6.1, take\n\n"
	           "  1adedf6271a6 (\"net: foo: store setup values in a table\")\n"
	           "  0123456789ab (\"other\")\n\nfirst.\n", mail->body);
	sm_reply_free(mail);
	g_key_file_set_string(config->keyfile, "templates", "ask-for-dependencies", "${nope}");
	assert_null(sm_git_deps_mail(config, failed, &maintainer, deref, "s", "6.1", deps, 0, &error));
	expect_error(&error, SM_TEMPLATE_ERROR_VARIABLE,
	             "template ask-for-dependencies: unknown variable ${nope}");

	g_ptr_array_unref(two);
	g_free(expected);
	g_free(head);
	sm_config_free(config);
	g_ptr_array_unref(deps);
	g_free(deref);
	g_free(body);
	g_object_unref(failed);
	sm_git_repo_free(repo);
}

int main(void)
{
	fx_environment();
	g_mime_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_reopen),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_abandon_and_remove),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_stale_branch),
		cmocka_unit_test(test_like_git),
		cmocka_unit_test(test_short_id),
		cmocka_unit_test(test_failure_hook),
		cmocka_unit_test(test_failure_disk_full),
		cmocka_unit_test(test_failure_pick_disk_full),
		cmocka_unit_test(test_failure_path_taken),
		cmocka_unit_test(test_failure_branch_exists),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_shell),
		cmocka_unit_test(test_backport_mail),
		cmocka_unit_test(test_deps_mail),
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
