/* act.h - the triage actions, for the TUI and the CLI alike.
 *
 *   approve   tag the patch approved; with [reply] ack = true, also reply
 *             with an Acked-by
 *   hold      reply asking the stable team not to take the patch yet
 *   revert    reply asking for a revert where the patch was released and a
 *   drop      drop where it is not released yet (the same request: the
 *             word is chosen per tree from the tree's status)
 *   done      tag only: nothing more to do
 *   untriage  tag only: remove the triage tag
 *   reply     a plain reply-all to one notice, the whole of it quoted
 *             (template "reply"): no request, no tag; logged in the
 *             history, which undo passes over
 *
 * sm_act_new() prepares an action for one or more patches: the trees (the
 * user's, or by default every tree in which the patch is open), the notice
 * that the stable team reads for each tree (the review patch, the added
 * note or the AUTOSEL mail; trees that share a notice share one reply),
 * and each reply, composed from the templates (template.h).  Approving
 * several patches of one -rc review makes one reply to its cover letter
 * (template "approve-review") instead of one per patch.  The caller
 * then handles the replies one by one (sm_act_edit, sm_act_send,
 * sm_act_draft, sm_act_discard), or all at once (sm_act_run).
 *
 * Tags: a patch's notices get the action's triage tag (triage.h) when the
 * first of its replies is sent, or at once for an action without a reply
 * (sm_act_tag).  A draft changes no tag.  Every send, draft and tagging
 * is logged in the history (history.h); sm_act_undo() restores the tags
 * that the newest logged action replaced.
 *
 * Nothing the user wrote is lost: a reply is saved in the drafts folder
 * before the sendmail command runs, moved to the sent folder when it
 * worked and left (and indexed) as a draft when it did not.  While the
 * user edits, the text lives in a file under the data directory that is
 * removed only once the reply is sent, saved as a draft or discarded.
 *
 * The act borrows CONFIG, STORE and GROUP, which must outlive it; it
 * copies what it needs from the patches, so rebuilding GROUP is safe.  It
 * sets the notices' triage field in GROUP but does not rebuild it: the
 * caller calls sm_group_build() to see the new patch states.
 *
 * Errors are GErrors of the modules below (SM_ACT_ERROR for the act's
 * own), one line fit for the user.  Problems that do not make the step
 * fail (a copy that could not be indexed) are collected as warnings.
 */
#ifndef SM_ACT_H
#define SM_ACT_H
#if !defined(SM_INSIDE_REPLY_H) && !defined(SM_REPLY_COMPILATION)
#error "include reply/reply.h, core/reply's door, not this header"
#endif

#include <stdio.h>
#include <glib.h>
#include "store/store.h"
#include "patch/patch.h"
#include "reply.h"

#define SM_ACT_ERROR (sm_act_error_quark())
GQuark sm_act_error_quark(void);
typedef enum {
	SM_ACT_ERROR_USAGE,    /* no tree to act on, a tree the patch lacks, no reason */
	SM_ACT_ERROR_IDENTITY, /* no From address configured */
	SM_ACT_ERROR_NOTICE,   /* no notice to answer for a tree */
	SM_ACT_ERROR_SEND,     /* the reply was not sent (it is a draft now) */
	SM_ACT_ERROR_UNDO,     /* nothing to undo */
} sm_act_error;

/* The triage actions ("kinds": sm_action is the TUI's table of keys). */
typedef enum {
	SM_ACT_APPROVE,
	SM_ACT_HOLD,
	SM_ACT_REVERT,
	SM_ACT_DROP,
	SM_ACT_DONE,
	SM_ACT_UNTRIAGE,
	SM_ACT_REPLY,
	SM_ACT_KIND_COUNT
} sm_act_kind;

/* "approve", "hold", ...; never NULL. */
const char *sm_act_kind_name(sm_act_kind action);
gboolean sm_act_kind_from_name(const char *name, sm_act_kind *action);
/* What a reply asks for REQUEST (approved, hold, revert, drop): "approve",
 * "hold", "revert" or "drop", as in the template's name; "reply" for
 * SM_TRIAGE_UNTRIAGED, the request of a plain reply; never NULL. */
