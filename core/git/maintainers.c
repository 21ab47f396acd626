/* maintainers.c - MAINTAINERS from the config's file or the repository's
 * HEAD, narrowed to the user's sections and kept by blob id (see
 * maintainers.h). */
#include <string.h>
#include "maintainers.h"
#include "repo-private.h"
#include "mail/mail.h"

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

/* ---- K: over each patch's reference mail, kept by message-id ---- */

/* The file's lines: "MESSAGE-ID\t0" or "\t1". */
static GHashTable *keywords_read(const char *name)
{
	GHashTable *known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	gsize len;
	char *data = sm_git_cache_load(NULL, name, "keywords", 1, &len, NULL);
	for (char *line = data; line && *line;) {
		char *nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		char *tab = strrchr(line, '\t');
		if (tab && (tab[1] == '0' || tab[1] == '1'))
			g_hash_table_replace(known, g_strndup(line, (gsize)(tab - line)),
			                     GINT_TO_POINTER(tab[1] == '1' ? 2 : 1));
		line = nl + 1;
	}
	g_free(data);
	return known;
}

static void keywords_write(const char *name, GHashTable *known)
{
	GString *out = g_string_new(NULL);
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, known);
	while (g_hash_table_iter_next(&it, &key, &value))
		if (!strpbrk(key, "\t\n")) /* else it would read back as another */
			g_string_append_printf(out, "%s\t%d\n", (char *)key, GPOINTER_TO_INT(value) - 1);
	sm_git_cache_store(NULL, name, "keywords", 1, out->str, out->len);
	g_string_free(out, TRUE);
}

guint sm_git_maintainers_keywords(sm_maintainers *m, sm_group *group, GPtrArray *patches)
{
	if (!m || !sm_maintainers_has_keywords(m))
		return 0;
	char *sig = sm_maintainers_keywords_key(m);
	char *name = g_strconcat("keywords-", sig, NULL);
	GHashTable *known = NULL;
	guint read = 0;
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		/* It was told, or its files or subject answer already. */
		if (sm_maintainers_keywords_answered(m, patch) || sm_maintainers_covers(m, patch))
			continue;
		if (!known)
			known = keywords_read(name);
		sm_group_patch_notices(group, patch);
		const sm_notice *reference = sm_patch_reference_notice(patch);
		gpointer told = reference ? g_hash_table_lookup(known, reference->message_id) : NULL;
		if (reference && !told) {
			sm_mail *mail = sm_mail_read(reference->filename, 0, NULL);
			/* A mail that cannot be read is asked again next time. */
			if (mail) {
				gboolean matched = sm_maintainers_keywords_in_patch(m, mail->subject,
				                                                    mail->body);
				told = GINT_TO_POINTER(matched ? 2 : 1);
				g_hash_table_replace(known, g_strdup(reference->message_id), told);
				read++;
			}
			sm_mail_free(mail);
		}
		if (told)
			sm_maintainers_set_keywords_answer(m, patch, GPOINTER_TO_INT(told) == 2);
		sm_group_patch_release(group, patch);
	}
	if (read)
		keywords_write(name, known);
	if (known)
		g_hash_table_unref(known);
	g_free(name);
	g_free(sig);
	return read;
}
