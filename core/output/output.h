/* output/output.h - core/output's door: structured output (text and
 * JSON) through one printer.  Every file outside core/output includes
 * this header and no other of the room's (the sub-headers refuse it).
 *
 * What the room offers:
 *   printer.h       the one printer interface: maps, lists, strings,
 *                   numbers; the JSON and text printers
 *   report.h        `list` and `show`: patches and reviews (the JSON
 *                   contract, its version)
 *   git-print.h     the "git" map of a patch, from what core/git found
 *                   (core/git knows nothing of output)
 *
 * Conventions: a printer writes to the FILE it was made with;
 * sm_printer_free() flushes and frees it and never closes the FILE; the
 * reports borrow the group and the repository and change neither; a
 * repository that could not be opened is passed as NULL with the GError
 * that says why, and the report shows it.
 */
#ifndef SM_OUTPUT_H
#define SM_OUTPUT_H
#define SM_INSIDE_OUTPUT_H

#include "printer.h"
#include "report.h"
#include "git-print.h"

#undef SM_INSIDE_OUTPUT_H
#endif
