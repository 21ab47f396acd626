/* maintainers.h - the kernel's MAINTAINERS file: which sections a file
 * falls in, and which sections are the user's.
 *
 * The file is a list of sections: a name line, then tagged lines
 * ("M:\tName <addr>", "F:\tdrivers/usb/"), ended by a blank line.  The
 * semantics are those of the file's own header, as scripts/get_maintainer.pl
 * applies them:
 *   F: a pattern: "*" any characters, "?" one; it is anchored at the start
 *      of the path.  A pattern ending in "/" names everything in and below
 *      the directory ("F: drivers/net/"); any other must also have as many
 *      "/" as the path (so "drivers/net/" with a star after it is the files
 *      in drivers/net, not below it).  A pattern
 *      naming a directory without the slash (get_maintainer adds it when
 *      the directory exists) names what is below it too.
 *   X: the same, excluded: a path an X: of the section matches is not the
 *      section's, whatever its F: and N: say.
 *   N: a regular expression (Perl's extended syntax: blanks ignored) that
 *      matches somewhere in the path ("N: [^a-z]tegra").
 *   K: a regular expression over the patch's text, as get_maintainer.pl
 *      tries it on a patch mail: anywhere in a line of the subject and
 *      the message, in the diff only in a removed or added line
 *      (sm_maintainers_keywords_in_patch).  The index keeps a patch's
 *      subject and files, not its diff, so the text is the caller's to
 *      read and tell (git/maintainers.h reads the patch's reference
 *      mail); until told, K: is tried on the subject.
 *   M:, R: the maintainers' and reviewers' addresses.
 *
 * Ownership: sm_maintainers_free() frees everything; strings returned are
 * borrowed from the sm_maintainers.  Not thread-safe: matching keeps a
 * cache (the same files are asked about again and again by a limit).
 */
#ifndef SM_MAINTAINERS_H
#define SM_MAINTAINERS_H
#if !defined(SM_INSIDE_PATCH_H) && !defined(SM_PATCH_COMPILATION)
#error "include patch/patch.h, core/patch's door, not this header"
#endif

#include <glib.h>
#include "group.h"

typedef struct sm_maintainers sm_maintainers;

/* Parse LEN bytes of TEXT (the whole file; LEN -1: NUL-terminated),
 * keeping the sections whose M: or R: entries hold one of ADDRESSES
 * (NULL-terminated, whole, without case) or whose name is one of NAMES
 * (without case); either may be NULL, both NULL keeps every section.
 * Only the kept sections are built (their patterns compiled): a whole
 * kernel MAINTAINERS costs a scan of its lines.  Never NULL: a file with
 * no section gives none.  A bad N: or K: expression is left out (its
 * section keeps the rest). */
sm_maintainers *sm_maintainers_parse(const char *text, gssize len,
                                     const char *const *addresses, const char *const *names);
void sm_maintainers_free(sm_maintainers *m);

/* The caller's name for what M was parsed from (git/maintainers.c: the
 * blob id and the selection), so that it is parsed again only when that
 * changes; "" until set.  KEY is copied. */
void sm_maintainers_set_key(sm_maintainers *m, const char *key);
const char *sm_maintainers_key(const sm_maintainers *m);

/* The number of sections kept. */
guint sm_maintainers_count(const sm_maintainers *m);

/* Is PATCH in a section of M: does one of its files (sm_patch.files)
 * fall in one, or its text match a K: expression (as told by
 * sm_maintainers_set_keywords_answer; not told: its subject)?  Answers
 * for the same files are kept (a limit asks for every patch, again at
 * each keystroke of the prompt). */
gboolean sm_maintainers_covers(sm_maintainers *m, const sm_patch *patch);

/* Do M's sections have K: expressions at all? */
gboolean sm_maintainers_has_keywords(const sm_maintainers *m);
/* A name for M's K: expressions (a SHA-1 of them, caller frees): answers
 * kept under it stay true while they do not change. */
char *sm_maintainers_keywords_key(const sm_maintainers *m);
/* Does a K: of M match the patch mail of SUBJECT and BODY (either may be
 * NULL)?  get_maintainer.pl's rules: any line before the diff's first
 * "--- FILE" or "+++ FILE" line, and after it the '-' and '+' lines after
 * their mark; lines naming files (diff --git, ---, +++, mode change,
 * rename), hunk headers and Fixes: lines are not tried. */
gboolean sm_maintainers_keywords_in_patch(const sm_maintainers *m, const char *subject,
                                          const char *body);
/* Tell M what K: says of PATCH's text, kept by its oldest notice; and
 * whether it was told. */
void sm_maintainers_set_keywords_answer(sm_maintainers *m, const sm_patch *patch,
                                        gboolean matched);
gboolean sm_maintainers_keywords_answered(const sm_maintainers *m, const sm_patch *patch);

#endif
