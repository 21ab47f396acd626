/* view.h - the view interface, and the program state views share.
 *
 * As in tig, each view is one file (view-list.c, view-patch.c,
 * view-pager.c, view-help.c) that fills in an sm_view_ops table; the
 * machinery here (view.c) moves, scrolls, searches and draws any of them
 * without knowing which it drives.  Views form a stack: Enter pushes one,
 * q pops it, the one on top fills the screen.
 *
 * Screen layout, top to bottom: the view's header lines (column names),
 * its lines, its title line ("[patches] 12 of 230 · tree:6.6"), and the
 * status line for messages and prompts.
 *
 * Data: the notices and patches live in the group, built by the store.
 * A load or refresh runs in a worker thread (load.c) so that the screen
 * never freezes; while a refresh runs, the group is being rebuilt and no
 * view may look at patches: views therefore keep their own copies of what
 * they draw (rows, lines) and find patches again by key when the data
 * changes (sm_view_ops.data_changed).
 */
#ifndef SM_VIEW_H
#define SM_VIEW_H

#include <glib.h>
#include "actions.h"
#include "store/store.h"
#include "draw.h"
#include "patch/patch.h"
#include "git/git.h"
#include "keymap.h"

typedef struct sm_job sm_job;

/* One status message as said (the message log, view-log.c). */
typedef struct sm_log_entry {
	gint64 time;      /* unix time */
	gboolean error;
	char *text;       /* in full, as formatted */
} sm_log_entry;
typedef struct sm_prompt sm_prompt;

typedef struct sm_view_ops {
	const char *name;          /* in the title: "patches" */
	sm_keymap_view keymap;     /* whose bindings apply */
	gboolean scroll_only;      /* no cursor line: moving scrolls (the pager) */
	/* Lines of column headers drawn above the lines (0 when NULL). */
	int (*header_lines)(sm_view *view);
	void (*draw_header)(sm_view *view, int y, int width);
	/* Draw line LINE at row Y; SELECTED for the cursor line. */
	void (*draw)(sm_view *view, guint line, int y, int width, gboolean selected);
	/* Append what the title shows after "[name] N of M". */
	void (*title)(sm_view *view, GString *out);
	/* Claim an action that means something special here; TRUE if done. */
	gboolean (*request)(sm_view *view, sm_action action);
	/* Does LINE match REGEX? */
	gboolean (*grep)(sm_view *view, guint line, const GRegex *regex);
	/* After a search stopped on LINE (the pager opens a fold there). */
	void (*found)(sm_view *view, guint line, const GRegex *regex);
	/* The screen width changed: lay out again (may change view->lines). */
	void (*layout)(sm_view *view, int width);
	/* tui->group was rebuilt: find your patch again, rebuild your lines. */
	void (*data_changed)(sm_view *view);
	/* Answers from the git worker arrived (tui->git): redraw what waited
	 * for them; the list needs nothing (its rows ask again as drawn). */
	void (*git_changed)(sm_view *view);
	/* The view's own work off the TUI's thread (the patch view's
	 * interdiff): a descriptor that is readable when the work moved on,
	 * or -1 when none runs; the loop then calls work_moved (not while the
	 * group is rebuilt, as git_changed). */
	int (*work_fd)(sm_view *view);
	void (*work_moved)(sm_view *view);
	/* Patch KEY changed in place (its read state): redraw what shows it. */
	void (*patch_changed)(sm_view *view, const char *key);
	/* A status message was said, or the last one grew (sm_tui_log). */
	void (*log_changed)(sm_view *view);
	/* A minute passed (tui->now moved): redo what counts down. */
	void (*tick)(sm_view *view);
	/* The patch selected (list) or shown (patch view, pager), or NULL. */
	sm_patch *(*patch)(sm_view *view);
	/* Is patch KEY in view (the list: not hidden by the limit)?  Views
	 * without it show one patch, and marks do not apply there. */
	gboolean (*shown)(sm_view *view, const char *key);
	/* The notice the user points at, whose Message-ID an action answers
	 * (the patch view's tree or notice line, the pager's message), or
	 * NULL; *TREE is set to the tree of a tree line, else NULL. */
	const char *(*notice)(sm_view *view, const char **tree);
	/* The message file the user points at (the pager's message, the patch
	 * view's notice line), for pipe-message; NULL when none. */
	const char *(*message_file)(sm_view *view);
	/* What pipe-message gives a command where there is no message file
	 * (the pager's commit, as git show prints it); NULL when none. */
	const char *(*pipe_text)(sm_view *view);
	/* What the body says when there are no lines (an empty limit's
	 * result and how to change it); NULL or empty: a blank body. */
	void (*empty)(sm_view *view, GString *out);
	/* The pager asks the view below it (the patch view), which it does
	 * not call by name, since that view opens it.  Put the cursor on the
	 * line of the notice after (DELTA 1) or before (-1) notice MESSAGE_ID
	 * among those the view lists, and return that notice's file
	 * (borrowed: valid until the view is rebuilt); NULL, the cursor
	 * unmoved, when there is none (the pager's J and K). */
	const char *(*next_notice)(sm_view *view, const char *message_id, int delta);
	/* The place (from 1) of notice MESSAGE_ID among the notices the view
	 * lists, in *PLACE, and how many it lists, in *COUNT (the pager's
	 * title); FALSE when MESSAGE_ID is not one of them. */
	gboolean (*notice_place)(sm_view *view, const char *message_id, guint *place,
	                         guint *count);
	/* Free the view's data. */
	void (*done)(sm_view *view);
} sm_view_ops;