const char *sm_act_request_name(sm_triage request);
/* TRUE for hold, revert and drop, which ask for a reason. */
gboolean sm_act_kind_needs_reason(sm_act_kind action);

typedef enum {
	SM_ACT_MODE_PRINT, /* write the messages to a FILE, change nothing */
	SM_ACT_MODE_DRAFT, /* save the replies as drafts */
	SM_ACT_MODE_SEND,  /* send the replies (tags follow) */
} sm_act_mode;

typedef enum {
	SM_ACT_REPLY_PENDING,
	SM_ACT_REPLY_SENT,
	SM_ACT_REPLY_DRAFT,   /* saved as a draft: by choice, or because sending failed */
	SM_ACT_REPLY_DISCARDED,
	SM_ACT_REPLY_FAILED,  /* neither sent nor saved: the text is in edit_path */
} sm_act_outcome;

typedef struct sm_act_patch sm_act_patch;

typedef struct sm_act_reply {
	sm_act_patch *patch;  /* the patch it is about */
	GPtrArray *also;      /* sm_act_patch*: the other patches it is about (an
	                         approval of several patches of one -rc review
	                         answers the cover once), or NULL */
	char **trees;         /* newest first */
	sm_triage request;    /* approved, hold, revert or drop */
	char *parent_id;      /* the notice answered, without brackets */
	char *parent_file;    /* its file */
	sm_reply *reply;
	char *edit_path;      /* the file being edited, or NULL */
	char *saved_path;     /* the draft or sent copy, or NULL */
	gboolean unreadable;  /* the last edit could not be read back: the
	                         file, not .reply, has the user's text */
	gboolean unchanged;   /* a plain reply whose last edit left its text
	                         as it was made: nothing of the user's to send
	                         (see sm_act_abort_unchanged) */
	char *made;           /* private: the edit text as first written */
	sm_act_outcome outcome;
	gboolean unrecorded;  /* SENT, but the sent copy, the tags or the
	                         history entry could not be written: never
	                         send it again (see sm_act_unrecorded) */
} sm_act_reply;

struct sm_act_patch {
	char *id;             /* upstream id, or <first notice's message-id> */
	char *subject;
	GPtrArray *notices;   /* message-ids (char*) of its notices */
	char **trees;         /* the trees acted on, newest first */
	sm_triage before;     /* state when the act was made */
	sm_triage after;      /* state the tags get */
	gboolean tagged;
	GPtrArray *replies;   /* sm_act_reply* */
};

typedef struct sm_act {
	sm_act_kind action;
	gboolean ack;         /* approve replies with an Acked-by */
	char *reason;         /* one line, "" when none */
	GPtrArray *patches;   /* sm_act_patch* */
	GPtrArray *replies;   /* every sm_act_reply*, patch by patch (borrowed) */
	GPtrArray *warnings;  /* char*: what went wrong without failing */
	/* Private. */
	const sm_config *config;
	sm_store *store;
	sm_group *group;
	char *history;
	char *id;             /* names this act in the history (undo takes it whole) */
} sm_act;

/* How the history names PATCH (its upstream id, else "<message-id>" of its
 * first notice): pass it to sm_history_read() to list what was done to
 * the patch.  Caller frees. */
char *sm_act_patch_id(const sm_patch *patch);

/* The trees ACTION covers in PATCH unless told otherwise: the open ones
 * (above), every tree for done and untriage.  NULL-terminated; g_strfreev. */
char **sm_act_default_trees(const sm_patch *patch, sm_act_kind action);

/* Prepare ACTION on PATCHES (sm_patch*, borrowed) for TREES (NULL or
 * empty: each patch's default trees; for several patches, each takes those
 * of TREES it has) with REASON (may be NULL), at time NOW.  Composes every
 * reply.  NULL and ERROR when a patch has no tree to act on or no notice
 * to answer, when one patch lacks a tree of TREES, when a needed reason is
 * missing, when no From address is configured or a template is broken. */
sm_act *sm_act_new(const sm_config *config, sm_store *store, sm_group *group,
                   sm_act_kind action, GPtrArray *patches, const char *const *trees,
                   const char *reason, gint64 now, GError **error);
