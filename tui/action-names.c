/* action-names.c - names and help texts of the action table.
 *
 * Kept apart from the handlers (actions.c) so that the key-map parser, its
 * tests and its fuzz target link without curses or the views.
 */
#include <string.h>
#include "actions.h"

static const struct {
	const char *name;
	const char *help;
} actions[SM_ACTION_COUNT] = {
#define SM_ACTION_INFO(id, name, help, handler) [SM_ACTION_##id] = { name, help },
	SM_ACTIONS(SM_ACTION_INFO)
#undef SM_ACTION_INFO
};

const char *sm_action_name(sm_action action)
{
	return action < SM_ACTION_COUNT ? actions[action].name : "none";
}

const char *sm_action_help(sm_action action)
{
	return action < SM_ACTION_COUNT ? actions[action].help : "";
}

gboolean sm_action_from_name(const char *name, sm_action *action)
{
	for (int a = 0; a < SM_ACTION_COUNT; a++)
		if (strcmp(actions[a].name, name) == 0) {
			*action = (sm_action)a;
			return TRUE;
		}
	return FALSE;
}
