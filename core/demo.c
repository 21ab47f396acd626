/* demo.c - placeholder until the demo lands. */
#include "demo.h"
char *sm_demo_default_dir(void) { return g_build_filename(g_get_user_cache_dir(), "stablemate", "demo", NULL); }
sm_demo *sm_demo_build(const char *dir, gint64 now, GError **error)
{ (void)dir; (void)now; g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "not implemented"); return NULL; }
void sm_demo_free(sm_demo *demo) { (void)demo; }
