/* test-file.c - the one writer of the cache files (core/mail/file.h): the
 * pieces in order, a file replaced whole, its directories made, and a
 * failure that leaves the old file and no temporary one. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include "mail/mail.h"

static char *dir;

static int setup(void **state)
{
	(void)state;
	dir = g_dir_make_tmp("test-file-XXXXXX", NULL);
	return dir ? 0 : -1;
}

/* Remove what the test left: two levels are all it makes. */
static int teardown(void **state)
{
	(void)state;
	const char *argv[] = { "rm", "-rf", dir, NULL };
	g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
	             NULL, NULL);
	g_free(dir);
	return 0;
}

static int by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in DIRECTORY, sorted, one a line. */
static char *names(const char *directory)
{
	GDir *d = g_dir_open(directory, 0, NULL);
	GPtrArray *all = g_ptr_array_new_with_free_func(g_free);
	for (const char *n; d && (n = g_dir_read_name(d));)
		g_ptr_array_add(all, g_strdup(n));
	if (d)
		g_dir_close(d);
	g_ptr_array_sort(all, by_name);
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < all->len; i++)
		g_string_append_printf(out, "%s\n", (char *)all->pdata[i]);
	g_ptr_array_unref(all);
	return g_string_free(out, FALSE);
}

static char *contents(const char *path)
{
	char *text = NULL;
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	return text;
}

static void test_pieces_in_order_dirs_made(void **state)
{
	(void)state;
	char *path = g_build_filename(dir, "git", "KEY", "contains-6.6", NULL);
	sm_file_piece pieces[] = { { "stablemate-git contains 5 3\n", 28 }, { "abc", 3 },
	                           { "", 0 } };
	GError *error = NULL;
	assert_true(sm_file_replace(path, pieces, G_N_ELEMENTS(pieces), &error));
	assert_null(error);
	char *text = contents(path);
	assert_string_equal(text, "stablemate-git contains 5 3\nabc");
	GStatBuf st;
	assert_int_equal(g_stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *parent = g_path_get_dirname(path);
	assert_int_equal(g_stat(parent, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	char *left = names(parent);
	assert_string_equal(left, "contains-6.6\n");
	g_free(left);
	g_free(parent);
	g_free(text);
	g_free(path);
}

static void test_replaced_whole(void **state)
{
	(void)state;
	char *path = g_build_filename(dir, "file", NULL);
	sm_file_piece longer[] = { { "a longer first version\n", 23 } };
	sm_file_piece shorter[] = { { "short\n", 6 } };
	assert_true(sm_file_replace(path, longer, 1, NULL));
	assert_true(sm_file_replace(path, shorter, 1, NULL));
	char *text = contents(path);
	assert_string_equal(text, "short\n");
	char *left = names(dir);
	assert_string_equal(left, "file\n");
	g_free(left);
	g_free(text);
	g_free(path);
}

/* A directory where the file should be: the rename fails; the directory
 * and what is in it stay, and no temporary file is left. */
static void test_failure_leaves_old_and_no_temp(void **state)
{
	(void)state;
	char *path = g_build_filename(dir, "taken", NULL);
	char *inside = g_build_filename(path, "kept", NULL);
	assert_int_equal(g_mkdir(path, 0700), 0);
	assert_true(g_file_set_contents(inside, "old", -1, NULL));
	sm_file_piece pieces[] = { { "new", 3 } };
	GError *error = NULL;
	assert_false(sm_file_replace(path, pieces, 1, &error));
	char *want = g_strdup_printf("cannot write %s: %s", path, g_strerror(EISDIR));
	assert_non_null(error);
	assert_string_equal(error->message, want);
	g_clear_error(&error);
	char *left = names(dir);
	assert_string_equal(left, "taken\n");
	char *text = contents(inside);
	assert_string_equal(text, "old");
	g_free(text);
	g_free(left);
	g_free(want);
	g_free(inside);
	g_free(path);
}

/* A file where a directory should be: nothing is made, and it says which. */
static void test_parent_not_a_directory(void **state)
{
	(void)state;
	char *plain = g_build_filename(dir, "plain", NULL);
	char *path = g_build_filename(plain, "sub", "file", NULL);
	assert_true(g_file_set_contents(plain, "x", -1, NULL));
	sm_file_piece pieces[] = { { "new", 3 } };
	GError *error = NULL;
	assert_false(sm_file_replace(path, pieces, 1, &error));
	char *sub = g_path_get_dirname(path);
	char *want = g_strdup_printf("cannot make %s: %s", sub, g_strerror(ENOTDIR));
	assert_non_null(error);
	assert_string_equal(error->message, want);
	g_clear_error(&error);
	char *left = names(dir);
	assert_string_equal(left, "plain\n");
	g_free(left);
	g_free(want);
	g_free(sub);
	g_free(path);
	g_free(plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pieces_in_order_dirs_made, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_leaves_old_and_no_temp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parent_not_a_directory, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
