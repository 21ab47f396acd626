/* load.c - the worker thread for loads and refreshes (see load.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib-unix.h>
#include "load.h"
#include "run/run.h"

/* The index process, run by a thread of its own (the process's parent:
 * it ends when that thread does, cmd-index.c), from its start until it
 * has written the index; shared by that thread and its owner. */
struct sm_apart {
	gint refs;
	char **argv;       /* INDEX_ARGV and the query */
	GThread *thread;
	GString *pending;  /* its output not yet a whole line */
	gint done, total;  /* its progress, written by the thread */
	gboolean ok;       /* it wrote the index; read once the thread is joined */
};

struct sm_job {
	sm_job_kind kind;
	sm_store *store;
	sm_group *group;
	char *query;
	char *gate;        /* STABLEMATE_TEST_REFRESH_GATE (see load.h), or NULL */
	sm_apart *writer;  /* SM_JOB_LOAD written apart first, or NULL */
	gboolean apart;    /* it was */
	GThread *thread;
	gint done, total;  /* progress, written by the worker */
	gint finished;
	int wake[2];       /* written once the job has finished */
	gboolean ok, changed;
	GError *error;
};

static void progress(guint done, guint total, void *data)
{
	sm_job *job = data;
	g_atomic_int_set(&job->done, (gint)done);
	g_atomic_int_set(&job->total, (gint)total);
}

