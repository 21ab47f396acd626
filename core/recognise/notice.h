/* notice.h - one stable notification mail, as recognised.
 *
 * A notice is what stablemate learns from one message: its kind, the stable
 * trees it is about, the upstream (mainline) commit and the patch subject.
 * Notices are produced by sm_recognise() (recognise.h) or loaded from the
 * cache (store.h), and grouped into patches by group.h.
 *
 * Ownership: a notice owns every string it points to; sm_notice_free()
 * releases them all.  Strings are UTF-8, never NULL unless documented.
 */
#ifndef SM_NOTICE_H
#define SM_NOTICE_H
#if !defined(SM_INSIDE_RECOGNISE_H) && !defined(SM_RECOGNISE_COMPILATION)
#error "include recognise/recognise.h, core/recognise's door, not this header"
#endif

#include <glib.h>

typedef enum {
	SM_KIND_OTHER = 0,    /* not a stable notification: appears in no patch */
	SM_KIND_AUTOSEL,      /* [PATCH AUTOSEL 6.6 10/23] */
	SM_KIND_REVIEW_PATCH, /* [PATCH 6.1 023/150] under an -rc review cover */
	SM_KIND_REVIEW_COVER, /* [PATCH 6.1 000/150] 6.1.80-rc1 review */
	SM_KIND_ADDED,        /* Patch "..." has been added to the 6.1-stable tree */
	SM_KIND_FAILED,       /* FAILED: patch "..." failed to apply to 5.15-stable tree */
	SM_KIND_BACKPORT,     /* [PATCH 6.1.y] sent to stable by hand */
	SM_KIND_REMOVED,      /* dropped from a queue */
	SM_KIND_REPLY,        /* a reply to any of the above */
	SM_KIND_RELEASE,      /* a stable release announcement: Linux 6.6.22 */
	SM_KIND_COUNT
} sm_kind;

/* What a human reply says happened, read off its own (unquoted) text. */
typedef enum {
	SM_SIGNAL_NONE = 0,
	SM_SIGNAL_QUEUED,   /* "Now queued up, thanks" */
	SM_SIGNAL_DROPPED,  /* "Now dropped, thanks", "I'll drop it" */
	SM_SIGNAL_REVERTED, /* "Now reverted", "I've reverted it in 6.1.y" */
	SM_SIGNAL_HOLD,     /* a hold request: "please hold", "not yet", "wait for" */
	SM_SIGNAL_DROP_ASK, /* a revert or drop request: "please drop", "breaks" */
	SM_SIGNAL_APPROVED, /* "Acked-by:", "Tested-by:", "looks good" */
	SM_SIGNAL_COUNT
} sm_signal;

/* Why grouping put a notice in its patch; set by sm_group_build() (group.h)
 * together with sm_notice.evidence, so that a wrong attachment can be seen
 * ("stablemate show", the JSON) and a test can assert the reason. */
typedef enum {
	SM_ATTACH_NONE = 0,       /* in no patch */
	SM_ATTACH_UPSTREAM,       /* its own upstream commit id */
	SM_ATTACH_PARENT,         /* its parent (In-Reply-To) is in the patch */
	SM_ATTACH_ANCESTOR,       /* its nearest ancestor notice, further up */
	SM_ATTACH_QUOTED_ID,      /* a reply: the upstream id it quotes */
	SM_ATTACH_SUBJECT,        /* its patch subject is the patch's */
	SM_ATTACH_QUOTED_SUBJECT, /* a reply: the patch subject it quotes */
	SM_ATTACH_STABLE_COMMIT,  /* the stable commit it names, whose upstream
	                             id git gave (sm_notice.stable_commit) */
	SM_ATTACH_SERIES,         /* a decision on a backport series' cover
	                             ("[PATCH 5.10 0/2]"): in the cover's patch
	                             and in each patch of the series */
	SM_ATTACH_COUNT
} sm_attach;

/* Triage state of a patch, kept as notmuch tags (triage.h). */
typedef enum {
	SM_TRIAGE_UNTRIAGED = 0,
	SM_TRIAGE_APPROVED,
	SM_TRIAGE_HOLD,
	SM_TRIAGE_REVERT,
	SM_TRIAGE_DROP,
	SM_TRIAGE_RESOLVING,
	SM_TRIAGE_DONE,
	SM_TRIAGE_COUNT
} sm_triage;

