/* act-review.c - the one question about a reply an action made: open it
 * in the editor, then y send, e edit again, d keep as draft, q discard
 * ("Discard this reply? y/n").  The triage keys (act-triage.c) and the
 * git keys (act-git.c) both ask it; sm_reply_ask says how they differ: the
 * preview above the question and b to toggle it, the quick "send to X?
 * y/n" without the editor, a plain reply left as made going, and where an
 * editor's error is said.
 */
#include "reply/reply.h"
#include "view.h"

/* The editor owns the terminal while it runs. */
static gboolean edit(sm_tui *tui, sm_act *act, sm_act_reply *r, GError **error)
{
	sm_tui_leave_terminal();
	gboolean ok = sm_act_edit(act, r, error);
	sm_tui_take_terminal(tui);
	return ok;
}

/* What y would send, drawn over the bottom of the screen above the
 * question: the From, To, Cc and Subject lines, or with BODY the whole
 * reply from the top (cut where the screen ends). */
static void preview(const sm_act_reply *r, gboolean body)
{
	char *text = sm_reply_edit_text(r->reply);
	char **lines = g_strsplit(text, "\n", -1);
	guint n = 0;
	while (lines[n] && (body || *lines[n]))
		n++;
	while (body && n > 0 && !*lines[n - 1])
		n--;
	int room = MAX(LINES - 2, 0);
	int shown = MIN((int)n, room);
	int top = body ? 0 : MAX(room - shown, 0);
	if (body) {
		erase();
	} else {
		move(top - 1 >= 0 ? top - 1 : 0, 0);
		clrtoeol();
		if (top > 0)
			sm_draw_text("── the reply ──", -1, COLS, sm_color_attr(SM_COLOR_SECTION));
	}
	gboolean headers = TRUE;
	for (int i = 0; i < shown; i++) {
		headers &= *lines[i] != 0;
		move(top + i, 0);
		clrtoeol();
		gboolean cut = body && i == shown - 1 && (guint)shown < n;
		char *clean = cut ? g_strdup_printf("... (%u more lines)", n - shown + 1)
		                  : sm_text_clean(lines[i], -1, FALSE);
		sm_draw_text(clean, -1, COLS, sm_color_attr(headers ? SM_COLOR_MAIL_HEADER
		                                                    : SM_COLOR_DEFAULT));
		g_free(clean);
	}
	g_strfreev(lines);
	g_free(text);
}

/* The question for the next key, and in KEYS the keys it takes. */
static char *question(const sm_reply_ask *how, const sm_act_reply *r, const char *problem,
                      gboolean body, const char **keys)
{
	const char *other = body ? "headers" : "body";
	if (how->quick) {
		char *to = internet_address_list_to_string(r->reply->to, NULL, FALSE);
		char *q = how->preview ? g_strdup_printf("%s: send to %s? y/n, b %s", how->title, to, other)
		                       : g_strdup_printf("%s: send to %s? y/n", how->title, to);
		g_free(to);
		*keys = how->preview ? "ynb" : "yn";
		return q;
	}
	if (r->unreadable) {
		*keys = "eq";
		return how->errors_in_question ? g_strdup_printf("%s — e edit again, q discard", problem)
		                               : g_strdup_printf("%s: e edit again, q discard", how->title);
	}
	*keys = how->preview ? "yedqb" : "yedq";
	GString *q = g_string_new(NULL);
	if (problem)
		g_string_append_printf(q, "%s — ", problem);
	g_string_append_printf(q, "%s: y send, e edit again, d keep as draft, q discard", how->title);
	if (how->preview)
		g_string_append_printf(q, ", b %s", other);
	return g_string_free(q, FALSE);
}

char *sm_ask_reply(sm_tui *tui, sm_act *act, sm_act_reply *r, const sm_reply_ask *how)
{
	GError *error = NULL;
	char *problem = NULL;
	gboolean editing = !how->quick, body = FALSE;
	for (;;) {
		if (editing && !edit(tui, act, r, &error)) {
			if (how->errors_in_question) {
				g_free(problem);
				problem = g_strdup(error->message);
			} else {
				sm_tui_error(tui, "%s: %s", how->title, error->message);
			}
			g_clear_error(&error);
		} else if (editing && !r->unreadable) {
			/* The edit that mended it: the last one's error is no
			 * longer the question's (it would push the keys off a
			 * narrow screen). */
			g_clear_pointer(&problem, g_free);
		}
		/* A plain reply left as it was made goes, as in mutt: the status
		 * line says so (the act's warning). */
		if (editing && how->abort_unchanged && sm_act_abort_unchanged(act, r)) {
			g_free(problem);
			return NULL;
		}
		editing = FALSE;
		if (how->preview) {
			/* See before you send: what y sends is on the screen. */
			sm_view_draw(sm_view_top(tui));
			if (!r->unreadable)
				preview(r, body);
		}
		const char *keys;
		char *q = question(how, r, problem, body, &keys);
		int c = sm_ask_key(tui, q, keys);
		g_free(q);
		if (how->quick && c == 'n')
			c = 'q';
		if (c == 'b') {
			body = !body;
			continue;
		}
		if (c == 'e') {
			editing = TRUE;
			continue;
		}
		gboolean ok = TRUE;
		if (c == 'y')
			ok = sm_act_send(act, r, &error);
		else if (c == 'd')
			ok = sm_act_draft(act, r, &error);
		else if (how->quick || sm_ask_key(tui, "Discard this reply? y/n", "yn") == 'y')
			sm_act_discard(act, r);
		else
			continue;
		g_free(problem);
		problem = ok ? NULL : g_strdup(error->message);
		g_clear_error(&error);
		return problem;
	}
}
