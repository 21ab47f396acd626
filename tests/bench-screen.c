/* bench-screen.c - time a program's first screen as a user meets it.
 *
 *   bench-screen [--rows N] [--title TEXT] [--timeout S] [--size WxH] -- COMMAND...
 *
 * The benchmark (tests/bench) needs what a user sees, not what the library
 * reports: the program runs in a real terminal (a tmux server of its own,
 * 120x40 by default) and the screen is read back every 10 ms with
 * capture-pane.  The clock starts when the program is started, not when
 * tmux is: the pane first waits on a FIFO, and opening it lets the program
 * run (`read < FIFO; exec COMMAND`).
 *
 * The screen is the list view's: a header line, patch rows, the title line
 * (starting with TITLE, default "[patches]") and the status line.  Printed,
 * in seconds from the start:
 *   frame      the title line is drawn
 *   first_row  the title and at least one row
 *   screen     a screenful: N rows (default: every row the terminal has,
 *              its height less the header, title and status lines), or all
 *              there are once loading is over (the same on two captures)
 *   loaded     the title and status lines no longer say "loading"
 * then "rows R", the rows counted on that first screen, and the program's
 * memory once loaded and settled (unchanged for a second, at most ten):
 * "rss_kib" (VmRSS) and "hwm_kib" (VmHWM, its peak), from /proc/PID/status.
 * Exit status 1, with what was reached so far, when a step did not come
 * within the timeout (default 600 s), the program ended, or it stopped at
 * its key-file prompt ("Press Enter to go on without these bindings": a
 * binary older than the key maps it reads); that prompt's screen is
 * printed, so that a wait for the user is not taken for a slow load.
 * 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>
#include <glib/gstdio.h>

typedef struct screen_bench {
	char *socket;
	int width, height;
	guint rows_wanted;
	const char *title;
	gint64 start; /* monotonic, microseconds */
} screen_bench;

static gboolean tmux(const screen_bench *b, const char *const *args, char **out)
{
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (char *)"tmux");
	g_ptr_array_add(argv, (char *)"-u");
	g_ptr_array_add(argv, (char *)"-S");
	g_ptr_array_add(argv, b->socket);
	g_ptr_array_add(argv, (char *)"-f");
	g_ptr_array_add(argv, (char *)"/dev/null");
	for (const char *const *a = args; *a; a++)
		g_ptr_array_add(argv, (char *)*a);
	g_ptr_array_add(argv, NULL);
	int status = 0;
	gboolean ok = g_spawn_sync(NULL, (char **)argv->pdata, NULL,
	                           G_SPAWN_SEARCH_PATH | (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL) |
	                           G_SPAWN_STDERR_TO_DEV_NULL,
	                           NULL, NULL, out, NULL, &status, NULL) &&
	              g_spawn_check_wait_status(status, NULL);
	g_ptr_array_free(argv, TRUE);
	return ok;
}

static double elapsed(const screen_bench *b)
{
	return (double)(g_get_monotonic_time() - b->start) / G_USEC_PER_SEC;
}

/* What one capture of the screen shows. */
typedef struct seen {
	gboolean title;   /* the title line is drawn */
	gboolean loading; /* title or status line says "loading" */
	guint rows;       /* non-blank lines between the header and the title */
	gboolean prompt;  /* the program waits at its key-file prompt */
} seen;

/* What stablemate asks before taking the screen when a key file has lines
 * in error (tui.c, report_key_errors). */
#define KEY_PROMPT "Press Enter to go on without these bindings"


static seen look(const screen_bench *b, const char *text)
{
	seen s = { 0 };
	char **lines = g_strsplit(text, "\n", -1);
	guint n = g_strv_length(lines);
	while (n > 0 && !*lines[n - 1])
		n--; /* capture-pane ends with a newline */
	s.prompt = strstr(text, KEY_PROMPT) != NULL;
	/* The title is one of the last three lines (the status line may be
	 * empty or take a second line). */
	guint title = 0;
	for (guint i = n > 3 ? n - 3 : 1; i < n; i++)
		if (g_str_has_prefix(lines[i], b->title))
			title = i;
	if (title) {
		s.title = TRUE;
		for (guint i = 1; i < title; i++)
			if (*g_strstrip(lines[i]))
				s.rows++;
		for (guint i = title; i < n; i++) {
			char *lower = g_ascii_strdown(lines[i], -1);
			s.loading |= strstr(lower, "loading") != NULL;
			g_free(lower);
		}
	}
	g_strfreev(lines);
	return s;
}

