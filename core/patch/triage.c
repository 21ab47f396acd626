/* triage.c - triage states as notmuch tags. */
#include <string.h>
#include "triage.h"

const char *sm_triage_tag(sm_triage state)
{
	switch (state) {
	case SM_TRIAGE_APPROVED: return SM_TAG_PREFIX "approved";
	case SM_TRIAGE_HOLD: return SM_TAG_PREFIX "hold";
	case SM_TRIAGE_REVERT: return SM_TAG_PREFIX "revert";
	case SM_TRIAGE_DROP: return SM_TAG_PREFIX "drop";
	case SM_TRIAGE_RESOLVING: return SM_TAG_PREFIX "resolving";
	case SM_TRIAGE_DONE: return SM_TAG_PREFIX "done";
	default: return NULL;
	}
}

gboolean sm_triage_from_tag(const char *tag, sm_triage *state)
{
	if (!g_str_has_prefix(tag, SM_TAG_PREFIX))
		return FALSE;
	for (int s = SM_TRIAGE_UNTRIAGED + 1; s < SM_TRIAGE_COUNT; s++)
		if (strcmp(tag, sm_triage_tag((sm_triage)s)) == 0) {
			*state = (sm_triage)s;
			return TRUE;
		}
	return FALSE;
}

/* A request to the stable team (hold, revert, drop) outweighs a note to
 * oneself, and work in progress outweighs a finished approval: the list
 * must show what still needs attention. */
static int weight(sm_triage state)
{
	switch (state) {
	case SM_TRIAGE_REVERT: return 6;
	case SM_TRIAGE_DROP: return 5;
	case SM_TRIAGE_HOLD: return 4;
	case SM_TRIAGE_RESOLVING: return 3;
	case SM_TRIAGE_APPROVED: return 2;
	case SM_TRIAGE_DONE: return 1;
	default: return 0;
	}
}

sm_triage sm_triage_stronger(sm_triage a, sm_triage b)
{
	return weight(a) >= weight(b) ? a : b;
}
