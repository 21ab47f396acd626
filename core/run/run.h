/* run/run.h - the one way stablemate starts a program (git's run-command).
 *
 * Every child (the editor, the sendmail command, pipe-message's command,
 * the checkout's shell, git and its hooks) is started here, from an argv.
 * A shell runs only a command of the user's own that needs one (use_shell
 * and one of | & ; < > ( ) $ ` * ? [ # ~ = % or a new line in it, as git's
 * prepare_shell_cmd decides); any other command line of the user's is split
 * into words as a shell would (quotes, backslashes) and run without one.
 * Text from mail is never part of a command line: it reaches a child only
 * on its standard input or as an argument of its own.
 *
 * One error wording for every child (SM_RUN_ERROR, one line; NAME is
 * sm_child.name, else the command line in double quotes):
 *     cannot run NAME: REASON                        (SM_RUN_ERROR_START)
 *     NAME failed (exit status 3)[: LAST LINE]       (SM_RUN_ERROR_FAILED)
 *     NAME failed (killed by signal 9 (Killed))
 * LAST LINE is the last line the child printed, when its output is kept.
 */
#ifndef SM_RUN_H
#define SM_RUN_H

#include <glib.h>

#define SM_RUN_ERROR (sm_run_error_quark())
GQuark sm_run_error_quark(void);
typedef enum {
	SM_RUN_ERROR_START,  /* cannot be split into words or started */
	SM_RUN_ERROR_FAILED, /* ran, and exited non-zero or was killed */
} sm_run_error;

typedef struct {
	/* What to run: ARGV (argv[0] is looked for in $PATH), or else COMMAND,
	 * a command line of the user's, with ARGS (may be NULL) after its
	 * words (through a shell: as "$@", as git passes an editor's file). */
	const char *const *argv;
	const char *command;
	const char *const *args;
	gboolean use_shell; /* COMMAND may go to /bin/sh -c when it needs it */
	const char *name;   /* how errors name it; NULL: "COMMAND" or argv[0] */
	const char *dir;    /* where it runs; NULL: here */
	/* Over our environment: "NAME=value" sets, a bare "NAME" unsets. */
	const char *const *env;
	/* Its standard input: -1 the caller's (the terminal; /dev/null when
	 * the output is kept), else this descriptor, which sm_run() does not
	 * close. */
	int in;
	/* Its output and errors, merged, are kept in *output (NULL: they go
	 * to the caller's), and the last line printed goes in the error. */
	gboolean keep_output;
	/* With KEEP_OUTPUT: called with each piece of it as it comes (not
	 * split at lines), from the thread that runs sm_run(); may be NULL. */
	void (*on_output)(const char *text, gsize len, void *data);
	void *on_output_data;
	/* A child on the terminal (its output not kept) takes C-c and C-\
	 * itself; stablemate ignores them while it runs, as system(3) does.
	 * HOLD_SIGNALS instead runs it in its own process group, out of reach
	 * of the terminal's C-c, and holds SIGINT, SIGTERM and SIGHUP until it
	 * has ended (sm_run_held_signal); a second such signal ends it
	 * (SIGTERM to its group): a send is not cut in half. */
	gboolean hold_signals;
	/* Out: the wait status (-1 when it did not start) and the output. */
	int status;
	char *output;
} sm_child;

#define SM_CHILD_INIT { .in = -1, .status = -1 }

/* Run CHILD and wait for it.  TRUE when it exited 0; else FALSE and ERROR
 * as above (child->status says how it ended).  The caller frees
 * child->output (g_free). */
gboolean sm_run(sm_child *child, GError **error);

/* "exit status 0", "killed by signal 9 (Killed)".  Caller frees. */
char *sm_run_describe_status(int status);

/* The signal held during the last runs with hold_signals (the first
 * one), or 0. */
int sm_run_held_signal(void);
/* Deliver the held signal now, to the handler that was in force before
 * (by default, the end of the process); nothing when none is held. */
void sm_run_deliver_held_signal(void);

#endif
