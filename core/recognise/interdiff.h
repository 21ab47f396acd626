/* interdiff.h - what one diff of a change does differently from another
 * (a backport against upstream, a review patch against the AUTOSEL
 * posting), shown the way `git range-diff` shows a changed pair.
 *
 * Each diff is written as range-diff writes a patch: a blank line and
 * " ## FILE ##" (" ## FILE (new) ##", " ## FILE (deleted) ##") before
 * each file's hunks, each hunk header as "@@ FILE: SECTION" ("@@" when the
 * hunk names no section: no line numbers), then the hunk's lines.  The two
 * texts are compared line by line (Myers' diff), and each line of the
 * result carries the outer mark (' ', '-': only in FROM, '+': only in TO)
 * before the inner line: "-+\tfoo();" is an added line of FROM's that TO
 * does not add.  Hunks of the result have three lines of context and are
 * headed "@@ NAME" with the nearest file or hunk name above them, as
 * range-diff's are; range-diff indents each line by four, this text does
 * not.
 *
 * Unlike range-diff, differences of context alone are left out: an outer
 * change whose lines are all inner context or hunk headers (another
 * neighbourhood, another function name) counts as no change, and its
 * lines show as TO has them.  So two diffs of the same change give no
 * interdiff at all, whatever their context and line numbers.
 *
 * Ownership: the text is the caller's (g_free).  Nothing fails.
 */
#ifndef SM_INTERDIFF_H
#define SM_INTERDIFF_H
#if !defined(SM_INSIDE_RECOGNISE_H) && !defined(SM_RECOGNISE_COMPILATION)
#error "include recognise/recognise.h, core/recognise's door, not this header"
#endif

#include "diff.h"

/* The interdiff from FROM to TO, lines ending in '\n', or NULL when the
 * two make the same change.  *SUMMARY (may be NULL) gets a short account
 * ("1 hunk changed, 1 added"; caller frees), NULL with the text. */
char *sm_interdiff(const sm_diff *from, const sm_diff *to, char **summary);

#endif
