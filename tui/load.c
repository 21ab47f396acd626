/* load.c - the worker thread for loads and refreshes (see load.h). */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib-unix.h>
#include "load.h"

struct sm_job {
	sm_job_kind kind;
	sm_store *store;
	sm_group *group;
	char *query;
	char *gate;        /* STABLEMATE_TEST_REFRESH_GATE (see load.h), or NULL */
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

static gpointer work(gpointer data)
{
	sm_job *job = data;
	if (job->gate)
		pass_gate(job->gate);
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

sm_job *sm_job_start(sm_job_kind kind, sm_store *store, sm_group *group,
                     const char *query)
{
	sm_job *job = g_new0(sm_job, 1);
	job->kind = kind;
	job->store = store;
	job->group = group;
	job->query = g_strdup(query);
	if (kind == SM_JOB_REFRESH)
		job->gate = g_strdup(g_getenv("STABLEMATE_TEST_REFRESH_GATE"));
	if (!g_unix_open_pipe(job->wake, FD_CLOEXEC, NULL))
		job->wake[0] = job->wake[1] = -1;
	job->thread = g_thread_new("stablemate-load", work, job);
	return job;
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
	g_free(job);
	return ok;
}
