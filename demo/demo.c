/* demo.c - build the demo directory: repository, mail, configs, database.
 *
 * DIR/.stablemate-demo marks a directory as ours: only then is what is in
 * it replaced.  The marker is written first, so that a build that fails
 * half-way can be built again.  Nothing outside DIR is touched: the demo
 * config keeps worktrees, the action history and "sent" mail inside DIR,
 * and sendmail is replaced by an append to DIR/outbox, so that replies
 * written in the demo never leave the machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <string.h>
#include <glib/gstdio.h>
#include <notmuch.h>
#include "store/store.h"
#include "demo.h"
#include "demo-private.h"

#define MARKER ".stablemate-demo"
/* Written last: the build is whole and can be reused. */
#define BUILT ".stablemate-demo-built"
/* flock()ed shared by every stablemate using the demo, exclusive to build
 * it; never removed, or two processes could lock two different files. */
#define LOCK ".stablemate-demo.lock"

char *sm_demo_default_dir(void)
{
	return sm_cache_path("demo", NULL, NULL);
}

void sm_demo_free(sm_demo *demo)
{
	if (!demo)
		return;
	g_free(demo->dir);
	g_free(demo->notmuch_config);
	g_free(demo->config);
	g_free(demo->mail);
	g_free(demo->repo);
	if (demo->lock_fd >= 0)
		close(demo->lock_fd);
	g_free(demo);
}

static gboolean file_error(GError **error, const char *what, const char *path, int err)
{
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "cannot %s %s: %s",
	            what, path, g_strerror(err));
	return FALSE;
}

/* Remove PATH and, for a directory, what is in it (symbolic links are
 * removed, never followed). */
static gboolean remove_tree(const char *path, GError **error)
{
	GStatBuf st;
	if (g_lstat(path, &st) != 0)
		return errno == ENOENT || file_error(error, "examine", path, errno);
	if (S_ISDIR(st.st_mode)) {
		GDir *dir = g_dir_open(path, 0, error);
		if (!dir)
			return FALSE;
		gboolean ok = TRUE;
		for (const char *name; ok && (name = g_dir_read_name(dir)); ) {
			char *child = g_build_filename(path, name, NULL);
			ok = remove_tree(child, error);
			g_free(child);
		}
		g_dir_close(dir);
		if (!ok)
			return FALSE;
		return g_rmdir(path) == 0 || file_error(error, "remove", path, errno);
	}
	return g_unlink(path) == 0 || file_error(error, "remove", path, errno);
}

/* Make DIR an empty, marked demo directory: create it, or empty a previous
 * demo; refuse anything else. */
static gboolean prepare_dir(const char *dir, GError **error)
{
	if (g_mkdir_with_parents(dir, 0700) != 0)
		return file_error(error, "create", dir, errno);
	char *marker = g_build_filename(dir, MARKER, NULL);
	gboolean ours = g_file_test(marker, G_FILE_TEST_IS_REGULAR);
	GDir *d = g_dir_open(dir, 0, error);
	gboolean ok = d != NULL;
	gboolean empty = TRUE;
	for (const char *name; ok && (name = g_dir_read_name(d)); ) {
		if (strcmp(name, LOCK) == 0)
			continue;
		empty = FALSE;
		if (!ours)
			break;
		char *child = g_build_filename(dir, name, NULL);
		ok = remove_tree(child, error);
		g_free(child);
	}
	if (d)
		g_dir_close(d);
	if (ok && !empty && !ours) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
		            "%s is not empty and is not a stablemate demo (it has no %s); "
		            "not touching it", dir, MARKER);
		ok = FALSE;
	}
	ok = ok && g_file_set_contents(marker, "A stablemate demo: stablemate --demo rebuilds "
	                               "everything in this directory.\n", -1, error);
	g_free(marker);
	return ok;
}

static gboolean make_maildir(const char *mail, GError **error)
{
	static const char *const subs[] = { "cur", "new", "tmp" };
	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++) {
		char *path = g_build_filename(mail, subs[i], NULL);
		int rc = g_mkdir_with_parents(path, 0700);
		int err = errno;
		g_free(path);
		if (rc != 0)
			return file_error(error, "create", mail, err);
	}
	return TRUE;
}

static gboolean write_configs(const sm_demo *demo, GError **error)
{
	char *notmuch = g_strdup_printf(
		"# notmuch config of the stablemate demo (stablemate --demo rewrites it).\n"
		"[database]\npath=%s\n\n"
		"[user]\nname=" SM_DEMO_USER_NAME "\nprimary_email=" SM_DEMO_USER_EMAIL "\n\n"
		"[new]\ntags=unread;inbox\nignore=\n\n"
		"[search]\nexclude_tags=deleted;spam\n\n"
		"[maildir]\nsynchronize_flags=true\n",
		demo->mail);
	char *outbox = g_build_filename(demo->dir, "outbox", NULL);
	char *quoted = g_shell_quote(outbox);
	char *worktrees = g_build_filename(demo->dir, "worktrees", NULL);
	char *history = g_build_filename(demo->dir, "history", NULL);
	char *config = g_strdup_printf(
		"# stablemate config of the demo (stablemate --demo rewrites it).\n"
		"[git]\nrepo=%s\nworktrees=%s\n\n"
		"[reply]\n"
		"# The demo never sends mail: replies are appended to the outbox file.\n"
		"sendmail=tee -a %s\n"
		"from=" SM_DEMO_USER_NAME " <" SM_DEMO_USER_EMAIL ">\n\n"
		"[history]\npath=%s\n",
		demo->repo, worktrees, quoted, history);
	gboolean ok = g_file_set_contents(demo->notmuch_config, notmuch, -1, error) &&
	              g_file_set_contents(demo->config, config, -1, error);
	g_free(notmuch);
	g_free(outbox);
	g_free(quoted);
	g_free(worktrees);
	g_free(history);
	g_free(config);
	return ok;
}

