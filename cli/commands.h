/* commands.h - the subcommands of the stablemate program.
 *
 * Each subcommand lives in its own cli/cmd-*.c file and is a thin user of
 * core/; what they share (opening the store, finding patches, --format)
 * is in cli/options.c.  It gets the shared options already parsed, and its own argv
 * (argv[0] is the subcommand name).  It returns the process exit status and
 * prints a one-line reason on failure.
 */
#ifndef SM_COMMANDS_H
#define SM_COMMANDS_H

#include "store/store.h"
#include "git/git.h"

typedef struct sm_options {
	char *config_path;         /* --config, or NULL */
	char *notmuch_config_path; /* --notmuch-config, or NULL (demo sets it) */
	gboolean demo;             /* --demo */
	gboolean demo_reset;       /* --demo-reset: build it again */
	char *demo_dir;            /* --demo-dir, or NULL */
	char *keymap_path;         /* --keymap, or NULL */
	gboolean verbose;          /* --verbose: load statistics on stderr */
	char *format;              /* --format before the command, or NULL */
	/* The options of stablemate itself (main.c's table), to say where
	 * one given after the command goes. */
	const GOptionEntry *global_entries;
} sm_options;

/* The version of the JSON contract of list and show (README, "JSON
 * output"), as notmuch's NOTMUCH_FORMAT_CUR: fields may be added within a
 * version; renaming or removing one makes the next, and the oldest one
 * still printed is SM_FORMAT_MIN.  A program that reads the output asks
 * for the version it was written for with --format-version=N. */
#define SM_FORMAT_CUR 2
#define SM_FORMAT_MIN 1
/* notmuch's exit statuses for a --format-version out of that range. */
#define SM_EXIT_FORMAT_TOO_OLD 20
#define SM_EXIT_FORMAT_TOO_NEW 21

/* --- options.c --- */

/* Load config and open the store, printing the reason on failure. */
gboolean sm_open(const sm_options *options, sm_config **config, sm_store **store);

/* sm_open(), then load the notices matching QUERY (may be NULL) into a new
 * *GROUP; prints warnings (and, with --verbose, the load statistics) on
 * stderr.  On failure prints the reason and frees what it made. */
gboolean sm_open_and_load(const sm_options *options, const char *query,
                          sm_config **config, sm_store **store, sm_group **group);
void sm_close(sm_config *config, sm_store *store, sm_group *group);

/* The user's MAINTAINERS sections for the "maintained" field: from
 * [maintainers] file, else HEAD of REPO (may be NULL); NULL when neither
 * gives one (a [maintainers] file that cannot be read is said on stderr).
 * Caller frees. */
sm_maintainers *sm_cli_maintainers(const sm_config *config, sm_store *store, sm_git_repo *repo);

/* Parse COMMAND's ENTRIES out of *ARGC and *ARGV (ARGV[0] is the command;
 * what is left stays there): --help prints "stablemate COMMAND [OPTION…]
 * PARAMETERS" and SUMMARY (may be NULL).  FALSE after printing
 * "stablemate COMMAND: why" on stderr (for an option of stablemate's own
 * given after the command, OPTIONS->global_entries, that it goes before
 * it); the caller exits 2. */
gboolean sm_command_parse(const sm_options *options, const char *command, const char *parameters,
                          const char *summary, const GOptionEntry *entries, int *argc,
                          char ***argv);

/* Parse a subcommand's options (ARGV[0] is the command): --format=text|json
 * (default: the one given before the command, else text),
 * --format-version=N (SM_FORMAT_MIN to SM_FORMAT_CUR, into *VERSION, for
 * sm_printer_set_version) and positional arguments, into *REST (a
 * NULL-terminated vector, empty when none; g_strfreev it).  Returns 0, or
 * the exit status after printing the reason: 2 on bad usage,
 * SM_EXIT_FORMAT_TOO_OLD or SM_EXIT_FORMAT_TOO_NEW as notmuch does. */
int sm_parse_output_args(const sm_options *options, int argc, char **argv,
                         const char *parameters, const char *summary,
                         char **format, int *version, char ***rest);

/* The patches that ID (a commit id prefix or a message-id, as
 * sm_group_find takes it) names, or NULL after printing why there are none
 * on stderr, as "stablemate COMMAND: ...": too short to be an id, no match,
 * or, when ONE, several matches (then the digits that name one and the
 * candidates, as git words an ambiguous short id).  Caller unrefs the
 * array. */
GPtrArray *sm_find_patches(const char *command, const sm_group *group, const char *id,
                           gboolean one);

/* Of the NULL-terminated CANDIDATES, the one WORD is most likely a typo
 * of (as git's "did you mean"): the nearest by edit distance, when it is
 * near enough (at most 2 edits, and fewer than half WORD's length) and no
 * other is as near; else NULL. */
const char *sm_closest(const char *word, const char *const *candidates);

/* WORD as a shell reads it back, quoted only when it must be, so that a
 * command the user is told to run can be pasted.  Caller frees. */
char *sm_shell_word(const char *word);

/* --- cmd-*.c: one file each --- */
int sm_cmd_list(const sm_options *options, int argc, char **argv);
int sm_cmd_show(const sm_options *options, int argc, char **argv);
int sm_cmd_act(const sm_options *options, int argc, char **argv);
int sm_cmd_checkout(const sm_options *options, int argc, char **argv);
/* Internal, for the TUI (cmd-index.c): a query's index, written in a
 * process of its own.  Not in --help. */
#define SM_CMD_INDEX "__index"
int sm_cmd_index(const sm_options *options, int argc, char **argv);

#endif
