/* actions.c - running actions, and the handlers that every view shares.
 *
 * View-specific meanings (Enter, limit, marks, folds) live in the view
 * files, through sm_view_ops.request; the handlers here are what an
 * action does when the view in front does not claim it.
 */
#include <string.h>
#include "reply/reply.h"
#include "machinery.h"

static sm_action_fn *const handlers[SM_ACTION_COUNT] = {
#define SM_ACTION_HANDLER(id, name, help, handler) [SM_ACTION_##id] = handler,
	SM_ACTIONS(SM_ACTION_HANDLER)
#undef SM_ACTION_HANDLER
};

/* The patches an action applies to: in the list, the marked ones in list
 * order (those a limit hides go to CTX->hidden, for the action to ask
 * about), else the one selected; in the other views the one the view
 * shows, whatever is marked.  NULL while the group is being rebuilt. */
static void target_patches(sm_action_ctx *ctx)
{
	sm_tui *tui = ctx->tui;
	sm_view *view = ctx->view;
	if (sm_tui_data_busy(tui))
		return;
	ctx->patches = g_ptr_array_new();
	ctx->hidden = g_ptr_array_new();
	if (sm_tui_mark_count(tui) > 0 && sm_tui_group(tui) && view->ops->shown) {
		ctx->marked = TRUE;
		GPtrArray *all = sm_group_patches(sm_tui_group(tui));
		for (guint i = 0; i < all->len; i++) {
			const char *key = sm_patch_key(all->pdata[i]);
			if (sm_tui_marked(tui, key))
				g_ptr_array_add(view->ops->shown(view, key) ? ctx->patches : ctx->hidden,
				                all->pdata[i]);
		}
	} else if (view->ops->patch) {
		sm_patch *patch = view->ops->patch(view);
		if (patch)
			g_ptr_array_add(ctx->patches, patch);
	}
}

gboolean sm_action_needs_patches(sm_action action)
{
	static const gboolean needs[SM_ACTION_COUNT] = {
		[SM_ACTION_TOGGLE_READ] = TRUE, [SM_ACTION_APPROVE] = TRUE,
		[SM_ACTION_HOLD] = TRUE,        [SM_ACTION_REVERT] = TRUE,
		[SM_ACTION_DROP] = TRUE,        [SM_ACTION_REPLY] = TRUE,
		[SM_ACTION_DONE] = TRUE,        [SM_ACTION_UNTRIAGE] = TRUE,
		[SM_ACTION_UNDO] = TRUE,        [SM_ACTION_RESUME] = TRUE,
		[SM_ACTION_CHECKOUT] = TRUE,    [SM_ACTION_ASK_DEPS] = TRUE,
	};
	return action < SM_ACTION_COUNT && needs[action];
}

void sm_action_run(sm_tui *tui, sm_action action)
{
	sm_view *view = sm_view_top(tui);
	if (action >= SM_ACTION_COUNT)
		return;
	if (view->ops->request && view->ops->request(view, action))
		return;
	sm_action_ctx ctx = { tui, view, action, NULL, NULL, FALSE };
	target_patches(&ctx);
	handlers[action](&ctx);
	if (ctx.patches)
		g_ptr_array_unref(ctx.patches);
	if (ctx.hidden)
		g_ptr_array_unref(ctx.hidden);
	sm_tui_redraw(tui);
}

void sm_act_none(sm_action_ctx *ctx)
{
	(void)ctx;
}

void sm_act_move(sm_action_ctx *ctx)
{
	sm_view_move(ctx->view, ctx->action);
}

void sm_act_in_view(sm_action_ctx *ctx)
{
	sm_tui_error(ctx->tui, "%s: not available in the %s view", sm_action_name(ctx->action),
	             ctx->view->ops->name);
}

/* Replies whose text is only in an edit file (a send and its draft both
 * failed, or an editor that was killed). */
static guint unsent_edits(void)
{
	char *path = sm_act_edit_dir();
	GDir *dir = g_dir_open(path, 0, NULL);
	guint n = 0;
	for (const char *name; dir && (name = g_dir_read_name(dir)); )
		n += g_str_has_suffix(name, ".eml");
	if (dir)
		g_dir_close(dir);
	g_free(path);
	return n;
}

