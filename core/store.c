/* store.c - placeholder until the store lands. */
#include "store.h"
GQuark sm_store_error_quark(void) { return g_quark_from_static_string("sm-store-error"); }
sm_store *sm_store_open(const char *p, const sm_config *c, GError **error)
{ (void)p; (void)c; g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_OPEN, "not implemented"); return NULL; }
