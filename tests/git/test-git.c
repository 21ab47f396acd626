/* test-git.c - the git features on a real repository built by git-lib.sh.
 *
 * The fixture (tests/git-lib.sh) is built once; tests that change a
 * repository work on their own copy of it.  Commits are named by the
 * fixture's refs/fixture/NAME refs.
 */
#define _GNU_SOURCE /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include "git/git.h"
#include "git/contains.h"
#include "output/output.h"
#include "output/private.h"
#include "git/private.h"
#include "git-fixture.h"

/* ---- refs ---- */

static void test_refs(void **state)
{
	fixture *fx = *state;
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	git_oid tip;
	const char *name;
	GError *error = NULL;

	assert_true(sm_git_upstream(repo, &tip, &name, &error));
	expect_str("master", name);
	expect_oid(fx, "short7", &tip);
	assert_true(sm_git_stable(repo, "6.6", &tip, &name, &error));
	expect_str("stable/linux-6.6.y", name);
	expect_oid(fx, "v6.6.1", &tip);
	assert_true(sm_git_stable(repo, "6.1", &tip, &name, &error));
	expect_str("linux-6.1.y", name);
	expect_oid(fx, "v6.1.1", &tip);
	assert_false(sm_git_stable(repo, "5.15", &tip, NULL, &error));
	expect_error(&error, SM_GIT_ERROR_REF,
	             "no stable branch for 5.15: tried stable/linux-5.15.y, linux-5.15.y");
	/* The tree name goes into refs and paths: only versions pass. */
	const char *bad[] = { "../6.1", "6.1/x", "6..1", "6.1.", "", "6.1\n" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		assert_false(sm_git_stable(repo, bad[i], &tip, NULL, &error));
		char *shown = g_strescape(bad[i], NULL);
		char *message = g_strdup_printf("\"%s\" is not a stable tree (like 6.1)", shown);
		expect_error(&error, SM_GIT_ERROR_REF, message);
		g_free(message);
		g_free(shown);
	}
	git_oid base;
	assert_true(sm_git_stable(repo, "6.1", &tip, NULL, &error));
	assert_true(sm_git_branch_point(repo, &tip, &base, &error));
	expect_oid(fx, "v6.1", &base);
	sm_git_repo_free(repo);

	/* A configured pattern or upstream is used as given. */
	repo = fx_open(fx, "origin/main", "linux-%s.y");
	assert_false(sm_git_stable(repo, "6.6", &tip, NULL, &error));
	expect_error(&error, SM_GIT_ERROR_REF, "no stable branch for 6.6: tried linux-6.6.y");
	assert_false(sm_git_upstream(repo, &tip, NULL, &error));
	expect_error(&error, SM_GIT_ERROR_REF, "no mainline branch: tried origin/main");
	/* A pattern is not a format: "%d" stays as written. */
	sm_git_repo_free(repo);
	repo = fx_open(fx, NULL, "%d/linux-%s.y");
	assert_false(sm_git_stable(repo, "6.1", &tip, NULL, &error));
	expect_error(&error, SM_GIT_ERROR_REF, "no stable branch for 6.1: tried %d/linux-6.1.y");
	sm_git_repo_free(repo);
}

static void test_open_errors(void **state)
{
	(void)state;
	sm_git_settings settings = { 0 };
	GError *error = NULL;
	assert_null(sm_git_repo_open(&settings, &error));
	expect_error(&error, SM_GIT_ERROR_CONFIG,
	             "no kernel repository configured: set [git] repo");
	settings.repo = (char *)"/nonexistent/linux";
	assert_null(sm_git_repo_open(&settings, &error));
	assert_int_equal(SM_GIT_ERROR_REPO, error->code);
	assert_true(g_str_has_prefix(error->message,
	                             "cannot open the git repository /nonexistent/linux: "));
	g_clear_error(&error);
}

static void test_commit_lookup(void **state)
{
	fixture *fx = *state;
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	GError *error = NULL;
	char *deref = fx_id(fx, "deref");
	char prefix[13];
	g_strlcpy(prefix, deref, sizeof prefix);
	git_commit *commit = sm_git_commit(repo, prefix, &error);
	assert_non_null(commit);
	char *summary = sm_git_summary(commit);
	expect_str("net: foo: fix null deref in foo_setup", summary);
	g_free(summary);
	git_commit_free(commit);

	assert_null(sm_git_commit(repo, "0123456789ab", &error));
	char *expected = g_strdup_printf("commit 0123456789ab is not in %s", fx->repo);
	expect_error(&error, SM_GIT_ERROR_COMMIT, expected);
	g_free(expected);
	assert_null(sm_git_commit(repo, "$(rm -rf /)", &error));
	assert_int_equal(SM_GIT_ERROR_COMMIT, error->code);
	g_clear_error(&error);
	g_free(deref);
	sm_git_repo_free(repo);
}

/* ---- predictions ---- */

static char *predict(fixture *fx, sm_git_repo *repo, const char *name, const char *tree)
{
	GError *error = NULL;
	char *id = fx_id(fx, name);
	sm_prediction *p = sm_git_predict(repo, tree, id, &error);
	g_free(id);
	if (!p) {
		char *text = g_strdup_printf("error: %s", error->message);
		g_error_free(error);
		return text;
	}
	char *paths = g_strjoinv(",", p->conflicts);
	char *text = g_strdup_printf("%s %s", sm_predict_state_name(p->state), paths);
	g_free(paths);
	sm_prediction_free(p);
	return g_strchomp(text);
}

static void expect_prediction(fixture *fx, sm_git_repo *repo, const char *name,
                              const char *tree, const char *expected)
{
	char *actual = predict(fx, repo, name, tree);
	char *label = g_strdup_printf("%s on %s", name, tree);
	expect_labelled(label, expected, actual);
	g_free(label);
	g_free(actual);
}

static void test_predict(void **state)
{
	fixture *fx = *state;
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	expect_prediction(fx, repo, "deref", "6.1", "conflict drivers/net/foo.c");
	expect_prediction(fx, repo, "deref", "6.6", "clean");
	expect_prediction(fx, repo, "leak", "6.1", "clean");
	expect_prediction(fx, repo, "leak", "6.6", "clean");
	/* mm/pool.c is still mm/old.c in 6.1. */
	expect_prediction(fx, repo, "overflow", "6.1", "clean");
	expect_prediction(fx, repo, "typo", "6.1", "empty");
	expect_prediction(fx, repo, "typo", "6.6", "empty");
	/* The merge is picked against its first parent. */
	expect_prediction(fx, repo, "merge", "6.1", "clean");
	expect_prediction(fx, repo, "deref", "5.15",
	                  "error: no stable branch for 5.15: tried stable/linux-5.15.y, linux-5.15.y");
	sm_git_repo_free(repo);
}

/* The file-by-file prediction agrees with the full cherry-pick wherever
 * it answers, on every mainline commit and both trees; it leaves renames
 * and merges to the full one. */
