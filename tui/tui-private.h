/* tui-private.h - the program's state, struct sm_tui.
 *
 * state.c keeps it and offers it through view.h's functions (to the
 * views and the actions) and machinery.h's (to view.c, prompt.c and
 * actions.c); the main loop (tui.c) is the only other file that reads
 * and changes it (tests/rooms.py fails on any other that includes this
 * header).
 * The files call downwards only: state.c, then view.c, prompt.c, the
 * views, the actions, tui.c on top; the loop is reached from below
 * through its table (sm_tui_loop).
 */
#ifndef SM_TUI_PRIVATE_H
#define SM_TUI_PRIVATE_H

#include "machinery.h"

/* What the views and the actions ask of the main loop, which tui.c fills
 * in: sm_tui_reload() and sm_tui_refresh() (view.h) call it. */
typedef struct sm_tui_loop {
	void (*reload)(sm_tui *tui, const char *query);
	void (*read_changes)(sm_tui *tui, gboolean force);
} sm_tui_loop;

struct sm_tui {
	const sm_tui_loop *loop;
	sm_config *config;
	sm_store *store;
	sm_group *group;        /* NULL until the first load ends */
	sm_keymap *keymap;
	GHashTable *by_key;     /* patch key -> sm_patch* of group */
	GHashTable *marks;      /* marked patch keys (owned strings) */
	GPtrArray *trees;       /* tree names of the loaded patches, newest first */
	GPtrArray *stack;       /* sm_view*; [0] is the patch list */
	sm_job *job;            /* the load or refresh running, or NULL */
	sm_git_worker *git;     /* the repository's answers; NULL without [git] repo */
	guint notices_before;   /* notices held when the refresh started */
	guint shown_done, shown_total; /* the job's progress as last drawn */
	gboolean refresh_forced;/* the user asked for it: say "Up to date" */
	gboolean loading_recent;/* the first load's first step runs */
	gboolean loading_cold;  /* the load running has no index to start from */
	const char *const *index_argv; /* sm_tui_start's: a first index written apart */
	struct sm_apart *index_started; /* its process, started with the preview,
	                        until the load after the preview takes it */
	gboolean told_unfinished; /* the first load said what earlier runs left */
	char *query;            /* notmuch query narrowing the config's, or NULL */
	char *query_before;     /* while a load for a new query runs: the one shown */
	GHashTable *mine;       /* patches (sm_patch*) for the "mine" limit, or NULL */
	sm_maintainers *maintainers; /* the user's MAINTAINERS sections, read at
	                        each load and refresh if changed, or NULL */
	char *maintainers_error; /* why they are NULL, or NULL */
	GString *message;       /* the status line's message */
	GPtrArray *log;         /* sm_log_entry*: every message said, oldest first */
	gboolean message_error;
	sm_prompt *prompt;      /* open prompt, or NULL */
	sm_key pending[SM_KEY_SEQ_MAX]; /* keys of a sequence typed so far */
	int npending;
	GArray *waiting;        /* sm_key: a key that needs the patches, typed
	                           while a job has them, and every key typed
	                           after it, in order; they run when the job
	                           ends (see tui.c: wait_key) */
	GRegex *search;         /* the last search */
	gboolean search_back;   /* it went backward */
	gint64 now;             /* wall clock for countdowns, to the minute */
	gint64 last_check;      /* monotonic time of the last database check */
	guint generation;       /* bumped whenever group changes */
	gboolean dirty;         /* the screen needs drawing */
	gboolean quit;
};

/* --- state.c --- */

/* The first waiting key, taken from the queue (there is one). */
sm_key sm_tui_take_waiting(sm_tui *tui);
/* Append to the status line's message (warnings after it), in its log
 * entry too.  printf-style. */
void sm_tui_message_append(sm_tui *tui, const char *format, ...) G_GNUC_PRINTF(2, 3);
/* Log TEXT: the status line is left as it is. */
void sm_tui_log_add(sm_tui *tui, const char *text, gboolean error);
/* Frees an sm_log_entry (tui->log's free function). */
void sm_log_entry_free(gpointer data);

#endif