struct sm_view {
	const sm_view_ops *ops;
	sm_tui *tui;
	void *data;       /* the view's own state */
	guint lines;      /* number of lines */
	guint offset;     /* first line shown */
	guint cursor;     /* the selected line (== offset when scroll_only) */
	int height;       /* rows for lines, below the headers */
	int width;
};

/* The program's state, struct sm_tui, is in tui-private.h: a view and
 * an action see it through the functions below (sm_tui_message,
 * sm_tui_patch, sm_tui_search...), as tig's views see only their view;
 * tests/rooms.py keeps every view-*.c and act-*.c from it. */


/* Patch identity that survives a refresh: the upstream id, else the first
 * notice's message-id.  Borrowed from PATCH. */
const char *sm_patch_key(const sm_patch *patch);

/* --- state.c: the program's state (tui.c, the main loop, is above
 * every view and reached only through sm_tui_reload and sm_tui_refresh) --- */

/* The last search (for highlighting), or NULL.  Borrowed. */
const GRegex *sm_tui_search(const sm_tui *tui);
/* Every status message said, oldest first (sm_log_entry*).  Borrowed. */
const GPtrArray *sm_tui_log(const sm_tui *tui);
/* The key bindings in force.  Borrowed. */
const sm_keymap *sm_tui_keymap(const sm_tui *tui);
/* The group, or NULL until the first load ends and while a refresh
 * rebuilds it (patches may not be used then).  Borrowed. */
sm_group *sm_tui_group(sm_tui *tui);
/* The screen needs drawing (the loop draws it once, before the next key). */
void sm_tui_redraw(sm_tui *tui);
/* The database moved by stablemate's own hand (tags, a sent copy), or
 * the user is to read what an action said: the 2 s check for new mail
 * waits from now. */
void sm_tui_check_later(sm_tui *tui);
/* Give the terminal to a program the user works in (the editor, a shell,
 * a pipe's command) and take it back, the screen drawn again as it was. */
void sm_tui_leave_terminal(void);
void sm_tui_take_terminal(sm_tui *tui);
/* Is the status line's message an error (sm_tui_error)? */
gboolean sm_tui_said_error(const sm_tui *tui);
/* The wall clock for countdowns and ages, to the minute (unix time). */
gint64 sm_tui_now(const sm_tui *tui);
/* The trees of the loaded patches (char*), newest first.  Borrowed. */
const GPtrArray *sm_tui_trees(const sm_tui *tui);
/* The repository's answers, or NULL without [git] repo.  Borrowed. */
sm_git_worker *sm_tui_git(sm_tui *tui);
/* The config the program runs with.  Borrowed. */
const sm_config *sm_tui_config(const sm_tui *tui);
/* The notmuch query narrowing the config's (L), or NULL.  Borrowed. */
const char *sm_tui_query(const sm_tui *tui);
/* Bumped whenever the group changes: what a view made from the data at
 * another generation is out of date. */
guint sm_tui_generation(const sm_tui *tui);
/* TRUE once the first load has ended (a refresh may be rebuilding the
 * group: sm_tui_group says whether it may be used). */
