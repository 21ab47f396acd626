/* test-ordered.c - the two-thread queue of a load (store/ordered-private.h):
 * DONE sees every item once, in the order put in, on the producer's
 * thread, after WORK ran on it exactly when it needed work. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <glib.h>
#include "store/ordered-private.h"

typedef struct {
	guint number;
	gboolean needs_work;
	gint worked;      /* times WORK ran on it */
	gboolean done;
} item;

typedef struct {
	GThread *producer;
	guint next;       /* the number DONE expects next */
} run;

static void work(void *data, void *user)
{
	(void)user;
	item *it = data;
	/* Uneven work, so that the two threads finish out of order. */
	if (it->number % 7 == 0)
		g_usleep(200);
	g_atomic_int_inc(&it->worked);
}

static void done(void *data, void *user)
{
	item *it = data;
	run *r = user;
	assert_true(g_thread_self() == r->producer);
	assert_int_equal(it->number, r->next);
	assert_int_equal(g_atomic_int_get(&it->worked), it->needs_work ? 1 : 0);
	assert_false(it->done);
	it->done = TRUE;
	r->next++;
}

/* N items through a queue of WINDOW, every third with no work to do,
 * flushed every FLUSH_EVERY (0: never); all are done at the end. */
static void through(guint n, guint window, guint flush_every)
{
	item *items = g_new0(item, n);
	run r = { g_thread_self(), 0 };
	sm_ordered *queue = sm_ordered_new(window, work, done, &r);
	for (guint i = 0; i < n; i++) {
		items[i].number = i;
		items[i].needs_work = i % 3 != 1;
		sm_ordered_put(queue, &items[i], items[i].needs_work);
		if (flush_every && (i + 1) % flush_every == 0) {
			sm_ordered_flush(queue);
			assert_int_equal(r.next, i + 1);
		}
	}
	sm_ordered_free(queue);
	assert_int_equal(r.next, n);
	for (guint i = 0; i < n; i++)
		assert_true(items[i].done);
	g_free(items);
}

static void test_order_window_1(void **state)
{
	(void)state;
	through(500, 1, 0);
}

static void test_order_window_4(void **state)
{
	(void)state;
	through(2000, 4, 0);
}

static void test_order_window_64(void **state)
{
	(void)state;
	through(5000, 64, 0);
}

static void test_flush(void **state)
{
	(void)state;
	through(1000, 64, 37);
}

/* Items that need no work go straight through, in order, and start no
 * thread; a queue with nothing put in frees. */
static void test_no_work(void **state)
{
	(void)state;
	item items[10] = { 0 };
	run r = { g_thread_self(), 0 };
	sm_ordered *queue = sm_ordered_new(4, work, done, &r);
	for (guint i = 0; i < 10; i++) {
		items[i].number = i;
		sm_ordered_put(queue, &items[i], FALSE);
		/* Nothing to wait for: given back at once. */
		assert_int_equal(r.next, i + 1);
	}
	sm_ordered_free(queue);
	sm_ordered_free(sm_ordered_new(4, work, done, &r));
	sm_ordered_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_window_1),
		cmocka_unit_test(test_order_window_4),
		cmocka_unit_test(test_order_window_64),
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_no_work),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
