/* git/status.c - a commit's status in a tree, per the notices. */
#include <string.h>
#include "status.h"

sm_status sm_git_tree_status(const sm_group *group, const char *id, const char *tree)
{
	sm_status status = SM_STATUS_NONE;
	/* Shorter prefixes would match unrelated patches. */
	if (!group || !id || strlen(id) < 8)
		return status;
	GPtrArray *found = sm_group_find(group, id);
	for (guint i = 0; i < found->len; i++) {
		const sm_patch *patch = found->pdata[i];
		const sm_tree_status *ts = *patch->upstream ? sm_patch_tree(patch, tree) : NULL;
		if (ts && ts->status > status)
			status = ts->status;
	}
	g_ptr_array_unref(found);
	return status;
}

gboolean sm_status_is_queued(sm_status status)
{
	return status == SM_STATUS_QUEUED || status == SM_STATUS_REVIEW ||
	       status == SM_STATUS_RELEASED;
}