void sm_act_free(sm_act *act);

/* sm_act_new(), with the choice of an Acked-by reply for approve (ACK;
 * the other actions ignore it) and, when MESSAGE_ID (no brackets) is not
 * NULL, as an answer to that one notice instead of PATCHES: its replies
 * are In-Reply-To that message (with its thread's addresses), for TREES,
 * or by default the trees the notice names whatever their status (the
 * user named the mail; a released tree and an open one give a revert and
 * a drop, both answering it).  Tag-only actions tag its patch.  NULL and
 * ERROR (SM_ACT_ERROR_NOTICE) when no loaded notice has that id or it
 * belongs to no patch, and as sm_act_new().  A plain reply (SM_ACT_REPLY)
 * answers MESSAGE_ID, or without it the newest notice of the one patch
 * in PATCHES (SM_ACT_ERROR_USAGE for several), and covers the trees that
 * notice names (maybe none). */
sm_act *sm_act_new_full(const sm_config *config, sm_store *store, sm_group *group,
                        sm_act_kind action, GPtrArray *patches, const char *message_id,
                        const char *const *trees, const char *reason, gboolean ack,
                        gint64 now, GError **error);
/* [reply] ack: does approve reply unless told otherwise? */
gboolean sm_act_ack_default(const sm_config *config);

/* The trees of PATCH that NOTICE names, newest first: what answering it
 * covers by default.  NULL-terminated (maybe empty); g_strfreev. */
char **sm_act_answer_trees(const sm_patch *patch, const sm_notice *notice);

/* Write every reply to OUT as an mbox (mboxrd "From " lines); for an
 * action without replies, one line per patch saying what would be tagged. */
void sm_act_print(const sm_act *act, FILE *out);

/* Open REPLY in the user's editor and read it back.  The first call
 * writes the edit file; later calls reopen it, so a failed read loses
 * nothing.  FALSE and ERROR when the editor fails or the text is not a
 * usable message (REPLY is then unchanged, the file kept, and
 * reply->unreadable set: sending or drafting is refused until an edit
 * succeeds, since it would lose what the user wrote). */
gboolean sm_act_edit(sm_act *act, sm_act_reply *reply, GError **error);

/* mutt's abort_unmodified: when REPLY is a plain reply (SM_ACT_REPLY)
 * that its last edit left as it was made (only the quote: the user wrote
 * nothing, or took back all they wrote; an editor that failed does not
 * count, so that its error is seen), discard it and add a warning
 * saying why; TRUE then.  FALSE, changing nothing, for any other reply:
 * a triage template is a whole reply without an edit, and a resumed
 * reply's text is the user's.  Text is compared with trailing white
 * space ignored, which editors may add or strip. */
gboolean sm_act_abort_unchanged(sm_act *act, sm_act_reply *reply);

/* Send REPLY (see above).  On failure the reply is a draft (outcome
 * SM_ACT_REPLY_DRAFT, saved_path set) or, when even that failed, its text is in
 * edit_path (SM_ACT_REPLY_FAILED); ERROR says which.  A send that went out
 * but could not be fully recorded is still a success: the reply is SENT,
 * with unrecorded set and warnings saying what is missing; a sent copy that
 * could not be moved to the sent folder loses its draft flag where it is.
 *
 * While the sendmail command runs, a marker in $XDG_DATA_HOME/stablemate/sending names
 * the reply; it is removed once the outcome is recorded.  A marker left by
 * a stablemate that was stopped during a send makes sm_act_send() refuse
 * the same reply (action, patch, trees): it may have gone out already.
 * Signals that arrive during the send are held (send.h): sm_act_run()
 * then starts no further reply, and the caller delivers the signal
 * (sm_send_deliver_held_signal) once it has reported. */
gboolean sm_act_send(sm_act *act, sm_act_reply *reply, GError **error);
/* Save REPLY in the drafts folder and index it. */
gboolean sm_act_draft(sm_act *act, sm_act_reply *reply, GError **error);
/* Forget REPLY and its edit file (the caller has asked the user). */
void sm_act_discard(sm_act *act, sm_act_reply *reply);

