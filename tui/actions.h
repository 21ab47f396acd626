/* actions.h - every action of the TUI, declared once.
 *
 * SM_ACTIONS is the one table (tig's request.h): each entry gives the
 * action's id, its name in key files and at the ':' prompt, the help
 * text the help view shows, and the handler that runs it.  Key maps
 * (keymap.c), the help view and the command prompt all come from this
 * table, so adding an action is one line here plus its handler.
 *
 * A key press runs an action this way (tui.c): the view in front may
 * claim it first (sm_view_ops.request: Enter means "open the patch" in the
 * list and "open the message" in the patch view); otherwise the table's
 * handler runs.
 *
 * Handlers have one signature, sm_action_fn.  ctx->patches holds the
 * patches the action applies to: in the list the marked patches in view
 * (marked ones that a limit hides are in ctx->hidden: an action asks
 * before it touches what the user cannot see), or else the one selected;
 * in the patch view and the pager, the patch shown (marks are the list's).
 * Actions that are not implemented yet use sm_act_not_implemented, which
 * says so on the status line; implementing one means writing its handler
 * and changing the last column of its line.
 */
#ifndef SM_ACTIONS_H
#define SM_ACTIONS_H

#include <glib.h>

#define SM_ACTIONS(X) \
	X(NONE, "none", "Do nothing (binding a key to none unbinds it)", sm_act_none) \
	/* Moving in a view. */ \
	X(MOVE_UP, "move-up", "Move up one line", sm_act_move) \
	X(MOVE_DOWN, "move-down", "Move down one line", sm_act_move) \
	X(MOVE_PAGE_UP, "move-page-up", "Move up one page", sm_act_move) \
	X(MOVE_PAGE_DOWN, "move-page-down", "Move down one page", sm_act_move) \
	X(MOVE_HALF_PAGE_UP, "move-half-page-up", "Move up half a page", sm_act_move) \
	X(MOVE_HALF_PAGE_DOWN, "move-half-page-down", "Move down half a page", sm_act_move) \
	X(MOVE_FIRST, "move-first", "Move to the first line", sm_act_move) \
	X(MOVE_LAST, "move-last", "Move to the last line", sm_act_move) \
	X(SCROLL_LINE_UP, "scroll-line-up", "Scroll the view up one line", sm_act_move) \
	X(SCROLL_LINE_DOWN, "scroll-line-down", "Scroll the view down one line", sm_act_move) \
	/* Searching in a view. */ \
	X(SEARCH, "search", "Search forward for a pattern", sm_act_search) \
	X(SEARCH_BACK, "search-back", "Search backward for a pattern", sm_act_search) \
	X(FIND_NEXT, "find-next", "Go to the next match of the search", sm_act_search) \
	X(FIND_PREV, "find-prev", "Go to the previous match of the search", sm_act_search) \
	/* Views. */ \
	X(ENTER, "enter", "Open the selected patch or message; on a Git line of the patch view, its commit", sm_act_in_view) \
	X(BACK, "back", "Close this view and go back", sm_act_back) \
	X(QUIT, "quit", "Quit stablemate", sm_act_quit) \
	X(HELP, "help", "Show the key bindings in force", sm_act_help) \
	X(PROMPT, "prompt", "Run an action by name", sm_act_prompt) \
	X(REDRAW, "redraw", "Redraw the screen", sm_act_redraw) \
	X(MESSAGES, "messages", "Show every status message of this session in full, with its time", sm_act_messages) \
	X(TOGGLE_FOLD, "toggle-fold", "Open or fold the LLM explanation of an AUTOSEL mail", sm_act_in_view) \
	/* The pager. */ \
	X(NEXT_MESSAGE, "next-message", "Show the patch's next notice (stays in the patch)", sm_act_in_view) \
	X(PREVIOUS_MESSAGE, "previous-message", "Show the patch's previous notice", sm_act_in_view) \
	X(TOGGLE_RAW, "toggle-raw", "Show the message as it is on disk, headers and all, or decoded", sm_act_in_view) \
	X(PIPE_MESSAGE, "pipe-message", "Pipe the message to a command, e.g. git am or b4 am", sm_act_pipe) \
	/* The patch list. */ \
	X(REFRESH, "refresh", "Read new mail from the notmuch database now", sm_act_refresh) \
	X(LIMIT, "limit", "Show only patches matching a limit (tree:6.1 kind:failed ...)", sm_act_in_view) \
	X(LIMIT_MAINTAINED, "limit-maintained", "Show only the patches touching your MAINTAINERS sections; again: all", sm_act_in_view) \
	X(QUERY, "query", "Reload the list from a different notmuch query", sm_act_in_view) \
	X(SORT, "sort", "Sort by the next order, in turn: urgency (open deadlines, then what waits for a decision), deadline, date (newest first), subject", sm_act_in_view) \
	X(SORT_REVERSE, "sort-reverse", "Reverse the order of the list", sm_act_in_view) \
	X(MARK, "mark", "Mark or unmark the selected patch", sm_act_in_view) \
	X(MARK_ALL, "mark-all", "Mark every patch in view, or unmark all", sm_act_in_view) \
	X(TOGGLE_READ, "toggle-read", "Mark the patch read, or unread when it is read", sm_act_toggle_read) \
	/* Triage: replies and checkouts, applied to the marked patches. */ \
	X(APPROVE, "approve", "Approve: tag approved; reply with an Acked-by if [reply] ack (else asked)", sm_act_triage) \
	X(HOLD, "hold", "Hold: ask the stable team to wait with the patch", sm_act_triage) \
	X(REVERT, "revert", "Revert: ask for the patch to be reverted from stable", sm_act_triage) \
	X(DROP, "drop", "Drop: ask for the patch to be dropped from the queue", sm_act_triage) \
	X(REPLY, "reply", "Reply to all: the notice under the cursor (in the list the patch's newest), quoted, in $EDITOR", sm_act_triage) \
	X(DONE, "done", "Done: tag the patch handled (no mail)", sm_act_triage) \
	X(UNTRIAGE, "untriage", "Forget the triage state of the patch (no mail)", sm_act_triage) \
	X(UNDO, "undo", "Undo the last triage action", sm_act_undo_last) \
	X(RESUME, "resume", "Reopen a reply an earlier run left unfinished (killed during its edit, or not saved)", sm_act_resume_edit) \
	X(CHECKOUT, "checkout", "Open a worktree to resolve a failed backport", sm_act_checkout) \
	X(ASK_DEPS, "ask-for-dependencies", "Reply to a FAILED notice asking for the missing dependencies", sm_act_ask_deps)

