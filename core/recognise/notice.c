/* notice.c - the notice record and its names. */
#include <string.h>
#include "notice.h"
#include "private.h"

static const char *const kind_names[SM_KIND_COUNT] = {
	[SM_KIND_OTHER] = "other",
	[SM_KIND_AUTOSEL] = "autosel",
	[SM_KIND_REVIEW_PATCH] = "review-patch",
	[SM_KIND_REVIEW_COVER] = "review-cover",
	[SM_KIND_ADDED] = "added",
	[SM_KIND_FAILED] = "failed",
	[SM_KIND_BACKPORT] = "backport",
	[SM_KIND_REMOVED] = "removed",
	[SM_KIND_REPLY] = "reply",
	[SM_KIND_RELEASE] = "release",
};

static const char *const triage_names[SM_TRIAGE_COUNT] = {
	[SM_TRIAGE_UNTRIAGED] = "untriaged",
	[SM_TRIAGE_APPROVED] = "approved",
	[SM_TRIAGE_HOLD] = "hold",
	[SM_TRIAGE_REVERT] = "revert",
	[SM_TRIAGE_DROP] = "drop",
	[SM_TRIAGE_RESOLVING] = "resolving",
	[SM_TRIAGE_DONE] = "done",
};

static const char *const signal_names[SM_SIGNAL_COUNT] = {
	[SM_SIGNAL_NONE] = NULL,
	[SM_SIGNAL_QUEUED] = "queued",
	[SM_SIGNAL_DROPPED] = "dropped",
	[SM_SIGNAL_REVERTED] = "reverted",
	[SM_SIGNAL_HOLD] = "hold-request",
	[SM_SIGNAL_DROP_ASK] = "drop-request",
	[SM_SIGNAL_APPROVED] = "approval",
};

static const char *const attach_names[SM_ATTACH_COUNT] = {
	[SM_ATTACH_NONE] = "none",
	[SM_ATTACH_UPSTREAM] = "upstream-id",
	[SM_ATTACH_PARENT] = "parent",
	[SM_ATTACH_ANCESTOR] = "ancestor",
	[SM_ATTACH_QUOTED_ID] = "quoted-id",
	[SM_ATTACH_SUBJECT] = "subject",
	[SM_ATTACH_QUOTED_SUBJECT] = "quoted-subject",
	[SM_ATTACH_STABLE_COMMIT] = "stable-commit",
	[SM_ATTACH_SERIES] = "series",
};

const char *sm_signal_name(sm_signal signal)
{
	return signal < SM_SIGNAL_COUNT ? signal_names[signal] : NULL;
}

const char *sm_attach_name(sm_attach attach)
{
	return attach < SM_ATTACH_COUNT ? attach_names[attach] : "none";
}

sm_notice *sm_notice_new(void)
{
	sm_notice *notice = g_new0(sm_notice, 1);
	notice->trees = g_new0(char *, 1);
	return notice;
}

void sm_notice_free(sm_notice *notice)
{
	if (!notice)
		return;
	g_free(notice->filename);
	if (notice->borrowed) {
		g_free(notice->references);
		g_free(notice->trees);
		g_free(notice);
		return;
	}
	g_free(notice->message_id);
	g_free(notice->in_reply_to);
	g_strfreev(notice->references);
	g_free(notice->from);
	g_free(notice->subject);
	g_strfreev(notice->trees);
	g_free(notice->patch_subject);
	g_free(notice->subject_key);
	g_free(notice->author);
	g_free(notice->base);
	g_free(notice->release);
	g_free(notice->warning);
	g_free(notice->evidence);
	g_free(notice->files);
	g_free(notice->stable_commit);
	g_free(notice);
}

const char *sm_kind_name(sm_kind kind)
{
	return kind < SM_KIND_COUNT ? kind_names[kind] : "other";
}

static gboolean name_index(const char *const *names, int count, const char *name,
                           int *index)
{
	for (int i = 0; i < count; i++)
		if (name && strcmp(names[i], name) == 0) {
			*index = i;
			return TRUE;
		}
	return FALSE;
}

gboolean sm_kind_from_name(const char *name, sm_kind *kind)
{
	int i;
	if (!name_index(kind_names, SM_KIND_COUNT, name, &i))
		return FALSE;
	*kind = (sm_kind)i;
	return TRUE;
}

const char *sm_triage_name(sm_triage state)
{
	return state < SM_TRIAGE_COUNT ? triage_names[state] : "untriaged";
}

gboolean sm_triage_from_name(const char *name, sm_triage *state)
{
	int i;
	if (!name_index(triage_names, SM_TRIAGE_COUNT, name, &i))
		return FALSE;
	*state = (sm_triage)i;
	return TRUE;
}

gboolean sm_notice_has_tree(const sm_notice *notice, const char *tree)
{
	for (char **t = notice->trees; t && *t; t++)
		if (strcmp(*t, tree) == 0)
			return TRUE;
	return FALSE;
}
