/* ordered-private.h - work done on two threads and taken back in order
 * (core/store's only).
 *
 * A cold load asks notmuch for each matching message (its id, file and
 * tags: libnotmuch reads and inflates the message's term list) and reads
 * and recognises the message's file.  libnotmuch is not thread-safe on
 * one database, so every notmuch call stays on the thread that makes
 * the queue (the producer); reading and recognising a file touches no
 * notmuch object and runs anywhere.  On two cores the two halves overlap.
 *
 * The producer puts items in, in its order.  WORK runs on each item that
 * needs it, on the queue's worker thread, or on the producer's when WINDOW
 * items are in and it would otherwise wait (so that the producer's core
 * is never idle while reading is behind).  DONE runs on every item, on
 * the producer's thread, in the order the items were put in, and after
 * WORK has run on it: whatever DONE touches (the group, the store's
 * warnings and counts) sees the items as one thread taking them would.
 *
 * WORK must touch nothing but its item and what no other thread writes
 * while the queue runs.  When no thread can be started, WORK runs on the
 * producer as each item is put in.
 *
 * Ownership: the queue owns nothing of the items; DONE is the last to
 * see each one.  sm_ordered_free() takes back every item put in first.
 */
#ifndef SM_STORE_ORDERED_PRIVATE_H
#define SM_STORE_ORDERED_PRIVATE_H

#include <glib.h>

typedef struct sm_ordered sm_ordered;
typedef void (*sm_ordered_fn)(void *item, void *data);

/* A queue of up to WINDOW items in flight (at least 1).  Its worker
 * thread starts with the first item that needs work.  DATA is given to
 * WORK and DONE. */
sm_ordered *sm_ordered_new(guint window, sm_ordered_fn work, sm_ordered_fn done, void *data);
/* ITEM in, after every item put in before; WORK runs on it only when
 * NEEDS_WORK.  May run DONE on earlier items (and WORK on any) before it
 * returns. */
void sm_ordered_put(sm_ordered *queue, void *item, gboolean needs_work);
/* DONE has run on every item put in when it returns. */
void sm_ordered_flush(sm_ordered *queue);
/* Flushes, ends the worker thread and frees QUEUE (NULL: nothing). */
void sm_ordered_free(sm_ordered *queue);

#endif
