/* colors.c - colours and their monochrome fallbacks (see colors.h). */
#include <stdlib.h>
#include "colors.h"

typedef struct {
	short fg, bg;   /* -1: the terminal's default */
	attr_t attr;    /* added to the colour */
	attr_t mono;    /* used alone without colour */
} look;

static const look looks[SM_COLOR_COUNT] = {
	[SM_COLOR_DEFAULT] = { -1, -1, 0, 0 },
	[SM_COLOR_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD },
	[SM_COLOR_STATUS] = { -1, -1, 0, 0 },
	[SM_COLOR_STATUS_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[SM_COLOR_HEADER] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[SM_COLOR_MARK] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[SM_COLOR_UNREAD] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[SM_COLOR_STATE_UNTRIAGED] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[SM_COLOR_STATE_APPROVED] = { COLOR_GREEN, -1, 0, 0 },
	[SM_COLOR_STATE_HOLD] = { COLOR_YELLOW, -1, 0, 0 },
	[SM_COLOR_STATE_REVERT] = { COLOR_MAGENTA, -1, A_BOLD, 0 },
	[SM_COLOR_STATE_DROP] = { COLOR_RED, -1, 0, 0 },
	[SM_COLOR_STATE_RESOLVING] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[SM_COLOR_STATE_DONE] = { COLOR_BLUE, -1, 0, 0 },
	[SM_COLOR_TREE_AUTOSEL] = { COLOR_CYAN, -1, 0, 0 },
	[SM_COLOR_TREE_FAILED] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[SM_COLOR_TREE_BACKPORT] = { COLOR_MAGENTA, -1, 0, 0 },
	[SM_COLOR_TREE_QUEUED] = { COLOR_GREEN, -1, 0, 0 },
	[SM_COLOR_TREE_REVIEW] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[SM_COLOR_TREE_RELEASED] = { COLOR_BLUE, -1, A_BOLD, 0 },
	[SM_COLOR_TREE_DROPPED] = { COLOR_RED, -1, 0, 0 },
	[SM_COLOR_DEADLINE] = { -1, -1, 0, 0 },
	[SM_COLOR_DEADLINE_SOON] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[SM_COLOR_DEADLINE_LATE] = { COLOR_RED, -1, 0, A_UNDERLINE },
	[SM_COLOR_AGE] = { COLOR_BLUE, -1, 0, 0 },
	[SM_COLOR_AUTHOR] = { COLOR_GREEN, -1, 0, 0 },
	[SM_COLOR_SUBJECT_UNTRIAGED] = { -1, -1, A_BOLD, A_BOLD },
	[SM_COLOR_SECTION] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[SM_COLOR_MAIL_HEADER] = { COLOR_YELLOW, -1, 0, A_BOLD },
	[SM_COLOR_DIFF_HEADER] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[SM_COLOR_DIFF_CHUNK] = { COLOR_MAGENTA, -1, 0, A_BOLD },
	[SM_COLOR_DIFF_ADD] = { COLOR_GREEN, -1, 0, 0 },
	[SM_COLOR_DIFF_DEL] = { COLOR_RED, -1, 0, 0 },
	[SM_COLOR_DIFF_STAT] = { COLOR_CYAN, -1, 0, 0 },
	[SM_COLOR_QUOTE] = { COLOR_CYAN, -1, 0, 0 },
	[SM_COLOR_QUOTE2] = { COLOR_BLUE, -1, 0, 0 },
	[SM_COLOR_FOLD] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[SM_COLOR_SEARCH_MATCH] = { COLOR_BLACK, COLOR_YELLOW, 0, A_STANDOUT | A_UNDERLINE },
	[SM_COLOR_HELP_KEY] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[SM_COLOR_DIM] = { COLOR_BLUE, -1, 0, 0 },
};

static gboolean enabled;

void sm_colors_init(void)
{
	const char *no_color = getenv("NO_COLOR");
	enabled = FALSE;
	if ((no_color && *no_color) || !has_colors() || start_color() == ERR ||
	    COLORS < 8 || COLOR_PAIRS <= SM_COLOR_COUNT)
		return;
	gboolean defaults = use_default_colors() == OK;
	for (int e = 0; e < SM_COLOR_COUNT; e++) {
		short fg = looks[e].fg, bg = looks[e].bg;
		/* Without default colours, -1 means white on black. */
		if (!defaults) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		init_pair((short)(e + 1), fg, bg);
	}
	enabled = TRUE;
}

gboolean sm_colors_enabled(void)
{
	return enabled;
}

attr_t sm_color_attr(sm_color element)
{
	if (element >= SM_COLOR_COUNT)
		return 0;
	if (!enabled)
		return looks[element].mono;
	return COLOR_PAIR(element + 1) | looks[element].attr;
}

sm_color sm_color_of_status(sm_status status)
{
	switch (status) {
	case SM_STATUS_AUTOSEL: return SM_COLOR_TREE_AUTOSEL;
	case SM_STATUS_FAILED: return SM_COLOR_TREE_FAILED;
	case SM_STATUS_BACKPORT: return SM_COLOR_TREE_BACKPORT;
	case SM_STATUS_QUEUED: return SM_COLOR_TREE_QUEUED;
	case SM_STATUS_REVIEW: return SM_COLOR_TREE_REVIEW;
	case SM_STATUS_RELEASED: return SM_COLOR_TREE_RELEASED;
	case SM_STATUS_DROPPED: return SM_COLOR_TREE_DROPPED;
	default: return SM_COLOR_DEFAULT;
	}
}

char sm_status_letter(sm_status status)
{
	/* Letters stay distinct on a monochrome terminal. */
	static const char letters[SM_STATUS_COUNT] = {
		[SM_STATUS_NONE] = ' ',
		[SM_STATUS_AUTOSEL] = 'A',
		[SM_STATUS_FAILED] = 'F',
		[SM_STATUS_BACKPORT] = 'B',
		[SM_STATUS_QUEUED] = 'Q',
		[SM_STATUS_REVIEW] = 'R',
		[SM_STATUS_RELEASED] = 'S',
		[SM_STATUS_DROPPED] = 'D',
	};
	return status < SM_STATUS_COUNT ? letters[status] : ' ';
}

sm_color sm_color_of_triage(sm_triage state)
{
	switch (state) {
	case SM_TRIAGE_APPROVED: return SM_COLOR_STATE_APPROVED;
	case SM_TRIAGE_HOLD: return SM_COLOR_STATE_HOLD;
	case SM_TRIAGE_REVERT: return SM_COLOR_STATE_REVERT;
	case SM_TRIAGE_DROP: return SM_COLOR_STATE_DROP;
	case SM_TRIAGE_RESOLVING: return SM_COLOR_STATE_RESOLVING;
	case SM_TRIAGE_DONE: return SM_COLOR_STATE_DONE;
	default: return SM_COLOR_STATE_UNTRIAGED;
	}
}

char sm_triage_mark(sm_triage state)
{
	static const char marks[SM_TRIAGE_COUNT] = {
		[SM_TRIAGE_UNTRIAGED] = '?',
		[SM_TRIAGE_APPROVED] = '+',
		[SM_TRIAGE_HOLD] = '=',
		[SM_TRIAGE_REVERT] = '<',
		[SM_TRIAGE_DROP] = '-',
		[SM_TRIAGE_RESOLVING] = '!',
		[SM_TRIAGE_DONE] = '.',
	};
	return state < SM_TRIAGE_COUNT ? marks[state] : '?';
}

sm_color sm_color_of_deadline(gint64 deadline, gint64 now)
{
	if (!deadline)
		return SM_COLOR_DEFAULT;
	if (deadline <= now)
		return SM_COLOR_DEADLINE_LATE;
	return deadline - now < 86400 ? SM_COLOR_DEADLINE_SOON : SM_COLOR_DEADLINE;
}
