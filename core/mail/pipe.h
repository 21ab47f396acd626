/* mail/pipe.h - give a message file to a command of the user's (the
 * TUI's pipe-message, |, as mutt's pipe-message: `git am`, `b4 am -o -`).
 *
 * The command is what the user typed: never text from mail.  A shell runs
 * it only when it needs one, as git's run-command decides for a command of
 * the user's (prepare_shell_cmd): when it has one of the characters that
 * mean something to a shell,
 *     | & ; < > ( ) $ ` * ? [ # ~ = %  or a new line,
 * it runs as `/bin/sh -c COMMAND` (run/run.h runs it).  git's list also has blanks, quotes and
 * backslashes, because git never splits a command into words itself and
 * leaves any command of several words to the shell; stablemate splits it
 * into words exactly as the shell would (g_shell_parse_argv, as for the
 * editor), so `git am -3` or `b4 am -o 'my dir'` runs with the same words
 * and no shell.
 *
 * The message reaches the command's standard input as the file is on disk
 * (headers and all, undecoded, as mutt pipes it without pipe_decode); its
 * output and errors go to the terminal.  While it runs, SIGINT and SIGQUIT
 * (C-c, C-\ at the terminal) go to the command alone, as with system(3).
 *
 * Errors: SM_RUN_ERROR_START for a command that cannot be split or
 * started, G_FILE_ERROR for the message file.
 */
#ifndef SM_PIPE_H
#define SM_PIPE_H
#if !defined(SM_INSIDE_MAIL_H) && !defined(SM_MAIL_COMPILATION)
#error "include mail/mail.h, core/mail's door, not this header"
#endif

#include <glib.h>

/* Run COMMAND with FILE on its standard input and wait for it; *STATUS
 * gets its wait status.  FALSE and ERROR when it could not be started. */
gboolean sm_pipe_run(const char *command, const char *file, int *status, GError **error);

#endif
