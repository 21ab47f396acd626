/* config.h - stablemate's own configuration.
 *
 * $XDG_CONFIG_HOME/stablemate/config (default ~/.config/stablemate/config),
 * or the file given with --config: a GKeyFile (INI, like notmuch's config).
 * A missing default file is not an error; a missing --config file is.
 * Each module reads its own group through sm_config_string() and friends;
 * the keys are documented in doc/stablemate.1 and README.md.
 *
 * Ownership: sm_config_free() frees everything, including the tree table.
 */
#ifndef SM_CONFIG_H
#define SM_CONFIG_H
#if !defined(SM_INSIDE_STORE_H) && !defined(SM_STORE_COMPILATION)
#error "include store/store.h, core/store's door, not this header"
#endif

#include <glib.h>
#include "recognise/recognise.h"

/* Finds stable notifications when [search] query is not set. */
#define SM_DEFAULT_QUERY                                                   \
	"(to:stable@vger.kernel.org or to:stable-commits@vger.kernel.org"   \
	" or to:patches@lists.linux.dev or subject:AUTOSEL"                  \
	" or subject:\"stable tree\" or subject:\"stable review\")"

typedef struct sm_config {
	GKeyFile *keyfile; /* the whole file (empty when none was read) */
	char *path;        /* the file read, or NULL */
	char *query;       /* [search] query, or SM_DEFAULT_QUERY */
	sm_trees *trees;   /* shipped table with [trees] applied */
} sm_config;

/* Load PATH, or the default location when PATH is NULL.  Returns NULL and
 * sets ERROR for an unreadable or malformed file, naming file and line. */
sm_config *sm_config_load(const char *path, GError **error);
void sm_config_free(sm_config *config);

/* GROUP.KEY as a newly allocated string, or a copy of FALLBACK (which may
 * be NULL) when unset.  Leading "~/" is expanded for keys named *path*,
 * repo, worktrees, drafts and sent. */
char *sm_config_string(const sm_config *config, const char *group,
                       const char *key, const char *fallback);
gboolean sm_config_bool(const sm_config *config, const char *group,
                        const char *key, gboolean fallback);

/* The directory for stablemate's caches: $XDG_CACHE_HOME/stablemate. */
char *sm_cache_dir(void);
/* The one convention for where a cache lies: sm_cache_dir()/ROOM/KEY/NAME,
 * where ROOM is who keeps it ("git", "demo"), KEY (may be NULL) what it is
 * about (a repository, a database: a hash of its path), and NAME (may be
 * NULL: the directory) the file.  Nothing is made: sm_file_replace()
 * (mail/file.h) makes the directories of a file it writes.  Caller frees. */
char *sm_cache_path(const char *room, const char *key, const char *name);
/* Where a file or folder stablemate ships lies (the key maps, the demo's
 * mail): SOURCE_PATH, in the source tree, when the running binary is the
 * one built in BUILD_DIR or NAME is not installed; else pkgdatadir/NAME.
 * The program passes its source and build directories.  Caller frees. */
char *sm_shipped_path(const char *name, const char *source_path, const char *build_dir);

#endif
