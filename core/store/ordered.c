/* ordered.c - work done on two threads and taken back in order (see
 * ordered-private.h).
 *
 * A ring of WINDOW slots between HEAD (the oldest item DONE has not seen)
 * and TAIL (where the next goes).  A slot is waiting (its WORK not begun),
 * busy (WORK running on one of the threads) or ready (WORK run, or not
 * needed).  Both threads take the oldest waiting slot, so the items near
 * HEAD, which DONE needs first, are read first.  One lock guards the
 * slots' states and the counters; WORK and DONE run without it.
 *
 * The lock and conditions are POSIX's, not GLib's: GLib's GMutex is a
 * futex of its own that ThreadSanitizer cannot see, and the queue is
 * shown free of races under it (doc/bench.md).
 */
#include <pthread.h>
#include "ordered-private.h"

typedef enum { SLOT_WAITING, SLOT_BUSY, SLOT_READY } slot_state;

typedef struct {
	void *item;
	slot_state state;
} slot;

struct sm_ordered {
	pthread_mutex_t lock;
	pthread_cond_t work_cond;  /* a slot is waiting, or the queue closes */
	pthread_cond_t ready_cond; /* a slot is ready */
	slot *ring;
	guint window;
	guint64 head, tail;   /* counters: the slot of N is ring[N % window] */
	guint64 next_waiting; /* no slot before it is waiting */
	gboolean closing;
	GThread *thread;      /* NULL: WORK runs as each item is put in */
	gboolean tried;       /* to start THREAD */
	sm_ordered_fn work, done;
	void *data;
};

static slot *at(sm_ordered *queue, guint64 n)
{
	return &queue->ring[n % queue->window];
}

/* The oldest waiting slot, made busy, or NULL.  Lock held. */
static slot *claim(sm_ordered *queue)
{
	/* Slots given back (ready without work) may lie before it. */
	if (queue->next_waiting < queue->head)
		queue->next_waiting = queue->head;
	while (queue->next_waiting < queue->tail &&
	       at(queue, queue->next_waiting)->state != SLOT_WAITING)
		queue->next_waiting++;
	if (queue->next_waiting == queue->tail)
		return NULL;
	slot *s = at(queue, queue->next_waiting++);
	s->state = SLOT_BUSY;
	return s;
}

/* WORK on S (claimed), with the lock let go meanwhile.  Lock held. */
static void work_on(sm_ordered *queue, slot *s)
{
	void *item = s->item;
	pthread_mutex_unlock(&queue->lock);
	queue->work(item, queue->data);
	pthread_mutex_lock(&queue->lock);
	s->state = SLOT_READY;
	pthread_cond_signal(&queue->ready_cond);
}

/* DONE on every ready slot at HEAD.  Lock held; let go during DONE. */
static void give_back(sm_ordered *queue)
{
	while (queue->head < queue->tail && at(queue, queue->head)->state == SLOT_READY) {
		void *item = at(queue, queue->head)->item;
		queue->head++;
		pthread_mutex_unlock(&queue->lock);
		queue->done(item, queue->data);
		pthread_mutex_lock(&queue->lock);
	}
}

/* The producer's turn while it must wait for slots: give back what is
 * ready, else work on a waiting slot itself, else wait for the worker.
 * Lock held. */
static void advance(sm_ordered *queue)
{
	if (queue->head < queue->tail && at(queue, queue->head)->state == SLOT_READY) {
		give_back(queue);
		return;
	}
	slot *s = claim(queue);
	if (s)
		work_on(queue, s);
	else
		pthread_cond_wait(&queue->ready_cond, &queue->lock);
}

static gpointer worker(gpointer data)
{
	sm_ordered *queue = data;
	pthread_mutex_lock(&queue->lock);
	for (;;) {
		slot *s = claim(queue);
		if (s)
			work_on(queue, s);
		else if (queue->closing)
			break;
		else
			pthread_cond_wait(&queue->work_cond, &queue->lock);
	}
	pthread_mutex_unlock(&queue->lock);
	return NULL;
}

sm_ordered *sm_ordered_new(guint window, sm_ordered_fn work, sm_ordered_fn done, void *data)
{
	sm_ordered *queue = g_new0(sm_ordered, 1);
	pthread_mutex_init(&queue->lock, NULL);
	pthread_cond_init(&queue->work_cond, NULL);
	pthread_cond_init(&queue->ready_cond, NULL);
	queue->window = MAX(window, 1);
	queue->ring = g_new0(slot, queue->window);
	queue->work = work;
	queue->done = done;
	queue->data = data;
	return queue;
}

void sm_ordered_put(sm_ordered *queue, void *item, gboolean needs_work)
{
	/* Started for the first item with work (a refresh that reads
	 * nothing starts none); without it the items are taken one at a
	 * time. */
	if (needs_work && !queue->thread && !queue->tried) {
		queue->tried = TRUE;
		queue->thread = g_thread_try_new("stablemate-read", worker, queue, NULL);
	}
	if (!queue->thread) {
		if (needs_work)
			queue->work(item, queue->data);
		queue->done(item, queue->data);
		return;
	}
	pthread_mutex_lock(&queue->lock);
	while (queue->tail - queue->head == queue->window)
		advance(queue);
	*at(queue, queue->tail++) = (slot){ item, needs_work ? SLOT_WAITING : SLOT_READY };
	if (needs_work)
		pthread_cond_signal(&queue->work_cond);
	give_back(queue);
	pthread_mutex_unlock(&queue->lock);
}

void sm_ordered_flush(sm_ordered *queue)
{
	if (!queue->thread)
		return;
	pthread_mutex_lock(&queue->lock);
	while (queue->head < queue->tail)
		advance(queue);
	pthread_mutex_unlock(&queue->lock);
}

void sm_ordered_free(sm_ordered *queue)
{
	if (!queue)
		return;
	sm_ordered_flush(queue);
	if (queue->thread) {
		pthread_mutex_lock(&queue->lock);
		queue->closing = TRUE;
		pthread_cond_signal(&queue->work_cond);
		pthread_mutex_unlock(&queue->lock);
		g_thread_join(queue->thread);
	}
	pthread_mutex_destroy(&queue->lock);
	pthread_cond_destroy(&queue->work_cond);
	pthread_cond_destroy(&queue->ready_cond);
	g_free(queue->ring);
	g_free(queue);
}
