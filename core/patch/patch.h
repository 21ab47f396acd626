/* patch/patch.h - core/patch's door: notices gathered into patches.
 * Every file outside core/patch includes this header and no other of the
 * room's (the sub-headers refuse it).
 *
 * What the room offers:
 *   group.h         the group: notices joined into patches by upstream
 *                   commit (or normalised subject), each tree's state,
 *                   the reviews, the order of the list
 *   index.h         the group's own file, read in place, written from a
 *                   group (index-format.h: its records)
 *   filter.h        the limit language over patches
 *   maintainers.h   which MAINTAINERS sections a file falls in
 *   triage.h        the notmuch tags that hold a patch's triage state
 *
 * private.h is what only the tests and the fuzz targets reach.
 *
 * Conventions, in every header of the room: no I/O but the index file's
 * (no notmuch, no git); what a group hands out (patches, notices, rows)
 * is borrowed from it and lives until it is freed; a function that
 * returns a new string or array says how to free it; errors are one-line
 * GErrors: SM_FILTER_ERROR for the limit, a GFileError for the index
 * file.
 */
#ifndef SM_PATCH_H
#define SM_PATCH_H
#define SM_INSIDE_PATCH_H

#include "group.h"
#include "filter.h"
#include "index.h"
#include "index-format.h"
#include "maintainers.h"
#include "triage.h"

#undef SM_INSIDE_PATCH_H
#endif
