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
	gboolean asked;      /* a light query is queued or being answered */
	gboolean asked_deps; /* a query with dependencies is */
} entry;

typedef struct answer {
	sm_git_info *info;    /* NULL: not an answer, */
	gboolean index_ready; /* ... the follow-up index is ready, */
	gboolean tick;        /* ... or the dependencies' progress moved */
} answer;

/* One answering thread, its repository handle and its queue. */
typedef struct lane {
	sm_git_worker *worker;
	GThread *thread;
	sm_git_repo *repo;
	GQueue queries;      /* sm_git_query*, newest first (under the lock) */
	gboolean busy;       /* under the lock */
	gboolean answering;  /* computing an answer (under the lock) */
	guint base;          /* the handle's progress when it started */
	GCond wake;          /* a query arrived, or stop */
} lane;

struct sm_git_worker {
	sm_git_settings *settings;
	/* Light answers (presence, predictions, follow-ups: milliseconds) and
	 * the ones with dependencies (a blame, seconds the first time on a
	 * kernel) each have their thread, so that a blame never holds up the
	 * list's answers. */
	lane light, deps;
	GThread *indexer, *ticker;
	sm_git_repo *index_repo; /* the indexer's own handle */
	char *open_error;    /* why the repository could not be opened */

	GMutex lock;         /* guards the lanes' queues, busy, stop, running */
	GCond idle;          /* a queue ran empty */
	GCond tick;          /* a blame or a light answer started, or stop */
	gboolean stop;
	gint index_ready;    /* atomic */
	char running[SM_GIT_HEXSZ + 1]; /* the dependencies being looked for */

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

static void post(sm_git_worker *w, sm_git_info *info, gboolean index_ready, gboolean tick)
{
	answer *a = g_new0(answer, 1);
	a->info = info;
	a->index_ready = index_ready;
	a->tick = tick;
	g_async_queue_push(w->answers, a);
	/* A full pipe already says "look": nothing is lost by not writing. */
	char byte = 0;
	while (write(w->pipe[1], &byte, 1) < 0 && errno == EINTR)
		;
}

static gpointer answer_thread(gpointer data)
{
	lane *l = data;
	sm_git_worker *w = l->worker;
	gboolean deps = l == &w->deps;
	for (;;) {
		g_mutex_lock(&w->lock);
		while (!w->stop && g_queue_is_empty(&l->queries)) {
			l->busy = FALSE;
			g_cond_broadcast(&w->idle);
			g_cond_wait(&l->wake, &w->lock);
		}
		if (w->stop) {
			g_mutex_unlock(&w->lock);
			return NULL;
		}
		sm_git_query *q = g_queue_pop_head(&l->queries);
		l->busy = l->answering = TRUE;
		l->base = l->repo ? sm_git_repo_progress(l->repo) : 0;
		if (deps)
			g_strlcpy(w->running, q->upstream, sizeof w->running);
		g_cond_broadcast(&w->tick);
		g_mutex_unlock(&w->lock);

		gboolean followups = g_atomic_int_get(&w->index_ready);
		sm_git_info *info = sm_git_info_compute(l->repo, q, followups, w->open_error);
		sm_git_query_free(q);
		/* The cache file is rewritten once a burst of queries is done,
		 * not after each. */
		g_mutex_lock(&w->lock);
		gboolean more = !g_queue_is_empty(&l->queries);
		l->answering = FALSE;
		if (deps)
			*w->running = '\0';
		g_mutex_unlock(&w->lock);
		if (!more && l->repo)
			sm_git_predict_save(l->repo);
		post(w, info, FALSE, FALSE);
	}
}

/* While a blame runs, or a light answer (an index's first build takes
 * seconds at kernel scale), wake the TUI four times a second to show how
 * far it got. */
static gpointer tick_thread(gpointer data)
{
	sm_git_worker *w = data;
	g_mutex_lock(&w->lock);
	while (!w->stop) {
		if (!*w->running && !w->light.answering) {
			g_cond_wait(&w->tick, &w->lock);
			continue;
		}
		/* The quarter second in full: a burst of light answers, each
		 * signalling its start, wakes the interface no more often. */
		gint64 until = g_get_monotonic_time() + G_USEC_PER_SEC / 4;
		while (!w->stop && g_cond_wait_until(&w->tick, &w->lock, until))
			;
		if ((*w->running || w->light.answering) && !w->stop)
			post(w, NULL, FALSE, TRUE);
	}
	g_mutex_unlock(&w->lock);
	return NULL;
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
	post(w, NULL, TRUE, FALSE);
	g_cond_broadcast(&w->idle);
	g_mutex_unlock(&w->lock);
	return NULL;
}

static void lane_start(sm_git_worker *w, lane *l, sm_git_repo *repo, const char *name)
{
	l->worker = w;
	l->repo = repo;
	g_queue_init(&l->queries);
	g_cond_init(&l->wake);
	l->thread = g_thread_new(name, answer_thread, l);
}

static void lane_free(lane *l)
{
	g_thread_join(l->thread);
	g_queue_clear_full(&l->queries, (GDestroyNotify)sm_git_query_free);
	g_cond_clear(&l->wake);
	sm_git_repo_free(l->repo);
}

sm_git_worker *sm_git_worker_new(const sm_git_settings *settings)
{
	sm_git_worker *w = g_new0(sm_git_worker, 1);
	w->settings = sm_git_settings_copy(settings);
	GError *error = NULL;
	sm_git_repo *light = sm_git_repo_open(settings, &error), *deps = NULL;
	if (light) {
		deps = sm_git_repo_reopen(light, NULL);
		w->index_repo = sm_git_repo_reopen(light, NULL);
	} else {
		w->open_error = g_strdup(error->message);
	}
	g_clear_error(&error);
	g_mutex_init(&w->lock);
	g_cond_init(&w->idle);
	g_cond_init(&w->tick);
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
	lane_start(w, &w->light, light, "sm-git-answer");
	lane_start(w, &w->deps, deps, "sm-git-deps");
	w->indexer = g_thread_new("sm-git-index", index_thread, w);
	w->ticker = g_thread_new("sm-git-tick", tick_thread, w);
	return w;
}

void sm_git_worker_free(sm_git_worker *w)
{
	if (!w)
		return;
	g_mutex_lock(&w->lock);
	w->stop = TRUE;
	g_cond_signal(&w->light.wake);
	g_cond_signal(&w->deps.wake);
	g_cond_broadcast(&w->tick);
	g_mutex_unlock(&w->lock);
	sm_git_repo *repos[] = { w->index_repo, w->light.repo, w->deps.repo };
	for (guint i = 0; i < G_N_ELEMENTS(repos); i++)
		if (repos[i])
			sm_git_repo_cancel(repos[i]);
	lane_free(&w->light);
	lane_free(&w->deps);
	g_thread_join(w->indexer);
	g_thread_join(w->ticker);
	answer *a;
	while ((a = g_async_queue_try_pop(w->answers))) {
		sm_git_info_free(a->info);
		g_free(a);
	}
	g_async_queue_unref(w->answers);
	close(w->pipe[0]);
	close(w->pipe[1]);
	g_hash_table_unref(w->entries);
	sm_git_repo_free(w->index_repo);
	g_free(w->open_error);
	g_mutex_clear(&w->lock);
	g_cond_clear(&w->idle);
	g_cond_clear(&w->tick);
	sm_git_settings_free(w->settings);
	g_free(w);
}

/* Queue QUERY on the lanes asked (LIGHT, DEPS), in one hold of the lock:
 * the TUI's thread must not queue behind a thread that just woke. */
static void ask(sm_git_worker *w, const sm_git_query *query, gboolean light, gboolean deps)
{
	if (!light && !deps)
		return;
	sm_git_query *q[2] = { NULL, NULL };
	for (int i = 0; i < 2; i++) {
		if (!(i ? deps : light))
			continue;
		q[i] = sm_git_query_copy(query);
		q[i]->deps = i == 1;
	}
	g_mutex_lock(&w->lock);
	lane *lanes[2] = { &w->light, &w->deps };
	for (int i = 0; i < 2; i++) {
		if (!q[i])
			continue;
		g_queue_push_head(&lanes[i]->queries, q[i]);
		lanes[i]->busy = TRUE;
		g_cond_signal(&lanes[i]->wake);
	}
	g_mutex_unlock(&w->lock);
}

const sm_git_info *sm_git_worker_get(sm_git_worker *w, const sm_git_query *query)
{
	entry *e = g_hash_table_lookup(w->entries, query->upstream);
	if (!e) {
		e = g_new0(entry, 1);
		g_hash_table_insert(w->entries, g_strdup(query->upstream), e);
	}
	gboolean current = e->info && !(e->info->followups_pending && w->index_seen);
	/* With dependencies asked, the light answer comes first, from its
	 * own thread, and the patch view shows the blame's progress under it
	 * (sm_git_worker_deps_state()). */
	gboolean light = !e->asked &&
	                 (!e->info || (!current && !e->asked_deps && !(query->deps && e->info->deps)));
	gboolean deps = query->deps && !(current && e->info->deps) && !e->asked_deps;
	e->asked |= light;
	e->asked_deps |= deps;
	ask(w, query, light, deps);
	return e->info;
}

const sm_git_info *sm_git_worker_peek(sm_git_worker *w, const char *upstream)
{
	entry *e = g_hash_table_lookup(w->entries, upstream);
	return e ? e->info : NULL;
}

sm_git_deps_state sm_git_worker_deps_state(sm_git_worker *w, const char *upstream,
                                           guint *commits)
{
	entry *e = g_hash_table_lookup(w->entries, upstream);
	if (!e || !e->asked_deps)
		return SM_GIT_DEPS_IDLE;
	g_mutex_lock(&w->lock);
	gboolean running = strcmp(w->running, upstream) == 0;
	guint base = w->deps.base;
	g_mutex_unlock(&w->lock);
	if (!running)
		return SM_GIT_DEPS_QUEUED;
	if (commits)
		*commits = sm_git_repo_progress(w->deps.repo) - base;
	return SM_GIT_DEPS_RUNNING;
}

guint sm_git_worker_progress(sm_git_worker *w)
{
	g_mutex_lock(&w->lock);
	guint commits = w->light.answering && w->light.repo
	                ? sm_git_repo_progress(w->light.repo) - w->light.base : 0;
	g_mutex_unlock(&w->lock);
	return commits;
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
		if (a->tick) {
			/* Nothing to take: the redraw shows the progress. */
		} else if (a->index_ready) {
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
			gboolean deps = a->info->deps;
			/* A light answer does not replace one with dependencies. */
			if (!e->info || deps || !e->info->deps) {
				sm_git_info_free(e->info);
				e->info = a->info;
			} else {
				sm_git_info_free(a->info);
			}
			if (deps)
				e->asked_deps = FALSE;
			else
				e->asked = FALSE;
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
		if (!((entry *)value)->asked && !((entry *)value)->asked_deps)
			g_hash_table_iter_remove(&iter);
		else
			g_clear_pointer(&((entry *)value)->info, sm_git_info_free);
}

void sm_git_worker_wait(sm_git_worker *w)
{
	g_mutex_lock(&w->lock);
	while (w->light.busy || w->deps.busy || !g_queue_is_empty(&w->light.queries) ||
	       !g_queue_is_empty(&w->deps.queries) || !g_atomic_int_get(&w->index_ready))
		g_cond_wait(&w->idle, &w->lock);
	g_mutex_unlock(&w->lock);
}