static void test_predict_fast(void **state)
{
	fixture *fx = *state;
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	git_repository *git = sm_git_repo_git(repo);
	const char *trees[] = { "6.1", "6.6" };
	GString *unsure = g_string_new(NULL);
	for (size_t t = 0; t < G_N_ELEMENTS(trees); t++) {
		git_oid tip, up, oid;
		assert_true(sm_git_stable(repo, trees[t], &tip, NULL, NULL));
		assert_true(sm_git_upstream(repo, &up, NULL, NULL));
		git_commit *stable = NULL;
		git_commit_lookup(&stable, git, &tip);
		git_revwalk *walk = NULL;
		git_revwalk_new(&walk, git);
		git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
		git_revwalk_push(walk, &up);
		while (git_revwalk_next(&oid, walk) == 0) {
			git_commit *commit = NULL;
			git_commit_lookup(&commit, git, &oid);
			char *hex = sm_git_hex(&oid);
			sm_predict_state fast, full;
			char **fast_paths = NULL, **full_paths = NULL;
			assert_true(sm_git_predict_full(git, commit, stable, &full, &full_paths, NULL));
			if (sm_git_predict_fast(git, commit, stable, &fast, &fast_paths)) {
				char *a = g_strjoinv(",", fast_paths), *b = g_strjoinv(",", full_paths);
				char *label = g_strdup_printf("%s on %s", fx_name(fx, hex), trees[t]);
				char *x = g_strdup_printf("%s %s", sm_predict_state_name(full), b);
				char *y = g_strdup_printf("%s %s", sm_predict_state_name(fast), a);
				expect_labelled(label, x, y);
				g_free(x);
				g_free(y);
				g_free(label);
				g_free(a);
				g_free(b);
			} else {
				g_string_append_printf(unsure, "%s on %s\n", fx_name(fx, hex), trees[t]);
			}
			g_strfreev(fast_paths);
			g_strfreev(full_paths);
			g_free(hex);
			git_commit_free(commit);
		}
		git_revwalk_free(walk);
		git_commit_free(stable);
	}
	/* The root has no parent, the merge two; overflow changes mm/pool.c,
	 * which 6.1 has as mm/old.c: only rename detection finds it. */
	expect_str("base on 6.1\nmerge on 6.1\noverflow on 6.1\n"
	           "base on 6.6\nmerge on 6.6\n", unsure->str);
	g_string_free(unsure, TRUE);
	sm_git_repo_free(repo);
}

/* Predictions are read back from the cache file: plant a false one and
 * see it come back, then see a moved tip ask again. */
static void test_predict_cache(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	expect_prediction(fx, repo, "leak", "6.1", "clean");
	sm_git_repo_free(repo);  /* saves */

	char *path = fx_cache_file(fx, "predictions");
	char *data = NULL;
	assert_true(g_file_get_contents(path, &data, NULL, NULL));
	char *leak = fx_id(fx, "leak"), *tip = fx_id(fx, "v6.1.1");
	char *line = g_strdup_printf("%s %s clean ", leak, tip);
	char *planted = g_strdup_printf("%s %s conflict 0 planted\tx\\ny\n", leak, tip);
	if (!strstr(data, line))
		print_error("no line \"%s\" in:\n%s", line, data);
	assert_non_null(strstr(data, line));
	GString *edited = g_string_new(NULL);
	g_string_append(edited, planted);
	repo = fx_open(fx, NULL, NULL);
	assert_true(sm_git_cache_store(repo, "predictions", "predictions", 2, edited->str,
	                               edited->len));
	expect_prediction(fx, repo, "leak", "6.1", "conflict planted,x\ny");
	fx_git(fx, "branch", "-f", "linux-6.1.y", "refs/fixture/v6.1", NULL);
	expect_prediction(fx, repo, "leak", "6.1", "clean");
	sm_git_repo_free(repo);

	g_string_free(edited, TRUE);
	g_free(planted);
	g_free(line);
	g_free(leak);
	g_free(tip);
	g_free(data);
	g_free(path);
	fx_free(fx);
}

/* ---- already there ---- */

static char *describe_followups(fixture *fx, sm_git_repo *repo, const char *name);

static void expect_contains(fixture *fx, sm_git_repo *repo, const char *name,
                            const char *tree, gboolean expected)
{
	GError *error = NULL;
	char *id = fx_id(fx, name);
	git_oid oid;
	git_oid_fromstr(&oid, id);
	gboolean present = !expected;
	if (!sm_git_contains(repo, tree, &oid, &present, &error))
		fail_msg("%s on %s: %s", name, tree, error->message);
	if (present != expected)
		fail_msg("%s on %s: expected %s", name, tree, expected ? "present" : "absent");
	g_free(id);
}

/* NAME is in TREE's branch as the commit AS (a fixture name). */
static void expect_contains_as(fixture *fx, sm_git_repo *repo, const char *name,
                               const char *tree, const char *as)
{
	GError *error = NULL;
	char *id = fx_id(fx, name);
	git_oid oid, found;
	git_oid_fromstr(&oid, id);
	gboolean present = FALSE;
	if (!sm_git_contains_as(repo, tree, &oid, &present, &found, &error))
		fail_msg("%s on %s: %s", name, tree, error->message);
	if (!present)
		fail_msg("%s on %s: expected present", name, tree);
	char *label = g_strdup_printf("%s on %s as", name, tree);
	char *hex = sm_git_hex(&found);
	expect_labelled(label, as, fx_name(fx, hex));
	g_free(hex);
	g_free(label);
	g_free(id);
}

/* How many times commit HEX's 20 bytes are in cache file NAME. */
static int cache_file_count(fixture *fx, const char *name, const char *hex)
{
	char *path = fx_cache_file(fx, name);
	char *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(path, &data, &len, NULL));
	git_oid oid;
	assert_int_equal(0, git_oid_fromstr(&oid, hex));
	int count = 0;
	for (const char *at = data; (at = memmem(at, len - (at - data), oid.id, GIT_OID_RAWSZ));
	     at += GIT_OID_RAWSZ)
		count++;
	g_free(data);
	g_free(path);
	return count;
}

