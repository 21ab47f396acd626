/* trees.h - the stable and longterm trees, when each was maintained, and
 * who maintains them.
 *
 * A shipped table gives every stable tree's first release and end of life.
 * The range form "[PATCH AUTOSEL 6.17-6.1]" expands, through this table, to
 * the trees that were maintained on the mail's date.  The user's config can
 * add trees or move dates ([trees] group, see config.h).
 *
 * The stable team's addresses say whose decisions move a tree: "now
 * queued", "dropped", "reverted" from one of them changes the tree's
 * state; the same words from anyone else are a request (recognise.h).
 * The user's config can replace the list ([stable] team).
 *
 * Ownership: the table owns its entries; sm_trees_free() frees them.
 */
#ifndef SM_TREES_H
#define SM_TREES_H
#if !defined(SM_INSIDE_RECOGNISE_H) && !defined(SM_RECOGNISE_COMPILATION)
#error "include recognise/recognise.h, core/recognise's door, not this header"
#endif

#include <glib.h>

typedef struct sm_tree_info {
	char *name;      /* "6.6" */
	gint64 released; /* unix time of the x.y.0 release */
	gint64 eol;      /* unix time of end of life, 0 when still maintained */
} sm_tree_info;

typedef struct sm_trees {
	GPtrArray *list; /* sm_tree_info*, newest first */
	char **team;     /* lower-case addresses of the stable team, NULL-
	                    terminated; empty: everyone's decisions count */
} sm_trees;

/* The stable team by default: Greg Kroah-Hartman's and Sasha Levin's
 * addresses, and the stable list's own. */
#define SM_DEFAULT_TEAM                                                      \
	"gregkh@linuxfoundation.org", "greg@kroah.com", "gregkh@kernel.org",   \
	"gregkh@suse.de", "sashal@kernel.org", "alexander.levin@microsoft.com", \
	"alexander.levin@verizon.com", "stable@vger.kernel.org"

/* The shipped table. */
sm_trees *sm_trees_new_default(void);
void sm_trees_free(sm_trees *trees);

/* Set or add NAME with RELEASED and EOL (0: maintained). */
void sm_trees_set(sm_trees *trees, const char *name, gint64 released, gint64 eol);

/* Replace the team by ADDRESSES (NULL-terminated, any case; an entry
 * "Name <addr>" counts as addr). */
void sm_trees_set_team(sm_trees *trees, const char *const *addresses);
/* Is FROM ("Name <addr>", or an address) one of the team?  TRUE for
 * anyone when the team is empty or TREES is NULL. */
gboolean sm_trees_is_team(const sm_trees *trees, const char *from);

/* Compare "6.6" and "6.12" numerically: <0, 0, >0. */
int sm_version_cmp(const char *a, const char *b);

/* Append to OUT (a GPtrArray of newly allocated strings, newest first) every
 * tree between LOW and HIGH inclusive that was maintained on DATE.  Trees
 * the table does not know are skipped, except LOW and HIGH themselves,
 * which are always included. */
void sm_trees_expand(const sm_trees *trees, const char *high, const char *low,
                     gint64 date, GPtrArray *out);

/* A number that changes whenever the table (or the team) does, for
 * cache keys. */
guint32 sm_trees_hash(const sm_trees *trees);

#endif
