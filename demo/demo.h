/* demo.h - build the demo set-up: mail, notmuch database, git repository.
 *
 * The demo is a maildir of realistic stable notifications of every kind
 * (review deadlines relative to NOW, so the countdown shows), its notmuch
 * database, a stablemate config, and a small kernel-like git repository
 * with a mainline branch and stable branches whose commits the notices
 * name; one patch conflicts on one tree, one has a follow-up fix.  It
 * touches nothing outside DIR.
 */
#ifndef SM_DEMO_H
#define SM_DEMO_H

#include <glib.h>

typedef struct sm_demo {
	char *dir;             /* the demo directory */
	char *notmuch_config;  /* DIR/notmuch-config */
	char *config;          /* DIR/config: stablemate's config for the demo */
	char *mail;            /* DIR/mail: the maildir root */
	char *repo;            /* DIR/linux: the git repository */
	gboolean built;        /* sm_demo_open() built it (else it was reused) */
	int lock_fd;           /* held while the demo is in use, or -1 */
} sm_demo;

/* The default demo directory: $XDG_CACHE_HOME/stablemate/demo. */
char *sm_demo_default_dir(void);

/* Build the demo in DIR, replacing an earlier demo there (DIR must be
 * empty, missing, or hold a previous demo: other content is refused).
 * Returns NULL and sets ERROR on failure; free with sm_demo_free(). */
sm_demo *sm_demo_build(const char *dir, gint64 now, GError **error);
void sm_demo_free(sm_demo *demo);

/* The demo in DIR for use: the one built there before (its mail, tags,
 * history and outbox as the user left them), else a new one; RESET builds
 * it again.  The demo stays locked (shared) until sm_demo_free(), so that
 * a second stablemate reuses it but never rebuilds it under a running one:
 * building with another instance open fails with G_FILE_ERROR_EXIST. */
sm_demo *sm_demo_open(const char *dir, gboolean reset, gint64 now, GError **error);

#endif
