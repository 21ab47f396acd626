/* patch/private.h - what the tests and the fuzz targets reach inside
 * core/patch, and no other room.
 *
 * Ownership and errors as filter.h and index.h say.
 */
#ifndef SM_PATCH_PRIVATE_H
#define SM_PATCH_PRIVATE_H

#include "patch.h"
#include "filter.h"
#include "index.h"
#include "maintainers.h"

/* Parse a duration such as "24h", "2d", "90m" or "1w" into seconds.
 * FALSE for anything else. */
gboolean sm_filter_parse_duration(const char *text, gint64 *seconds);

/* sm_index_open() for a file's bytes (BYTES is referenced); STAMP NULL accepts any
 * stamp.  This is the reader's whole input: fuzz it. */
sm_index *sm_index_open_bytes(GBytes *bytes, const sm_index_stamp *stamp, const char **why);
/* BASE (a file without a journal) seen through the journal of BYTES: the
 * view a refresh left (sm_group_regroup).  NULL, with *WHY, when BYTES is
 * not a journal of BASE.  sm_index_open() opens PATH's journal this way
 * when there is one, and uses the base alone when it is not BASE's. */
sm_index *sm_index_journal_bytes(sm_index *base, GBytes *bytes, const sm_index_stamp *stamp,
                                 const char **why);

/* INDEX's header as read (a segment's own). */
const sm_index_header *sm_index_header_of(const sm_index *index);

/* MAINTAINERS section I's name ("USB SUBSYSTEM"). */
const char *sm_maintainers_name(const sm_maintainers *m, guint i);
/* The sections PATH falls in (their numbers, ascending; caller unrefs). */
GArray *sm_maintainers_of_path(const sm_maintainers *m, const char *path);
/* Does one of FILES (paths one a line) fall in a section of M? */
gboolean sm_maintainers_files(sm_maintainers *m, const char *files);
/* Does TEXT (a patch) match a K: expression of a section of M? */
gboolean sm_maintainers_keywords(const sm_maintainers *m, const char *text);

#endif
