/* demo-private.h - the parts of the demo (demo.c builds them in order).
 *
 * demo-git.c writes the kernel-like repository and describes the commits
 * the notices talk about; demo-mail.c writes the notices naming them.
 * Ownership: an sm_demo_repo owns its commits; free with
 * sm_demo_repo_free().
 */
#ifndef SM_DEMO_PRIVATE_H
#define SM_DEMO_PRIVATE_H

#include <glib.h>
#include "recognise/recognise.h"

/* One commit of the demo repository, as the mail quotes it. */
typedef struct sm_demo_commit {
	char id[SM_SHA_LEN + 1];
	char *subject;
	char *author;        /* "Name <address>" */
	gint64 date;         /* author time */
	char *body;          /* the message after the subject line */
	char *diff;          /* "---", diffstat and the patch, as git format-patch */
	char *email;         /* the whole of git format-patch's output */
} sm_demo_commit;

typedef struct sm_demo_repo {
	GHashTable *commits; /* key ("leak", "deref", ...) -> sm_demo_commit* */
} sm_demo_repo;

/* Write the repository at PATH (which must not exist) with its mainline
 * and stable branches.  Commit ids do not depend on when it is built. */
sm_demo_repo *sm_demo_git_build(const char *path, GError **error);
void sm_demo_repo_free(sm_demo_repo *repo);

/* A message of the demo, written to the maildir. */
typedef struct sm_demo_message {
	char *path;          /* the file */
	char *message_id;    /* without brackets */
	char **tags;         /* NULL-terminated: unread, inbox, triage tags */
} sm_demo_message;

void sm_demo_message_free(sm_demo_message *m);

/* Write the notices about REPO's commits into the maildir MAIL (cur/ and
 * new/ must exist) from the templates in the directory TEMPLATES (the
 * language is demo-mail.c's), dated relative to NOW.  Returns
 * sm_demo_message*, in the templates' order, or NULL and sets ERROR (a
 * G_FILE_ERROR: "demo mail NAME.eml:LINE: what is wrong"). */
GPtrArray *sm_demo_mail_write(const char *mail, const char *templates,
                              const sm_demo_repo *repo, gint64 now, GError **error);

/* The demo maintainer, Cc'd on some notices. */
#define SM_DEMO_USER_NAME "Mira Olsen"
#define SM_DEMO_USER_EMAIL "mira.olsen@example.org"

/* The people of the demo: the stable team, and fictional developers. */
#define GREG "Greg Kroah-Hartman <gregkh@linuxfoundation.org>"
#define MIRA SM_DEMO_USER_NAME " <" SM_DEMO_USER_EMAIL ">"
#define TOMAS "Tom\xc3\xa1s Ruiz <tomas.ruiz@example.com>"
#define CAROL "Carol Nguyen <carol.nguyen@example.org>"
#define DEV "Dev Patel <dev.patel@example.net>"
#define IAN "Ian Brooks <ian.brooks@example.com>"
#define HANA "Hana Sato <hana.sato@example.org>"

#endif
