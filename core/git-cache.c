/* git-cache.c - small cache files for the git indexes and predictions.
 *
 * Everything here can be recomputed from the repository, so a cache file
 * that is missing, stale or from another version is simply ignored.
 */
#include <string.h>
#include "git-repo-private.h"

char *sm_git_cache_path(const sm_git_repo *repo, const char *name)
{
	/* Per repository: the same tree name means different branches in two
	 * repositories. */
	const char *workdir = git_repository_commondir(repo->git);
	char *key = g_compute_checksum_for_string(G_CHECKSUM_SHA1, workdir, -1);
	char *cache = sm_cache_dir();
	char *dir = g_build_filename(cache, "git", key, NULL);
	char *path = NULL;
	if (g_mkdir_with_parents(dir, 0700) == 0)
		path = g_build_filename(dir, name, NULL);
	g_free(dir);
	g_free(cache);
	g_free(key);
	return path;
}

gboolean sm_git_cache_write(const char *path, const GString *content)
{
	return path && g_file_set_contents(path, content->str, content->len, NULL);
}

char **sm_git_cache_read(const char *path, const char *header)
{
	char *data = NULL;
	gsize len = 0;
	if (!path || !g_file_get_contents(path, &data, &len, NULL))
		return NULL;
	size_t hlen = strlen(header);
	char **lines = NULL;
	if (len > hlen && memcmp(data, header, hlen) == 0 && data[hlen] == '\n')
		lines = g_strsplit(data + hlen + 1, "\n", -1);
	g_free(data);
	return lines;
}
