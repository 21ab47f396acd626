/* report.h - patches and reviews as structured output (the JSON contract).
 *
 * `stablemate list` and `stablemate show` both describe their output here,
 * once, through a printer (printer.h); the format is the printer's affair.
 * The JSON shape is documented in README.md and doc/stablemate.1.
 */
#ifndef SM_REPORT_H
#define SM_REPORT_H

#include "group.h"
#include "printer.h"

typedef enum {
	SM_REPORT_LIST,   /* what `list` prints */
	SM_REPORT_DETAIL, /* `show`: each notice also with from, file, series, base */
} sm_report_level;

/* Print {"patches": [...], "reviews": [...]} for PATCHES (sm_patch*) and
 * REVIEWS (sm_review*, may be NULL for none), then finish the printer. */
void sm_report(sm_printer *p, GPtrArray *patches, GPtrArray *reviews,
               sm_report_level level);

#endif
