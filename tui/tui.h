/* tui.h - the interactive program: `stablemate` with no subcommand.
 *
 * Opens the ncursesw TUI on the maintainer's notmuch mail (or the demo):
 * the patch list, patch view, message pager and help, driven by the key
 * maps in keymaps/ and the user's key file.  See doc/stablemate.1.
 */
#ifndef SM_TUI_H
#define SM_TUI_H

#include "cli/commands.h"

/* Run the TUI until the user quits.  Key-file errors and an unopenable
 * database are reported on stderr before the screen is taken over.
 * Returns the process exit status. */
int sm_tui_run(const sm_options *options);

#endif