static void test_contains(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	expect_contains(fx, repo, "typo", "6.1", TRUE);   /* commit <id> upstream. */
	expect_contains(fx, repo, "typo", "6.6", TRUE);   /* [ Upstream commit <id> ] */
	expect_contains(fx, repo, "deref", "6.1", FALSE);
	expect_contains(fx, repo, "deref", "6.6", FALSE);
	expect_contains(fx, repo, "table", "6.6", TRUE);  /* before the branch point */
	expect_contains(fx, repo, "table", "6.1", FALSE);
	expect_contains(fx, repo, "base", "6.1", TRUE);
	expect_contains(fx, repo, "v6.1", "6.1", TRUE);
	expect_contains(fx, repo, "typo61", "6.1", TRUE); /* its own commits */
	/* Which commit of the branch holds it: the backport, or itself. */
	expect_contains_as(fx, repo, "typo", "6.1", "typo61");
	expect_contains_as(fx, repo, "typo", "6.6", "typo66");
	expect_contains_as(fx, repo, "table", "6.6", "table");

	/* The tip moves on: only the new commit is walked, and found. */
	expect_contains(fx, repo, "leak", "6.1", FALSE);
	char *leak = fx_id(fx, "leak");
	char *msg = g_strdup_printf("fs: bar: fix leak in bar_open\n\n"
	                            "(cherry picked from commit %s)", leak);
	fx_git(fx, "checkout", "-q", "linux-6.1.y", NULL);
	fx_git(fx, "commit", "-q", "--allow-empty", "-m", msg, NULL);
	expect_contains(fx, repo, "leak", "6.1", TRUE);
	/* A cherry-pick without the line is found by its patch-id. */
	expect_contains(fx, repo, "quirk", "6.6", FALSE);
	fx_git(fx, "checkout", "-q", "--detach", "stable/linux-6.6.y", NULL);
	fx_git(fx, "cherry-pick", "refs/fixture/quirk", NULL);
	fx_git(fx, "update-ref", "refs/remotes/stable/linux-6.6.y", "HEAD", NULL);
	fx_git(fx, "update-ref", "refs/fixture/quirk-pick", "HEAD", NULL);
	/* The walk gives it a header-only id and its patch-id: the file has
	 * the pick as its tip, among the own commits and with its patch-id,
	 * and as the commit that makes mainline's quirk (matched at the
	 * build). */
	expect_contains(fx, repo, "table", "6.6", TRUE);
	char *pick = fx_id(fx, "quirk-pick");
	assert_int_equal(4, cache_file_count(fx, "contains-6.6", pick));
	expect_contains(fx, repo, "quirk", "6.6", TRUE);
	expect_contains_as(fx, repo, "quirk", "6.6", "quirk-pick");
	expect_contains(fx, repo, "revert", "6.6", FALSE);
	sm_git_repo_free(repo);
	g_free(pick);

	/* A new handle reads the cache written for the new tip: the ids are
	 * there as they are in the repository (20 bytes each). */
	char *path = fx_cache_file(fx, "contains-6.1");
	char *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(path, &data, &len, NULL));
	assert_true(g_str_has_prefix(data, "stablemate-git contains 10 "));
	git_oid leak_oid;
	git_oid_fromstr(&leak_oid, leak);
	assert_non_null(memmem(data, len, leak_oid.id, GIT_OID_RAWSZ));
	repo = fx_open(fx, NULL, NULL);
	expect_contains(fx, repo, "leak", "6.1", TRUE);
	expect_contains(fx, repo, "table", "6.6", TRUE);
	sm_git_repo_free(repo);

	/* A file cut short is ignored, and says why; the answers stay right. */
	assert_true(g_file_set_contents(path, data, len - 7, NULL));
	repo = fx_open(fx, NULL, NULL);
	char *reason = NULL;
	gsize n;
	assert_null(sm_git_cache_load(repo, "contains-6.1", "contains", 10, &n, &reason));
	expect_str("cut short or damaged (its length is wrong)", reason);
	expect_contains(fx, repo, "leak", "6.1", TRUE);
	expect_contains(fx, repo, "deref", "6.1", FALSE);
	sm_git_repo_free(repo);
	g_free(reason);
	/* ... as is one from another version. */
	assert_true(g_file_set_contents(path, "stablemate-git contains 2 0\n", -1, NULL));
	repo = fx_open(fx, NULL, NULL);
	assert_null(sm_git_cache_load(repo, "contains-6.1", "contains", 10, &n, &reason));
	expect_str("written by another version", reason);
	expect_contains(fx, repo, "typo", "6.1", TRUE);
	sm_git_repo_free(repo);
	g_free(reason);

	g_free(data);
	g_free(path);
	g_free(msg);
	g_free(leak);
	fx_free(fx);
}

/* Mainline's ancestry (git/mainline.c) against git's own answer: for
 * every commit X of mainline and every commit B of its first-parent line,
 * "X's number is at most B's" exactly when X is B or an ancestor of it. */
static void expect_ancestry_as_git(sm_git_repo *repo)
{
	GError *error = NULL;
	if (!sm_git_followups_update(repo, &error))
		fail_msg("mainline: %s", error->message);
	git_repository *git = sm_git_repo_git(repo);
	git_oid tip, oid;
	assert_true(sm_git_upstream(repo, &tip, NULL, NULL));
	GArray *all = g_array_new(FALSE, FALSE, sizeof(git_oid));
	git_revwalk *walk = NULL;
	assert_int_equal(git_revwalk_new(&walk, git), 0);
	assert_int_equal(git_revwalk_push(walk, &tip), 0);
	while (git_revwalk_next(&oid, walk) == 0)
		g_array_append_val(all, oid);
	git_revwalk_free(walk);
	guint lines = 0;
	for (guint b = 0; b < all->len; b++) {
		const git_oid *base = &g_array_index(all, git_oid, b);
		guint32 bpos, xpos;
		gboolean on_line;
		assert_true(sm_git_mainline_position(repo->mainline, base, &bpos, &on_line));
		if (!on_line)
			continue;
		lines++;
		for (guint x = 0; x < all->len; x++) {
			const git_oid *id = &g_array_index(all, git_oid, x);
			assert_true(sm_git_mainline_position(repo->mainline, id, &xpos, NULL));
			gboolean git_says = git_oid_equal(id, base) ||
			                    git_graph_descendant_of(git, base, id) == 1;
			if ((xpos <= bpos) != git_says) {
				char a[GIT_OID_HEXSZ + 1], c[GIT_OID_HEXSZ + 1];
				fail_msg("%s (%u) ancestor of %s (%u): git says %d",
				         git_oid_tostr(a, sizeof a, id), xpos,
				         git_oid_tostr(c, sizeof c, base), bpos, git_says);
			}
		}
	}
	/* The merged topic's commit is off the line. */
	assert_true(lines > 0 && lines < all->len);
	g_array_unref(all);
}

/* The ancestry's file, without its stamp (the same bytes whether built
 * at once or extended). */
static char *mainline_body(fixture *fx, gsize *len)
{
	char *path = fx_cache_file(fx, "mainline");
	char *data = NULL;
	assert_true(g_file_get_contents(path, &data, len, NULL));
	assert_true(g_str_has_prefix(data, "stablemate-git mainline 1 "));
	char *body = strchr(data, '\n') + 1;
	*len -= body - data;
	char *out = g_memdup2(body, *len);
	g_free(data);
	g_free(path);
	return out;
}

static void test_mainline(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	expect_ancestry_as_git(repo);
	char *first_followups = describe_followups(fx, repo, "leak");
	sm_git_repo_free(repo);

	/* Mainline moves on by a merge of two commits and one of its own:
	 * the index is extended (read from its file), and comes out as a
	 * build from nothing would. */
	fx_git(fx, "checkout", "-q", "-b", "mm-next", "master", NULL);
	fx_git(fx, "commit", "-q", "--allow-empty", "-m", "mm: one", NULL);
	fx_git(fx, "commit", "-q", "--allow-empty", "-m", "mm: two", NULL);
	fx_git(fx, "checkout", "-q", "master", NULL);
	fx_git(fx, "commit", "-q", "--allow-empty", "-m", "Linux 6.7-rc1", NULL);
	fx_git(fx, "merge", "-q", "--no-ff", "-m", "Merge branch 'mm-next'", "mm-next", NULL);
	char *leak = fx_id(fx, "leak");
	char *msg = g_strdup_printf("fix the leak fix\n\nFixes: %.12s (\"x\")", leak);
	fx_git(fx, "commit", "-q", "--allow-empty", "-m", msg, NULL);
	repo = fx_open(fx, NULL, NULL);
	expect_ancestry_as_git(repo);
	char *extended_followups = describe_followups(fx, repo, "leak");
	sm_git_repo_free(repo);
	gsize extended_len, fresh_len;
	char *extended = mainline_body(fx, &extended_len);
	char *path = fx_cache_file(fx, "mainline");
	g_unlink(path);
	repo = fx_open(fx, NULL, NULL);
	expect_ancestry_as_git(repo);
	sm_git_repo_free(repo);
	char *fresh = mainline_body(fx, &fresh_len);
	assert_int_equal(extended_len, fresh_len);
	assert_memory_equal(extended, fresh, fresh_len);
	/* The follow-up index was extended in the same read. */
	if (!strstr(extended_followups, first_followups) ||
	    strlen(extended_followups) <= strlen(first_followups))
		fail_msg("follow-ups of leak before:\n%safter:\n%s", first_followups,
		         extended_followups);

	g_free(path);
	g_free(extended);
	g_free(fresh);
	g_free(msg);
	g_free(leak);
	g_free(first_followups);
	g_free(extended_followups);
	fx_free(fx);
}

/* A stable branch that left mainline from a commit off its first-parent
 * line (the topic commit, before its merge): the ancestry's numbers do
 * not say what the branch has, so its index walks them. */
