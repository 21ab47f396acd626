/* git/worker.h - the git answers for the TUI, computed off its thread.
 *
 * Predictions, presence and dependencies take milliseconds to seconds on a
 * kernel repository, and the follow-up index a long while the first time;
 * none of it may hold up a keystroke.  The worker runs threads, each
 * with its own repository handle (libgit2's rule for threads):
 *   - one answers light queries (sm_git_info without dependencies), the
 *     most recently asked first, so the patch under the cursor comes
 *     before the ones scrolled past;
 *   - one answers queries with dependencies (the patch view's): their
 *     blame may read a long history the first time, so it never holds up
 *     the light answers, which come first; while it runs, another thread
 *     wakes the TUI four times a second to show how far it got
 *     (sm_git_worker_deps_state());
 *   - one brings the follow-up index up to date at start.  Until it is
 *     ready, answers come without follow-ups (followups_pending) and are
 *     asked again once it is.
 * The TUI asks with sm_git_worker_get() while drawing (never blocks),
 * watches sm_git_worker_fd() in its poll() and calls
 * sm_git_worker_poll() when it is readable, then redraws.
 *
 * Every function here is called from the TUI's thread only.
 */
#ifndef SM_GIT_WORKER_H
#define SM_GIT_WORKER_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "info.h"

typedef struct sm_git_worker sm_git_worker;

/* Start the threads for SETTINGS (copied).  Never fails: when the
 * repository cannot be opened, every answer carries the reason. */
sm_git_worker *sm_git_worker_new(const sm_git_settings *settings);
/* Stop: a long walk is cancelled, the threads joined. */
void sm_git_worker_free(sm_git_worker *worker);

/* The answer for QUERY's commit, or NULL while there is none yet (the
 * query is then queued, once).  An answer without dependencies may be
 * returned while the one with them is computed.  Owned by the worker;
 * valid until the next sm_git_worker_poll() or sm_git_worker_reset(). */
const sm_git_info *sm_git_worker_get(sm_git_worker *worker, const sm_git_query *query);

/* The answer for UPSTREAM the worker has now, or NULL; asks for nothing.
 * Valid as sm_git_worker_get()'s. */
const sm_git_info *sm_git_worker_peek(sm_git_worker *worker, const char *upstream);

/* Where the dependencies of UPSTREAM stand while the answer with them is
 * not in: not asked (IDLE), asked and waiting for the thread (QUEUED), or
 * being looked for (RUNNING), *COMMITS (optional) being how many commits
 * the blame has read so far. */
typedef enum {
	SM_GIT_DEPS_IDLE = 0,
	SM_GIT_DEPS_QUEUED,
	SM_GIT_DEPS_RUNNING,
} sm_git_deps_state;
sm_git_deps_state sm_git_worker_deps_state(sm_git_worker *worker, const char *upstream,
                                           guint *commits);

/* How many commits the light answers' thread has read for the answer it
 * is making (the first build of an index reads a branch's commits, or
 * mainline's), 0 when it is making none. */
guint sm_git_worker_progress(sm_git_worker *worker);

/* Readable when answers are waiting; -1 (which poll() skips) when the
 * pipe behind it could not be made. */
int sm_git_worker_fd(const sm_git_worker *worker);

/* Take the answers that arrived, with statuses from GROUP.  TRUE when
 * there were any, or a blame or a light answer is running (redraw its
 * progress). */
gboolean sm_git_worker_poll(sm_git_worker *worker, const sm_group *group);

/* GROUP was rebuilt: recompute the statuses of every answer. */
void sm_git_worker_regroup(sm_git_worker *worker, const sm_group *group);

/* Forget every answer (the branches moved: a fetch); they are asked
 * again as they are needed. */
void sm_git_worker_reset(sm_git_worker *worker);

#endif
