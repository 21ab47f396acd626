/* act-pipe.c - pipe-message (|): the message to a command of the user's.
 *
 * The prompt asks for the command (Up brings back the last ones); the
 * terminal is handed to it (curses ends, as for the editor) with the
 * message file on its standard input (mail/pipe.h decides whether a shell
 * runs it: only for shell syntax the user typed); when it exits its
 * status shows, the screen waits for a key so that its output can be
 * read (mutt's wait_key), and the status line keeps the status.  A
 * commit (in the pager, or a Git line of the patch view) has no file: its
 * text goes, from a temporary file removed once the command has run.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "mail/mail.h"
#include "run/run.h"
#include "view.h"

/* Wait for one key on the terminal, out of curses. */
static void wait_key(const char *status)
{
	printf("\n[%s] Press any key to return to stablemate", status);
	fflush(stdout);
	struct termios saved, t;
	if (tcgetattr(STDIN_FILENO, &saved) != 0)
		return;
	t = saved;
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &t);
	char c;
	if (read(STDIN_FILENO, &c, 1) < 0)
		c = 0;
	tcflush(STDIN_FILENO, TCIFLUSH); /* the rest of an arrow key's sequence */
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
}

/* What the command gets: a message file, or a commit's text in a file of
 * our own, removed once the command has run. */
typedef struct pipe_input {
	char *file;
	gboolean temporary;
} pipe_input;

static void pipe_input_free(pipe_input *in)
{
	if (in->temporary)
		g_unlink(in->file);
	g_free(in->file);
	g_free(in);
}

static void pipe_done(sm_tui *tui, const char *text, gpointer data)
{
	pipe_input *in = data;
	const char *file = in->file;
	char *command = text ? g_strstrip(g_strdup(text)) : NULL;
	if (command && !*command)
		sm_tui_error(tui, "pipe-message: no command");
	else if (command) {
		GError *error = NULL;
		int status = 0;
		sm_tui_leave_terminal();
		gboolean ran = sm_pipe_run(command, file, &status, &error);
		char *said = ran ? sm_run_describe_status(status) : NULL;
		if (ran)
			wait_key(said);
		sm_tui_take_terminal(tui);
		/* Let the status be read before a database check may replace it. */
		sm_tui_check_later(tui);
		if (!ran) {
			sm_tui_error(tui, "| %s", error->message); /* it names the command */
			g_error_free(error);
		} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			sm_tui_message(tui, "| %s: %s", command, said);
		} else {
			sm_tui_error(tui, "| %s: %s", command, said);
		}
		g_free(said);
	}
	g_free(command);
	pipe_input_free(in);
}

void sm_act_pipe(sm_action_ctx *ctx)
{
	const sm_view_ops *ops = ctx->view->ops;
	const char *file = ops->message_file ? ops->message_file(ctx->view) : NULL;
	const char *text = !file && ops->pipe_text ? ops->pipe_text(ctx->view) : NULL;
	pipe_input *in = g_new0(pipe_input, 1);
	if (file) {
		in->file = g_strdup(file);
	} else if (text) {
		GError *error = NULL;
		int fd = g_file_open_tmp("stablemate-pipe-XXXXXX", &in->file, &error);
		in->temporary = fd >= 0;
		if (fd < 0 || !g_file_set_contents(in->file, text, -1, &error)) {
			sm_tui_error(ctx->tui, "pipe-message: %s", error->message);
			g_error_free(error);
			if (fd >= 0)
				close(fd);
			pipe_input_free(in);
			return;
		}
		close(fd);
	} else {
		/* A commit that could not be read has said why already. */
		if (!sm_tui_said_error(ctx->tui))
			sm_tui_error(ctx->tui, "pipe-message: no message here (open a notice first)");
		g_free(in);
		return;
	}
	sm_prompt_open(ctx->tui, "Pipe to: ", "", pipe_done, in, NULL);
}
