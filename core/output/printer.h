/* printer.h - one interface for structured output, many formats.
 *
 * Commands describe their output once, as maps, lists and scalars; the
 * JSON and text printers render it.  This is notmuch's sprinter idea: every
 * format comes from a single code path.
 *
 * The text printer writes one line per record (a map inside a list, such
 * as each element of "patches"): its scalars joined by two spaces, a nested
 * map as key:value words, a list of scalars joined by commas, null as "-".
 * Records nested deeper (the notices of a patch) are printed as indented
 * lines beneath their parent's line.  Top-level sections are separated by
 * a blank line.  Keys named in sm_printer_text_skip() are left out of text
 * output; JSON ignores the skip list.
 *
 * Ownership: sm_printer_free() flushes and frees; it never closes the FILE.
 */
#ifndef SM_PRINTER_H
#define SM_PRINTER_H
#if !defined(SM_INSIDE_OUTPUT_H) && !defined(SM_OUTPUT_COMPILATION)
#error "include output/output.h, core/output's door, not this header"
#endif

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
	/* A unix time: JSON prints the number, text a UTC date; 0 is null. */
	void (*time)(sm_printer *p, gint64 t);
	/* A unix time that is always given (a message's date): JSON prints
	 * the number, 0 included; text a UTC date, "-" for 0. */
	void (*date)(sm_printer *p, gint64 t);
	void (*null)(sm_printer *p);
	void (*finish)(sm_printer *p);
	void (*destroy)(sm_printer *p);
};

/* Make a printer for FORMAT ("json" or "text"); NULL for an unknown one. */
sm_printer *sm_printer_new(const char *format, FILE *out);
void sm_printer_free(sm_printer *p);

/* The text printer in blocks, for records in detail (show): every field
 * on a line of its own, its key then its value; a list of scalars joined
 * by ", ", a map of scalars as key:value words; deeper maps and lists of
 * records beneath their key, indented; records separated by a blank line.
 * Times and dates are UTC dates as in the text printer.  The output is
 * held until each top-level value ends (it is rendered whole). */
sm_printer *sm_printer_blocks_new(FILE *out);

/* Text output leaves out the value of these keys (NULL-terminated). */
void sm_printer_text_skip(sm_printer *p, const char *const *keys);
/* Is the value of KEY left out (text, KEY in the skip list), so that what
 * it costs to make need not be spent? */
gboolean sm_printer_skips(const sm_printer *p, const char *key);

/* The version of the output's contract the reader asked for (README,
 * "JSON output"; cli/commands.h SM_FORMAT_*), for the describer of the
 * output (report.h) to print that shape; 0, the default, is the current
 * one.  The printer itself does nothing with it. */
void sm_printer_set_version(sm_printer *p, int version);
int sm_printer_version(const sm_printer *p);

#endif