/* A test's gate (load.h): wait until its writer is done. */
static void pass_gate(const char *gate)
{
	int fd;
	do
		fd = open(gate, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return;
	char buf[64];
	ssize_t n;
	do
		n = read(fd, buf, sizeof(buf));
	while (n > 0 || (n < 0 && errno == EINTR));
	close(fd);
}

static void apart_unref(sm_apart *apart)
{
	if (!g_atomic_int_dec_and_test(&apart->refs))
		return;
	g_strfreev(apart->argv);
	g_free(apart);
}

/* The index process's output: "DONE TOTAL" lines. */
static void apart_output(const char *text, gsize len, void *data)
{
	sm_apart *apart = data;
	g_string_append_len(apart->pending, text, (gssize)len);
	char *nl;
	while ((nl = memchr(apart->pending->str, '\n', apart->pending->len))) {
		guint done, total;
		*nl = '\0';
		if (sscanf(apart->pending->str, "%u %u", &done, &total) == 2) {
			g_atomic_int_set(&apart->done, (gint)done);
			g_atomic_int_set(&apart->total, (gint)total);
		}
		g_string_erase(apart->pending, 0, nl + 1 - apart->pending->str);
	}
}

/* The index process's thread: runs it to its end. */
static gpointer run_apart(gpointer data)
{
	sm_apart *apart = data;
	apart->pending = g_string_new(NULL);
	sm_child child = SM_CHILD_INIT;
	child.argv = (const char *const *)apart->argv;
	child.name = "the index process";
	child.keep_output = TRUE;
	child.on_output = apart_output;
	child.on_output_data = apart;
	/* Whatever went wrong there, the load here says it as it would. */
	apart->ok = sm_run(&child, NULL);
	g_free(child.output);
	g_string_free(apart->pending, TRUE);
	apart_unref(apart);
	return NULL;
}

sm_apart *sm_apart_start(const char *const *index_argv, const char *query)
{
	sm_apart *apart = g_new0(sm_apart, 1);
	GPtrArray *argv = g_ptr_array_new();
	for (const char *const *a = index_argv; *a; a++)
		g_ptr_array_add(argv, g_strdup(*a));
	if (query)
		g_ptr_array_add(argv, g_strdup(query));
	g_ptr_array_add(argv, NULL);
	apart->argv = (char **)g_ptr_array_free(argv, FALSE);
	/* One for the thread, one for the owner. */
	apart->refs = 2;
	apart->thread = g_thread_new("stablemate-index", run_apart, apart);
	return apart;
}

gboolean sm_apart_has_query(const sm_apart *apart, const char *const *index_argv,
                            const char *query)
{
	guint n = g_strv_length((char **)index_argv);
	return g_strv_length(apart->argv) == n + (query != NULL) &&
	       (!query || strcmp(apart->argv[n], query) == 0);
}

void sm_apart_drop(sm_apart *apart)
{
	if (!apart)
		return;
	/* Its thread goes on until the process has ended, and frees it. */
	g_thread_unref(apart->thread);
	apart_unref(apart);
}

/* Wait until the index process has ended: TRUE when it wrote the index. */
static gboolean apart_wait(sm_apart *apart)
{
	g_thread_join(apart->thread);
	apart->thread = NULL;
	return apart->ok;
}

static gpointer work(gpointer data)
{
	sm_job *job = data;
	if (job->gate)
		pass_gate(job->gate);
	if (job->writer)
		job->apart = apart_wait(job->writer);
	if (job->kind == SM_JOB_LOAD)
		job->ok = sm_store_load(job->store, job->query, job->group, progress, job,
		                        &job->error);
	else if (job->kind == SM_JOB_PREVIEW)
		job->ok = sm_store_load_preview(job->store, job->query, job->group, progress, job,
		                                &job->error);
	else
		job->ok = sm_store_refresh(job->store, job->group, &job->changed, &job->error);
	g_atomic_int_set(&job->finished, 1);
	if (job->wake[1] >= 0) {
		ssize_t n;
		do
			n = write(job->wake[1], "", 1);
		while (n < 0 && errno == EINTR);
	}
	return NULL;
}

static sm_job *start(sm_job_kind kind, sm_store *store, sm_group *group, const char *query,
                     sm_apart *writer)
{
	sm_job *job = g_new0(sm_job, 1);
	job->kind = kind;
	job->store = store;
	job->group = group;
	job->query = g_strdup(query);
	if (kind == SM_JOB_REFRESH)
		job->gate = g_strdup(g_getenv("STABLEMATE_TEST_REFRESH_GATE"));
	job->writer = writer;
	if (!g_unix_open_pipe(job->wake, FD_CLOEXEC, NULL))
		job->wake[0] = job->wake[1] = -1;
	job->thread = g_thread_new("stablemate-load", work, job);
	return job;
}

sm_job *sm_job_start(sm_job_kind kind, sm_store *store, sm_group *group,
                     const char *query)
{
	return start(kind, store, group, query, NULL);
}

sm_job *sm_job_start_apart(sm_store *store, sm_group *group, const char *query,
                           const char *const *index_argv, sm_apart *started)
{
	if (started && !sm_apart_has_query(started, index_argv, query)) {
		sm_apart_drop(started);
		started = NULL;
	}
	return start(SM_JOB_LOAD, store, group, query,
	             started ? started : sm_apart_start(index_argv, query));
}

gboolean sm_job_apart(const sm_job *job)
{
	return job->apart;
}

sm_job_kind sm_job_get_kind(const sm_job *job)
{
	return job->kind;
}

sm_group *sm_job_group(const sm_job *job)
{
	return job->group;
}

void sm_job_progress(const sm_job *job, guint *done, guint *total)
{
	*done = (guint)g_atomic_int_get(&job->done);
	*total = (guint)g_atomic_int_get(&job->total);
	/* Until the load of what it wrote says more, the index process's. */
	if (job->writer && !*done && !*total) {
		*done = (guint)g_atomic_int_get(&job->writer->done);
		*total = (guint)g_atomic_int_get(&job->writer->total);
	}
}

int sm_job_fd(const sm_job *job)
{
	return job->wake[0];
}

gboolean sm_job_finished(const sm_job *job)
{
	return g_atomic_int_get(&job->finished) != 0;
}

gboolean sm_job_free(sm_job *job, gboolean *changed, GError **error)
{
	g_thread_join(job->thread);
	gboolean ok = job->ok;
	if (changed)
		*changed = job->changed;
	if (!ok && !job->error)
		g_set_error_literal(error, SM_STORE_ERROR, SM_STORE_ERROR_OPEN, "loading failed");
	else if (!ok)
		g_propagate_error(error, job->error);
	else if (job->error)
		g_error_free(job->error);
	if (job->wake[0] >= 0) {
		close(job->wake[0]);
		close(job->wake[1]);
	}
	g_free(job->query);
	g_free(job->gate);
	if (job->writer)
		apart_unref(job->writer);
	g_free(job);
	return ok;
}