static void test_contains_off_line(void **state)
{
	fixture *fx = fx_copy(*state);
	fx_git(fx, "branch", "linux-9.9.y", "refs/fixture/table", NULL);
	fx_git(fx, "checkout", "-q", "linux-9.9.y", NULL);
	fx_git(fx, "commit", "-q", "--allow-empty", "-m", "9.9 only", NULL);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	expect_contains(fx, repo, "base", "9.9", TRUE);
	expect_contains(fx, repo, "v6.1", "9.9", TRUE);
	expect_contains(fx, repo, "table", "9.9", TRUE);
	expect_contains(fx, repo, "merge", "9.9", FALSE);
	expect_contains(fx, repo, "rename", "9.9", FALSE);
	/* And the branches from the line as before, in the same handle. */
	expect_contains(fx, repo, "table", "6.1", FALSE);
	expect_contains(fx, repo, "table", "6.6", TRUE);
	/* The branch points are git's merge bases, on the line or not. */
	const char *trees[] = { "9.9", "linux-9.9.y", "6.1", "linux-6.1.y",
	                        "6.6", "stable/linux-6.6.y" };
	for (size_t i = 0; i < G_N_ELEMENTS(trees); i += 2) {
		git_oid tip, base;
		char hex[GIT_OID_HEXSZ + 1];
		assert_true(sm_git_stable_base(repo, trees[i], &tip, &base, NULL));
		char *git_base = fx_git_in(fx->repo, "merge-base", "master", trees[i + 1], NULL);
		g_strchomp(git_base);
		expect_str(git_base, git_oid_tostr(hex, sizeof hex, &base));
		g_free(git_base);
	}
	sm_git_repo_free(repo);
	/* From the file, the same. */
	repo = fx_open(fx, NULL, NULL);
	expect_contains(fx, repo, "base", "9.9", TRUE);
	expect_contains(fx, repo, "merge", "9.9", FALSE);
	sm_git_repo_free(repo);
	fx_free(fx);
}

/* sm_git_contains() says of fixture commit NAME on TREE (branch BRANCH)
 * what `git cherry` says: "-" when the branch has a commit with its
 * patch-id, "+" when not. */
static void expect_as_git_cherry(fixture *fx, sm_git_repo *repo, const char *name,
                                 const char *tree, const char *branch)
{
	char *ref = g_strconcat("refs/fixture/", name, NULL);
	char *parent = g_strconcat(ref, "^", NULL);
	char *cherry = fx_git_in(fx->repo, "cherry", branch, ref, parent, NULL);
	char *id = fx_id(fx, name);
	gboolean present = FALSE;
	git_oid oid;
	git_oid_fromstr(&oid, id);
	assert_true(sm_git_contains(repo, tree, &oid, &present, NULL));
	char *ours = g_strdup_printf("%c %s\n", present ? '-' : '+', id);
	char *label = g_strdup_printf("git cherry %s %s, and stablemate", branch, name);
	expect_labelled(label, cherry, ours);
	g_free(label);
	g_free(ours);
	g_free(id);
	g_free(cherry);
	g_free(parent);
	g_free(ref);
}

/* sm_git_patch_id() of every commit of the fixture is git's (`git
 * patch-id --stable`), and the header-only id is the same for commits
 * with the same patch-id: with commits that add and delete whole
 * directories, change a mode, turn a file into a link and into a
 * directory (the paths the patch-id hashes come from a walk of the trees
 * that skips what did not change). */
static void test_patch_ids(void **state)
{
	fixture *fx = fx_copy(*state);
	fx_git(fx, "checkout", "-q", "-b", "shapes", "master", NULL);
	const char *const steps[] = {
		"mkdir -p drivers/new/sub && echo a > drivers/new/sub/x.c && echo b > drivers/new/y.c",
		"chmod +x fs/bar.c",
		"rm -r drivers/new",
		"rm Makefile && ln -s fs/bar.c Makefile",
		"rm drivers/baz.c && mkdir drivers/baz.c && echo c > drivers/baz.c/z.c",
		"chmod -x fs/bar.c && echo more >> fs/bar.c && echo d > 'mm/with space.c'",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
		const char *sh[] = { "sh", "-c", steps[i], NULL };
		fx_run(sh, fx->repo);
		fx_git(fx, "add", "-A", NULL);
		fx_git(fx, "commit", "-q", "-m", steps[i], NULL);
	}
	/* A pick of the first onto 6.6: the same patch-id. */
	fx_git(fx, "checkout", "-q", "-b", "picks", "v6.6", NULL);
	fx_git(fx, "cherry-pick", "shapes~5", NULL);
	char *all = fx_git_in(fx->repo, "rev-list", "--no-merges", "--all", NULL);
	int repeats = 0;
	GHashTable *headers = g_hash_table_new_full((GHashFunc)sm_git_oid_hash,
	                                            (GEqualFunc)git_oid_equal, g_free, g_free);
	char **ids = g_strsplit(g_strchomp(all), "\n", -1);
	git_repository *git = NULL;
	assert_int_equal(0, git_repository_open(&git, fx->repo));
	for (char **id = ids; *id; id++) {
		const char *sh[] = { "sh", "-c", "git diff-tree -p \"$1\" | git patch-id --stable",
		                     "sh", *id, NULL };
		char *theirs = fx_run_out(sh, fx->repo);
		git_oid oid, pid, header;
		git_commit *commit = NULL;
		git_oid_fromstr(&oid, *id);
		assert_int_equal(0, git_commit_lookup(&commit, git, &oid));
		char *ours = g_strdup("");
		if (sm_git_patch_id(git, commit, &pid)) {
			char *hex = sm_git_hex(&pid);
			g_free(ours);
			ours = g_strdup_printf("%s %s\n", hex, *id);
			g_free(hex);
		}
		assert_int_equal(*theirs != '\0', sm_git_patch_ids(git, commit, &header, NULL, NULL));
		/* The same patch-id, the same header id. */
		if (*theirs) {
			git_oid *seen = g_hash_table_lookup(headers, &pid);
			if (seen && !git_oid_equal(seen, &header))
				fail_msg("%s: the patch-id of another, not its header id", *id);
			repeats += seen != NULL;
			g_hash_table_insert(headers, g_memdup2(&pid, sizeof pid),
			                    g_memdup2(&header, sizeof header));
		}
		char *label = g_strdup_printf("the patch-id of %s", *id);
		expect_labelled(label, theirs, ours);
		g_free(label);
		g_free(ours);
		g_free(theirs);
		git_commit_free(commit);
	}
	/* typo61 and typo66 make the change typo makes, and the pick. */
	assert_int_equal(3, repeats);
	g_hash_table_unref(headers);
	git_repository_free(git);
	g_strfreev(ids);
	g_free(all);
	fx_free(fx);
}

/* What the file "patchids" knows of fixture commit NAME: "nothing",
 * "none" (no change), "header only" or "patch-id". */
static const char *upstream_known(fixture *fx, const char *name)
{
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	gsize len = 0;
	char *data = sm_git_cache_load(repo, "patchids", "patchids", 3, &len, NULL);
	char *hex = fx_id(fx, name);
	git_oid id;
	git_oid_fromstr(&id, hex);
	const char *known = "nothing";
	for (gsize at = 0; data && at + 4 * GIT_OID_RAWSZ <= len; at += 4 * GIT_OID_RAWSZ) {
		const git_oid *r = (const git_oid *)(data + at);
		if (git_oid_equal(&r[0], &id))
			known = git_oid_is_zero(&r[1]) ? "none"
			      : git_oid_is_zero(&r[2]) ? "header only" : "patch-id";
	}
	g_free(hex);
	g_free(data);
	sm_git_repo_free(repo);
	return known;
}

