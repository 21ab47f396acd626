/* text.h - the one cleaning of text from mail before it is printed.
 *
 * Mail can carry characters that a terminal or a line-oriented reader
 * takes as commands or line ends: C0 controls and DEL, the C1 controls
 * U+0080-U+009F (U+009B is CSI, which many terminals read as ESC [) and
 * the Unicode line and paragraph separators U+2028 and U+2029.  Every
 * place that prints text from mail (the text printer, the TUI, replies'
 * headers) cleans it with these, so that none of them can differ.
 */
#ifndef SM_TEXT_H
#define SM_TEXT_H
#if !defined(SM_INSIDE_MAIL_H) && !defined(SM_MAIL_COMPILATION)
#error "include mail/mail.h, core/mail's door, not this header"
#endif

#include <glib.h>

/* TRUE for the characters above. */
gboolean sm_text_is_control(gunichar c);

/* TEXT (LEN bytes; -1 for up to its NUL) as valid UTF-8 (each invalid
 * byte becomes U+FFFD) with every character of sm_text_is_control() a
 * space, except those in KEEP (e.g. "\t\n"; may be NULL).  Caller frees. */
char *sm_text_clean_controls(const char *text, gssize len, const char *keep);

/* The display cells of TEXT (valid UTF-8) as a terminal or a mail reader
 * shows it: a wide (East Asian) character takes two, a combining mark or
 * other zero-width character none, any other one.  Used where text for
 * mail is measured (a reply's 72 columns); the TUI measures with wcwidth(). */
glong sm_text_cells(const char *text);

#endif
