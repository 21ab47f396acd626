/* fuzz-config.c - the config file loader on arbitrary bytes.
 *
 * sm_config_load() reads a path, so each input is written to one temporary
 * file first.  A load either gives a config whose query and tree table are
 * usable, or fails with a one-line message naming the file.
 */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "store/store.h"
#include "fuzz.h"

const char *const sm_fuzz_seeds[] = { "fuzz-regressions/config", NULL };

static const char *const keys[][2] = {
	{ "search", "query" }, { "git", "repo" }, { "git", "worktrees" },
	{ "reply", "drafts" }, { "user", "signature_path" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *path;
	if (!path) {
		int fd = g_file_open_tmp("fuzz-config-XXXXXX", &path, NULL);
		SM_FUZZ_CHECK(fd >= 0);
		close(fd);
	}
	SM_FUZZ_CHECK(g_file_set_contents(path, (const char *)data, (gssize)size, NULL));

	GError *error = NULL;
	sm_config *config = sm_config_load(path, &error);
	if (!config) {
		SM_FUZZ_CHECK(error && error->message && strstr(error->message, path));
		SM_FUZZ_CHECK(!strchr(error->message, '\n'));
		g_error_free(error);
		return 0;
	}
	SM_FUZZ_CHECK(error == NULL);
	SM_FUZZ_CHECK(config->query && config->trees && config->trees->list->len > 0);
	for (gsize i = 0; i < G_N_ELEMENTS(keys); i++)
		g_free(sm_config_string(config, keys[i][0], keys[i][1], NULL));
	(void)sm_config_bool(config, "reply", "sign", FALSE);
	(void)sm_trees_hash(config->trees);
	/* Every tree the file named must take part in range expansion. */
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const sm_tree_info *newest = config->trees->list->pdata[0];
	const sm_tree_info *oldest = config->trees->list->pdata[config->trees->list->len - 1];
	sm_trees_expand(config->trees, newest->name, oldest->name, newest->released, out);
	SM_FUZZ_CHECK(out->len >= 1);
	g_ptr_array_unref(out);
	sm_config_free(config);
	return 0;
}