typedef enum {
#define SM_ACTION_ENUM(id, name, help, handler) SM_ACTION_##id,
	SM_ACTIONS(SM_ACTION_ENUM)
#undef SM_ACTION_ENUM
	SM_ACTION_COUNT
} sm_action;

/* Name and help text of ACTION (action-names.c: no handlers, so that the
 * key-map parser links on its own, for tests and fuzzing). */
const char *sm_action_name(sm_action action);
const char *sm_action_help(sm_action action);
/* The action called NAME; FALSE when there is none. */
gboolean sm_action_from_name(const char *name, sm_action *action);

typedef struct sm_tui sm_tui;
typedef struct sm_view sm_view;

typedef struct sm_action_ctx {
	sm_tui *tui;        /* the program: store, group, messages (view.h) */
	sm_view *view;      /* the view in front when the key was pressed */
	sm_action action;   /* the action being run */
	GPtrArray *patches; /* sm_patch* (borrowed): in the list, the marked
	                       ones in view, else the selected one; elsewhere
	                       the one shown; empty when none; NULL while a
	                       refresh rebuilds the group */
	GPtrArray *hidden;  /* sm_patch*: marked but hidden by the limit */
	gboolean marked;    /* patches and hidden are the marked ones */
} sm_action_ctx;

typedef void sm_action_fn(sm_action_ctx *ctx);

#define SM_ACTION_DECLARE(id, name, help, handler) sm_action_fn handler;
SM_ACTIONS(SM_ACTION_DECLARE)
#undef SM_ACTION_DECLARE

/* Run ACTION in the view in front (tui.c). */
void sm_action_run(sm_tui *tui, sm_action action);
/* Whether ACTION works on the loaded patches (triage, read, undo, resume,
 * git), and so must wait while a refresh rebuilds them: the main loop
 * holds such a key until the refresh ends, instead of refusing it. */
gboolean sm_action_needs_patches(sm_action action);

#endif