#define SM_SHA_LEN 40

typedef struct sm_notice {
	/* From the message headers. */
	char *message_id;   /* without angle brackets */
	char *in_reply_to;  /* parent's message-id without brackets, or NULL */
	char **references;  /* NULL-terminated, oldest first; NULL when none */
	char *filename;     /* one file of the message */
	gint64 date;        /* unix time of the Date header (0 if unreadable) */
	char *from;         /* decoded "Name <addr>" of the sender */
	char *subject;      /* decoded Subject, CR/LF/controls replaced by spaces */

	/* What recognition found. */
	sm_kind kind;
	char **trees;       /* NULL-terminated, newest tree first; never NULL */
	char upstream[SM_SHA_LEN + 1]; /* full mainline id, or "" */
	char *patch_subject;/* subject without wrappers, or NULL */
	char *author;       /* the patch's author "Name <addr>", or NULL */
	int series_pos;     /* 10 of 10/23; 0 when none */
	int series_total;   /* 23 of 10/23; 0 when none */
	char *base;         /* X-stable-base, e.g. "Linux 6.6.101", or NULL */
	char *release;      /* review cover / release: "6.6.21", or NULL */
	gint64 deadline;    /* review cover: responses deadline, or 0 */
	sm_signal signal;   /* replies: what the reply says happened */
	sm_kind answers;    /* replies: the kind of notice the subject answers
	                       ("Re: FAILED: patch ..." -> SM_KIND_FAILED), else
	                       SM_KIND_OTHER */
	char *warning;      /* why the message could not be read fully, or NULL */
	gboolean all_trees; /* replies: "queued for all the trees": the decision
	                       is for every tree the patch is open in */
	char *evidence;     /* replies: the line that names the patch, as written
	                       ("> commit X upstream.", "X (\"subject\")", a
	                       quoted Subject: or notice boilerplate), or NULL */
	                    /* (release, above, is also set on a reply to a
	                       review cover: the release its subject names) */
	char *files;        /* the files its diff touches, sorted, one a line
	                       ("drivers/usb/core/hub.c\ninclude/x.h"), or NULL
	                       when it carries no diff (diff.h) */
	guint32 change;     /* sm_diff_change() of its diff: alike for the same
	                       change with other context; 0 when no diff */
	char *stable_commit;/* replies and decisions without an upstream id of
	                       their own: the commit they name (8 to 40 hex
	                       digits, lower-case: "commit 0123abcd in 6.6.y",
	                       a cited "0123abcd (\"subject\")", "reverts
	                       commit X"), which may be a stable branch's
	                       backport rather than the mainline commit;
	                       grouping maps it through git to its upstream id
	                       (sm_group_set_stable_lookup) and sets upstream
	                       (attach SM_ATTACH_STABLE_COMMIT).  Else NULL. */

	/* Derived once, on first need, by grouping: sm_subject_key(patch_subject). */
	char *subject_key;
	/* Set by grouping at every build: why the notice is in its patch. */
	sm_attach attach;

	/* From notmuch tags, set by the store, not by recognition. */
	sm_triage triage;
	gboolean unread;

	/* Set by a group (group.c) that took the notice: its strings, all but
	 * filename, are the group's (stored once for all its notices), and
	 * only filename and the arrays trees and references are the
	 * notice's own.  Such a notice lives no longer than its group, and
	 * its strings are not changed, only read. */
	gboolean borrowed;
} sm_notice;

sm_notice *sm_notice_new(void);
void sm_notice_free(sm_notice *notice);

/* "autosel", "review-patch", ... as in the JSON output; never NULL. */
const char *sm_kind_name(sm_kind kind);

/* "untriaged", "approved", ... as in the JSON output; never NULL. */
const char *sm_triage_name(sm_triage state);
gboolean sm_triage_from_name(const char *name, sm_triage *state);

/* "queued", "dropped", ... as in the JSON output; NULL for SM_SIGNAL_NONE. */
const char *sm_signal_name(sm_signal signal);
/* "upstream-id", "parent", ... as in the JSON output; never NULL. */
const char *sm_attach_name(sm_attach attach);

/* TRUE when NOTICE is about TREE ("6.6"). */
gboolean sm_notice_has_tree(const sm_notice *notice, const char *tree);

#endif
