/* reply/private.h - what act.c, act-run.c and leftover.c share, and what
 * the tests reach inside core/reply (no other room includes it).
 *
 * The edit file of a reply is sm_act_edit_dir()/MESSAGE-ID.eml; what it
 * answers is written beside it, in MESSAGE-ID.about, each time the editor
 * is about to run, and both go once the reply is sent, saved as a draft or
 * discarded (act.h, "Replies left unfinished").
 */
#ifndef SM_REPLY_PRIVATE_H
#define SM_REPLY_PRIVATE_H

#include <glib.h>
#include "act.h"

/* The edit file of a reply with MESSAGE_ID.  Caller frees. */
char *sm_act_edit_file(const char *message_id);

/* Write what R answers beside its edit file (R->edit_path), naming this
 * process as the one editing it.  FALSE and ERROR when it cannot be
 * written (the text is safe all the same; only the offer to resume it on
 * the next run is lost). */
gboolean sm_act_about_write(const sm_act *act, const sm_act_reply *r, GError **error);
/* Remove the description beside EDIT_PATH, if any. */
void sm_act_about_remove(const char *edit_path);

/* For the tests and the fuzz target: sm_reply_read_parent() from bytes in
 * memory. */
GMimeMessage *sm_reply_parse_parent(const char *data, gsize len);

#endif