/* Fixture commit NAME's blob id (sm_git_patch_ids()). */
static void blob_id(fixture *fx, const char *name, git_oid *out)
{
	git_repository *git = NULL;
	git_commit *commit = NULL;
	git_oid id, header;
	char *hex = fx_id(fx, name);
	assert_int_equal(0, git_repository_open(&git, fx->repo));
	assert_int_equal(0, git_oid_fromstr(&id, hex));
	assert_int_equal(0, git_commit_lookup(&commit, git, &id));
	assert_true(sm_git_patch_ids(git, commit, &header, out, NULL));
	git_commit_free(commit);
	git_repository_free(git);
	g_free(hex);
}

/* Already there by the same change, as git cherry finds it: the
 * header-only patch-ids first (the files a commit touches), the patch-ids
 * only where those are the same.  On 6.6: leak picked without its line
 * (onto another fs/bar.c, 6.6's own: diffed), a local change to the file
 * leak and leakfix change, the same header-only id as both, another
 * patch-id, and overflow picked without its line (onto the same
 * mm/pool.c: the same blob id, so its patch-id is the pick's, no diff). */
static void test_contains_same_change(void **state)
{
	fixture *fx = fx_copy(*state);
	fx_git(fx, "checkout", "-q", "--detach", "stable/linux-6.6.y", NULL);
	fx_git(fx, "cherry-pick", "refs/fixture/leak", NULL);
	fx_git(fx, "update-ref", "refs/fixture/leak-pick", "HEAD", NULL);
	char *bar = g_build_filename(fx->repo, "fs", "bar.c", NULL);
	char *text = NULL;
	assert_true(g_file_get_contents(bar, &text, NULL, NULL));
	char **halves = g_strsplit(text, "bar line 25\n", 2);
	assert_int_equal(2, g_strv_length(halves));
	char *changed = g_strjoinv("bar line 25 local\n", halves);
	assert_true(g_file_set_contents(bar, changed, -1, NULL));
	fx_git(fx, "commit", "-q", "-a", "-m", "fs: bar: a change of 6.6's own", NULL);
	fx_git(fx, "update-ref", "refs/fixture/local", "HEAD", NULL);
	fx_git(fx, "cherry-pick", "refs/fixture/overflow", NULL);
	fx_git(fx, "update-ref", "refs/fixture/overflow-pick", "HEAD", NULL);
	/* A pick whose line names an id mainline lacks (its commit was
	 * rebased before it landed): git cherry finds it by its change. */
	fx_git(fx, "cherry-pick", "refs/fixture/quirk", NULL);
	fx_git(fx, "commit", "-q", "--amend", "-m",
	       "quirk, picked before a rebase\n\n"
	       "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)", NULL);
	fx_git(fx, "update-ref", "refs/fixture/quirk-pick", "HEAD", NULL);
	fx_git(fx, "update-ref", "refs/remotes/stable/linux-6.6.y", "HEAD", NULL);
	char *local = fx_id(fx, "local"), *pick = fx_id(fx, "leak-pick");
	char *overflow_pick = fx_id(fx, "overflow-pick");
	git_oid ours, theirs;
	blob_id(fx, "leak", &ours);
	blob_id(fx, "leak-pick", &theirs);
	assert_false(git_oid_equal(&ours, &theirs));
	blob_id(fx, "overflow", &ours);
	blob_id(fx, "overflow-pick", &theirs);
	assert_true(git_oid_equal(&ours, &theirs));

	/* The branch's line-less commits have their patch-ids in the file:
	 * overflow's and leak's picks as own commits, with their patch-ids
	 * and as the commits that make mainline's overflow and leak; quirk's
	 * the same, and the tip, and as the commit that names an id; 6.6's
	 * own change makes no mainline commit's. */
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	const char *others[] = { "deref", "derefix" };
	for (size_t i = 0; i < G_N_ELEMENTS(others); i++)
		expect_as_git_cherry(fx, repo, others[i], "6.6", "stable/linux-6.6.y");
	sm_git_repo_free(repo);
	assert_int_equal(3, cache_file_count(fx, "contains-6.6", overflow_pick));
	char *quirk_pick = fx_id(fx, "quirk-pick");
	assert_int_equal(5, cache_file_count(fx, "contains-6.6", quirk_pick));
	g_free(quirk_pick);
	assert_int_equal(2, cache_file_count(fx, "contains-6.6", local));
	assert_int_equal(3, cache_file_count(fx, "contains-6.6", pick));
	/* Those touch other files: their header ids (in the mainline-headers
	 * file, made at the build) settled it, no diff and no record. */
	for (size_t i = 0; i < G_N_ELEMENTS(others); i++)
		expect_str("nothing", upstream_known(fx, others[i]));
	/* The same files: the build diffed them (leak, leakfix, quirk and
	 * short7, on quirk's drivers/baz.c) or took the branch commit's
	 * (overflow, by the blob id). */
	const char *same[] = { "leak", "overflow", "leakfix", "quirk", "short7" };
	for (size_t i = 0; i < G_N_ELEMENTS(same); i++)
		expect_str("patch-id", upstream_known(fx, same[i]));

	/* A first look-up of any mainline commit is answered from the index
	 * alone: with the patchids file gone, none reads a commit (it would
	 * write what it read there).  leak is there as its pick (by a diff),
	 * overflow as its pick (by the blob id); leakfix is not there. */
	char *known = fx_cache_file(fx, "patchids");
	assert_int_equal(0, g_unlink(known));
	repo = fx_open(fx, NULL, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(same); i++)
		expect_as_git_cherry(fx, repo, same[i], "6.6", "stable/linux-6.6.y");
	for (size_t i = 0; i < G_N_ELEMENTS(others); i++)
		expect_as_git_cherry(fx, repo, others[i], "6.6", "stable/linux-6.6.y");
	expect_contains_as(fx, repo, "leak", "6.6", "leak-pick");
	expect_contains_as(fx, repo, "overflow", "6.6", "overflow-pick");
	expect_contains(fx, repo, "leakfix", "6.6", FALSE);
	expect_contains_as(fx, repo, "quirk", "6.6", "quirk-pick");
	sm_git_repo_free(repo);
	assert_false(g_file_test(known, G_FILE_TEST_EXISTS));
	g_free(known);
	/* And from the files, the same answers. */
	repo = fx_open(fx, NULL, NULL);
	expect_contains_as(fx, repo, "leak", "6.6", "leak-pick");
	expect_contains_as(fx, repo, "overflow", "6.6", "overflow-pick");
	expect_contains(fx, repo, "leakfix", "6.6", FALSE);
	sm_git_repo_free(repo);

	g_strfreev(halves);
	g_free(changed);
	g_free(text);
	g_free(bar);
	g_free(local);
	g_free(pick);
	g_free(overflow_pick);
	fx_free(fx);
}

static void test_upstream_lines(void **state)
{
	(void)state;
	const char *a = "0123456789abcdef0123456789abcdef01234567";
	const char *b = "89ABCDEF0123456789ABCDEF0123456789abcdef";
	char *msg = g_strdup_printf(
		"subject\n\ncommit %s upstream.\n\n"
		"[ Upstream commit %s ]\n"
		"Fixes: %s (\"not an origin\")\n"
		"This reverts commit %s.\n"
		"commit %s0 upstream (41 digits)\n"
		"commit %.39s upstream (39 digits)\n", a, b, a, a, a, a);
	char **ids = sm_git_upstream_ids(msg);
	assert_non_null(ids);
	char *joined = g_strjoinv(" ", ids);
	char *expected = g_strdup_printf("%s %s", a, "89abcdef0123456789abcdef0123456789abcdef");
	expect_str(expected, joined);
	assert_null(sm_git_upstream_ids("no ids here\n"));
	g_free(expected);
	g_free(joined);
	g_strfreev(ids);
	g_free(msg);
}

