/* git-fixture.h - the fixture repository and expectations for the git tests.
 *
 * Include after cmocka.h.  Everything here is static: each test program
 * that includes it gets its own copy.
 */
#ifndef SM_GIT_FIXTURE_H
#define SM_GIT_FIXTURE_H

#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <git2.h>
#include "git/git.h"
#include "git/repo-private.h"

typedef struct fixture {
	char *dir;      /* the temporary directory holding everything */
	char *repo;     /* DIR/linux */
	char *failed;   /* DIR/failed-6.1.eml: the FAILED notice for deref on 6.1 */
	GHashTable *names; /* hex -> fixture name, read from refs/fixture/ */
} fixture;

static char *fx_home;

/* Keep the tests away from the user's caches, data and git config.  Call
 * first thing in main(), before GLib reads these variables. */
G_GNUC_UNUSED static void fx_environment(void)
{
	fx_home = g_dir_make_tmp("sm-test-git-XXXXXX", NULL);
	assert_non_null(fx_home);
	char *cache = g_build_filename(fx_home, "cache", NULL);
	char *data = g_build_filename(fx_home, "data", NULL);
	g_setenv("HOME", fx_home, TRUE);
	g_setenv("XDG_CACHE_HOME", cache, TRUE);
	g_setenv("XDG_DATA_HOME", data, TRUE);
	g_setenv("XDG_CONFIG_HOME", fx_home, TRUE);
	/* git and libgit2 both read the identity from $HOME/.gitconfig. */
	char *gitconfig = g_build_filename(fx_home, ".gitconfig", NULL);
	g_file_set_contents(gitconfig, "[user]\n\tname = Maintainer Test\n"
	                    "\temail = maint@example.org\n", -1, NULL);
	g_free(gitconfig);
	g_setenv("GIT_CONFIG_NOSYSTEM", "1", TRUE);
	g_unsetenv("GIT_CONFIG_GLOBAL");
	static const char *const identity[] = { "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
		"GIT_AUTHOR_DATE", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
		"GIT_COMMITTER_DATE" };
	for (size_t i = 0; i < G_N_ELEMENTS(identity); i++)
		g_unsetenv(identity[i]);
	g_setenv("GIT_EDITOR", "true", TRUE);
	g_unsetenv("GIT_DIR");
	g_unsetenv("GIT_WORK_TREE");
	g_free(cache);
	g_free(data);
	git_libgit2_init();
}

/* Run ARGV in CWD; fail the test unless it succeeds.  Returns its output
 * (new string). */
G_GNUC_UNUSED static char *fx_run_out(const char *const *argv, const char *cwd)
{
	char *out = NULL, *err = NULL;
	int status = 0;
	GError *error = NULL;
	if (!g_spawn_sync(cwd, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
	                  &out, &err, &status, &error))
		fail_msg("cannot run %s: %s", argv[0], error->message);
	if (!g_spawn_check_wait_status(status, NULL)) {
		char *cmd = g_strjoinv(" ", (char **)argv);
		fail_msg("%s failed:\n%s%s", cmd, out, err);
	}
	g_free(err);
	return out;
}

G_GNUC_UNUSED static void fx_run(const char *const *argv, const char *cwd)
{
	g_free(fx_run_out(argv, cwd));
}

G_GNUC_UNUSED static fixture *fx_new(const char *dir)
{
	fixture *fx = g_new0(fixture, 1);
	fx->dir = g_strdup(dir);
	fx->repo = g_build_filename(dir, "linux", NULL);
	fx->failed = g_build_filename(dir, "failed-6.1.eml", NULL);
	fx->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return fx;
}

G_GNUC_UNUSED static void fx_free(fixture *fx)
{
	const char *rm[] = { "rm", "-rf", fx->dir, NULL };
	fx_run(rm, NULL);
	g_hash_table_unref(fx->names);
	g_free(fx->dir);
	g_free(fx->repo);
	g_free(fx->failed);
	g_free(fx);
}

G_GNUC_UNUSED static int fx_group_setup(void **state)
{
	char *dir = g_build_filename(fx_home, "template", NULL);
	const char *argv[] = { "sh", SM_TEST_DATA "/git-lib.sh", dir, NULL };
	fx_run(argv, NULL);
	*state = fx_new(dir);
	g_free(dir);
	return 0;
}

G_GNUC_UNUSED static int fx_group_teardown(void **state)
{
	fx_free(*state);
	const char *rm[] = { "rm", "-rf", fx_home, NULL };
	fx_run(rm, NULL);
	return 0;
}

/* A private copy of TEMPLATE, for a test that changes the repository. */
G_GNUC_UNUSED static fixture *fx_copy(const fixture *template)
{
	static int serial;
	char *dir = g_strdup_printf("%s/copy%d", fx_home, ++serial);
	const char *cp[] = { "cp", "-a", template->dir, dir, NULL };
	fx_run(cp, NULL);
	fixture *fx = fx_new(dir);
	g_free(dir);
	return fx;
}

/* Run git with the arguments after DIR (NULL-terminated) in DIR; returns
 * its output (new string). */