gboolean sm_tui_loaded(const sm_tui *tui);
/* TRUE while a load, refresh or preview runs (the store is the worker's). */
gboolean sm_tui_job_running(const sm_tui *tui);
/* The number of patches marked. */
guint sm_tui_mark_count(const sm_tui *tui);
/* The user's addresses (sm_store_user_addresses), also while a worker
 * has the store.  Borrowed. */
const char *const *sm_tui_user_addresses(const sm_tui *tui);
/* The user's MAINTAINERS sections when some are read and name the user,
 * else NULL; says nothing (sm_tui_maintainers says why).  Borrowed. */
sm_maintainers *sm_tui_maintainers_held(sm_tui *tui);

/* The status line message; errors stand out.  printf-style. */
void sm_tui_message(sm_tui *tui, const char *format, ...) G_GNUC_PRINTF(2, 3);
void sm_tui_error(sm_tui *tui, const char *format, ...) G_GNUC_PRINTF(2, 3);
/* TRUE while a refresh rebuilds the group: patches may not be used. */
gboolean sm_tui_data_busy(const sm_tui *tui);
/* TRUE while a load runs (the list may be partial). */
gboolean sm_tui_loading(const sm_tui *tui);
/* The store, or NULL while a worker thread has it (say "busy"). */
sm_store *sm_tui_store(sm_tui *tui);
/* The patch called KEY, or NULL (also while the data is busy). */
sm_patch *sm_tui_patch(sm_tui *tui, const char *key);
/* Ask the main loop to start a worker: reload from QUERY (NULL: the
 * config's query alone). */
void sm_tui_reload(sm_tui *tui, const char *query);
/* Ask the main loop to read what changed in the database; FORCE: say so
 * even when nothing did. */
void sm_tui_refresh(sm_tui *tui, gboolean force);
/* The group changed under the views (after tagging, say): renew the state
 * made from it and tell them all (view.c). */
void sm_tui_data_changed(sm_tui *tui);
/* Marks: toggle one, query, clear all. */
gboolean sm_tui_marked(const sm_tui *tui, const char *key);
void sm_tui_mark(sm_tui *tui, const char *key, gboolean marked);
void sm_tui_clear_marks(sm_tui *tui);
/* The "mine" patch set for the filter, computed once per data
 * change; NULL (with a message) when the store is busy or has no
 * addresses. */
GHashTable *sm_tui_mine(sm_tui *tui);
/* The user's MAINTAINERS sections for the "maintained" limit
 * (git/maintainers.h); NULL, with a message, when none is configured or
 * readable; a message too when they are none. */
sm_maintainers *sm_tui_maintainers(sm_tui *tui);

/* --- view-list.c --- */

/* Did one of ADDRESSES (lower-case, NULL-terminated; may be NULL) send
 * NOTICE? */

/* --- act-triage.c --- */

/* Mark the notices MESSAGE_IDS (char*) read (UNREAD false) or unread, in
 * one short write batch, and show it in every view.  FALSE (with a message
 * on the status line) when the store is busy or the write failed. */
gboolean sm_tui_set_unread(sm_tui *tui, GPtrArray *message_ids, gboolean unread);
/* What earlier runs left, for the status line after the first load:
 * "; 1 send was interrupted: ..." and "; stablemate stopped during 1 edit:
 * E resumes a hold reply ...", or "" when nothing.  Caller frees. */
char *sm_tui_unfinished_words(void);

/* --- view.c: the stack and the generic machinery --- */

sm_view *sm_view_new(sm_tui *tui, const sm_view_ops *ops, void *data);
/* Put VIEW in front. */
void sm_view_push(sm_tui *tui, sm_view *view);
/* Close the view in front; FALSE when it is the last one. */
gboolean sm_view_pop(sm_tui *tui);
sm_view *sm_view_top(const sm_tui *tui);
/* The view under VIEW in the stack (the one q goes back to), or NULL. */
sm_view *sm_view_below(const sm_view *view);
void sm_view_free(sm_view *view);

/* Lay out every view for the screen size (after a resize). */
void sm_view_resize_all(sm_tui *tui);
/* Draw the view in front with its title line. */
void sm_view_draw(sm_view *view);
/* Move the cursor to LINE (clamped), scrolling as needed. */
void sm_view_goto(sm_view *view, guint line);
/* The number of lines changed: keep cursor and offset inside. */
void sm_view_clamp(sm_view *view);
/* Run a moving action (sm_act_move). */
void sm_view_move(sm_view *view, sm_action action);
/* Search from the cursor for tui->search; BACK goes up. */
void sm_view_find(sm_view *view, gboolean back);
/* Patch KEY changed in place (its read state): every view redraws what
 * shows it (sm_view_ops.patch_changed). */
