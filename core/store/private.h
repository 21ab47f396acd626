/* store/private.h - what the tests and the benchmark reach inside
 * core/store, and no other room.
 *
 * Ownership and errors as store.h says.
 */
#ifndef SM_STORE_PRIVATE_H
#define SM_STORE_PRIVATE_H

#include "store.h"

/* The database revision as last seen (notmuch_database_get_revision). */
unsigned long sm_store_revision(const sm_store *store);
/* Read Xapian's version file (READ, as a store opens) or not, as on a
 * database whose version file cannot be read: the tests' way to the
 * counts that find deletions without it. */
void sm_store_read_versions(sm_store *store, gboolean read);
/* What the last load or refresh did (sm_store_stats_line() is the
 * program's way to it).  Borrowed: valid until the next one. */
const sm_store_stats *sm_store_last_stats(const sm_store *store);

#endif
