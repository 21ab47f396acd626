/* git/walk.c - the one revision walker of the indexes.
 *
 * Mainline's ancestry and the follow-ups (git/mainline.c) and a stable
 * branch's own commits and branch point (git/contains.c) each go back
 * through parents from some commits, reading each commit once and
 * stopping where the caller already knows the history.  libgit2's
 * git_revwalk does not fit: hiding what is known costs it a walk of all
 * of it (minutes on a kernel), and it parses and caches every commit it
 * passes.  This one reads each commit raw, once (its parents and its
 * message from the same read), and asks the caller where to stop.
 */
#include <string.h>
#include "repo-private.h"

/* The parents of the raw commit DATA (LEN bytes), from its header, into
 * PARENTS (git_oid, emptied first); *MESSAGE where its message starts. */
static void parse_raw(const char *data, size_t len, GArray *parents, const char **message)
{
	const char *end = data + len;
	g_array_set_size(parents, 0);
	const char *p = data;
	while (p < end && *p != '\n') {
		const char *eol = memchr(p, '\n', end - p);
		if (!eol)
			eol = end;
		git_oid id;
		if (eol - p == 7 + GIT_OID_HEXSZ && memcmp(p, "parent ", 7) == 0 &&
		    git_oid_fromstrn(&id, p + 7, GIT_OID_HEXSZ) == 0)
			g_array_append_val(parents, id);
		p = eol + 1;
	}
	*message = p < end ? p + 1 : end;
}

gboolean sm_git_walk(sm_git_repo *repo, const git_oid *starts, guint n,
                     sm_git_walker *walker, GError **error)
{
	git_odb *odb = NULL;
	if (git_repository_odb(&odb, repo->git) < 0)
		return sm_git_fail(error, SM_GIT_ERROR_FAILED, walker->what);
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(git_oid));
	GArray *parents = g_array_new(FALSE, FALSE, sizeof(git_oid));
	g_array_append_vals(todo, starts, n);
	gboolean ok = TRUE;
	while (ok && todo->len) {
		git_oid id = g_array_index(todo, git_oid, todo->len - 1);
		g_array_set_size(todo, todo->len - 1);
		if (walker->stop(walker->data, &id))
			continue;
		if (++walker->reads % 1024 == 0 &&
		    (sm_git_progress(repo, 1024), sm_git_cancelled(repo, error))) {
			ok = FALSE;
			break;
		}
		git_odb_object *obj = NULL;
		if (git_odb_read(&obj, odb, &id) < 0 || git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
			git_odb_object_free(obj);
			ok = sm_git_fail(error, SM_GIT_ERROR_FAILED, walker->what);
			break;
		}
		const char *data = git_odb_object_data(obj);
		size_t len = git_odb_object_size(obj);
		const char *message;
		parse_raw(data, len, parents, &message);
		ok = walker->visit(walker->data, &id, (const git_oid *)parents->data, parents->len,
		                   message, data + len - message, error);
		git_odb_object_free(obj);
		if (ok && parents->len)
			g_array_append_vals(todo, parents->data, walker->first_parent ? 1 : parents->len);
	}
	g_array_unref(parents);
	g_array_unref(todo);
	git_odb_free(odb);
	return ok;
}
