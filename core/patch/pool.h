/* pool.h - strings stored once, for a group's notices and patches
 * (private to core/patch: group.c).
 *
 * A cold load holds every notice until the index is written: at 100,000
 * messages that was a million small allocations, most of them copies of
 * strings other notices hold too (a tree, a sender, a patch subject, a
 * message-id that is another's In-Reply-To), each with malloc's own
 * bookkeeping.  A pool keeps each distinct string once, in large blocks,
 * and gives the same pointer for equal strings.
 *
 * Ownership: POOL owns every string it gives; they stay valid until
 * sm_pool_clear() or sm_pool_free().  Nothing fails: memory is GLib's.
 */
#ifndef SM_POOL_H
#define SM_POOL_H
#if !defined(SM_INSIDE_PATCH_H) && !defined(SM_PATCH_COMPILATION)
#error "include patch/patch.h, core/patch's door, not this header"
#endif

#include <glib.h>

typedef struct sm_pool sm_pool;

sm_pool *sm_pool_new(void);
void sm_pool_free(sm_pool *pool);
/* Forget every string (they become invalid); POOL stays usable. */
void sm_pool_clear(sm_pool *pool);
/* POOL's copy of TEXT (NULL for NULL): equal strings give one pointer. */
char *sm_pool_intern(sm_pool *pool, const char *text);

/* Marks: a number kept with each string of a block (not with one too
 * long for a block), 0 until set, for the index writer while it writes a
 * group's strings.  sm_pool_find() gives POOL's string equal to TEXT that
 * carries a mark, or NULL (none, or one too long; NULL for NULL). */
char *sm_pool_find(const sm_pool *pool, const char *text);
/* The mark of HELD, a string sm_pool_find() gave, and its setting. */
guint32 sm_pool_mark(const char *held);
void sm_pool_set_mark(char *held, guint32 mark);
/* Every mark back to 0. */
void sm_pool_clear_marks(sm_pool *pool);

#endif
