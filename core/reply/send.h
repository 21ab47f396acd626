/* send.h - hand a message to a sendmail-compatible program.
 *
 * The command comes from the config ([reply] sendmail, default
 * "sendmail -t -oi"; "msmtp -t" works too).  It is split into words the way
 * a shell would (quotes and backslashes) but no shell ever runs it, and
 * the message goes to its standard input: nothing from the mail reaches a
 * command line.  A bare "sendmail" that is not on $PATH is looked for in
 * /usr/sbin and /usr/lib, where the MTA puts it.
 *
 * Errors are GErrors in SM_SEND_ERROR with one line fit for the user: the
 * command, its exit status and the last line it printed.
 */
#ifndef SM_SEND_H
#define SM_SEND_H
#if !defined(SM_INSIDE_REPLY_H) && !defined(SM_REPLY_COMPILATION)
#error "include reply/reply.h, core/reply's door, not this header"
#endif

#include <glib.h>
#include "store/store.h"

#define SM_SEND_DEFAULT_COMMAND "sendmail -t -oi"

#define SM_SEND_ERROR (sm_send_error_quark())
GQuark sm_send_error_quark(void);
typedef enum {
	SM_SEND_ERROR_COMMAND, /* the command line cannot be split or run */
	SM_SEND_ERROR_FAILED,  /* the command ran and reported failure */
} sm_send_error;

/* The sendmail command line of CONFIG.  Caller frees. */
char *sm_send_command(const sm_config *config);

/* Run COMMAND with MESSAGE (LEN bytes) on its standard input and wait for
 * it.  TRUE when it exited with status 0.
 *
 * A send is not cut in half by a signal: the command runs in its own
 * process group, so that a ^C on the terminal does not reach it, and
 * SIGINT, SIGTERM and SIGHUP sent to stablemate meanwhile are held until
 * the command has ended, so that the caller can record what happened
 * before the signal takes effect (sm_send_held_signal).  A second such
 * signal ends the command (SIGTERM to its process group). */
gboolean sm_send_message(const char *command, const char *message, gsize len,
                         GError **error);

/* The signal held during the last sends (the first one), or 0. */
int sm_send_held_signal(void);
/* Deliver the held signal now, to the handler that was in force before
 * the send (by default, the end of the process); nothing when none is
 * held. */
void sm_send_deliver_held_signal(void);

/* The maildir folder for KEY ("drafts" or "sent") of the [reply] group:
 * an absolute path, or a folder name under MAIL_ROOT (default: KEY).
 * Caller frees. */
char *sm_send_folder(const sm_config *config, const char *mail_root, const char *key);

#endif