void sm_view_patch_changed(sm_tui *tui, const char *key);

/* --- the views --- */
sm_view *sm_view_list_new(sm_tui *tui);
sm_view *sm_view_patch_new(sm_tui *tui, const char *key);
/* FILENAME is the message file; PATCH_KEY the patch it belongs to. */
sm_view *sm_view_pager_new(sm_tui *tui, const char *filename, const char *patch_key);
/* TEXT (a commit, say) in the pager, under TITLE; nothing to mark read. */
sm_view *sm_view_pager_new_text(sm_tui *tui, const char *title, const char *text,
                                const char *patch_key);
sm_view *sm_view_help_new(sm_tui *tui);
/* The message log: every status message, in full, with its time. */
sm_view *sm_view_log_new(sm_tui *tui);

/* --- prompt.c: one-line input on the status line --- */

/* Called with the text on Enter, or NULL when cancelled. */
typedef void sm_prompt_fn(sm_tui *tui, const char *text, gpointer data);
/* Candidates for Tab (NULL-terminated; valid until the next call). */
typedef const char *const *sm_prompt_complete_fn(sm_tui *tui);
/* Open a prompt LABEL ("Limit: ") holding INITIAL.  COMPLETE (may be NULL)
 * lists candidates that Tab completes the word before the cursor to.
 * Replaces any open prompt. */
void sm_prompt_open(sm_tui *tui, const char *label, const char *initial,
                    sm_prompt_fn *done, gpointer data, sm_prompt_complete_fn *complete);
/* The open prompt's answer acts on the patches (a triage or git action's
 * trees and reason, the ':' prompt): its Enter waits, as an action key
 * does, while a load or refresh runs (tui.c). */
void sm_prompt_acts_on_patches(sm_tui *tui);
gboolean sm_prompt_waits_for_patches(const sm_tui *tui);
/* Escape, C-g and C-c: the keys that cancel a prompt or a question. */
gboolean sm_key_cancels(int key);
/* Show TEXT on the status line at once (BOLD for a question), for what
 * comes before the main loop draws again: a question, a slow step. */
void sm_status_now(const char *text, gboolean bold);
/* Wait up to TIMEOUT_MS (-1: for ever) for one key and return it (ERR when
 * none came); a resize lays out and draws the views again first, and is
 * returned as KEY_RESIZE. */
int sm_wait_key(sm_tui *tui, int timeout_ms);
/* Ask QUESTION on the status line and wait (modal) for one of KEYS
 * (lower-case letters), returned; 0 when the user cancels. */
int sm_ask_key(sm_tui *tui, const char *question, const char *keys);
/* The question about one reply of an action (act-review.c): the editor,
 * then y send, e edit again, d keep as draft, q discard ("Discard this
 * reply? y/n"), until the reply is sent, kept or discarded.  How the
 * actions that ask it differ: */
typedef struct sm_reply_ask {
	const char *title;  /* what the question names ("hold 0123456789ab (6.6)") */
	gboolean preview;   /* the reply is drawn above the question, b toggles
	                       its headers and its whole text */
	gboolean quick;     /* no editor: "TITLE: send to X? y/n", n discards */
	gboolean abort_unchanged; /* a reply left as made goes at once
	                             (sm_act_abort_unchanged) */
	gboolean errors_in_question; /* an editor's error leads the question
	                                (alone when the reply is unreadable);
	                                else it goes to the status line as
	                                "TITLE: error" */
} sm_reply_ask;
struct sm_act;
struct sm_act_reply;
/* Returns the error of the send or the draft to show (the caller frees),
 * or NULL; the reply's outcome says what became of it. */
char *sm_ask_reply(sm_tui *tui, struct sm_act *act, struct sm_act_reply *r,
                      const sm_reply_ask *how);
/* Feed one key to the open prompt. */
void sm_prompt_key(sm_tui *tui, sm_key key);
/* Draw the prompt on row Y; leaves the cursor at the insertion point. */
void sm_prompt_draw(sm_tui *tui, int y, int width);
void sm_prompt_free(sm_prompt *prompt);

#endif