/* ---- follow-ups ---- */

static char *describe_followups(fixture *fx, sm_git_repo *repo, const char *name)
{
	GError *error = NULL;
	char *id = fx_id(fx, name);
	GPtrArray *list = sm_git_followups(repo, id, &error);
	if (!list) {
		char *text = g_strdup_printf("error: %s", error->message);
		g_error_free(error);
		g_free(id);
		return text;
	}
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < list->len; i++) {
		sm_followup *f = list->pdata[i];
		/* How it names the commit: the id's first N digits. */
		if (!g_str_has_prefix(id, f->named))
			fail_msg("%s does not name %s", f->named, id);
		g_string_append_printf(out, "%s %s %zu (%s)\n", sm_followup_kind_name(f->kind),
		                       fx_name(fx, f->id), strlen(f->named), f->subject);
	}
	g_ptr_array_unref(list);
	g_free(id);
	return g_string_free(out, FALSE);
}

static void expect_followups(fixture *fx, sm_git_repo *repo, const char *name,
                             const char *expected)
{
	char *actual = describe_followups(fx, repo, name);
	expect_labelled(name, expected, actual);
	g_free(actual);
}

static void test_followups(void **state)
{
	fixture *fx = fx_copy(*state);
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	expect_followups(fx, repo, "leak",
	                 "fixes leakfix 12 (fs: bar: also free the buffer on error)\n");
	/* Seven digits (short7) do not count. */
	expect_followups(fx, repo, "deref",
	                 "fixes derefix 8 (net: foo: return -ENODEV for a missing device)\n");
	expect_followups(fx, repo, "quirk",
	                 "revert revert 40 (Revert \"drivers: baz: add quirk\")\n");
	expect_followups(fx, repo, "table", "");
	sm_git_repo_free(repo);

	/* Mainline moves on: a new fix is found, by a fresh handle reading the
	 * cache and walking only the new commit. */
	char *overflow = fx_short(fx, "overflow", 10);
	char *msg = g_strdup_printf("mm: pool: check harder\n\nFixes: %s (\"mm: pool: fix overflow\")",
	                            overflow);
	fx_git(fx, "commit", "-q", "--allow-empty", "-m", msg, NULL);
	fx_git(fx, "update-ref", "refs/fixture/harder", "HEAD", NULL);
	repo = fx_open(fx, NULL, NULL);
	expect_followups(fx, repo, "overflow", "fixes harder 10 (mm: pool: check harder)\n");
	/* ... and the older entries came from the cache. */
	expect_followups(fx, repo, "leak",
	                 "fixes leakfix 12 (fs: bar: also free the buffer on error)\n");
	sm_git_repo_free(repo);
	g_free(msg);
	g_free(overflow);
	fx_free(fx);
}

static void test_followup_lines(void **state)
{
	(void)state;
	GPtrArray *fixes = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *reverts = g_ptr_array_new_with_free_func(g_free);
	sm_git_scan_followup_lines(
		"subject\n\n"
		"Fixes: 1234ABCD (\"eight\")\n"
		"  fixes: commit 0123456789ab (\"indented, with commit\")\n"
		"Fixes: 1234abc (\"seven\")\n"
		"Fixes: 1234abcdz (\"not a word\")\n"
		"Fixes: 0123456789abcdef0123456789abcdef012345678 (\"41\")\n"
		"Reported-by: Fixes: 89abcdef\n"
		"This reverts commit 0123456789abcdef0123456789abcdef01234567.\n"
		"This reverts commit 0123456.\n",
		fixes, reverts);
	g_ptr_array_add(fixes, NULL);
	g_ptr_array_add(reverts, NULL);
	char *f = g_strjoinv(" ", (char **)fixes->pdata);
	char *r = g_strjoinv(" ", (char **)reverts->pdata);
	expect_str("1234abcd 0123456789ab", f);
	expect_str("0123456789abcdef0123456789abcdef01234567", r);
	g_free(f);
	g_free(r);
	g_ptr_array_unref(fixes);
	g_ptr_array_unref(reverts);
}

/* ---- candidate dependencies ---- */

static char *describe_deps(fixture *fx, GPtrArray *deps)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < deps->len; i++) {
		sm_dependency *d = deps->pdata[i];
		char *paths = g_strjoinv(",", d->paths);
		g_string_append_printf(out, "%s %s%s%s %s%s (%s)%s%s\n",
		                       d->known ? fx_name(fx, d->id) : d->id,
		                       d->sources & SM_DEP_BLAME ? "blame" : "",
		                       d->sources == (SM_DEP_BLAME | SM_DEP_NOTICE) ? "+" : "",
		                       d->sources & SM_DEP_NOTICE ? "notice" : "",
		                       d->present ? "present" : "absent",
		                       d->known ? "" : " unknown", d->subject,
		                       *paths ? " in " : "", paths);
		g_free(paths);
	}
	return g_string_free(out, FALSE);
}

static void expect_deps(fixture *fx, sm_git_repo *repo, const char *name,
                        const char *tree, const char *body, const char *expected)
{
	GError *error = NULL;
	char *id = fx_id(fx, name);
	GPtrArray *deps = sm_git_dependencies(repo, id, tree, body, &error);
	char *actual = deps ? describe_deps(fx, deps) : g_strdup_printf("error: %s", error->message);
	char *label = g_strdup_printf("%s on %s", name, tree);
	expect_labelled(label, expected, actual);
	g_free(label);
	g_free(actual);
	if (deps)
		g_ptr_array_unref(deps);
	g_clear_error(&error);
	g_free(id);
}

static void test_dependencies(void **state)
{
	fixture *fx = *state;
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	char *body = NULL;
	assert_true(g_file_get_contents(fx->failed, &body, NULL, NULL));
	/* deref needs table on 6.1, which both blame and the notice name. */
	expect_deps(fx, repo, "deref", "6.1", body,
	            "table blame+notice absent (net: foo: store setup values in a table)"
	            " in drivers/net/foo.c\n"
	            "0123456789ab notice absent unknown (net: foo: a commit this repository does not have)\n");
	/* The blame is kept per (commit, stable tip), and used again. */
	char **lines = sm_git_cache_lines(repo, "dependencies", "dependencies", 1);
	char *deref = fx_id(fx, "deref"), *tip = fx_id(fx, "v6.1.1"), *table = fx_id(fx, "table");
	char *start = g_strdup_printf("%s %s ", deref, tip);
	char *blamed = g_strdup_printf("\t%s drivers/net/foo.c", table);
	assert_non_null(lines);
	assert_int_equal(1, g_strv_length(lines) - 1);
	assert_true(g_str_has_prefix(lines[0], start));
	assert_true(g_str_has_suffix(lines[0], blamed));
	g_free(start);
	g_free(blamed);
	g_free(deref);
	g_free(tip);
	g_free(table);
	g_strfreev(lines);
	expect_deps(fx, repo, "deref", "6.1", NULL,
	            "table blame absent (net: foo: store setup values in a table)"
	            " in drivers/net/foo.c\n");
	/* On 6.6 it applies: only what the notice says, and table is there. */
	expect_deps(fx, repo, "deref", "6.6", body,
	            "table notice present (net: foo: store setup values in a table)\n"
	            "0123456789ab notice absent unknown (net: foo: a commit this repository does not have)\n");
	expect_deps(fx, repo, "leak", "6.1", NULL, "");
	expect_deps(fx, repo, "deref", "5.15", NULL,
	            "error: no stable branch for 5.15: tried stable/linux-5.15.y, linux-5.15.y");
	g_free(body);
	sm_git_repo_free(repo);
}

