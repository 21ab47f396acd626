/* git/worker.c - answer git queries in background threads. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "worker.h"
#include "private.h"

/* What the TUI's thread knows about one commit. */
typedef struct entry {
	sm_git_info *info;   /* the latest answer, or NULL */
	gboolean asked;      /* a query is queued or being answered */
	gboolean asked_deps; /* ... and it asks for dependencies */
} entry;

typedef struct answer {
	sm_git_info *info;
	gboolean index_ready; /* not an answer: the follow-up index is ready */
} answer;

struct sm_git_worker {
	sm_git_settings *settings;
	GThread *answerer, *indexer;
	sm_git_repo *answer_repo, *index_repo; /* each thread's own handle */
	char *open_error;    /* why the repository could not be opened */

	GMutex lock;         /* guards queries, busy, stop */
	GCond wake;          /* a query arrived, or stop */
	GCond idle;          /* the queue ran empty */
	GQueue queries;      /* sm_git_query*, newest first */
	gboolean busy;
	gboolean stop;
	gint index_ready;    /* atomic */

	GAsyncQueue *answers; /* answer* for the TUI's thread */
	int pipe[2];          /* a byte per answer: wakes the TUI's poll() */

	/* The TUI's thread only. */
	GHashTable *entries;  /* upstream -> entry* */
	gboolean index_seen;  /* the follow-up index is ready: answers without
	                         follow-ups are asked again */
};

static void entry_free(gpointer data)
{
	entry *e = data;
	sm_git_info_free(e->info);
	g_free(e);
}

static void post(sm_git_worker *w, sm_git_info *info, gboolean index_ready)
{
	answer *a = g_new0(answer, 1);
	a->info = info;
	a->index_ready = index_ready;
	g_async_queue_push(w->answers, a);
	/* A full pipe already says "look": nothing is lost by not writing. */
	char byte = 0;
	while (write(w->pipe[1], &byte, 1) < 0 && errno == EINTR)
		;
}

static gpointer answer_thread(gpointer data)
{
	sm_git_worker *w = data;
	for (;;) {
		g_mutex_lock(&w->lock);
		while (!w->stop && g_queue_is_empty(&w->queries)) {
			w->busy = FALSE;
			g_cond_broadcast(&w->idle);
			g_cond_wait(&w->wake, &w->lock);
		}
		if (w->stop) {
			g_mutex_unlock(&w->lock);
			return NULL;
		}
		sm_git_query *q = g_queue_pop_head(&w->queries);
		w->busy = TRUE;
		g_mutex_unlock(&w->lock);

		gboolean followups = g_atomic_int_get(&w->index_ready);
		sm_git_info *info = sm_git_info_compute(w->answer_repo, q, followups, w->open_error);
		sm_git_query_free(q);
		/* The cache file is rewritten once a burst of queries is done,
		 * not after each. */
		g_mutex_lock(&w->lock);
		gboolean more = !g_queue_is_empty(&w->queries);
		g_mutex_unlock(&w->lock);
		if (!more && w->answer_repo)
			sm_git_predict_save(w->answer_repo);
		post(w, info, FALSE);
	}
}

static gpointer index_thread(gpointer data)
{
	sm_git_worker *w = data;
	/* Failure is reported with each answer's follow-ups, by the answerer
	 * trying again on its own handle. */
	if (w->index_repo)
		sm_git_followups_update(w->index_repo, NULL);
	/* Posted under the lock with the flag, so that sm_git_worker_wait(),
	 * which returns once the flag is set, never returns before the
	 * answer that says so can be polled (test_worker lost that race
	 * under load). */
	g_mutex_lock(&w->lock);
	g_atomic_int_set(&w->index_ready, 1);
	post(w, NULL, TRUE);
	g_cond_broadcast(&w->idle);
	g_mutex_unlock(&w->lock);
	return NULL;
}

sm_git_worker *sm_git_worker_new(const sm_git_settings *settings)
{
	sm_git_worker *w = g_new0(sm_git_worker, 1);
	w->settings = sm_git_settings_copy(settings);
	GError *error = NULL;
	w->answer_repo = sm_git_repo_open(settings, &error);
	if (w->answer_repo)
		w->index_repo = sm_git_repo_reopen(w->answer_repo, NULL);
	else
		w->open_error = g_strdup(error->message);
	g_clear_error(&error);
	g_mutex_init(&w->lock);
	g_cond_init(&w->wake);
	g_cond_init(&w->idle);
	g_queue_init(&w->queries);
	w->answers = g_async_queue_new();
	/* Without the pipe the answers are still made and read
	 * (sm_git_worker_get()); only the wake-up of the caller's poll() is
	 * lost (sm_git_worker_fd() is -1, which poll() skips).  The library
	 * does not abort the program for that. */
	if (pipe(w->pipe) < 0) {
		g_warning("git worker: no pipe to wake the interface: %s", g_strerror(errno));
		w->pipe[0] = w->pipe[1] = -1;
	}
	for (int i = 0; i < 2; i++)
		if (w->pipe[i] >= 0)
			fcntl(w->pipe[i], F_SETFL, O_NONBLOCK);
	w->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
	w->answerer = g_thread_new("sm-git-answer", answer_thread, w);
	w->indexer = g_thread_new("sm-git-index", index_thread, w);
	return w;
}

