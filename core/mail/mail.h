/* mail/mail.h - core/mail's door: mail read and written, text made
 * safe, cache files written.
 * Every file outside core/mail includes this header and no other of the
 * room's (the sub-headers refuse it).
 *
 * What the room offers:
 *   mail.h (below)  one message parsed with GMime: headers, plain text,
 *                   the date
 *   text.h          text from mail made safe to draw (controls, width)
 *   maildir.h       a message saved into a maildir (drafts, sent copies)
 *   pipe.h          a message handed to a command (pipe-message)
 *   file.h          the one writer of the cache files (written whole)
 * private.h is what only the tests reach (parsing from memory).
 *
 * Conventions: every string returned is valid UTF-8; a struct returned
 * has its own free function, a new string is g_free'd; errors are
 * GErrors with a one-line message (a GFileError for files), and bad mail
 * gives a warning and a usable result, never a crash.
 *
 * mail.h - read one message file into decoded headers and text.
 *
 * GMime does the MIME work: RFC 2047 words, charsets, transfer encodings,
 * multiparts.  The result is plain UTF-8 text that recognition (recognise.h)
 * and the pager can use without knowing about MIME.
 *
 * Ownership: sm_mail_free() frees everything in an sm_mail.
 */
#ifndef SM_MAIL_H
#define SM_MAIL_H
#define SM_INSIDE_MAIL_H

#include <glib.h>

typedef struct sm_mail {
	char *message_id;  /* without angle brackets, or NULL */
	char *in_reply_to; /* first message-id of In-Reply-To, or NULL */
	char **references; /* NULL-terminated, or NULL */
	char *subject;     /* decoded, unfolded; CR/LF/controls -> space; never NULL */
	char *from;        /* decoded "Name <addr>"; never NULL (may be "") */
	char *to;          /* decoded address list; never NULL */
	char *cc;          /* decoded address list; never NULL */
	char *reply_to;    /* decoded, or NULL */
	gint64 date;       /* unix time of the Date header; when it is missing,
	                      unreadable, before 1970 or more than a day ahead,
	                      of the newest Received: header (with a warning);
	                      then, read from a file, of the file (its
	                      delivery); else 0 */
	char *date_header; /* the Date header as written, or NULL */
	GHashTable *extra; /* lower-case header name -> value, for X-stable,
	                      X-stable-base, X-Patchwork-Hint, List-Id, ... */
	char *body;        /* text/plain parts, decoded to valid UTF-8, joined */
	gsize body_len;
	char *warning;     /* what went wrong while reading, or NULL */
} sm_mail;

/* Bodies larger than this are cut for recognition; the pager asks for all. */
#define SM_MAIL_RECOGNISE_LIMIT (256 * 1024)

/* Read PATH.  LIMIT caps the body text kept (0: no cap).  Returns NULL and
 * sets ERROR only when the file cannot be opened; malformed content gives a
 * mail with warning set and whatever could be read. */
sm_mail *sm_mail_read(const char *path, gsize limit, GError **error);

void sm_mail_free(sm_mail *mail);

/* An address header value (RFC 2047 words, folding and all) in the form
 * of sm_mail.from: "Name <addr>, ...".  For addresses read from a body,
 * like a patch's "From:" line.  Caller frees; NULL only for NULL. */
char *sm_mail_format_address(const char *value);

/* Do A and B say the same: subject, sender and text?  (Two files of one
 * Message-ID may differ in transport headers only.) */
gboolean sm_mail_same_text(const sm_mail *a, const sm_mail *b);

/* Value of header NAME (case-insensitive) among the extra headers, or NULL. */
const char *sm_mail_header(const sm_mail *mail, const char *name);


/* The rest of the door, for the files outside the room: the room's own
 * include what they use (a sub-header that includes this one may be
 * only half read here). */
#ifndef SM_MAIL_COMPILATION
#include "file.h"
#include "maildir.h"
#include "pipe.h"
#include "text.h"
#endif

#undef SM_INSIDE_MAIL_H
#endif
