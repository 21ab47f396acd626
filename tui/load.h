/* load.h - loading and refreshing in a worker thread.
 *
 * A job runs sm_store_load() or sm_store_refresh() in a thread of its own,
 * so that the screen keeps answering keys and shows progress while a first
 * scan reads thousands of messages.  While a job runs, the worker owns the
 * store (and, for a refresh, the group it rebuilds); the main thread polls
 * sm_job_finished() and then takes both back with sm_job_free().
 *
 * For tests only, as git's GIT_TEST_* variables: when the environment
 * variable STABLEMATE_TEST_REFRESH_GATE names a FIFO, each refresh first
 * waits until a writer has opened and closed it, so that a test can press
 * keys while a refresh is known to be running.
 */
#ifndef SM_LOAD_H
#define SM_LOAD_H

#include "store/store.h"

typedef enum {
	SM_JOB_LOAD,     /* load QUERY into a new group */
	SM_JOB_REFRESH,  /* bring an existing group up to date */
	SM_JOB_PREVIEW,  /* what needs the user now, into a new group
	                    (sm_store_load_preview), before a first full load */
} sm_job_kind;

typedef struct sm_job sm_job;

/* Start a job.  For SM_JOB_LOAD, GROUP must be a new, empty group that the
 * job fills; for SM_JOB_REFRESH, the group loaded before.  QUERY may be
 * NULL.  STORE and GROUP are the worker's until sm_job_free(). */
sm_job *sm_job_start(sm_job_kind kind, sm_store *store, sm_group *group,
                     const char *query);

/* The index process of a QUERY that has no index yet: INDEX_ARGV (the
 * query appended) writes its index in a process of its own (cmd-index.c),
 * started now, from a thread of its own.  The first load starts it with
 * the preview, so that the two run on two cores; the load that follows
 * takes it (sm_job_start_apart). */
typedef struct sm_apart sm_apart;
sm_apart *sm_apart_start(const char *const *index_argv, const char *query);
/* Was APART started by sm_apart_start(INDEX_ARGV, QUERY)? */
gboolean sm_apart_has_query(const sm_apart *apart, const char *const *index_argv,
                            const char *query);
/* Not taken: it runs to its end on its own (NULL: nothing). */
void sm_apart_drop(sm_apart *apart);

/* SM_JOB_LOAD of a QUERY that has no index yet: its index process (STARTED
 * when it is this query's, which the job takes, else one started now)
 * writes the index, whose progress the job reports, and then the job loads
 * that index, as a warm start does.  When that process cannot be run or
 * fails, the job loads here as sm_job_start() does, and a failure says
 * what it would say. */
sm_job *sm_job_start_apart(sm_store *store, sm_group *group, const char *query,
                           const char *const *index_argv, sm_apart *started);
/* Did the job load from an index written apart (it did not scan here)? */
gboolean sm_job_apart(const sm_job *job);

sm_job_kind sm_job_get_kind(const sm_job *job);
sm_group *sm_job_group(const sm_job *job);
/* Messages done and in all, as far as the worker has told. */
void sm_job_progress(const sm_job *job, guint *done, guint *total);
gboolean sm_job_finished(const sm_job *job);
/* A file descriptor that becomes readable when the job has finished, for
 * poll(), so that a quick job is collected at once; -1 when none could be
 * made (then poll with a timeout). */
int sm_job_fd(const sm_job *job);

/* Wait for the worker, then report: TRUE on success, with *CHANGED for a
 * refresh; FALSE with ERROR set on failure.  Frees JOB (not the group). */
gboolean sm_job_free(sm_job *job, gboolean *changed, GError **error);

#endif
