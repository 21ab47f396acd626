/* reply/reply.h - core/reply's door: the maintainer's answer, as mail,
 * a tag and a record.
 * Every file outside core/reply includes this header and no other of the
 * room's (the sub-headers refuse it).
 *
 * What the room offers:
 *   reply.h (below) a reply-all to one notice, as a MIME message
 *   act.h           an action (approve, hold, revert, drop...) run as a
 *                   reply, a tag and a history record
 *   template.h      the replies' templates
 *   editor.h        the user's editor on a draft
 *   send.h          sending (sendmail or SMTP); a reply not sent stays a
 *                   draft
 *   git-act.h       the actions that need the repository (checkout)
 *   git-mail.h      a backport or dependency mail from the repository
 * private.h is what only the tests reach.
 *
 * Conventions: errors are GErrors (SM_REPLY_ERROR, SM_ACT_ERROR,
 * SM_SEND_ERROR, SM_TEMPLATE_ERROR, SM_EDITOR_ERROR; SM_RUN_ERROR for a
 * child) with a one-line message fit for the user;
 * nothing the user wrote is lost on an error; a struct returned has its
 * own free function.
 *
 * reply.h - compose a reply-all to one notice, as a MIME message.
 *
 * The addressing follows `notmuch reply` (reply-all): the parent's Reply-To
 * (or From, when Reply-To is absent or merely repeats a list address found
 * in To/Cc) and its To become To; its Cc stays Cc; the user's own addresses
 * are removed and stable@vger.kernel.org is always kept.  The reply is
 * threaded (Re: subject, In-Reply-To, References) and gets a new
 * Message-ID and Date.
 *
 * Safety: every header value taken from the parent (subject, names,
 * addresses, message-ids) is reduced to one line with no control
 * characters before it is used, and non-ASCII text is written as RFC 2047
 * UTF-8 words by GMime.  Nothing from the parent can start a header.
 *
 * The user edits a reply as plain text (sm_reply_edit_text): the From, To,
 * Cc and Subject header lines, a blank line, then the body, all decoded
 * UTF-8.  sm_reply_parse_edit_text() reads it back.
 *
 * Ownership: sm_reply_free() frees everything in an sm_reply.  Errors are
 * GErrors in SM_REPLY_ERROR with a one-line message fit for the user.
 */
#ifndef SM_REPLY_H
#define SM_REPLY_H
#define SM_INSIDE_REPLY_H

#include <glib.h>
#include <gmime/gmime.h>

#define SM_STABLE_LIST "stable@vger.kernel.org"

#define SM_REPLY_ERROR (sm_reply_error_quark())
GQuark sm_reply_error_quark(void);
typedef enum {
	SM_REPLY_ERROR_PARENT, /* the parent cannot be read or has no Message-ID */
	SM_REPLY_ERROR_EDIT,   /* the edited text is not a usable message */
} sm_reply_error;

/* Who the user is.  Strings are borrowed by the functions below. */
typedef struct sm_identity {
	const char *name;              /* user.name, may be "" */
	const char *email;             /* user.primary_email */
	const char *const *addresses;  /* every own address, lower-case; may be NULL */
} sm_identity;

typedef struct sm_reply {
	InternetAddressList *from;
	InternetAddressList *to;
	InternetAddressList *cc;
	char *subject;      /* one line, decoded UTF-8 */
	char *message_id;   /* new id, without brackets */
	char *in_reply_to;  /* the parent's id, without brackets */
	char **references;  /* ids without brackets, oldest first, parent last */
	gint64 date;        /* unix time */
	char *body;         /* UTF-8, ends with a newline */
} sm_reply;

/* Read the parent message PATH.  Returns NULL and sets ERROR when the file
 * cannot be opened or parsed.  Unref the result with g_object_unref(). */
GMimeMessage *sm_reply_read_parent(const char *path, GError **error);

/* A reply to PARENT from ME, dated NOW.  MESSAGE_ID (without brackets) is
 * used when not NULL, else a new one is made on ME's mail domain.  The body
 * is empty: fill it in (e.g. from a template).  Returns NULL and sets ERROR
 * when PARENT has no usable Message-ID (a reply could not be threaded). */
sm_reply *sm_reply_new(GMimeMessage *parent, const sm_identity *me, gint64 now,
                       const char *message_id, GError **error);
void sm_reply_free(sm_reply *reply);

/* Set the reply's body to BODY, adding a final newline when missing. */
void sm_reply_set_body(sm_reply *reply, const char *body);

/* "On <date>, <name> wrote:" (the date as RFC 5322 writes it, in the
 * sender's offset; "<name> wrote:" when the Date header is no date) and
 * the first MAX_LINES lines of PARENT's text,
 * each quoted with "> ".  Quoting stops before a "---" line (the diffstat
 * of a patch) and a cut is marked with "> [...]".  Caller frees. */
char *sm_reply_quote(GMimeMessage *parent, guint max_lines);
/* The same line and the whole of PARENT's text, quoted, as mail clients
 * quote a message answered (a plain reply).  Caller frees. */
char *sm_reply_quote_all(GMimeMessage *parent);

/* The parent sender's display name, or its address when it has none;
 * "" when the From header is empty.  Caller frees. */
char *sm_reply_sender_name(GMimeMessage *parent);

/* The reply as the RFC 5322 message to send: UTF-8 text/plain, 7bit when
 * ASCII, 8bit otherwise, quoted-printable only for overlong lines; LF line
 * ends.  Caller frees. */
char *sm_reply_format(const sm_reply *reply);

/* The reply as text for the user to edit (see above).  Caller frees. */
char *sm_reply_edit_text(const sm_reply *reply);
/* Read TEXT (as edited) back into REPLY: From, To, Cc, Subject, body.
 * Threading, Date and Message-ID are kept.  On error (unknown or malformed
 * header, no recipient, no blank line after the headers) REPLY is left
 * unchanged and ERROR names the problem and the line. */
gboolean sm_reply_parse_edit_text(sm_reply *reply, const char *text, GError **error);

/* TEXT as one line: invalid UTF-8 repaired, control characters (C0, DEL,
 * C1, U+2028/2029) turned into spaces, runs of white space collapsed,
 * trimmed.  Used for every header value that comes from mail.  Caller
 * frees; TEXT may be NULL (gives ""). */
char *sm_one_line(const char *text);


/* The rest of the door, for the files outside the room: the room's own
 * include what they use (a sub-header that includes this one may be
 * only half read here). */
#ifndef SM_REPLY_COMPILATION
#include "act.h"
#include "editor.h"
#include "git-act.h"
#include "git-mail.h"
#include "send.h"
#include "template.h"
#endif

#undef SM_INSIDE_REPLY_H
#endif
