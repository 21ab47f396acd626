/* fuzz-replay.c - replay a fuzz target's seeds and kept findings.
 *
 *   fuzz-replay-NAME [FILE|DIR...]
 *
 * Without arguments, replays every file in the target's seed directories
 * (sm_fuzz_seeds, under tests/), its regression directory first.  A crash,
 * a sanitizer report or a broken invariant fails the test; so does finding
 * nothing to replay, or an input the target refuses at its header
 * (sm_fuzz_refused), either of which would mean the test checks nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include "fuzz.h"

/* The reason the input being replayed was refused at its header. */
static const char *refused, *refused_what_to_do;

void sm_fuzz_refused(const char *why, const char *what_to_do)
{
	refused = why;
	refused_what_to_do = what_to_do;
}

static guint replay_file(const char *path)
{
	char *data;
	gsize len;
	GError *error = NULL;
	if (!g_file_get_contents(path, &data, &len, &error)) {
		fprintf(stderr, "fuzz-replay: %s\n", error->message);
		exit(1);
	}
	/* A copy of exactly LEN bytes, so that ASan sees any over-read; never
	 * NULL, as libFuzzer's empty input is not. */
	uint8_t *copy = len ? g_memdup2(data, len) : g_malloc(1);
	printf("replay %s (%zu bytes)\n", path, (size_t)len);
	fflush(stdout);
	refused = NULL;
	LLVMFuzzerTestOneInput(copy, len);
	g_free(copy);
	g_free(data);
	if (refused) {
		fprintf(stderr, "fuzz-replay: %s is refused at its header (%s), so it tests "
		        "nothing: %s\n", path, refused, refused_what_to_do);
		exit(1);
	}
	return 1;
}

static int by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static guint replay(const char *path)
{
	if (!g_file_test(path, G_FILE_TEST_IS_DIR))
		return replay_file(path);
	GDir *dir = g_dir_open(path, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (const char *name; dir && (name = g_dir_read_name(dir));)
		if (name[0] != '.' && g_strcmp0(name, "README") != 0)
			g_ptr_array_add(names, g_build_filename(path, name, NULL));
	if (dir)
		g_dir_close(dir);
	/* Sorted, so that a log reads the same on every run. */
	g_ptr_array_sort(names, by_name);
	guint n = 0;
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		if (g_file_test(name, G_FILE_TEST_IS_REGULAR))
			n += replay_file(name);
	}
	g_ptr_array_unref(names);
	return n;
}

int main(int argc, char **argv)
{
	guint n = 0;
	for (int i = 1; i < argc; i++)
		n += replay(argv[i]);
	for (const char *const *seed = sm_fuzz_seeds; argc == 1 && *seed; seed++) {
		char *path = g_build_filename(SM_TEST_DATA, *seed, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			n += replay(path);
		g_free(path);
	}
	printf("%u inputs replayed\n", n);
	if (n == 0) {
		fprintf(stderr, "fuzz-replay: nothing to replay\n");
		return 1;
	}
	return 0;
}