static void test_notice_dependencies(void **state)
{
	(void)state;
	GPtrArray *deps = sm_git_notice_dependencies(
		"text\nPossible dependencies:\n\n"
		"  1ADEDF6271A6 (\"with \"quotes\" inside\")\n"
		"1234567890abcdef (\"longer id\")\n"
		"123456789ab (\"eleven digits ends the list\")\n"
		"fedcba987654 (\"not reached\")\n");
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < deps->len; i++) {
		sm_dependency *d = deps->pdata[i];
		g_string_append_printf(out, "%s [%s]\n", d->id, d->subject);
	}
	expect_str("1adedf6271a6 [with \"quotes\" inside]\n1234567890abcdef [longer id]\n", out->str);
	g_string_free(out, TRUE);
	g_ptr_array_unref(deps);
	deps = sm_git_notice_dependencies("no list here\n");
	assert_int_equal(0, deps->len);
	g_ptr_array_unref(deps);
}

/* ---- everything about a patch, as show --format=json prints it ---- */

static void add_notice(sm_group *group, fixture *fx, const char *message_id, sm_kind kind,
                       const char *name, const char *const *trees, const char *file)
{
	sm_notice *n = sm_notice_new();
	n->message_id = g_strdup(message_id);
	n->kind = kind;
	g_strfreev(n->trees);
	n->trees = g_strdupv((char **)trees);
	char *id = fx_id(fx, name);
	g_strlcpy(n->upstream, id, sizeof n->upstream);
	n->subject = g_strdup(name);
	n->patch_subject = g_strdup(name);
	n->from = g_strdup("stable@example.org");
	n->filename = g_strdup(file);
	n->date = 1705312800;
	sm_group_add(group, n);
	g_free(id);
}

static char *print_info(const sm_git_info *info, const sm_patch *patch)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	sm_printer *p = sm_printer_new("json", out);
	p->begin_map(p);
	sm_git_info_print(p, info, patch);
	p->end(p);
	p->finish(p);
	sm_printer_free(p);
	fclose(out);
	return buf;
}

static sm_git_info *info_for(sm_git_repo *repo, sm_group *group, fixture *fx,
                             const char *name, gboolean deps, sm_patch **patch)
{
	char *id = fx_id(fx, name);
	GPtrArray *found = sm_group_find(group, id);
	assert_int_equal(1, found->len);
	*patch = found->pdata[0];
	sm_git_query *q = sm_git_query_new(*patch, deps);
	sm_git_info *info = sm_git_info_compute(repo, q, TRUE, NULL);
	sm_git_info_apply_group(info, group);
	sm_git_query_free(q);
	g_ptr_array_unref(found);
	g_free(id);
	return info;
}

static const char *const both[] = { "6.6", "6.1", NULL };
static const char *const t61[] = { "6.1", NULL };
static const char *const t66[] = { "6.6", NULL };

static void test_info(void **state)
{
	fixture *fx = *state;
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	sm_group *group = sm_group_new();
	add_notice(group, fx, "autosel-deref", SM_KIND_AUTOSEL, "deref", both, NULL);
	add_notice(group, fx, "failed-deref", SM_KIND_FAILED, "deref", t61, fx->failed);
	add_notice(group, fx, "added-derefix", SM_KIND_ADDED, "derefix", t66, NULL);
	add_notice(group, fx, "added-leak", SM_KIND_ADDED, "leak", t61, NULL);
	add_notice(group, fx, "added-quirk", SM_KIND_ADDED, "quirk", t66, NULL);
	sm_group_build(group);

	sm_patch *patch;
	sm_git_info *info = info_for(repo, group, fx, "deref", TRUE, &patch);
	char *json = print_info(info, patch);
	char *ids[] = { fx_id(fx, "v6.6.1"), fx_id(fx, "v6.1.1"), fx_id(fx, "table"),
	                fx_id(fx, "derefix") };
	char *expected = g_strdup_printf(
		"{\n"
		"  \"git\": {\n"
		"    \"trees\": {\n"
		"      \"6.6\": {\n"
		"        \"branch\": \"stable/linux-6.6.y\",\n"
		"        \"tip\": \"%s\",\n"
		"        \"present\": false,\n"
		"        \"present_as\": null,\n"
		"        \"prediction\": \"clean\",\n"
		"        \"conflicts\": [],\n"
		"        \"dependencies\": []\n"
		"      },\n"
		"      \"6.1\": {\n"
		"        \"branch\": \"linux-6.1.y\",\n"
		"        \"tip\": \"%s\",\n"
		"        \"present\": false,\n"
		"        \"present_as\": null,\n"
		"        \"prediction\": \"conflict\",\n"
		"        \"conflicts\": [\"drivers/net/foo.c\"],\n"
		"        \"dependencies\": [\n"
		"          {\n"
		"            \"commit\": \"%s\",\n"
		"            \"subject\": \"net: foo: store setup values in a table\",\n"
		"            \"source\": [\"blame\", \"notice\"],\n"
		"            \"paths\": [\"drivers/net/foo.c\"],\n"
		"            \"known\": true,\n"
		"            \"present\": false,\n"
		"            \"status\": \"none\",\n"
		"            \"queued\": false\n"
		"          },\n"
		"          {\n"
		"            \"commit\": \"0123456789ab\",\n"
		"            \"subject\": \"net: foo: a commit this repository does not have\",\n"
		"            \"source\": [\"notice\"],\n"
		"            \"paths\": [],\n"
		"            \"known\": false,\n"
		"            \"present\": false,\n"
		"            \"status\": \"none\",\n"
		"            \"queued\": false\n"
		"          }\n"
		"        ]\n"
		"      }\n"
		"    },\n"
		"    \"followups\": [\n"
		"      {\n"
		"        \"commit\": \"%s\",\n"
		"        \"kind\": \"fixes\",\n"
		"        \"subject\": \"net: foo: return -ENODEV for a missing device\",\n"
		"        \"named\": \"7c3c36f0\",\n"
		"        \"trees\": {\n"
		"          \"6.6\": {\n"
		"            \"present\": false,\n"
		"            \"status\": \"queued\",\n"
		"            \"queued\": true\n"
		"          },\n"
		"          \"6.1\": {\n"
		"            \"present\": false,\n"
		"            \"status\": \"none\",\n"
		"            \"queued\": false\n"
		"          }\n"
		"        }\n"
		"      }\n"
		"    ],\n"
		"    \"flags\": []\n"
		"  }\n"
		"}\n",
		ids[0], ids[1], ids[2], ids[3]);
	expect_str(expected, json);
	for (size_t i = 0; i < G_N_ELEMENTS(ids); i++)
		g_free(ids[i]);

	/* The same for the patch view, each line with how it should look. */
	GPtrArray *lines = sm_git_info_text(info);
	GString *text = g_string_new(NULL);
	for (guint i = 0; i < lines->len; i++) {
		const sm_git_text_line *l = lines->pdata[i];
		g_string_append_printf(text, "%d %s\n", l->kind, l->text);
	}
	expect_str("1 6.6    applies cleanly on stable/linux-6.6.y\n"
	           "2 6.1    conflicts on linux-6.1.y: drivers/net/foo.c\n"
	           "2        needs? 1adedf6271a6 (\"net: foo: store setup values in a table\"): missing\n"
	           "4        needs? 0123456789ab (\"net: foo: a commit this repository does not have\"): "
	           "not in the repository\n"
	           "0 Follow-ups:\n"
	           "2   fix    7a83473cdfe7 (\"net: foo: return -ENODEV for a missing device\")  "
	           "6.6: queued  6.1: missing\n", text->str);
	g_string_free(text, TRUE);
	g_ptr_array_unref(lines);
	assert_int_equal(' ', sm_git_flags_mark(0));
	assert_int_equal('C', sm_git_flags_mark(SM_GIT_FLAG_CONFLICT));
	assert_int_equal('X', sm_git_flags_mark(SM_GIT_FLAG_CONFLICT | SM_GIT_FLAG_REVERTED));
	assert_int_equal('U', sm_git_flags_mark(SM_GIT_FLAG_CONFLICT | SM_GIT_FLAG_UNQUEUED_FIX));
	g_free(expected);
	g_free(json);
	sm_git_info_free(info);

	/* Before the stable team tried it: a conflict is flagged. */
	add_notice(group, fx, "autosel-derefix", SM_KIND_AUTOSEL, "derefix", t61, NULL);
	sm_group_build(group);
	info = info_for(repo, group, fx, "derefix", FALSE, &patch);
	assert_int_equal(SM_GIT_FLAG_CONFLICT, sm_git_info_flags(info, patch));
	sm_git_info_free(info);

	/* Queued with a fix that is not: flagged. */
	info = info_for(repo, group, fx, "leak", FALSE, &patch);
	assert_int_equal(SM_GIT_FLAG_UNQUEUED_FIX, sm_git_info_flags(info, patch));
	sm_git_info_free(info);
	add_notice(group, fx, "added-leakfix", SM_KIND_ADDED, "leakfix", t61, NULL);
	sm_group_build(group);
	info = info_for(repo, group, fx, "leak", FALSE, &patch);
	assert_int_equal(0, sm_git_info_flags(info, patch));
	sm_git_info_free(info);
	/* Queued and reverted upstream. */
	info = info_for(repo, group, fx, "quirk", FALSE, &patch);
	assert_int_equal(SM_GIT_FLAG_REVERTED, sm_git_info_flags(info, patch));
	sm_git_info_free(info);

	/* Already there: the patch view names the backport that holds it;
	 * a commit the branch has as it is needs no name. */
	add_notice(group, fx, "autosel-typo", SM_KIND_AUTOSEL, "typo", both, NULL);
	add_notice(group, fx, "autosel-table", SM_KIND_AUTOSEL, "table", t66, NULL);
	sm_group_build(group);
	const char *names[] = { "typo", "table" };
	GString *there = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		info = info_for(repo, group, fx, names[i], FALSE, &patch);
		GPtrArray *said = sm_git_info_text(info);
		for (guint l = 0; l < said->len; l++)
			g_string_append_printf(there, "%s\n",
			                       ((const sm_git_text_line *)said->pdata[l])->text);
		g_ptr_array_unref(said);
		sm_git_info_free(info);
	}
	char *typo66 = fx_short(fx, "typo66", 12), *typo61 = fx_short(fx, "typo61", 12);
	char *expected_there = g_strdup_printf("6.6    already in stable/linux-6.6.y as %s\n"
	                                       "6.1    already in linux-6.1.y as %s\n"
	                                       "Follow-ups: none in mainline\n"
	                                       "6.6    already in stable/linux-6.6.y\n"
	                                       "Follow-ups: none in mainline\n",
	                                       typo66, typo61);
	expect_str(expected_there, there->str);
	g_free(expected_there);
	g_free(typo61);
	g_free(typo66);
	g_string_free(there, TRUE);

	/* No repository: every answer says why. */
	sm_git_query *q = sm_git_query_new(patch, FALSE);
	info = sm_git_info_compute(NULL, q, TRUE, "no kernel repository configured");
	sm_git_query_free(q);
	json = print_info(info, NULL);
	expect_str("{\n  \"git\": {\n    \"error\": \"no kernel repository configured\"\n  }\n}\n", json);
	g_free(json);
	sm_git_info_free(info);

	sm_group_free(group);
	sm_git_repo_free(repo);
}

