/* tui.h - the interactive program: `stablemate` with no subcommand.
 *
 * Opens the ncursesw TUI on the maintainer's notmuch mail (or the demo):
 * the patch list, patch view, message pager and help, driven by the key
 * maps in keymaps/ and the user's key file.  See doc/stablemate.1.
 */
#ifndef SM_TUI_H
#define SM_TUI_H

#include "store/store.h"

/* What the TUI takes from the program that starts it (cli/main.c): the
 * TUI knows nothing of the command line. */
typedef struct sm_tui_start {
	const char *keymap_path;   /* --keymap: bindings read last, or NULL */
	/* Load the config and open the store, printing the reason on stderr
	 * and returning FALSE when it cannot; called with DATA after the key
	 * maps are read.  The TUI owns what it returns. */
	gboolean (*open)(const void *data, sm_config **config, sm_store **store);
	const void *data;
	/* The command (an argv, NULL-terminated, the query appended when
	 * there is one) that loads a query with no index yet in a process of
	 * its own and writes its index (cmd-index.c), or NULL to load it in
	 * this one.  That process's leftovers end with it (doc/bench.md). */
	const char *const *index_argv;
} sm_tui_start;

/* Run the TUI until the user quits.  Key-file errors and an unopenable
 * database are reported on stderr before the screen is taken over.
 * Returns the process exit status. */
int sm_tui_run(const sm_tui_start *start);

#endif
