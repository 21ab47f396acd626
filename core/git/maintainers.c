/* maintainers.c - MAINTAINERS from the config's file or the repository's
 * HEAD, narrowed to the user's sections and kept by blob id (see
 * maintainers.h). */
#include <string.h>
#include "maintainers.h"
#include "repo-private.h"

/* The blob id of HEAD:MAINTAINERS in REPO, from the tree entry alone (the
 * blob is read only when it is new).  FALSE with ERROR. */
static gboolean head_id(sm_git_repo *repo, git_oid *id, GError **error)
{
	git_object *tree = NULL;
	git_tree_entry *entry = NULL;
	gboolean ok = git_revparse_single(&tree, repo->git, "HEAD^{tree}") == 0 &&
	              git_tree_entry_bypath(&entry, (git_tree *)tree, "MAINTAINERS") == 0 &&
	              git_tree_entry_type(entry) == GIT_OBJECT_BLOB;
	if (ok)
		git_oid_cpy(id, git_tree_entry_id(entry));
	else
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_FAILED,
		            "no MAINTAINERS at HEAD of the repository (set [maintainers] file)");
	git_tree_entry_free(entry);
	git_object_free(tree);
	return ok;
}

static GBytes *blob_bytes(sm_git_repo *repo, const git_oid *id, GError **error)
{
	git_blob *blob = NULL;
	if (git_blob_lookup(&blob, repo->git, id) != 0) {
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_FAILED, "MAINTAINERS at HEAD: %s",
		            git_error_last() ? git_error_last()->message : "cannot be read");
		return NULL;
	}
	GBytes *bytes = g_bytes_new(git_blob_rawcontent(blob), (gsize)git_blob_rawsize(blob));
	git_blob_free(blob);
	return bytes;
}

/* The file's bytes and their blob id, or NULL with ERROR. */
static GBytes *file_bytes(const char *path, git_oid *id, GError **error)
{
	char *text = NULL;
	gsize len = 0;
	GError *read_error = NULL;
	if (!g_file_get_contents(path, &text, &len, &read_error)) {
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_FAILED, "[maintainers] file: %s",
		            read_error->message);
		g_error_free(read_error);
		return NULL;
	}
	git_odb_hash(id, text, len, GIT_OBJECT_BLOB);
	return g_bytes_new_take(text, len);
}

sm_maintainers *sm_git_maintainers(const sm_config *config, sm_git_repo *repo,
                                   const char *const *addresses, sm_maintainers *old,
                                   GError **error)
{
	char *path = sm_config_string(config, "maintainers", "file", NULL);
	char *names = sm_config_string(config, "maintainers", "sections", NULL);
	git_oid id;
	GBytes *bytes = NULL;
	gboolean found;
	if (path) {
		found = (bytes = file_bytes(path, &id, error)) != NULL;
	} else if (repo) {
		found = head_id(repo, &id, error);
	} else {
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_CONFIG,
		            "maintained: set [maintainers] file or [git] repo in the config");
		found = FALSE;
	}
	sm_maintainers *m = NULL;
	if (found) {
		/* The key: what was read, and what of it is the user's. */
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof hex, &id);
		GString *key = g_string_new(hex);
		g_string_append_printf(key, "\nsections %s\naddresses", names ? names : "");
		for (const char *const *a = names ? NULL : addresses; a && *a; a++)
			g_string_append_printf(key, " %s", *a);
		if (old && strcmp(sm_maintainers_key(old), key->str) == 0) {
			m = old;
			old = NULL;
		} else if (bytes || (bytes = blob_bytes(repo, &id, error))) {
			char **list = names ? g_strsplit(names, ";", -1) : NULL;
			for (char **n = list; n && *n; n++)
				g_strstrip(*n);
			static const char *const none[] = { NULL };
			gsize len;
			const char *text = g_bytes_get_data(bytes, &len);
			m = sm_maintainers_parse(text, (gssize)len,
			                         list ? NULL : addresses ? addresses : none,
			                         (const char *const *)list);
			sm_maintainers_set_key(m, key->str);
			g_strfreev(list);
		}
		g_string_free(key, TRUE);
	}
	if (bytes)
		g_bytes_unref(bytes);
	sm_maintainers_free(old);
	g_free(names);
	g_free(path);
	return m;
}
