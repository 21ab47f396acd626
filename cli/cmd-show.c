/* cmd-show.c - `stablemate show [--format=text|json] ID...` */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "output/output.h"
#include "git/git.h"
#include "mail/mail.h"

/* Each interdiff of INTERDIFFS whole, as range-diff shows a changed pair;
 * emptied. */
static void print_interdiffs(GPtrArray *interdiffs)
{
	for (guint i = 0; i < interdiffs->len; i++) {
		sm_git_interdiff *d = interdiffs->pdata[i];
		printf("\ninterdiff %s: %s (against %s %.*s)\n", d->tree, d->summary, d->against,
		       strcmp(d->against, "upstream") == 0 ? 12 : (int)strlen(d->reference), d->reference);
		for (const char *l = d->text; *l;) {
			const char *nl = strchr(l, '\n');
			char *line = sm_text_clean_controls(l, nl - l, "\t");
			printf("    %s\n", line);
			g_free(line);
			l = nl + 1;
		}
		sm_git_interdiff_free(d);
	}
	g_ptr_array_set_size(interdiffs, 0);
}

/* While the answers build the indexes (the first time, tens of seconds at
 * kernel scale), how far they got: on a terminal, a line on standard error
 * each second from the second one, each a whole line, so that it falls
 * between the lines of the output, never inside one. */
typedef struct progress {
	sm_git_repo *repo;
	GThread *thread;
	GMutex lock;
	GCond done_cond;
	gboolean done;
} progress;

static gpointer progress_thread(gpointer data)
{
	progress *p = data;
	g_mutex_lock(&p->lock);
	gint64 next = g_get_monotonic_time() + G_USEC_PER_SEC;
	while (!p->done) {
		if (g_cond_wait_until(&p->done_cond, &p->lock, next))
			continue;  /* told to stop, or woken for nothing */
		fprintf(stderr, "stablemate show: asking the repository: %u commits read\n",
		        sm_git_repo_progress(p->repo));
		next = g_get_monotonic_time() + G_USEC_PER_SEC;
	}
	g_mutex_unlock(&p->lock);
	return NULL;
}

static void progress_start(progress *p, sm_git_repo *repo)
{
	memset(p, 0, sizeof *p);
	if (!repo || !isatty(STDERR_FILENO))
		return;
	p->repo = repo;
	g_mutex_init(&p->lock);
	g_cond_init(&p->done_cond);
	p->thread = g_thread_new("stablemate-progress", progress_thread, p);
}

static void progress_stop(progress *p)
{
	if (!p->thread)
		return;
	g_mutex_lock(&p->lock);
	p->done = TRUE;
	g_cond_signal(&p->done_cond);
	g_mutex_unlock(&p->lock);
	g_thread_join(p->thread);
	g_mutex_clear(&p->lock);
	g_cond_clear(&p->done_cond);
}

/* Print FOUND with what the configured repository ([git] repo) says
 * about each patch; without one, each "git" map carries the reason.  Text
 * is in blocks: one labelled field a line, one notice a block, and each
 * patch's interdiffs after its blocks; JSON is one document. */
static void show(const char *format, int version, sm_config *config, sm_store *store,
                 sm_group *group, GPtrArray *found)
{
	sm_git_settings *settings = sm_git_settings_from_config(config);
	GError *error = NULL;
	sm_git_repo *repo = sm_git_repo_open(settings, &error);
	gboolean text = strcmp(format, "text") == 0;
	sm_report_git git = { repo, error ? error->message : NULL, group, NULL };
	sm_maintainers *maintainers = sm_cli_maintainers(config, store, repo);
	sm_git_maintainers_keywords(maintainers, group, found);
	progress shown;
	progress_start(&shown, repo);
	if (text) {
		/* Text shows each interdiff whole after the blocks, and not as a
		 * list of strings. */
		static const char *const text_skip[] = { "interdiff", NULL };
		git.interdiffs = g_ptr_array_new();
		for (guint i = 0; i < found->len; i++) {
			GPtrArray *one = g_ptr_array_new();
			g_ptr_array_add(one, found->pdata[i]);
			sm_printer *p = sm_printer_blocks_new(stdout);
			sm_printer_set_version(p, version);
			sm_printer_text_skip(p, text_skip);
			if (i)
				putchar('\n');
			sm_report(p, group, one, NULL, SM_REPORT_DETAIL, &git, maintainers);
			sm_printer_free(p);
			print_interdiffs(git.interdiffs);
			g_ptr_array_unref(one);
		}
		g_ptr_array_unref(git.interdiffs);
	} else {
		sm_printer *p = sm_printer_new(format, stdout);
		sm_printer_set_version(p, version);
		sm_report(p, group, found, NULL, SM_REPORT_DETAIL, &git, maintainers);
		sm_printer_free(p);
	}
	progress_stop(&shown);
	sm_maintainers_free(maintainers);
	g_clear_error(&error);
	sm_git_repo_free(repo);
	sm_git_settings_free(settings);
}

/* The patches IDS name, in the order named, each once; NULL when one
 * names none (each such ID said on stderr), as git show refuses a bad
 * revision and shows nothing. */
static GPtrArray *find_all(const sm_group *group, char **ids)
{
	GPtrArray *all = g_ptr_array_new();
	gboolean ok = TRUE;
	for (char **id = ids; *id; id++) {
		GPtrArray *found = sm_find_patches("show", group, *id, FALSE);
		for (guint i = 0; found && i < found->len; i++)
			if (!g_ptr_array_find(all, found->pdata[i], NULL))
				g_ptr_array_add(all, found->pdata[i]);
		ok = ok && found;
		if (found)
			g_ptr_array_unref(found);
	}
	if (!ok)
		g_clear_pointer(&all, g_ptr_array_unref);
	return all;
}

int sm_cmd_show(const sm_options *options, int argc, char **argv)
{
	sm_config *config;
	sm_store *store;
	sm_group *group;
	char *format, **ids;
	int version;

	int status = sm_parse_output_args(options, argc, argv, "ID...",
	                                  "Print the patches that each ID names (a commit id prefix of at\n"
	                                  "least 4 hex digits, or a message-id, also as id:MSGID) in detail.",
	                                  &format, &version, &ids);
	if (status)
		return status;
	status = 1;
	if (!*ids) {
		fprintf(stderr, "stablemate show: which patch? give a commit id prefix or a message-id\n");
		status = 2;
	} else if (sm_open_and_load(options, NULL, &config, &store, &group)) {
		GPtrArray *found = find_all(group, ids);
		if (found) {
			show(format, version, config, store, group, found);
			g_ptr_array_unref(found);
			status = 0;
		}
		sm_close(config, store, group);
	}
	g_free(format);
	g_strfreev(ids);
	return status;
}
