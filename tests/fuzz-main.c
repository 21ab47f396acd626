/* fuzz-main.c - libFuzzer glue shared by the fuzz targets (see fuzz.h).
 *
 * `make fuzz` runs a target as "fuzz-NAME SCRATCH_DIR -max_total_time=N".
 * When every input named on the command line is a directory (fuzzing, not
 * reproducing one crash file), the target's seed directories are added
 * after them: libFuzzer writes new inputs only to the first directory, so
 * the source tree is read, never written.
 */
#include <glib.h>
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Exploring, an input refused at the header is one the fuzzer learns
 * to avoid, not a finding. */
void sm_fuzz_refused(const char *why, const char *what_to_do)
{
	(void)why;
	(void)what_to_do;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	gboolean dirs = FALSE;
	for (int i = 1; i < *argc; i++) {
		const char *arg = (*argv)[i];
		if (arg[0] == '-')
			continue;
		if (!g_file_test(arg, G_FILE_TEST_IS_DIR))
			return 0;
		dirs = TRUE;
	}
	if (!dirs)
		return 0;
	/* Kept for the life of the process: libFuzzer holds on to argv. */
	GPtrArray *args = g_ptr_array_new();
	for (int i = 0; i < *argc; i++)
		g_ptr_array_add(args, (*argv)[i]);
	for (const char *const *seed = sm_fuzz_seeds; *seed; seed++) {
		char *path = g_build_filename(SM_TEST_DATA, *seed, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			g_ptr_array_add(args, path);
		else
			g_free(path);
	}
	*argc = (int)args->len;
	g_ptr_array_add(args, NULL);
	*argv = (char **)g_ptr_array_free(args, FALSE);
	return 0;
}