void sm_git_worker_free(sm_git_worker *w)
{
	if (!w)
		return;
	g_mutex_lock(&w->lock);
	w->stop = TRUE;
	g_cond_broadcast(&w->wake);
	g_mutex_unlock(&w->lock);
	if (w->index_repo)
		sm_git_repo_cancel(w->index_repo);
	if (w->answer_repo)
		sm_git_repo_cancel(w->answer_repo);
	g_thread_join(w->answerer);
	g_thread_join(w->indexer);
	g_queue_clear_full(&w->queries, (GDestroyNotify)sm_git_query_free);
	answer *a;
	while ((a = g_async_queue_try_pop(w->answers))) {
		sm_git_info_free(a->info);
		g_free(a);
	}
	g_async_queue_unref(w->answers);
	close(w->pipe[0]);
	close(w->pipe[1]);
	g_hash_table_unref(w->entries);
	sm_git_repo_free(w->answer_repo);
	sm_git_repo_free(w->index_repo);
	g_free(w->open_error);
	g_mutex_clear(&w->lock);
	g_cond_clear(&w->wake);
	g_cond_clear(&w->idle);
	sm_git_settings_free(w->settings);
	g_free(w);
}

const sm_git_info *sm_git_worker_get(sm_git_worker *w, const sm_git_query *query)
{
	entry *e = g_hash_table_lookup(w->entries, query->upstream);
	if (!e) {
		e = g_new0(entry, 1);
		g_hash_table_insert(w->entries, g_strdup(query->upstream), e);
	}
	gboolean enough = e->info && (e->info->deps || !query->deps) &&
	                  !(e->info->followups_pending && w->index_seen);
	gboolean coming = e->asked && (e->asked_deps || !query->deps);
	if (!enough && !coming) {
		e->asked = TRUE;
		e->asked_deps = query->deps;
		g_mutex_lock(&w->lock);
		g_queue_push_head(&w->queries, sm_git_query_copy(query));
		w->busy = TRUE;
		g_cond_signal(&w->wake);
		g_mutex_unlock(&w->lock);
	}
	return e->info;
}

int sm_git_worker_fd(const sm_git_worker *w)
{
	return w->pipe[0];
}

gboolean sm_git_worker_poll(sm_git_worker *w, const sm_group *group)
{
	char buf[256];
	while (read(w->pipe[0], buf, sizeof buf) > 0)
		;
	gboolean any = FALSE;
	answer *a;
	while ((a = g_async_queue_try_pop(w->answers))) {
		any = TRUE;
		if (a->index_ready) {
			w->index_seen = TRUE;
		} else {
			entry *e = g_hash_table_lookup(w->entries, a->info->upstream);
			if (!e) {
				/* Reset meanwhile: keep it anyway, it is current. */
				e = g_new0(entry, 1);
				g_hash_table_insert(w->entries, g_strdup(a->info->upstream), e);
			}
			if (group)
				sm_git_info_apply_group(a->info, group);
			/* A light answer does not replace one with dependencies. */
			if (!e->info || a->info->deps || !e->info->deps) {
				sm_git_info_free(e->info);
				e->info = a->info;
			} else {
				sm_git_info_free(a->info);
			}
			if (!e->asked_deps || e->info->deps)
				e->asked = e->asked_deps = FALSE;
		}
		g_free(a);
	}
	return any;
}

void sm_git_worker_regroup(sm_git_worker *w, const sm_group *group)
{
	GHashTableIter iter;
	gpointer value;
	g_hash_table_iter_init(&iter, w->entries);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		entry *e = value;
		if (e->info)
			sm_git_info_apply_group(e->info, group);
	}
}

void sm_git_worker_reset(sm_git_worker *w)
{
	/* Queries already queued are still answered, and welcome. */
	GHashTableIter iter;
	gpointer value;
	g_hash_table_iter_init(&iter, w->entries);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		if (!((entry *)value)->asked)
			g_hash_table_iter_remove(&iter);
		else
			g_clear_pointer(&((entry *)value)->info, sm_git_info_free);
}

void sm_git_worker_wait(sm_git_worker *w)
{
	g_mutex_lock(&w->lock);
	while (w->busy || !g_queue_is_empty(&w->queries) || !g_atomic_int_get(&w->index_ready))
		g_cond_wait(&w->idle, &w->lock);
	g_mutex_unlock(&w->lock);
}
