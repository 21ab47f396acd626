/* load.c - the worker thread for loads and refreshes (see load.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib-unix.h>
#include "load.h"
#include "run/run.h"

struct sm_job {
	sm_job_kind kind;
	sm_store *store;
	sm_group *group;
	char *query;
	char *gate;        /* STABLEMATE_TEST_REFRESH_GATE (see load.h), or NULL */
	char **index_argv; /* SM_JOB_LOAD written apart first, or NULL */
	gboolean apart;    /* it was */
	GString *pending;  /* the index process's output not yet a whole line */
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

/* The index process's output: "DONE TOTAL" lines. */
static void apart_output(const char *text, gsize len, void *data)
{
	sm_job *job = data;
	g_string_append_len(job->pending, text, (gssize)len);
	char *nl;
	while ((nl = memchr(job->pending->str, '\n', job->pending->len))) {
		guint done, total;
		*nl = '\0';
		if (sscanf(job->pending->str, "%u %u", &done, &total) == 2)
			progress(done, total, job);
		g_string_erase(job->pending, 0, nl + 1 - job->pending->str);
	}
}

/* Write the query's index in the index process; TRUE when it did. */
static gboolean write_apart(sm_job *job)
{
	GPtrArray *argv = g_ptr_array_new();
	for (char **a = job->index_argv; *a; a++)
		g_ptr_array_add(argv, *a);
	if (job->query)
		g_ptr_array_add(argv, job->query);
	g_ptr_array_add(argv, NULL);
	job->pending = g_string_new(NULL);
	sm_child child = SM_CHILD_INIT;
	child.argv = (const char *const *)argv->pdata;
	child.name = "the index process";
	child.keep_output = TRUE;
	child.on_output = apart_output;
	child.on_output_data = job;
	/* Whatever went wrong there, the load here says it as it would. */
	gboolean ok = sm_run(&child, NULL);
	g_free(child.output);
	g_string_free(job->pending, TRUE);
	g_ptr_array_free(argv, TRUE);
	return ok;
}

static gpointer work(gpointer data)
{
	sm_job *job = data;
	if (job->gate)
		pass_gate(job->gate);
	if (job->kind == SM_JOB_LOAD && job->index_argv)
		job->apart = write_apart(job);
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
                     const char *const *index_argv)
{
	sm_job *job = g_new0(sm_job, 1);
	job->kind = kind;
	job->store = store;
	job->group = group;
	job->query = g_strdup(query);
	if (kind == SM_JOB_REFRESH)
		job->gate = g_strdup(g_getenv("STABLEMATE_TEST_REFRESH_GATE"));
	job->index_argv = g_strdupv((char **)index_argv);
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
                           const char *const *index_argv)
{
	return start(SM_JOB_LOAD, store, group, query, index_argv);
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
	g_strfreev(job->index_argv);
	g_free(job);
	return ok;
}