static gboolean notmuch_failed(notmuch_database_t *db, notmuch_status_t status,
                               const char *what, GError **error)
{
	const char *text = db ? notmuch_database_status_string(db) : NULL;
	char *why = g_strstrip(g_strdup(text ? text : notmuch_status_to_string(status)));
	g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot %s: %s", what, why);
	g_free(why);
	return FALSE;
}

/* Index MESSAGES into a new database, as `notmuch new` would, with their
 * tags. */
static gboolean index_mail(const sm_demo *demo, GPtrArray *messages, GError **error)
{
	notmuch_database_t *db = NULL;
	char *msg = NULL;
	notmuch_status_t status = notmuch_database_create_with_config(
		NULL, demo->notmuch_config, "", &db, &msg);
	if (status != NOTMUCH_STATUS_SUCCESS) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            "cannot create the demo's notmuch database: %s",
		            msg ? g_strstrip(msg) : notmuch_status_to_string(status));
		free(msg);
		return FALSE;
	}
	free(msg);
	status = notmuch_database_begin_atomic(db);
	for (guint i = 0; !status && i < messages->len; i++) {
		const sm_demo_message *m = messages->pdata[i];
		notmuch_message_t *message = NULL;
		status = notmuch_database_index_file(db, m->path, NULL, &message);
		if (status)
			break;
		status = notmuch_message_freeze(message);
		for (char **t = m->tags; !status && *t; t++)
			status = notmuch_message_add_tag(message, *t);
		notmuch_status_t thawed = notmuch_message_thaw(message);
		status = status ? status : thawed;
		notmuch_message_destroy(message);
	}
	if (!status)
		status = notmuch_database_end_atomic(db);
	gboolean ok = !status || notmuch_failed(db, status, "index the demo mail", error);
	status = notmuch_database_destroy(db);
	return ok && (!status || notmuch_failed(NULL, status, "close the demo database", error));
}

static sm_demo *demo_new(const char *dir)
{
	sm_demo *demo = g_new0(sm_demo, 1);
	demo->lock_fd = -1;
	demo->dir = g_canonicalize_filename(dir, NULL);
	demo->notmuch_config = g_build_filename(demo->dir, "notmuch-config", NULL);
	demo->config = g_build_filename(demo->dir, "config", NULL);
	demo->mail = g_build_filename(demo->dir, "mail", NULL);
	demo->repo = g_build_filename(demo->dir, "linux", NULL);
	return demo;
}

static gboolean build(sm_demo *demo, gint64 now, GError **error)
{
	sm_demo_repo *repo = NULL;
	GPtrArray *messages = NULL;
	/* The mail is data (demo/mail/NN-what.eml), installed as tig installs tigrc. */
	char *templates = sm_shipped_path("demo", SM_SRCDIR "/demo/mail", SM_BUILDDIR);
	gboolean ok = prepare_dir(demo->dir, error) &&
	              (repo = sm_demo_git_build(demo->repo, error)) != NULL &&
	              make_maildir(demo->mail, error) &&
	              (messages = sm_demo_mail_write(demo->mail, templates, repo, now, error)) != NULL &&
	              write_configs(demo, error) &&
	              index_mail(demo, messages, error);
	if (messages) {
		g_ptr_array_set_free_func(messages, (GDestroyNotify)sm_demo_message_free);
		g_ptr_array_unref(messages);
	}
	sm_demo_repo_free(repo);
	g_free(templates);
	char *built = g_build_filename(demo->dir, BUILT, NULL);
	char *when = g_strdup_printf("%" G_GINT64_FORMAT "\n", now);
	ok = ok && g_file_set_contents(built, when, -1, error);
	g_free(when);
	g_free(built);
	demo->built = ok;
	return ok;
}

sm_demo *sm_demo_build(const char *dir, gint64 now, GError **error)
{
	sm_demo *demo = demo_new(dir);
	if (!build(demo, now, error)) {
		sm_demo_free(demo);
		return NULL;
	}
	return demo;
}

static gboolean lock(sm_demo *demo, int how, GError **error)
{
	while (flock(demo->lock_fd, how) != 0)
		if (errno != EINTR)
			return file_error(error, "lock", demo->dir, errno);
	return TRUE;
}

sm_demo *sm_demo_open(const char *dir, gboolean reset, gint64 now, GError **error)
{
	sm_demo *demo = demo_new(dir);
	char *path = g_build_filename(demo->dir, LOCK, NULL);
	char *built = g_build_filename(demo->dir, BUILT, NULL);
	gboolean ok = g_mkdir_with_parents(demo->dir, 0700) == 0 ||
	              file_error(error, "create", demo->dir, errno);
	if (ok && (demo->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
		ok = file_error(error, "open", path, errno);
	if (ok && reset && flock(demo->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
		            "the demo in %s is open in another stablemate; quit it first "
		            "(or use --demo-dir)", demo->dir);
		ok = FALSE;
	} else if (ok && !reset) {
		/* Wait while another stablemate builds it; whole, it is reused. */
		ok = lock(demo, LOCK_SH, error);
		if (ok && !g_file_test(built, G_FILE_TEST_EXISTS))
			ok = lock(demo, LOCK_EX, error);
		reset = ok && !g_file_test(built, G_FILE_TEST_EXISTS);
	}
	ok = ok && (!reset || build(demo, now, error)) && lock(demo, LOCK_SH, error);
	g_free(path);
	g_free(built);
	if (!ok) {
		sm_demo_free(demo);
		return NULL;
	}
	return demo;
}
