/* git/stable-commit.c - a stable commit's upstream id; see stable-commit.h. */
#include <string.h>
#include "stable-commit.h"
#include "contains.h"
#include "repo-private.h"

gboolean sm_git_stable_upstream(const char *id, char upstream[SM_SHA_LEN + 1], gpointer repo)
{
	size_t len = id ? strlen(id) : 0;
	if (len < 8 || len > SM_SHA_LEN)
		return FALSE;
	git_commit *commit = sm_git_commit(repo, id, NULL);
	if (!commit)
		return FALSE;
	/* The first id named: a backport of several commits names the one
	 * it is first of all ("commit X upstream." heads the message). */
	char **ids = sm_git_upstream_ids(git_commit_message(commit));
	gboolean found = ids && strlen(ids[0]) == SM_SHA_LEN;
	if (found)
		memcpy(upstream, ids[0], SM_SHA_LEN + 1);
	g_strfreev(ids);
	git_commit_free(commit);
	return found;
}
