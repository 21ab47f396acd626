/* git/cache.c - the one convention of every git cache file.
 *
 * Everything here can be recomputed from the repository, so a cache file
 * that is missing, stale or from another version is ignored (and why is
 * logged: G_MESSAGES_DEBUG=stablemate-git shows it).  Each file is
 *   "stablemate-git <kind> <version> <body length>\n" <body>
 * at sm_cache_path("git", <key>, NAME), <key> the repository's, written by
 * sm_file_replace() (mail/file.h: a temporary file renamed over the old
 * one, so a reader sees the old file or the new one, never half of one);
 * the length catches a file cut short all the same (a crash, a full disk,
 * a copy).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include "mail/mail.h"
#include "store/store.h"
#include "repo-private.h"

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "stablemate-git"

char *sm_git_cache_path(const sm_git_repo *repo, const char *name)
{
	/* Per repository: the same tree name means different branches in two
	 * repositories.  About no repository (what mail says): in the room. */
	if (!repo)
		return sm_cache_path("git", NULL, name);
	const char *workdir = git_repository_commondir(repo->git);
	char *key = g_compute_checksum_for_string(G_CHECKSUM_SHA1, workdir, -1);
	char *path = sm_cache_path("git", key, name);
	g_free(key);
	return path;
}

static char *stamp(const char *kind, int version, gsize len)
{
	return g_strdup_printf("stablemate-git %s %d %" G_GSIZE_FORMAT "\n", kind, version, len);
}

gboolean sm_git_cache_store(const sm_git_repo *repo, const char *name, const char *kind,
                            int version, const char *body, gsize len)
{
	char *path = sm_git_cache_path(repo, name);
	char *head = stamp(kind, version, len);
	sm_file_piece pieces[] = { { head, strlen(head) }, { body, len } };
	GError *error = NULL;
	gboolean ok = sm_file_replace(path, pieces, G_N_ELEMENTS(pieces), &error);
	if (!ok)
		g_debug("cache %s not written: %s", name, error->message);
	g_clear_error(&error);
	g_free(head);
	g_free(path);
	return ok;
}

/* Why DATA (SIZE bytes) is not a whole cache file of KIND and VERSION, or
 * NULL; *BODY is where its body starts. */
static const char *check_stamp(const char *data, gsize size, const char *kind, int version,
                               gsize *body)
{
	const char *nl = memchr(data, '\n', size);
	if (!nl)
		return "not a stablemate cache file of this kind";
	char *head = g_strndup(data, nl - data);
	char **w = g_strsplit(head, " ", 5);
	const char *why = NULL;
	*body = nl + 1 - data;
	if (g_strv_length(w) != 4 || strcmp(w[0], "stablemate-git") != 0 ||
	    strcmp(w[1], kind) != 0)
		why = "not a stablemate cache file of this kind";
	else if (g_ascii_strtoll(w[2], NULL, 10) != version)
		why = "written by another version";
	else if (g_ascii_strtoull(w[3], NULL, 10) != size - *body)
		why = "cut short or damaged (its length is wrong)";
	g_strfreev(w);
	g_free(head);
	return why;
}

static void report(const char *name, const char *why, char **reason)
{
	if (why && strcmp(why, "missing") != 0)
		g_debug("cache %s ignored: %s", name, why);
	if (reason)
		*reason = why ? g_strdup(why) : NULL;
}

char *sm_git_cache_load(const sm_git_repo *repo, const char *name, const char *kind,
                        int version, gsize *len, char **reason)
{
	char *path = sm_git_cache_path(repo, name);
	char *data = NULL;
	gsize size = 0, at = 0;
	const char *why = "missing";
	char *body = NULL;
	if (path && g_file_get_contents(path, &data, &size, NULL) &&
	    !(why = check_stamp(data, size, kind, version, &at))) {
		*len = size - at;
		/* NUL-terminated, for the text files. */
		body = g_malloc(*len + 1);
		memcpy(body, data + at, *len);
		body[*len] = '\0';
	}
	report(name, why, reason);
	g_free(data);
	g_free(path);
	return body;
}

/* Map every page of MAP now, from the page cache or the disk, so that no
 * look-up later stops on a fault: a look-up is a binary search whose last
 * steps land on a page no other look-up touched, and on a file not in the
 * page cache that first touch cost 0.9-1.9 ms of processor time (the
 * kernel reading around it) where the look-up itself costs 0.03 ms
 * (doc/bench.md, "already there, per look-up").  The price is paid once
 * a process, at the load: 2 ms of processor time for the 31 MB of
 * mainline's ancestry at 1.3 million commits.  MADV_WILLNEED only starts
 * reading, and the first look-ups came before it ended; it is what is
 * left on kernels older than 5.14, which lack MADV_POPULATE_READ. */
static void prefault(GMappedFile *map)
{
	char *start = g_mapped_file_get_contents(map);
	gsize len = g_mapped_file_get_length(map);
	if (!start || !len)
		return;
#ifdef MADV_POPULATE_READ
	if (madvise(start, len, MADV_POPULATE_READ) == 0)
		return;
#endif
	if (madvise(start, len, MADV_WILLNEED) != 0)
		g_debug("cache file not read ahead: %s", g_strerror(errno));
}

GMappedFile *sm_git_cache_map(const sm_git_repo *repo, const char *name, const char *kind,
                              int version, const char **body, gsize *len, char **reason)
{
	char *path = sm_git_cache_path(repo, name);
	GMappedFile *map = path ? g_mapped_file_new(path, FALSE, NULL) : NULL;
	const char *why = "missing";
	gsize at = 0;
	if (map && !(why = check_stamp(g_mapped_file_get_contents(map),
	                               g_mapped_file_get_length(map), kind, version, &at))) {
		*body = g_mapped_file_get_contents(map) + at;
		*len = g_mapped_file_get_length(map) - at;
		prefault(map);
	} else if (map) {
		g_mapped_file_unref(map);
		map = NULL;
	}
	report(name, why, reason);
	g_free(path);
	return map;
}

char **sm_git_cache_lines(const sm_git_repo *repo, const char *name, const char *kind,
                          int version)
{
	gsize len;
	char *body = sm_git_cache_load(repo, name, kind, version, &len, NULL);
	char **lines = body ? g_strsplit(body, "\n", -1) : NULL;
	g_free(body);
	return lines;
}
