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

#endif