/* ---- the worker threads ---- */

/* Ask WORKER about PATCH until it answers. */
static const sm_git_info *worker_answer(sm_git_worker *worker, const sm_group *group,
                                        const sm_git_query *q)
{
	const sm_git_info *info;
	for (int tries = 0; tries < 5; tries++) {
		if ((info = sm_git_worker_get(worker, q)) && (info->deps || !q->deps) &&
		    !info->followups_pending)
			return info;
		sm_git_worker_wait(worker);
		sm_git_worker_poll(worker, group);
	}
	fail_msg("no answer for %s", q->upstream);
	return NULL;
}

static void test_worker(void **state)
{
	fixture *fx = *state;
	sm_git_settings settings = { .repo = fx->repo };
	sm_group *group = sm_group_new();
	add_notice(group, fx, "failed-deref", SM_KIND_FAILED, "deref", t61, fx->failed);
	add_notice(group, fx, "added-derefix", SM_KIND_ADDED, "derefix", t61, NULL);
	sm_group_build(group);
	char *deref = fx_id(fx, "deref");
	GPtrArray *found = sm_group_find(group, deref);
	sm_git_query *q = sm_git_query_new(found->pdata[0], TRUE);

	sm_git_worker *worker = sm_git_worker_new(&settings);
	/* Asking never waits: the first answer is "not yet".  (No clock here:
	 * a timed assertion fails on a loaded machine, not on a bug.) */
	assert_null(sm_git_worker_get(worker, q));
	const sm_git_info *info = worker_answer(worker, group, q);
	const sm_git_tree_info *t = sm_git_info_tree(info, "6.1");
	expect_str("conflict", sm_predict_state_name(t->prediction->state));
	assert_int_equal(2, t->deps->len);
	assert_int_equal(1, info->followups->len);
	sm_git_followup_info *f = info->followups->pdata[0];
	expect_str("queued", sm_status_name(f->status[0]));
	/* The poll woke up through the file descriptor. */
	char byte;
	assert_int_equal(-1, read(sm_git_worker_fd(worker), &byte, 1));

	/* After a reset, answers are asked again. */
	sm_git_worker_reset(worker);
	assert_null(sm_git_worker_get(worker, q));
	info = worker_answer(worker, group, q);
	assert_non_null(sm_git_info_tree(info, "6.1")->deps);
	sm_git_worker_free(worker);

	/* No repository: the answer says why, at once. */
	settings.repo = (char *)"/nonexistent";
	worker = sm_git_worker_new(&settings);
	info = worker_answer(worker, group, q);
	assert_true(g_str_has_prefix(info->error, "cannot open the git repository /nonexistent"));
	sm_git_worker_free(worker);

	sm_git_query_free(q);
	g_ptr_array_unref(found);
	g_free(deref);
	sm_group_free(group);
}

int main(void)
{
	fx_environment();
	g_mime_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_commit_lookup),
		cmocka_unit_test(test_predict),
		cmocka_unit_test(test_predict_fast),
		cmocka_unit_test(test_predict_cache),
		cmocka_unit_test(test_contains),
		cmocka_unit_test(test_mainline),
		cmocka_unit_test(test_contains_off_line),
		cmocka_unit_test(test_contains_same_change),
		cmocka_unit_test(test_patch_ids),
		cmocka_unit_test(test_upstream_lines),
		cmocka_unit_test(test_followups),
		cmocka_unit_test(test_followup_lines),
		cmocka_unit_test(test_dependencies),
		cmocka_unit_test(test_notice_dependencies),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_worker),
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
