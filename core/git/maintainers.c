/* maintainers.c - MAINTAINERS from the config's file or the repository's
 * HEAD, narrowed to the user's sections (see maintainers.h). */
#include <string.h>
#include "maintainers.h"
#include "repo-private.h"

/* HEAD:MAINTAINERS of REPO as new bytes; NULL with ERROR. */
static GBytes *head_blob(sm_git_repo *repo, GError **error)
{
	git_object *obj = NULL;
	if (git_revparse_single(&obj, repo->git, "HEAD:MAINTAINERS") != 0 ||
	    git_object_type(obj) != GIT_OBJECT_BLOB) {
		git_object_free(obj);
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_FAILED,
		            "no MAINTAINERS at HEAD of the repository (set [maintainers] file)");
		return NULL;
	}
	const git_blob *blob = (const git_blob *)obj;
	GBytes *bytes = g_bytes_new(git_blob_rawcontent(blob), (gsize)git_blob_rawsize(blob));
	git_object_free(obj);
	return bytes;
}

sm_maintainers *sm_git_maintainers(const sm_config *config, sm_git_repo *repo,
                                   const char *const *addresses, GError **error)
{
	char *path = sm_config_string(config, "maintainers", "file", NULL);
	GBytes *bytes = NULL;
	if (path) {
		char *text = NULL;
		gsize len = 0;
		GError *read_error = NULL;
		if (g_file_get_contents(path, &text, &len, &read_error))
			bytes = g_bytes_new_take(text, len);
		else
			g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_FAILED, "[maintainers] file: %s",
			            read_error->message);
		g_clear_error(&read_error);
	} else if (repo) {
		bytes = head_blob(repo, error);
	} else {
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_CONFIG,
		            "maintained: set [maintainers] file or [git] repo in the config");
	}
	g_free(path);
	if (!bytes)
		return NULL;
	char *names = sm_config_string(config, "maintainers", "sections", NULL);
	char **list = names ? g_strsplit(names, ";", -1) : NULL;
	for (char **n = list; n && *n; n++)
		g_strstrip(*n);
	static const char *const none[] = { NULL };
	gsize len;
	const char *text = g_bytes_get_data(bytes, &len);
	sm_maintainers *m = sm_maintainers_parse(text, (gssize)len, list ? NULL : addresses ? addresses : none,
	                                         (const char *const *)list);
	g_bytes_unref(bytes);
	g_strfreev(list);
	g_free(names);
	return m;
}
