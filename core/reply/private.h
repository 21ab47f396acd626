/* reply/private.h - what act.c, act-run.c and leftover.c share, and what
 * the tests reach inside core/reply (no other room includes it).
 *
 * The edit file of a reply is sm_act_edit_dir()/MESSAGE-ID.eml; what it
 * answers is written beside it, in MESSAGE-ID.about, each time the editor
 * is about to run, and both go once the reply is sent, saved as a draft or
 * discarded (act.h, "Replies left unfinished").
 */
#ifndef SM_REPLY_PRIVATE_H
#define SM_REPLY_PRIVATE_H

#include <glib.h>
#include "reply.h"
#include "act.h"
#include "git-mail.h"
#include "template.h"

/* The edit file of a reply with MESSAGE_ID.  Caller frees. */
char *sm_act_edit_file(const char *message_id);

/* Write what R answers beside its edit file (R->edit_path), naming this
 * process as the one editing it.  FALSE and ERROR when it cannot be
 * written (the text is safe all the same; only the offer to resume it on
 * the next run is lost). */
gboolean sm_act_about_write(const sm_act *act, const sm_act_reply *r, GError **error);
/* Remove the description beside EDIT_PATH, if any. */
void sm_act_about_remove(const char *edit_path);

/* For the tests: the request to take PICKED (sm_dependency*, git/deps.h)
 * before UPSTREAM ("subject" SUBJECT) on TREE, as a reply from ME to
 * FAILED, dated NOW (sm_git_deps_fill() into a new reply-all).  Returns a
 * new reply (sm_reply_free), or NULL and ERROR. */
sm_reply *sm_git_deps_mail(const sm_config *config, GMimeMessage *failed,
                           const sm_identity *me, const char *upstream,
                           const char *subject, const char *tree,
                           GPtrArray *picked, gint64 now, GError **error);
/* For the tests: the backport BACKPORT (a commit id in REPO) for TREE as a
 * reply from ME to FAILED, dated NOW.  Returns a new reply, or NULL and
 * ERROR. */
sm_reply *sm_git_backport_mail(sm_git_repo *repo, const char *backport,
                               const char *tree, GMimeMessage *failed,
                               const sm_identity *me, gint64 now, GError **error);

/* The template variables' names, NULL-terminated. */
extern const char *const sm_template_variables[];
/* The shipped template NAME ("approve", ...), or NULL for an unknown name. */
const char *sm_template_default(const char *name);
/* TEXT with each line wider than WIDTH display cells (a wide character
 * takes two) broken at spaces, the spaces between the words of a line
 * kept as written where it does not break, except quoted ("> ...") and indented lines, trailers (Acked-by:,
 * Fixes:, Link:, Cc:), a quote's "... wrote:" line and lines that start
 * with a commit id; a URL or a commit reference 1a2b3c4d5e6f ("subject")
 * is never cut (it goes on a line of its own when longer).  Lines are
 * never joined.  sm_template_expand() applies it at SM_TEMPLATE_WIDTH.
 * Caller frees. */
char *sm_template_wrap(const char *text, int width);

/* For the tests and the fuzz target: sm_reply_read_parent() from bytes in
 * memory. */
GMimeMessage *sm_reply_parse_parent(const char *data, gsize len);

#endif