/* Quit, after asking when something would be lost or forgotten. */
static void quit(sm_tui *tui)
{
	guint marked = sm_tui_mark_count(tui);
	guint edits = unsent_edits();
	if (!marked && !edits) {
		sm_tui_quit(tui);
		return;
	}
	GString *question = g_string_new("Quit? ");
	if (edits) {
		char *dir = sm_act_edit_dir();
		g_string_append_printf(question, "%u unsent repl%s only in %s; ", edits,
		                       edits == 1 ? "y is" : "ies are", dir);
		g_free(dir);
	}
	if (marked)
		g_string_append_printf(question, "%u patch%s marked; ", marked,
		                       marked == 1 ? " is" : "es are");
	g_string_append(question, "y quit, n stay");
	if (sm_ask_key(tui, question->str, "yn") == 'y')
		sm_tui_quit(tui);
	else
		sm_tui_message(tui, "Quit: cancelled");
	g_string_free(question, TRUE);
}

void sm_act_back(sm_action_ctx *ctx)
{
	if (!sm_view_pop(ctx->tui))
		quit(ctx->tui);
}

void sm_act_quit(sm_action_ctx *ctx)
{
	quit(ctx->tui);
}

void sm_act_help(sm_action_ctx *ctx)
{
	if (ctx->view->ops->keymap == SM_KEYMAP_HELP)
		return;
	sm_view_push(ctx->tui, sm_view_help_new(ctx->tui));
}

void sm_act_redraw(sm_action_ctx *ctx)
{
	clearok(curscr, TRUE);
	sm_tui_redraw(ctx->tui);
}

void sm_act_refresh(sm_action_ctx *ctx)
{
	sm_tui_refresh(ctx->tui, TRUE);
}

void sm_act_not_implemented(sm_action_ctx *ctx)
{
	sm_tui_error(ctx->tui, "%s: not implemented yet", sm_action_name(ctx->action));
}

/* Searching: "/" and "?" prompt for a regular expression; it ignores case
 * unless it has a capital letter, as with less -i and vi's smartcase. */
static void search_done(sm_tui *tui, const char *text, gpointer data)
{
	gboolean back = GPOINTER_TO_INT(data);
	GError *error = NULL;
	if (!text || !*text)
		return;
	gboolean capital = FALSE;
	for (const char *p = text; *p; p = g_utf8_next_char(p))
		capital |= g_unichar_isupper(g_utf8_get_char(p));
	GRegex *regex = g_regex_new(text, capital ? 0 : G_REGEX_CASELESS, 0, &error);
	if (!regex) {
		sm_tui_error(tui, "Bad pattern: %s", error->message);
		g_error_free(error);
		return;
	}
	sm_tui_set_search(tui, regex, back);
	sm_view_find(sm_view_top(tui), back);
}

void sm_act_search(sm_action_ctx *ctx)
{
	switch (ctx->action) {
	case SM_ACTION_SEARCH:
		sm_prompt_open(ctx->tui, "/", "", search_done, GINT_TO_POINTER(FALSE), NULL);
		break;
	case SM_ACTION_SEARCH_BACK:
		sm_prompt_open(ctx->tui, "?", "", search_done, GINT_TO_POINTER(TRUE), NULL);
		break;
	case SM_ACTION_FIND_NEXT:
		sm_view_find(ctx->view, sm_tui_search_back(ctx->tui));
		break;
	default:
		sm_view_find(ctx->view, !sm_tui_search_back(ctx->tui));
		break;
	}
}

static const char *const *action_names(sm_tui *tui)
{
	(void)tui;
	static const char *names[SM_ACTION_COUNT + 1];
	for (int a = 0; a < SM_ACTION_COUNT; a++)
		names[a] = sm_action_name((sm_action)a);
	return names;
}

static void prompt_done(sm_tui *tui, const char *text, gpointer data)
{
	sm_action action;
	(void)data;
	if (!text)
		return;
	char *name = g_strstrip(g_strdup(text));
	if (!*name)
		;
	else if (sm_action_from_name(name, &action))
		sm_action_run(tui, action);
	else
		sm_tui_error(tui, "No action called '%s' (Tab completes, ? lists them)", name);
	g_free(name);
}

void sm_act_prompt(sm_action_ctx *ctx)
{
	sm_prompt_open(ctx->tui, ":", "", prompt_done, NULL, action_names);
	sm_prompt_acts_on_patches(ctx->tui);
}
