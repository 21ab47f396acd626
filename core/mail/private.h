/* mail/private.h - what the tests and the fuzz targets reach inside
 * core/mail, and no other room: parsing from memory, and by GMime alone.
 *
 * Ownership and errors as mail.h says.
 */
#ifndef SM_MAIL_PRIVATE_H
#define SM_MAIL_PRIVATE_H

#include "mail.h"

/* sm_mail_read(), from bytes in memory. */
sm_mail *sm_mail_parse(const char *data, gsize len, gsize limit);

/* sm_mail_parse(), parsed once and read with each of the N body caps LIMITS
 * into MAILS[N] (fuzzing reads every input with two caps). */
void sm_mail_parse_limits(const char *data, gsize len, const gsize *limits, guint n,
                          sm_mail **mails);

/* sm_mail_parse_limits() by GMime's parser alone, never by mail.c's fast
 * path: what the fast path must give to the byte (fuzz-recognise compares
 * the two on every input). */
void sm_mail_parse_limits_gmime(const char *data, gsize len, const gsize *limits, guint n,
                                sm_mail **mails);

#endif
