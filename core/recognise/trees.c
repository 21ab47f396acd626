/* trees.c - the shipped table of stable trees and range expansion.
 *
 * The dates come from kernel.org: "released" is the day of the mainline
 * x.y.0 release, "eol" the day of the tree's last stable release.  Trees
 * still maintained on 2026-11-23 have no eol.  A range AUTOSEL mail
 * ("[PATCH AUTOSEL 6.17-6.1]") is about exactly the trees in the range
 * that were maintained when it was sent, so these dates decide which
 * trees such a mail names; a day or two of error at an end of life only
 * matters for a mail sent in those days.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trees.h"

static const struct {
	const char *name;
	const char *released;
	const char *eol; /* NULL: maintained */
} default_table[] = {
	{ "2.6.32", "2009-12-03", "2016-03-12" },
	{ "2.6.33", "2010-02-24", "2011-11-07" },
	{ "2.6.34", "2010-05-16", "2014-02-10" },
	{ "2.6.35", "2010-08-01", "2011-08-01" },
	{ "2.6.36", "2010-10-20", "2011-02-17" },
	{ "2.6.37", "2011-01-04", "2011-03-27" },
	{ "2.6.38", "2011-03-14", "2011-06-02" },
	{ "2.6.39", "2011-05-18", "2011-08-03" },
	{ "3.0", "2011-07-21", "2013-10-22" },
	{ "3.1", "2011-10-24", "2012-01-18" },
	{ "3.2", "2012-01-04", "2018-05-31" },
	{ "3.3", "2012-03-18", "2012-06-01" },
	{ "3.4", "2012-05-20", "2016-10-26" },
	{ "3.5", "2012-07-21", "2012-10-12" },
	{ "3.6", "2012-09-30", "2012-12-17" },
	{ "3.7", "2012-12-10", "2013-02-27" },
	{ "3.8", "2013-02-18", "2013-05-11" },
	{ "3.9", "2013-04-28", "2013-07-21" },
	{ "3.10", "2013-06-30", "2017-11-04" },
	{ "3.11", "2013-09-02", "2013-11-29" },
	{ "3.12", "2013-11-03", "2017-05-09" },
	{ "3.13", "2014-01-19", "2014-04-23" },
	{ "3.14", "2014-03-30", "2016-09-11" },
	{ "3.15", "2014-06-08", "2014-08-14" },
	{ "3.16", "2014-08-03", "2020-06-11" },
	{ "3.17", "2014-10-05", "2015-01-08" },
	{ "3.18", "2014-12-07", "2019-05-16" },
	{ "3.19", "2015-02-08", "2015-05-11" },
	{ "4.0", "2015-04-12", "2015-07-21" },
	{ "4.1", "2015-06-21", "2018-05-28" },
	{ "4.2", "2015-08-30", "2015-12-15" },
	{ "4.3", "2015-11-01", "2016-02-19" },
	{ "4.4", "2016-01-10", "2022-02-03" },
	{ "4.5", "2016-03-14", "2016-06-07" },
	{ "4.6", "2016-05-15", "2016-08-16" },
	{ "4.7", "2016-07-24", "2016-10-22" },
	{ "4.8", "2016-10-02", "2017-01-09" },
	{ "4.9", "2016-12-11", "2023-01-07" },
	{ "4.10", "2017-02-19", "2017-05-20" },
	{ "4.11", "2017-04-30", "2017-07-21" },
	{ "4.12", "2017-07-02", "2017-09-20" },
	{ "4.13", "2017-09-03", "2017-11-24" },
	{ "4.14", "2017-11-12", "2024-01-10" },
	{ "4.15", "2018-01-28", "2018-04-19" },
	{ "4.16", "2018-04-01", "2018-06-26" },
	{ "4.17", "2018-06-03", "2018-08-24" },
	{ "4.18", "2018-08-12", "2018-11-21" },
	{ "4.19", "2018-10-22", "2024-12-05" },
	{ "4.20", "2018-12-23", "2019-03-19" },
	{ "5.0", "2019-03-03", "2019-06-04" },
	{ "5.1", "2019-05-05", "2019-07-28" },
	{ "5.2", "2019-07-07", "2019-10-11" },
	{ "5.3", "2019-09-15", "2019-12-17" },
	{ "5.4", "2019-11-24", "2025-12-18" },
	{ "5.5", "2020-01-26", "2020-04-21" },
	{ "5.6", "2020-03-29", "2020-06-17" },
	{ "5.7", "2020-05-31", "2020-08-27" },
	{ "5.8", "2020-08-02", "2020-11-01" },
	{ "5.9", "2020-10-11", "2020-12-21" },
	{ "5.10", "2020-12-13", NULL },
	{ "5.11", "2021-02-14", "2021-05-19" },
	{ "5.12", "2021-04-25", "2021-07-20" },
	{ "5.13", "2021-06-27", "2021-09-18" },
	{ "5.14", "2021-08-29", "2021-11-21" },
	{ "5.15", "2021-10-31", NULL },
	{ "5.16", "2022-01-09", "2022-04-13" },
	{ "5.17", "2022-03-20", "2022-06-14" },
	{ "5.18", "2022-05-22", "2022-08-21" },
	{ "5.19", "2022-07-31", "2022-10-24" },
	{ "6.0", "2022-10-02", "2023-01-12" },
	{ "6.1", "2022-12-11", NULL },
	{ "6.2", "2023-02-19", "2023-05-17" },
	{ "6.3", "2023-04-23", "2023-07-11" },
	{ "6.4", "2023-06-25", "2023-09-13" },
	{ "6.5", "2023-08-27", "2023-11-28" },
	{ "6.6", "2023-10-30", NULL },
	{ "6.7", "2024-01-07", "2024-04-03" },
	{ "6.8", "2024-03-10", "2024-05-30" },
	{ "6.9", "2024-05-12", "2024-07-27" },
	{ "6.10", "2024-07-14", "2024-10-10" },
	{ "6.11", "2024-09-15", "2024-12-05" },
	{ "6.12", "2024-11-17", NULL },
	{ "6.13", "2025-01-20", "2025-04-20" },
	{ "6.14", "2025-03-24", "2025-06-10" },
	{ "6.15", "2025-05-25", "2025-08-20" },
	{ "6.16", "2025-07-27", "2025-10-12" },
	{ "6.17", "2025-09-28", "2025-12-18" },
	{ "6.18", "2025-11-30", NULL },
};

