/* recognise/private.h - the text tools recognition is built from.
 *
 * Internal to recognise*.c (and the tests): a body is cut into lines once (quote depth
 * and indentation read off each), and small scanners look for one fact
 * each.  Nothing here allocates per line or compiles a pattern per call.
 *
 * Ownership: an sm_lines borrows the body it was cut from; every char*
 * returned is newly allocated and freed by the caller.
 */
#ifndef SM_RECOGNISE_PRIVATE_H
#define SM_RECOGNISE_PRIVATE_H

#include <glib.h>
#include "recognise.h"
#include "notice.h"
#include "trees.h"
#include "diff.h"

typedef struct {
	const char *text; /* content, after quote markers and indentation */
	int len;          /* bytes of content, without the newline */
	int depth;        /* quote level: number of '>' markers */
	int indent;       /* columns of white space before the content */
} sm_line;

typedef struct {
	GArray *lines;    /* sm_line */
} sm_lines;

/* Cut BODY into lines.  With STOP_AT_DIFF, stop at the first unquoted
 * diff: what a notice is about is always said above its patch. */
sm_lines *sm_lines_new(const char *body, gboolean stop_at_diff);
void sm_lines_free(sm_lines *lines);
#define SM_LINE(ls, i) (&g_array_index((ls)->lines, sm_line, (i)))
#define SM_NLINES(ls) ((int)(ls)->lines->len)

/* Case-insensitive search for NEEDLE (lower case ASCII) in S[0..LEN). */
const char *sm_memcasestr(const char *s, int len, const char *needle);
gboolean sm_has_prefix_ci(const char *s, int len, const char *prefix);

/* How a line names an upstream id. */
typedef enum {
	SM_UPSTREAM_NONE = 0,
	SM_UPSTREAM_STABLE,  /* "[ Upstream commit X ]", "commit X upstream.":
	                        only a stable backport says this of itself */
	SM_UPSTREAM_PICK,    /* "(cherry picked from commit X)", "git cherry-pick -x X" */
	SM_UPSTREAM_MBOX,    /* "From X Mon Sep 17 00:00:00 2001" */
	SM_UPSTREAM_LABEL,   /* "sha1: X" in backport requests */
} sm_upstream_form;

/* The upstream id a line names, by one of the forms the stable tools and
 * people write.  Copies 40 hex digits to SHA. */
sm_upstream_form sm_line_upstream(const sm_line *line, char sha[SM_SHA_LEN + 1]);

/* Append to OUT (GPtrArray of char*) the stable trees named in S: "6.1",
 * "v5.4.y", "4.19.67", "5.15-stable", "linux-6.6.y".  Branch names like
 * "for-6.14-fixes" and mainline "-rc" tags are not trees.  With KNOWN,
 * only trees that table knows count. */
void sm_scan_trees(const char *s, int len, const sm_trees *known, GPtrArray *out);

/* "6.1", "2.6.32" from a version token like "6.1.80" or "2.6.32.71";
 * NULL when TOKEN is not a version. */
char *sm_tree_of_version(const char *token, int len);

/* A date as written in "Responses should be made by ..." lines, in any of
 * the forms used since 2017; 0 when unreadable. */
gint64 sm_parse_loose_date(const char *s);

/* The reply's own words: unquoted lines before the signature, joined into
 * sentences.  Attribution lines ("On ..., X wrote:") and forwarded
 * messages are left out.  ASKED_DROP (may be NULL) is set when the quoted
 * text right above the first own words asks for a drop. */
GPtrArray *sm_own_sentences(const sm_lines *lines, gboolean *asked_drop);

/* What the sentences say happened; QUOTED_ASK is TRUE when the text the
 * reply answers asked for a drop. */
sm_signal sm_read_signal(GPtrArray *sentences, gboolean quoted_ask);

/* TRUE when SENTENCE says something is to happen to trees (drop, revert,
 * queue, apply, not needed...), so that the trees it names count. */
gboolean sm_sentence_acts_on_trees(const char *sentence);

/* Collapse runs of white space and control characters to one space and
 * trim; newly allocated. */
char *sm_collapse_space(const char *s, gssize len);

/* ---- subjects (recognise/subject.c) ---- */

typedef enum {
	SM_FORM_NONE = 0, /* not a stable form */
	SM_FORM_TAGGED,   /* "[PATCH AUTOSEL 6.6 10/23] ...", "[PATCH 6.1.y] ..." */
	SM_FORM_COVER,    /* "[PATCH 6.1 000/150] 6.1.80-rc1 review" */
	SM_FORM_FAILED,   /* FAILED: patch "..." failed to apply to 5.15-stable tree */
	SM_FORM_ADDED,    /* Patch "..." has been added to the 6.1-stable tree */
	SM_FORM_REMOVED,  /* Patch "..." has been removed from the 6.1-stable tree */
	SM_FORM_RELEASE,  /* Linux 6.6.22 */
} sm_form;

typedef struct {
	sm_form form;
	gboolean tagged;    /* had a "[PATCH ...]" tag at all */
	gboolean autosel;   /* AUTOSEL (or MANUALSEL) */
	gboolean dot_y;     /* a tree written "6.1.y": a hand-made backport */
	gboolean report;    /* "[REGRESSION 6.1.70] ...", "[5.10.y] Regression in ...",
	                       "[Android 5.10] kernel BUG in ...": a report naming
	                       a tree, not a notice (form NONE) */
	gboolean patch_tag; /* a tag says it carries a patch: PATCH, BACKPORT,
	                       RFC, RESEND, AUTOSEL, a "stable" word, a series
	                       position, a "6.1.y" branch */
	gboolean says_stable; /* the tag names stable itself: a "stable" word, a
	                         "6.1.y" branch; a bare "6.1" may be any 6.1 kernel */
	int series_pos, series_total;
	GPtrArray *trees;   /* char*: trees named, newest-first not guaranteed */
	GPtrArray *ranges;  /* char*: high, low, high, low... of "6.17-6.1" */
	char *title;        /* the patch subject, cleaned; NULL when none */
	char *release;      /* cover and release: "6.6.21" */
} sm_subject;

/* Skip "Re:", "Fwd:", "AW:"... at the start of S; sets *REPLY when any. */
const char *sm_skip_reply_prefix(const char *s, gboolean *reply);

/* Read SUBJECT (no reply prefix) into OUT; free with sm_subject_clear(). */
void sm_subject_parse(const char *subject, sm_subject *out);
void sm_subject_clear(sm_subject *s);

/* A patch subject as people write it, cleaned: leading "[...]" tags and
 * reply prefixes gone, "CVE-2024-1234: " prefixes gone, white space
 * collapsed.  NULL when nothing is left. */
char *sm_clean_patch_subject(const char *s, gssize len);

/* For the tests and tools (tests/survey.c): the inverse of sm_kind_name();
 * FALSE for an unknown name. */
gboolean sm_kind_from_name(const char *name, sm_kind *kind);

/* For the tests (tests/recognise/test-diff.c): the two halves of
 * sm_diff_scan and one path against a glob (diff.h). */
/* DIFF's files joined by newlines ("a/x.c\nb/y.h"), or NULL when none.
 * Caller frees. */
char *sm_diff_files_text(const sm_diff *diff);
/* A hash of DIFF's change: the files and the '-' and '+' lines of each
 * hunk in order, not its context or line numbers.  0 when it has no hunk. */
guint32 sm_diff_change(const sm_diff *diff);
/* Does PATH match GLOB (sm_paths_glob's pattern)?  FALSE for a NULL one. */
gboolean sm_path_glob(const char *glob, const char *path);

#endif