static long status_kib(pid_t pid, const char *field)
{
	char *path = g_strdup_printf("/proc/%d/status", (int)pid), *text = NULL;
	long kib = -1;
	if (g_file_get_contents(path, &text, NULL, NULL)) {
		char *at = strstr(text, field);
		if (at)
			kib = strtol(at + strlen(field), NULL, 10);
	}
	g_free(path);
	g_free(text);
	return kib;
}

/* VmRSS once it has stayed the same for a second (at most ten). */
static long settled_rss(pid_t pid)
{
	long last = status_kib(pid, "VmRSS:");
	for (int same = 0, tries = 0; last >= 0 && same < 10 && tries < 100; tries++) {
		g_usleep(100000);
		long now = status_kib(pid, "VmRSS:");
		same = now == last ? same + 1 : 0;
		last = now;
	}
	return last;
}

static void print_time(const char *name, double t)
{
	if (t >= 0)
		printf("%s %.4f\n", name, t);
	else
		printf("%s never\n", name);
}

/* Start COMMAND and watch it; returns the exit status. */
static int watch(screen_bench *b, char **command, double timeout)
{
	char *dir = g_dir_make_tmp("bench-screen-XXXXXX", NULL);
	if (!dir) {
		fprintf(stderr, "bench-screen: cannot make a temporary directory\n");
		return 1;
	}
	b->socket = g_build_filename(dir, "tmux.sock", NULL);
	char *fifo = g_build_filename(dir, "go", NULL);
	int status = 1;
	if (mkfifo(fifo, 0600) != 0) {
		fprintf(stderr, "bench-screen: %s: %s\n", fifo, g_strerror(errno));
		goto out;
	}
	GString *shell = g_string_new("read _ < ");
	char *quoted = g_shell_quote(fifo);
	g_string_append_printf(shell, "%s; exec", quoted);
	g_free(quoted);
	for (char **a = command; *a; a++) {
		quoted = g_shell_quote(*a);
		g_string_append_printf(shell, " %s", quoted);
		g_free(quoted);
	}
	char width[16], height[16];
	g_snprintf(width, sizeof width, "%d", b->width);
	g_snprintf(height, sizeof height, "%d", b->height);
	const char *session[] = { "new-session", "-d", "-x", width, "-y", height, shell->str, NULL };
	gboolean started = tmux(b, session, NULL);
	g_string_free(shell, TRUE);
	if (!started) {
		fprintf(stderr, "bench-screen: tmux new-session failed\n");
		goto out;
	}
	char *pid_text = NULL;
	const char *display[] = { "display-message", "-p", "-t", "0", "#{pane_pid}", NULL };
	pid_t pid = tmux(b, display, &pid_text) ? (pid_t)atoi(pid_text) : 0;
	g_free(pid_text);

	/* Opening the FIFO waits for the pane's shell; then it runs COMMAND. */
	int go = open(fifo, O_WRONLY);
	b->start = g_get_monotonic_time();
	if (go < 0 || write(go, "\n", 1) != 1) {
		fprintf(stderr, "bench-screen: %s: %s\n", fifo, g_strerror(errno));
		goto stop;
	}
	close(go);

	double frame = -1, first_row = -1, screen = -1, loaded = -1;
	guint rows = 0, polls = 0, last_rows = 0;
	gboolean ended = FALSE, last_loaded = FALSE;
	char *prompt = NULL; /* the screen of the key-file prompt */
	const char *capture[] = { "capture-pane", "-p", "-t", "0", NULL };
	while (loaded < 0 && elapsed(b) < timeout) {
		char *text = NULL;
		if (!tmux(b, capture, &text)) {
			g_free(text);
			ended = TRUE; /* tmux closed the pane */
			break;
		}
		double t = elapsed(b);
		seen s = look(b, text);
		polls++;
		if (s.prompt && !s.title) {
			prompt = text;
			break;
		}
		g_free(text);
		if (s.title && frame < 0)
			frame = t;
		if (s.title && s.rows > 0 && first_row < 0)
			first_row = t;
		/* Fewer rows than a screenful make the first screen only once
		 * loading is over and two captures agree: a program drawing
		 * line by line (or one that never says "loading") is not done
		 * with its first rows. */
		gboolean done = s.title && !s.loading && s.rows > 0;
		if (s.title && screen < 0 &&
		    (s.rows >= b->rows_wanted || (done && last_loaded && s.rows == last_rows))) {
			screen = t;
			rows = s.rows;
		}
		last_loaded = done;
		last_rows = s.rows;
		if (s.title && !s.loading && screen >= 0)
			loaded = t;
		else
			g_usleep(10000);
	}
	print_time("frame", frame);
	print_time("first_row", first_row);
	print_time("screen", screen);
	print_time("loaded", loaded);
	printf("rows %u\npolls %u\n", rows, polls);
	if (loaded >= 0 && pid > 0) {
		printf("rss_kib %ld\n", settled_rss(pid));
		printf("hwm_kib %ld\n", status_kib(pid, "VmHWM:"));
		status = 0;
	} else if (prompt) {
		fprintf(stderr, "bench-screen: the program waits at its key-file prompt:\n");
		char **lines = g_strsplit(prompt, "\n", -1);
		for (char **line = lines; *line; line++)
			if (*g_strstrip(*line))
				fprintf(stderr, "  %s\n", *line);
		g_strfreev(lines);
		g_free(prompt);
	} else if (ended) {
		fprintf(stderr, "bench-screen: the program ended after %.1f s\n", elapsed(b));
	} else {
		fprintf(stderr, "bench-screen: %s within %.0f s\n",
		        frame < 0 ? "no title line" : screen < 0 ? "no screenful of rows"
		                                                 : "the load did not end",
		        timeout);
	}
stop:;
	const char *kill[] = { "kill-server", NULL };
	tmux(b, kill, NULL);
out:
	g_unlink(b->socket);
	g_unlink(fifo);
	g_rmdir(dir);
	g_free(fifo);
	g_free(dir);
	return status;
}