G_GNUC_NULL_TERMINATED
G_GNUC_UNUSED static char *fx_git_in(const char *dir, ...)
{
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (char *)"git");
	va_list ap;
	va_start(ap, dir);
	for (const char *a; (a = va_arg(ap, const char *));)
		g_ptr_array_add(argv, (char *)a);
	va_end(ap);
	g_ptr_array_add(argv, NULL);
	char *out = fx_run_out((const char *const *)argv->pdata, dir);
	g_ptr_array_free(argv, TRUE);
	return out;
}

/* git in DIR, or in the fixture's repository, output ignored. */
#define fx_git_at(dir, ...) g_free(fx_git_in((dir), __VA_ARGS__))
#define fx_git(fx, ...) fx_git_at((fx)->repo, __VA_ARGS__)

G_GNUC_UNUSED static sm_git_repo *fx_open(fixture *fx, const char *upstream, const char *stable)
{
	sm_git_settings settings = { 0 };
	settings.repo = fx->repo;
	settings.upstream = (char *)upstream;
	settings.stable = (char *)stable;
	settings.worktrees = g_build_filename(fx->dir, "worktrees", NULL);
	GError *error = NULL;
	sm_git_repo *repo = sm_git_repo_open(&settings, &error);
	if (!repo)
		fail_msg("open %s: %s", fx->repo, error->message);
	g_free(settings.worktrees);
	return repo;
}

/* The full id of refs/fixture/NAME (new string). */
G_GNUC_UNUSED static char *fx_id(fixture *fx, const char *name)
{
	git_repository *git = NULL;
	git_oid oid;
	char *ref = g_strconcat("refs/fixture/", name, NULL);
	if (git_repository_open(&git, fx->repo) < 0 ||
	    git_reference_name_to_id(&oid, git, ref) < 0)
		fail_msg("no fixture commit %s", name);
	git_repository_free(git);
	g_free(ref);
	return sm_git_hex(&oid);
}

G_GNUC_UNUSED static char *fx_short(fixture *fx, const char *name, int len)
{
	char *id = fx_id(fx, name);
	id[len] = '\0';
	return id;
}

/* The fixture name of commit HEX, or HEX itself; owned by FX. */
G_GNUC_UNUSED static const char *fx_name(fixture *fx, const char *hex)
{
	const char *name = g_hash_table_lookup(fx->names, hex);
	if (name)
		return name;
	git_repository *git = NULL;
	git_reference_iterator *it = NULL;
	git_reference *ref;
	assert_int_equal(0, git_repository_open(&git, fx->repo));
	assert_int_equal(0, git_reference_iterator_glob_new(&it, git, "refs/fixture/*"));
	while (git_reference_next(&ref, it) == 0) {
		g_hash_table_replace(fx->names, sm_git_hex(git_reference_target(ref)),
		                     g_strdup(git_reference_name(ref) + strlen("refs/fixture/")));
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	git_repository_free(git);
	name = g_hash_table_lookup(fx->names, hex);
	return name ? name : hex;
}

/* The path of stablemate's cache file NAME for the fixture's repository. */
G_GNUC_UNUSED static char *fx_cache_file(fixture *fx, const char *name)
{
	sm_git_repo *repo = fx_open(fx, NULL, NULL);
	char *path = sm_git_cache_path(repo, name);
	sm_git_repo_free(repo);
	return path;
}

/* Show how ACTUAL differs from EXPECTED, as diff -u does. */
G_GNUC_UNUSED static void fx_diff(const char *expected, const char *actual)
{
	char *a = g_build_filename(fx_home, "expected", NULL);
	char *b = g_build_filename(fx_home, "actual", NULL);
	g_file_set_contents(a, expected, -1, NULL);
	g_file_set_contents(b, actual ? actual : "(null)", -1, NULL);
	const char *argv[] = { "diff", "-u", a, b, NULL };
	char *out = NULL;
	g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
	             NULL, NULL, NULL);
	/* Not print_error(): it cuts long texts. */
	fprintf(stderr, "%s", out ? out : "");
	g_free(out);
	g_free(a);
	g_free(b);
}

G_GNUC_UNUSED static void expect_labelled(const char *label, const char *expected, const char *actual)
{
	if (g_strcmp0(expected, actual) != 0) {
		fprintf(stderr, "%s%sexpected:\n%s\n---- actual:\n%s\n---- diff:\n",
		        label ? label : "", label ? ": " : "", expected, actual ? actual : "(null)");
		fx_diff(expected, actual);
		fail();
	}
}

G_GNUC_UNUSED static void expect_str(const char *expected, const char *actual)
{
	expect_labelled(NULL, expected, actual);
}

G_GNUC_UNUSED static void expect_error(GError **error, int code, const char *message)
{
	if (!*error)
		fail_msg("expected the error \"%s\"", message);
	expect_str(message, (*error)->message);
	assert_int_equal(code, (*error)->code);
	g_clear_error(error);
}

G_GNUC_UNUSED static void expect_oid(fixture *fx, const char *name, const git_oid *oid)
{
	char *hex = sm_git_hex(oid);
	char *label = g_strdup_printf("commit %s", name);
	expect_labelled(label, name, fx_name(fx, hex));
	g_free(label);
	g_free(hex);
}

#endif
