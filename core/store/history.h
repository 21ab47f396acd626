/* history.h - the log of triage actions taken.
 *
 * One line per action, appended to a file (by default
 * $XDG_DATA_HOME/stablemate/history; [history] path in the config), as
 * tab-separated fields:
 *   date (ISO 8601)  patch  trees  action  result  state-before  reply-id  act
 * "patch" is the upstream commit id, or the first notice's <message-id>
 * for a patch without one; "trees" is comma-separated; "result" is sent,
 * draft or tagged; "state-before" is the patch's triage state before the
 * action (what undo restores); "act" names the user's action that the
 * line is part of (one hold on three trees is three lines of one act; an
 * undo line names the act it undid).  Lines of older versions have no
 * "act": each is an act of its own.  Lines starting with "#" are comments.
 * Appends are single write()s, so two stablemates do not interleave lines.
 *
 * Ownership: entries own their strings; free the arrays returned with
 * g_ptr_array_unref().  Errors are G_FILE_ERRORs naming the file.
 */
#ifndef SM_HISTORY_H
#define SM_HISTORY_H
#if !defined(SM_INSIDE_STORE_H) && !defined(SM_STORE_COMPILATION)
#error "include store/store.h, core/store's door, not this header"
#endif

#include <glib.h>
#include "config.h"
#include "recognise/recognise.h"

typedef struct sm_history_entry {
	gint64 date;
	char *patch;
	char *trees;       /* "6.6,6.1", or "" */
	char *action;      /* approve, hold, revert, drop, done, untriage, undo */
	char *result;      /* sent, draft, tagged */
	sm_triage before;
	char *message_id;  /* the reply's, without brackets, or "" */
	char *act;         /* the act's id, or "" (older lines) */
} sm_history_entry;

/* The history file of CONFIG.  Caller frees. */
char *sm_history_path(const sm_config *config);

/* Append ENTRY to the file PATH, creating it (and its folder). */
gboolean sm_history_append(const char *path, const sm_history_entry *entry,
                           GError **error);

/* The entries of PATH about PATCH (every entry when PATCH is NULL), oldest
 * first.  A missing file gives an empty array; malformed lines are
 * skipped.  NULL and ERROR only when the file exists but cannot be read. */
GPtrArray *sm_history_read(const char *path, const char *patch, GError **error);

#endif
