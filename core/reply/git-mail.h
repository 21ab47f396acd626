/* git-mail.h - the two mails of the git features, as replies to a FAILED
 * notice (reply.h), to go through the same review, edit and send path as
 * every other reply.
 *
 * Asking for dependencies: a reply-all to the FAILED notice whose text
 * comes from the template "ask-for-dependencies" ([templates] in the
 * config, as for the other replies; doc/git.md), by default
 *     ${quote}
 *
 *     Please also take ${dependencies} first.
 *
 *     Thanks,
 *     ${name}
 * where ${dependencies} is one commit the kernel's way, 12-char id
 * ("subject"), or several, one per line.
 *
 * The backport: what `git send-email --in-reply-to <FAILED notice>
 * --subject-prefix 'PATCH 6.1.y'` sends for the backport commit: Subject
 * "[PATCH 6.1.y] <subject>", the format-patch text (an in-body From: line
 * when the author is not the sender, the message, "---", the diffstat
 * and the diff), To stable@vger.kernel.org, Cc the FAILED notice's
 * recipients (its To and Cc, not the user), threaded under the notice.
 *
 * Errors: SM_GIT_ERROR for the repository, SM_REPLY_ERROR and
 * SM_TEMPLATE_ERROR as reply.h and template.h say.
 */
#ifndef SM_GIT_MAIL_H
#define SM_GIT_MAIL_H
#if !defined(SM_INSIDE_REPLY_H) && !defined(SM_REPLY_COMPILATION)
#error "include reply/reply.h, core/reply's door, not this header"
#endif

#include "git/git.h"
#include "reply.h"

#define SM_GIT_DEPS_TEMPLATE "ask-for-dependencies"
#define SM_GIT_DEPS_DEFAULT \
	"${quote}\n\nPlease also take ${dependencies} first.\n\nThanks,\n${name}\n"

/* The request to take PICKED (sm_dependency*, git/deps.h) before UPSTREAM
 * ("subject" SUBJECT) on TREE, written into REPLY, a reply-all to FAILED
 * made elsewhere (its From names the user).  CONFIG gives the template
 * and [reply] quote-lines.  FALSE and ERROR for a broken template. */
gboolean sm_git_deps_fill(sm_reply *reply, const sm_config *config, GMimeMessage *failed,
                          const char *upstream, const char *subject, const char *tree,
                          GPtrArray *picked, GError **error);

/* The backport BACKPORT (a commit id in REPO) for TREE, made out of
 * REPLY, a reply-all to FAILED made elsewhere.  FALSE and ERROR. */
gboolean sm_git_backport_fill(sm_reply *reply, sm_git_repo *repo, const char *backport,
                              const char *tree, GMimeMessage *failed, GError **error);

#endif