/* End of the given UTC day, so that a mail sent on a tree's last day
 * still counts it as maintained. */
static gint64 day_time(const char *ymd, gboolean end_of_day)
{
	int y, m, d;
	if (!ymd || sscanf(ymd, "%d-%d-%d", &y, &m, &d) != 3)
		return 0;
	GDateTime *dt = g_date_time_new_utc(y, m, d, 0, 0, 0);
	if (!dt)
		return 0;
	gint64 t = g_date_time_to_unix(dt) + (end_of_day ? 86399 : 0);
	g_date_time_unref(dt);
	return t;
}

static void tree_info_free(gpointer p)
{
	sm_tree_info *info = p;
	g_free(info->name);
	g_free(info);
}

sm_trees *sm_trees_new_default(void)
{
	sm_trees *trees = g_new0(sm_trees, 1);
	trees->list = g_ptr_array_new_with_free_func(tree_info_free);
	for (gsize i = 0; i < G_N_ELEMENTS(default_table); i++)
		sm_trees_set(trees, default_table[i].name,
		             day_time(default_table[i].released, FALSE),
		             day_time(default_table[i].eol, TRUE));
	static const char *const team[] = { SM_DEFAULT_TEAM, NULL };
	sm_trees_set_team(trees, team);
	return trees;
}

/* The address of "Name <addr>" (or of a bare address), lower-case. */
static char *address_of(const char *from)
{
	const char *open = strrchr(from, '<');
	const char *close = open ? strchr(open, '>') : NULL;
	char *addr = open && close ? g_strndup(open + 1, (gsize)(close - open - 1)) : g_strdup(from);
	char *lower = g_ascii_strdown(g_strstrip(addr), -1);
	g_free(addr);
	return lower;
}

void sm_trees_set_team(sm_trees *trees, const char *const *addresses)
{
	GPtrArray *team = g_ptr_array_new();
	for (; addresses && *addresses; addresses++) {
		char *addr = address_of(*addresses);
		if (*addr)
			g_ptr_array_add(team, addr);
		else
			g_free(addr);
	}
	g_ptr_array_add(team, NULL);
	g_strfreev(trees->team);
	trees->team = (char **)g_ptr_array_free(team, FALSE);
}

gboolean sm_trees_is_team(const sm_trees *trees, const char *from)
{
	if (!trees || !trees->team || !trees->team[0])
		return TRUE;
	if (!from)
		return FALSE;
	char *addr = address_of(from);
	gboolean yes = g_strv_contains((const char *const *)trees->team, addr);
	g_free(addr);
	return yes;
}