int main(int argc, char **argv)
{
	gint rows = 0;
	double timeout = 600;
	char *size = NULL, *title = NULL;
	GOptionEntry entries[] = {
		{ "rows", 'r', 0, G_OPTION_ARG_INT, &rows, "rows that make a screenful (default: the terminal's)", "N" },
		{ "title", 0, 0, G_OPTION_ARG_STRING, &title, "how the title line starts (default [patches])", "TEXT" },
		{ "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout, "seconds to wait for each step (default 600)", "S" },
		{ "size", 0, 0, G_OPTION_ARG_STRING, &size, "terminal size (default 120x40)", "WxH" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *context = g_option_context_new("-- COMMAND... - time its first screen in tmux");
	g_option_context_add_main_entries(context, entries, NULL);
	GError *error = NULL;
	screen_bench b = { .width = 120, .height = 40, .title = "[patches]" };
	if (!g_option_context_parse(context, &argc, &argv, &error) || argc < 2 ||
	    (size && sscanf(size, "%dx%d", &b.width, &b.height) != 2) || b.height < 4 || rows < 0) {
		fprintf(stderr, "bench-screen: %s\n", error ? error->message
		                                            : "usage: bench-screen [OPTION...] -- COMMAND...");
		return 2;
	}
	g_option_context_free(context);
	if (title)
		b.title = title;
	/* Header, title and status lines are not rows. */
	b.rows_wanted = rows ? (guint)rows : (guint)b.height - 3;
	int status = watch(&b, argv + 1, timeout);
	g_free(b.socket);
	g_free(size);
	g_free(title);
	return status;
}
