/* report.h - patches and reviews as structured output (the JSON contract).
 *
 * `stablemate list` and `stablemate show` both describe their output here,
 * once, through a printer (printer.h); the format is the printer's affair.
 * The JSON shape is documented in README.md and doc/stablemate.1.
 */
#ifndef SM_REPORT_H
#define SM_REPORT_H
#if !defined(SM_INSIDE_OUTPUT_H) && !defined(SM_OUTPUT_COMPILATION)
#error "include output/output.h, core/output's door, not this header"
#endif

#include "git/git.h"
#include "patch/patch.h"
#include "printer.h"

typedef enum {
	SM_REPORT_LIST,   /* what `list` prints */
	SM_REPORT_DETAIL, /* `show`: each notice also with from, file, series, base */
} sm_report_level;

/* What `show` says about the repository: each patch of a DETAIL report
 * gets a "git" map (sm_git_print_patch()) and an "interdiff" list, one map
 * a tree whose diff is another change than upstream's or the patch's own
 * (git/interdiff.h: tree, against, reference, notice, summary, lines).  REPO may be NULL, REPO_ERROR
 * then says why; GROUP is the group the patches belong to. */
typedef struct sm_report_git {
	sm_git_repo *repo;
	const char *repo_error;
	const sm_group *group;
	GPtrArray *interdiffs; /* NULL, or gets each patch's sm_git_interdiff*
	                          (git/interdiff.h; give it a free function of
	                          NULL: the entries are moved in, the caller's) */
} sm_report_git;

/* Print {"patches": [...], "reviews": [...]} for PATCHES (sm_patch*) and
 * REVIEWS (sm_review*, may be NULL for none), then finish the printer.
 * GIT (may be NULL: no "git" key) is used at SM_REPORT_DETAIL only.
 * Each patch says whether it is "maintained" (sm_maintainers_covers:
 * in one of the user's MAINTAINERS sections); with MAINTAINERS NULL,
 * "maintained" is null (not known). */
void sm_report(sm_printer *p, sm_group *group, GPtrArray *patches, GPtrArray *reviews,
               sm_report_level level, const sm_report_git *git, sm_maintainers *maintainers);

#endif
