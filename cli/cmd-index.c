/* cmd-index.c - `stablemate [OPTION...] __index [QUERY]`, internal: the
 * TUI's load of a query that has no index yet, in a process of its own.
 *
 * The TUI runs it (tui.h, sm_tui_start.index_argv) and then loads the
 * index it wrote, which costs what a warm start costs.  A first scan reads
 * every matching message, and what notmuch, Xapian, GMime and GLib's slice
 * allocator keep of it lies scattered over the pages the scan's notices
 * used: in the TUI's own heap those pages would stay resident as long as
 * it runs (doc/bench.md).  Here they go when the process ends.
 *
 * It loads as the TUI's worker does (sm_store_load, which writes the
 * index) and prints its progress on standard output, one line each time
 * the store reports it: "DONE TOTAL".  Exit status 0 once the index is
 * written, 1 (with a one-line reason on standard error) when the load
 * failed or the index could not be written: the TUI then loads in its own
 * process, as it would without this command, and says why as it would.
 * It ends when the thread that started it does (the TUI quitting).
 *
 * The TUI starts it together with its first screen (load.h), and it runs
 * at a lower priority (nice 5) than the TUI: on two cores the two take
 * one each, and on a busy machine the first screen still comes first.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/prctl.h>
#include "commands.h"

static void print_progress(guint done, guint total, void *data)
{
	(void)data;
	printf("%u %u\n", done, total);
	fflush(stdout);
}

int sm_cmd_index(const sm_options *options, int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "stablemate %s: one QUERY at most\n", argv[0]);
		return 2;
	}
	/* A TUI that quits (or dies) mid-load takes this load with it, even
	 * while a read keeps it from printing (and so from a SIGPIPE). */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	errno = 0;
	if (nice(5) == -1 && errno)
		fprintf(stderr, "stablemate: cannot lower the index process's priority: %s\n",
		        g_strerror(errno));
	if (getppid() == 1)
		return 1;
	sm_config *config;
	sm_store *store;
	if (!sm_open(options, &config, &store))
		return 1;
	sm_group *group = sm_group_new();
	const char *query = argc > 1 ? argv[1] : NULL;
	GError *error = NULL;
	int status = 0;
	if (!sm_store_load(store, query, group, print_progress, NULL, &error)) {
		fprintf(stderr, "stablemate: %s\n", error->message);
		g_error_free(error);
		status = 1;
	} else if (!sm_store_has_index(store, query)) {
		GPtrArray *warnings = sm_store_warnings(store);
		fprintf(stderr, "stablemate: no patch index was written%s%s\n",
		        warnings->len ? ": " : "",
		        warnings->len ? (char *)warnings->pdata[warnings->len - 1] : "");
		status = 1;
	}
	sm_close(config, store, group);
	return status;
}
