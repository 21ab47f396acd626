/* template.h - the text of a reply, from a template with ${variables}.
 *
 * The templates are the [templates] group of the config: the keys approve,
 * hold, revert and drop hold the text (GKeyFile escapes: "\n" is a new
 * line), or approve-path, hold-path, ... name a file that holds it.  An
 * unset template is the shipped default (sm_template_default).
 *
 * ${name} is replaced by the variable's value; "$$" gives "$"; any other
 * "$" is kept as it is.  A value that starts (ends) with a new line, a
 * list on lines of its own, takes the spaces before (after) it with it.  The variables (documented in doc/actions.md):
 *   quote    "On <date>, <name> wrote:" and the first lines, quoted
 *   commit   the commit the kernel's way: 12-char id ("subject")
 *   id       the 12-character commit id;  sha  the full id
 *   subject  the patch subject
 *   trees    the trees the reply is about: "6.6", "6.6 and 6.1", ...
 *   reason   the reason the user gave
 *   action   approve, hold, revert or drop
 *   name, email   the user (the reply's From)
 *   sender   the name of the parent's sender
 *
 * Errors (SM_TEMPLATE_ERROR) name the template and what is wrong with it.
 */
#ifndef SM_TEMPLATE_H
#define SM_TEMPLATE_H
#if !defined(SM_INSIDE_REPLY_H) && !defined(SM_REPLY_COMPILATION)
#error "include reply/reply.h, core/reply's door, not this header"
#endif

#include <glib.h>
#include "store/store.h"

#define SM_TEMPLATE_ERROR (sm_template_error_quark())
GQuark sm_template_error_quark(void);
typedef enum {
	SM_TEMPLATE_ERROR_SYNTAX,   /* "${" without "}" */
	SM_TEMPLATE_ERROR_VARIABLE, /* a name that is not a variable */
	SM_TEMPLATE_ERROR_READ,     /* a *-path file cannot be read */
} sm_template_error;

/* Template NAME from CONFIG (or the default).  Caller frees.  NULL and
 * ERROR when a *-path file cannot be read. */
char *sm_template_load(const sm_config *config, const char *name, GError **error);

/* Expand TEXT (template NAME, for messages) with VARS (char* -> char*),
 * wrapped at SM_TEMPLATE_WIDTH (sm_template_wrap(), private.h).  Returns a new string, or NULL and ERROR for a syntax error or a name
 * missing from VARS. */
char *sm_template_expand(const char *name, const char *text, GHashTable *vars,
                         GError **error);

/* Replies are wrapped at this many columns, as kernel mailing lists and
 * git's commit style expect. */
#define SM_TEMPLATE_WIDTH 72

/* "6.6", "6.6 and 6.1", "6.12, 6.6 and 6.1".  Caller frees. */
char *sm_template_join(const char *const *items);

#endif
