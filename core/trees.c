/* trees.c - placeholder until the tree table lands. */
#include "trees.h"
sm_trees *sm_trees_new_default(void) { sm_trees *t = g_new0(sm_trees, 1); t->list = g_ptr_array_new(); return t; }
void sm_trees_free(sm_trees *trees) { if (trees) { g_ptr_array_unref(trees->list); g_free(trees); } }
void sm_trees_set(sm_trees *trees, const char *name, gint64 released, gint64 eol) { (void)trees; (void)name; (void)released; (void)eol; }