void sm_trees_free(sm_trees *trees)
{
	if (!trees)
		return;
	g_ptr_array_unref(trees->list);
	g_strfreev(trees->team);
	g_free(trees);
}

static int version_parts(const char *s, guint64 parts[4])
{
	int n = 0;
	while (n < 4 && s && g_ascii_isdigit(*s)) {
		char *end;
		parts[n++] = g_ascii_strtoull(s, &end, 10);
		if (*end != '.')
			break;
		s = end + 1;
	}
	return n;
}

int sm_version_cmp(const char *a, const char *b)
{
	/* Numeric, part by part: "6.12" > "6.6", "3.0" > "2.6.39"; a
	 * version that is a prefix of the other sorts first. */
	guint64 x[4], y[4];
	int n = version_parts(a, x), m = version_parts(b, y);
	for (int i = 0; i < n && i < m; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return n == m ? 0 : (n < m ? -1 : 1);
}

void sm_trees_set(sm_trees *trees, const char *name, gint64 released, gint64 eol)
{
	GPtrArray *list = trees->list;
	guint i;
	for (i = 0; i < list->len; i++) {
		sm_tree_info *info = g_ptr_array_index(list, i);
		int cmp = sm_version_cmp(name, info->name);
		if (cmp == 0) {
			info->released = released;
			info->eol = eol;
			return;
		}
		if (cmp > 0)
			break;
	}
	sm_tree_info *info = g_new0(sm_tree_info, 1);
	info->name = g_strdup(name);
	info->released = released;
	info->eol = eol;
	g_ptr_array_insert(list, (gint)i, info);
}

static gboolean maintained(const sm_tree_info *info, gint64 date)
{
	if (date <= 0)
		return TRUE; /* undated mail: cannot filter */
	if (info->released && date < info->released)
		return FALSE;
	return info->eol == 0 || date <= info->eol;
}

static gboolean array_has(GPtrArray *out, const char *name)
{
	for (guint i = 0; i < out->len; i++)
		if (sm_version_cmp(g_ptr_array_index(out, i), name) == 0)
			return TRUE;
	return FALSE;
}

static gint cmp_desc(gconstpointer a, gconstpointer b)
{
	return sm_version_cmp(*(char *const *)b, *(char *const *)a);
}

void sm_trees_expand(const sm_trees *trees, const char *high, const char *low,
                     gint64 date, GPtrArray *out)
{
	if (sm_version_cmp(high, low) < 0) {
		const char *t = high;
		high = low;
		low = t;
	}
	GPtrArray *found = g_ptr_array_new();
	g_ptr_array_add(found, (gpointer)high);
	if (sm_version_cmp(high, low) != 0)
		g_ptr_array_add(found, (gpointer)low);
	for (guint i = 0; trees && i < trees->list->len; i++) {
		const sm_tree_info *info = g_ptr_array_index(trees->list, i);
		if (sm_version_cmp(info->name, high) < 0 &&
		    sm_version_cmp(info->name, low) > 0 && maintained(info, date))
			g_ptr_array_add(found, info->name);
	}
	g_ptr_array_sort(found, cmp_desc);
	for (guint i = 0; i < found->len; i++) {
		const char *name = g_ptr_array_index(found, i);
		if (!array_has(out, name))
			g_ptr_array_add(out, g_strdup(name));
	}
	g_ptr_array_free(found, TRUE);
}

/* FNV-1a of LEN bytes of S, on from H. */
static guint32 fnv(guint32 h, const char *s, size_t len)
{
	for (size_t k = 0; k < len; k++) {
		h ^= (guchar)s[k];
		h *= 16777619u;
	}
	return h;
}

guint32 sm_trees_hash(const sm_trees *trees)
{
	/* Every name and date, in table order, then the team. */
	guint32 h = 2166136261u;
	for (guint i = 0; trees && i < trees->list->len; i++) {
		const sm_tree_info *info = g_ptr_array_index(trees->list, i);
		/* Built, not squeezed: a long name is hashed whole. */
		char *text = g_strdup_printf("%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT ";",
		                             info->name, info->released, info->eol);
		h = fnv(h, text, strlen(text));
		g_free(text);
	}
	/* With each NUL: "ab", "c" is not "a", "bc". */
	for (char **member = trees ? trees->team : NULL; member && *member; member++)
		h = fnv(h, *member, strlen(*member) + 1);
	return h;
}
