/* filter.h - the limit language: narrow a list of patches.
 *
 * The TUI's limit (l) narrows the patch list with a small query language
 * over the grouped data.  Terms:
 *
 *   tree:6.1          the patch touched tree 6.1
 *   kind:failed       some notice is of that kind (sm_kind_name: autosel,
 *                     review-patch, review-cover, added, failed, backport,
 *                     removed, reply, release; aliases review, queued,
 *                     dropped)
 *   status:queued     some tree is at that step (sm_status_name)
 *   state:untriaged   the patch's triage state (sm_triage_name)
 *   deadline:<24h     a review deadline less than 24 hours away (or past);
 *                     also >DUR, <=DUR, >=DUR, late, any, none
 *   age:<2d           the newest notice that is not the user's own reply is
 *                     younger (or >: older) than that
 *   author:TEXT       TEXT in the patch author
 *   subject:TEXT      TEXT in the subject
 *   upstream:1a2b3c   the upstream commit id starts with that
 *   file:GLOB         the patch's diff touches a file GLOB matches, as a git
 *                     pathspec does (sm_path_glob): "*" stays in a directory,
 *                     "**" crosses them, file:drivers/usb names what is below
 *                     it; case matters
 *   mine              a notice was sent to one of the user's addresses
 *   maintained        a file of the patch falls in one of the user's
 *                     MAINTAINERS sections (maintainers.h; the caller
 *                     passes them in the context)
 *   unread            some notice is unread
 *   TEXT              anything else: TEXT in the subject or the author
 *
 * Durations are a number and a unit: m (minutes), h, d, w.  Enumerated
 * values may be abbreviated to a unique prefix (state:untr).  Terms are
 * joined by "and" (implicit), "or", "not" or a leading "-", and grouped
 * with parentheses; "quotes" keep spaces and parentheses in one term.
 * Text matches ignore case.  A word with an unknown prefix ("net:") is
 * free text, since subjects are full of subsystem prefixes.
 *
 * This is core: no curses, no store.  "mine" needs the message-ids of the
 * user's notices, which the caller gets from the store
 * (sm_store_query_ids with sm_filter_mine_query) and passes in the context.
 *
 * Ownership: sm_filter_free() frees a parsed filter.  Errors are GErrors in
 * SM_FILTER_ERROR, one line naming the offending term.
 */
#ifndef SM_FILTER_H
#define SM_FILTER_H
#if !defined(SM_INSIDE_PATCH_H) && !defined(SM_PATCH_COMPILATION)
#error "include patch/patch.h, core/patch's door, not this header"
#endif

#include <glib.h>
#include "group.h"
#include "maintainers.h"

#define SM_FILTER_ERROR (sm_filter_error_quark())
GQuark sm_filter_error_quark(void);
typedef enum {
	SM_FILTER_ERROR_SYNTAX, /* unbalanced parentheses, missing operand */
	SM_FILTER_ERROR_VALUE,  /* unknown kind, state, bad duration, ... */
} sm_filter_error;

typedef struct sm_filter sm_filter;

typedef struct sm_filter_ctx {
	gint64 now;        /* unix time that deadlines and ages count from */
	GHashTable *mine;  /* the patches (sm_patch*) with a notice of the
	                      user's (sm_group_patches_of_ids); NULL: "mine"
	                      matches nothing */
	sm_maintainers *maintainers; /* the user's sections (sm_maintainers_parse);
	                      NULL: "maintained" matches nothing */
} sm_filter_ctx;

/* Parse TEXT.  An empty or all-blank TEXT gives a filter that matches
 * everything.  Returns NULL and sets ERROR on a syntax or value error. */
sm_filter *sm_filter_parse(const char *text, GError **error);
void sm_filter_free(sm_filter *filter);

/* Does PATCH pass FILTER?  CTX is borrowed. */
gboolean sm_filter_match(const sm_filter *filter, const sm_patch *patch,
                         const sm_filter_ctx *ctx);

/* TRUE when FILTER uses "mine", so that the caller must fill ctx->mine. */
gboolean sm_filter_needs_mine(const sm_filter *filter);
/* TRUE when FILTER uses "maintained" (ctx->maintainers). */
gboolean sm_filter_needs_maintainers(const sm_filter *filter);

/* The notmuch query for "mine": messages to any of ADDRESSES
 * (NULL-terminated), e.g. to:"a@x" or to:"b@y".  NULL when there are no
 * addresses.  Caller frees. */
char *sm_filter_mine_query(const char *const *addresses);

#endif