/* Tag every patch with its new state and log it, for actions that send
 * no reply (done, untriage, approve without ack). */
gboolean sm_act_tag(sm_act *act, GError **error);

/* Everything at once: print to OUT, save drafts, or send (or tag, for
 * actions without replies; PRINT then only says what would change).
 * Goes on after a failure; FALSE and the first ERROR when any step failed. */
gboolean sm_act_run(sm_act *act, sm_act_mode mode, FILE *out, GError **error);

/* Restore the tags that the newest undoable action in the history
 * replaced: the whole of one user action (every patch and tree of it; an
 * undo cancels one action; undos are not undone).  Sets *SUMMARY (caller
 * frees) to a line saying what was undone, and that the replies it sent
 * cannot be recalled.  FALSE and
 * ERROR when there is nothing to undo or tagging failed. */
gboolean sm_act_undo(const sm_config *config, sm_store *store, sm_group *group,
                     gint64 now, char **summary, GError **error);

/* TRUE when a reply of ACT was sent but not fully recorded (the CLI's
 * exit status 3: sent, but do not retry). */
gboolean sm_act_unrecorded(const sm_act *act);
/* One line (char*) for each send that was interrupted before its outcome
 * was recorded, saying what it was and where its draft is; empty when
 * none.  g_ptr_array_unref. */
GPtrArray *sm_act_interrupted(void);

/* The folder where edit files live: $XDG_DATA_HOME/stablemate/edits. */
char *sm_act_edit_dir(void);

/* --- Replies left unfinished ----------------------------------------
 * While the user edits a reply, its text is in sm_act_edit_dir() as
 * MESSAGE-ID.eml, and what it answers is beside it in MESSAGE-ID.about (a
 * key file: action, request, patches, trees, the notice answered, the
 * reason, and the process and boot that edit it).  Both go once the reply
 * is sent, saved as a draft or discarded.  A pair whose process is gone
 * is a reply left unfinished (stablemate, or its terminal, was killed
 * during the edit): it is offered back, and never removed unasked. */
typedef struct sm_act_leftover {
	char *path;          /* the edit file: the user's text */
	gboolean known;      /* its description was read: the fields below are set */
	sm_act_kind action;
	sm_triage request;
	gboolean ack;
	char *reason;
	char *patch;         /* as sm_act_patch.id */
	char **also;         /* the other patches of a review's approval; may be empty */
	char **trees;        /* newest first */
	char *parent_id;     /* the notice answered, no brackets */
	char *message_id;    /* the reply's, kept when it is resumed */
} sm_act_leftover;

/* Every reply left unfinished (sm_act_leftover*, by file name), those
 * that a running stablemate edits left out.  g_ptr_array_unref. */
GPtrArray *sm_act_leftovers(void);
/* "a hold reply to 914cc799b28f for 6.12 (answering <ID>), in FILE".
 * Caller frees. */
char *sm_act_leftover_describe(const sm_act_leftover *leftover);
/* The one of LEFTOVERS that NAME names (its file, the file's name or its
 * Message-ID), or NULL.  Borrowed from LEFTOVERS. */
sm_act_leftover *sm_act_leftover_find(GPtrArray *leftovers, const char *name);

/* An act of one reply: LEFTOVER's, as the user left it.  It answers the
 * same notice with the same Message-ID, for the same trees and patches;
 * its text is the edit file's (which stays its edit file: the next
 * sm_act_edit reopens it).  A text that cannot be read back leaves the
 * reply unreadable (see sm_act_edit) with a warning.  NULL and ERROR
 * (SM_ACT_ERROR_NOTICE) when the file does not say what it answers, when
 * that patch or notice is not loaded, or when a message with its
 * Message-ID is in the database (it was saved or sent: resuming it could
 * send it twice).  A reply whose send was interrupted is refused by
 * sm_act_send(), as always. */
sm_act *sm_act_resume(const sm_config *config, sm_store *store, sm_group *group,
                      const sm_act_leftover *leftover, gint64 now, GError **error);

#endif
