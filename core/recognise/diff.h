/* diff.h - the unified diff a patch mail carries: its files, its hunks,
 * and what makes two diffs the same change.
 *
 * AUTOSEL postings, review patches, added notes and hand-made backports
 * carry the patch as a unified diff below the message ("diff --git a/X
 * b/X", "--- a/X", "+++ b/X", "@@ -1,2 +1,3 @@").  Recognition reads the
 * files it touches and a hash of its change (sm_diff_scan) into the
 * notice; the interdiff (interdiff.h) compares two parsed diffs hunk by
 * hunk.  Only unquoted lines count: a reply quoting a patch is not one.
 *
 * Paths are as git writes them without their first component (patch -p1):
 * "drivers/usb/core/hub.c".  Hunks are read by their line counts, so that
 * a signature ("-- ") after the diff is not taken for a removed line.
 *
 * Ownership: sm_diff_free() frees a diff and its hunks; char* results are
 * the caller's.  Nothing here fails: text with no diff gives an empty one.
 */
#ifndef SM_DIFF_H
#define SM_DIFF_H
#if !defined(SM_INSIDE_RECOGNISE_H) && !defined(SM_RECOGNISE_COMPILATION)
#error "include recognise/recognise.h, core/recognise's door, not this header"
#endif

#include <glib.h>

typedef struct sm_diff_hunk {
	char *file;        /* the file's new name (the old one when deleted) */
	int old_start, old_lines, new_start, new_lines;
	char *section;     /* what follows the second "@@" (the function), or "" */
	GPtrArray *lines;  /* char*: the hunk's lines with their ' ', '-' or '+'
	                      (a blank context line comes as " ") */
	guint32 change;    /* hash of the '-' and '+' lines only: two hunks with
	                      the same change and other context or line numbers
	                      hash alike */
} sm_diff_hunk;

typedef struct sm_diff {
	GPtrArray *files;  /* char*: every path touched (both names of a
	                      rename), sorted, each once */
	GPtrArray *hunks;  /* sm_diff_hunk*, in the diff's order */
} sm_diff;

/* Parse the unquoted unified diff in TEXT (a mail body, or git's output).
 * Never NULL: no diff gives no files and no hunks. */
sm_diff *sm_diff_parse(const char *text);
void sm_diff_free(sm_diff *diff);

/* What recognition keeps of BODY's diff: *FILES (its files joined by
 * newlines, "a/x.c\nb/y.h", or NULL when none) and *CHANGE (a hash of its
 * change, recognise/private.h's sm_diff_change).  Cheap when BODY has no
 * diff. */
void sm_diff_scan(const char *body, char **files, guint32 *change);

/* Does GLOB match one of PATHS, paths one a line (sm_notice.files), as a
 * git pathspec with "**" does?  "*" and "?" do not cross "/", "**" crosses
 * any number of directories (a pattern "drivers/usb/" followed by "**"
 * names everything below it, and "**" then "/Kconfig" every Kconfig),
 * "[abc]" is a class, and a pattern naming a directory ("drivers/usb" or
 * "drivers/usb/") matches what is below it. */
gboolean sm_paths_glob(const char *glob, const char *paths);

#endif
