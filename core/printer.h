/* printer.h - one interface for structured output, many formats.
 *
 * Commands describe their output once, as maps, lists and scalars; the
 * JSON and text printers render it.  This is notmuch's sprinter idea: every
 * format comes from a single code path.
 *
 * The text printer writes one line per map found at depth 2 (each element
 * of a top-level list such as "patches"): its scalars joined by two
 * spaces, nested maps as key:value words; lists of maps nested deeper are
 * printed as indented lines beneath.  Keys named in sm_printer_text_skip()
 * are left out of text output.
 *
 * Ownership: sm_printer_free() flushes and frees; it never closes the FILE.
 */
#ifndef SM_PRINTER_H
#define SM_PRINTER_H

#include <stdio.h>
#include <glib.h>

typedef struct sm_printer sm_printer;

struct sm_printer {
	void (*begin_map)(sm_printer *p);
	void (*begin_list)(sm_printer *p);
	void (*end)(sm_printer *p);
	void (*key)(sm_printer *p, const char *key);
	/* S may be NULL, printed as null. */
	void (*string)(sm_printer *p, const char *s);
	void (*integer)(sm_printer *p, gint64 n);
	void (*boolean)(sm_printer *p, gboolean b);
	void (*null)(sm_printer *p);
	void (*finish)(sm_printer *p);
	void (*destroy)(sm_printer *p);
};

sm_printer *sm_printer_json_new(FILE *out);
sm_printer *sm_printer_text_new(FILE *out);
/* Make a printer for FORMAT ("json" or "text"); NULL for an unknown one. */
sm_printer *sm_printer_new(const char *format, FILE *out);
void sm_printer_free(sm_printer *p);

/* Text output leaves out the value of these keys (NULL-terminated). */
void sm_printer_text_skip(sm_printer *p, const char *const *keys);

#endif
