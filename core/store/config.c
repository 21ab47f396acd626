/* config.c - load stablemate's GKeyFile config and the tree overrides. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"

char *sm_cache_dir(void)
{
	return g_build_filename(g_get_user_cache_dir(), "stablemate", NULL);
}

char *sm_cache_path(const char *room, const char *key, const char *name)
{
	return g_build_filename(g_get_user_cache_dir(), "stablemate", room, key ? key : name,
	                        key ? name : NULL, NULL);
}

char *sm_shipped_path(const char *name, const char *source_path, const char *build_dir)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	char *exe_dir = exe ? g_path_get_dirname(exe) : NULL;
	char *build = realpath(build_dir, NULL);
	gboolean in_build_tree = exe_dir && build && strcmp(exe_dir, build) == 0;
	char *installed = g_build_filename(SM_PKGDATADIR, name, NULL);
	char *path = installed;
	if (in_build_tree || !g_file_test(installed, G_FILE_TEST_EXISTS)) {
		path = g_strdup(source_path);
		g_free(installed);
	}
	g_free(exe);
	g_free(exe_dir);
	free(build);
	return path;
}

static char *default_path(void)
{
	return g_build_filename(g_get_user_config_dir(), "stablemate", "config", NULL);
}

/* "2023-10-30" at midnight UTC; -1 when unreadable. */
static gint64 parse_day(const char *text)
{
	int y, m, d;
	char end;
	if (sscanf(text, "%d-%d-%d%c", &y, &m, &d, &end) != 3)
		return -1;
	GDateTime *dt = g_date_time_new_utc(y, m, d, 0, 0, 0);
	if (!dt)
		return -1;
	gint64 t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

/* [trees] 6.6 = 2023-10-30, 2026-12-31  (end of life may be empty) */
static gboolean apply_trees(sm_config *config, const char *path, GError **error)
{
	char **keys = g_key_file_get_keys(config->keyfile, "trees", NULL, NULL);
	gboolean ok = TRUE;
	for (char **k = keys; ok && k && *k; k++) {
		char *value = g_key_file_get_string(config->keyfile, "trees", *k, NULL);
		char **parts = g_strsplit(value ? value : "", ",", 2);
		gint64 released = parts[0] ? parse_day(g_strstrip(parts[0])) : -1;
		gint64 eol = 0;
		if (parts[0] && parts[1] && *g_strstrip(parts[1]))
			eol = parse_day(parts[1]);
		if (released < 0 || eol < 0) {
			g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
			            "%s: [trees] %s: expected \"YYYY-MM-DD[, YYYY-MM-DD]\", got \"%s\"",
			            path, *k, value ? value : "");
			ok = FALSE;
		} else {
			sm_trees_set(config->trees, *k, released, eol);
		}
		g_strfreev(parts);
		g_free(value);
	}
	g_strfreev(keys);
	return ok;
}

/* [stable] team = gregkh@linuxfoundation.org, sashal@kernel.org: whose
 * decisions move a tree (trees.h); ',' or ';' between addresses, empty
 * for everyone. */
static void apply_team(sm_config *config)
{
	char *value = g_key_file_get_string(config->keyfile, "stable", "team", NULL);
	if (!value)
		return;
	char **team = g_strsplit_set(value, ",;", -1);
	sm_trees_set_team(config->trees, (const char *const *)team);
	g_strfreev(team);
	g_free(value);
}

sm_config *sm_config_load(const char *path, GError **error)
{
	sm_config *config = g_new0(sm_config, 1);
	config->keyfile = g_key_file_new();
	config->trees = sm_trees_new_default();
	char *file = path ? g_strdup(path) : default_path();
	GError *err = NULL;

	if (g_key_file_load_from_file(config->keyfile, file, G_KEY_FILE_NONE, &err)) {
		config->path = g_strdup(file);
	} else if (path || !g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
		g_set_error(error, err->domain, err->code, "%s: %s", file, err->message);
		g_error_free(err);
		g_free(file);
		sm_config_free(config);
		return NULL;
	} else {
		g_clear_error(&err);
	}
	if (!apply_trees(config, file, error)) {
		g_free(file);
		sm_config_free(config);
		return NULL;
	}
	apply_team(config);
	config->query = sm_config_string(config, "search", "query", SM_DEFAULT_QUERY);
	g_free(file);
	return config;
}

void sm_config_free(sm_config *config)
{
	if (!config)
		return;
	g_key_file_unref(config->keyfile);
	g_free(config->path);
	g_free(config->query);
	sm_trees_free(config->trees);
	g_free(config);
}

static gboolean is_path_key(const char *key)
{
	static const char *const names[] = { "repo", "worktrees", "drafts", "sent", NULL };
	if (strstr(key, "path"))
		return TRUE;
	return g_strv_contains(names, key);
}

char *sm_config_string(const sm_config *config, const char *group,
                       const char *key, const char *fallback)
{
	char *value = g_key_file_get_string(config->keyfile, group, key, NULL);
	if (!value)
		return g_strdup(fallback);
	g_strstrip(value);
	if (is_path_key(key) && g_str_has_prefix(value, "~/")) {
		char *expanded = g_build_filename(g_get_home_dir(), value + 2, NULL);
		g_free(value);
		return expanded;
	}
	return value;
}

gboolean sm_config_bool(const sm_config *config, const char *group,
                        const char *key, gboolean fallback)
{
	GError *err = NULL;
	gboolean value = g_key_file_get_boolean(config->keyfile, group, key, &err);
	if (err) {
		g_error_free(err);
		return fallback;
	}
	return value;
}
