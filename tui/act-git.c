/* act-git.c - the git keys: c (checkout) and d (ask for dependencies).
 *
 * checkout: asks for the tree (prefilled with the newest where the patch
 * FAILED), makes or reopens the worktree (core/git/checkout.c), leaves
 * curses for the shell, and shows the outcome; an abandoned worktree may
 * be removed, a committed backport goes to the reply path.
 * ask-for-dependencies: finds the candidates on the tree (blame and the
 * FAILED notice), lets the user pick them in a list, and sends the request
 * through the reply path.  Both replies are acts (core/reply/git-act.c): the
 * editor, then y send, e edit again, d keep as draft, q discard.
 *
 * The tree prompt is asynchronous, so it carries the patch key; the rest
 * is modal, like the editor.
 */
#include <string.h>
#include "reply/reply.h"
#include "git/git.h"
#include "mail/mail.h"
#include "view.h"

typedef struct pending {
	sm_action action;
	char *key;
} pending;

static void pending_free(pending *p)
{
	g_free(p->key);
	g_free(p);
}


/* The reply of ACT: edit, then y/e/d/q (act-review.c).  Sets the status
 * line. */
static void review(sm_tui *tui, sm_act *act, const char *what)
{
	sm_act_reply *r = act->replies->pdata[0];
	sm_reply_ask how = { .title = what };
	char *problem = sm_ask_reply(tui, act, r, &how);
	if (problem) {
		sm_tui_error(tui, "%s: %s", what, problem);
	} else {
		static const char *const done[] = { "not sent", "sent", "kept as a draft",
		                                    "discarded", "failed" };
		sm_tui_message(tui, "%s: %s", what, done[r->outcome]);
	}
	g_free(problem);
	sm_send_deliver_held_signal(); /* held during the send (send.h) */
}

/* Tags may have changed: the patch states follow, and the views. */
static void data_changed(sm_tui *tui)
{
	sm_group_build(sm_tui_group(tui));
	sm_tui_data_changed(tui);
	sm_tui_check_later(tui);
}

static sm_git_repo *open_repo(sm_tui *tui, const char *what)
{
	sm_git_settings *settings = sm_git_settings_from_config(sm_tui_config(tui));
	GError *error = NULL;
	sm_git_repo *repo = sm_git_repo_open(settings, &error);
	if (!repo) {
		sm_tui_error(tui, "%s: %s", what, error->message);
		g_error_free(error);
	}
	sm_git_settings_free(settings);
	return repo;
}

/* A committed backport: to the reply path, if the user wants. */
static void mail_backport(sm_tui *tui, sm_git_repo *repo, const sm_patch *patch,
                          const sm_checkout *co)
{
	char *question = g_strdup_printf("%.12s on %s: committed as %.12s. Mail the backport "
	                                 "to stable? y/n", co->upstream, co->tree, co->backport);
	int c = sm_ask_key(tui, question, "yn");
	g_free(question);
	if (c != 'y')
		return;
	GError *error = NULL;
	sm_act *act = sm_git_act_backport(sm_tui_config(tui), sm_tui_store(tui), sm_tui_group(tui),
	                                  repo, patch, co->tree, co->backport,
	                                  g_get_real_time() / G_USEC_PER_SEC, &error);
	if (!act) {
		sm_tui_error(tui, "backport: %s", error->message);
		g_error_free(error);
		return;
	}
	char *what = g_strdup_printf("backport of %.12s to %s", co->upstream, co->tree);
	review(tui, act, what);
	g_free(what);
	sm_act_free(act);
	data_changed(tui);
}

static void after_shell(sm_tui *tui, sm_git_repo *repo, const sm_patch *patch,
                        sm_checkout *co)
{
	if (co->state == SM_CHECKOUT_COMMITTED) {
		mail_backport(tui, repo, patch, co);
		return;
	}
	char *outcome = sm_git_checkout_outcome(co);
	if (co->state != SM_CHECKOUT_ABANDONED || co->dirty) {
		sm_tui_message(tui, "%s (c reopens it)", outcome);
		g_free(outcome);
		return;
	}
	char *question = g_strdup_printf("%s: remove the worktree and its branch? y/n", outcome);
	g_free(outcome);
	int c = sm_ask_key(tui, question, "yn");
	g_free(question);
	GError *error = NULL;
	if (c != 'y')
		sm_tui_message(tui, "kept %s", co->path);
	else if (sm_git_checkout_remove(repo, co, &error))
		sm_tui_message(tui, "removed %s and %s", co->path, co->branch);
	else
		sm_tui_error(tui, "%s", error->message);
	g_clear_error(&error);
}

static void checkout_tree(sm_tui *tui, const char *key, const char *tree)
{
	sm_patch *patch = sm_tui_patch(tui, key);
	sm_store *store = sm_tui_store(tui);
	if (!patch || !store) {
		sm_tui_error(tui, "checkout: busy reading mail, try again");
		return;
	}
	sm_git_repo *repo = open_repo(tui, "checkout");
	if (!repo)
		return;
	char *note = g_strdup_printf("checkout: making the worktree for %.12s on %s...",
	                             patch->upstream, tree);
	sm_status_now(note, FALSE);
	g_free(note);
	GError *error = NULL;
	sm_checkout *co = sm_git_checkout(repo, patch->upstream, tree, &error);
	if (!co) {
		sm_tui_error(tui, "checkout: %s", error->message);
		g_error_free(error);
		sm_git_repo_free(repo);
		return;
	}
	if (!co->reopened && !sm_git_mark_resolving(store, sm_tui_group(tui), patch, &error)) {
		sm_tui_error(tui, "checkout: %s", error->message);
		g_clear_error(&error);
	}
	sm_tui_leave_terminal();
	gboolean ran = sm_git_shell_run(repo, co, stdout, &error);
	sm_tui_take_terminal(tui);
	if (!ran) {
		sm_tui_error(tui, "checkout: %s", error->message);
		g_error_free(error);
	} else {
		/* The group may have been rebuilt while the shell ran. */
		patch = sm_tui_patch(tui, key);
		if (patch)
			after_shell(tui, repo, patch, co);
	}
	data_changed(tui);
	sm_checkout_free(co);
	sm_git_repo_free(repo);
}

/* ---- asking for dependencies ---- */

static char *describe(const sm_dependency *d, const char *tree)
{
	const char *where = !d->known ? "not in the repository"
	                  : d->present ? "already in the branch"
	                  : sm_status_is_queued(d->status) ? "queued"
	                  : "missing";
	const char *from = d->sources == (SM_DEP_BLAME | SM_DEP_NOTICE) ? "blame, notice"
	                 : d->sources & SM_DEP_BLAME ? "blame" : "notice";
	return g_strdup_printf("%.12s (\"%s\")  %s: %s  [%s]", d->id, d->subject, tree, where, from);
}

/* Let the user pick among DEPS; PICKED starts with the useful ones.
 * FALSE when cancelled. */
static gboolean pick(sm_tui *tui, const char *title, const char *tree, GPtrArray *deps,
                     gboolean *picked)
{
	guint cursor = 0;
	for (;;) {
		erase();
		attron(A_BOLD);
		mvaddnstr(0, 0, title, COLS - 1);
		attroff(A_BOLD);
		for (guint i = 0; i < deps->len && (int)i + 2 < LINES - 1; i++) {
			char *text = describe(deps->pdata[i], tree);
			char *line = g_strdup_printf("[%c] %s", picked[i] ? 'x' : ' ', text);
			if (i == cursor)
				attron(A_REVERSE);
			mvaddnstr(i + 2, 0, line, COLS - 1);
			if (i == cursor)
				attroff(A_REVERSE);
			g_free(line);
			g_free(text);
		}
		mvaddnstr(LINES - 1, 0, "space: pick or unpick, j/k: move, Enter: ask for the "
		          "picked ones, q: cancel", COLS - 1);
		refresh();
		int c = sm_wait_key(tui, -1);
		if (c == 'q' || sm_key_cancels(c))
			return FALSE;
		if (c == '\n' || c == '\r' || c == KEY_ENTER)
			return TRUE;
		if ((c == 'j' || c == KEY_DOWN) && cursor + 1 < deps->len)
			cursor++;
		else if ((c == 'k' || c == KEY_UP) && cursor > 0)
			cursor--;
		else if (c == ' ')
			picked[cursor] = !picked[cursor];
	}
}

/* The candidates are looked for in a thread of their own (a blame can
 * read a long history the first time), while this one shows how far it
 * got and listens for q or a cancelling key (sm_key_cancels), which stop
 * it. */
typedef struct deps_job {
	sm_git_repo *repo;  /* used by the thread only, until done */
	const char *upstream, *tree, *body;
	GPtrArray *deps;
	GError *error;
	gint done;
} deps_job;

static gpointer deps_thread(gpointer data)
{
	deps_job *job = data;
	job->deps = sm_git_dependencies(job->repo, job->upstream, job->tree, job->body,
	                                &job->error);
	g_atomic_int_set(&job->done, 1);
	return NULL;
}

static GPtrArray *find_deps(sm_tui *tui, deps_job *job)
{
	GThread *thread = g_thread_new("stablemate-deps", deps_thread, job);
	gint64 start = g_get_monotonic_time();
	gboolean stopping = FALSE;
	while (!g_atomic_int_get(&job->done)) {
		double elapsed = (g_get_monotonic_time() - start) / 1e6;
		char *text = g_strdup_printf(
			stopping ? "ask-for-dependencies: stopping..."
			         : "ask-for-dependencies: looking for candidates on %s: %u commits "
			           "read, %.0f s (q: stop)", job->tree,
			sm_git_repo_progress(job->repo), elapsed);
		sm_status_now(text, FALSE);
		g_free(text);
		int c = sm_wait_key(tui, 100);
		if (c == 'q' || sm_key_cancels(c)) {
			sm_git_repo_cancel(job->repo);
			stopping = TRUE;
		}
	}
	g_thread_join(thread);
	return job->deps;
}

static void ask_deps_tree(sm_tui *tui, const char *key, const char *tree)
{
	sm_patch *patch = sm_tui_patch(tui, key);
	if (!patch || !sm_tui_store(tui)) {
		sm_tui_error(tui, "ask-for-dependencies: busy reading mail, try again");
		return;
	}
	sm_git_repo *repo = open_repo(tui, "ask-for-dependencies");
	if (!repo)
		return;
	sm_git_query *q = sm_git_query_new(patch, TRUE);
	guint t = 0;
	while (q->trees[t] && strcmp(q->trees[t], tree) != 0)
		t++;
	const char *failed = q->trees[t] ? q->failed_files[t] : "";
	sm_mail *mail = *failed ? sm_mail_read(failed, 0, NULL) : NULL;
	GError *error = NULL;
	/* The patch view's answer has them when it is in: no second blame. */
	sm_git_worker *git = sm_tui_git(tui);
	const sm_git_info *info = git ? sm_git_worker_peek(git, patch->upstream) : NULL;
	const sm_git_tree_info *known = info && info->deps ? sm_git_info_tree(info, tree) : NULL;
	GPtrArray *deps;
	if (known && known->deps) {
		deps = sm_git_dependencies_copy(known->deps);
	} else {
		deps_job job = { .repo = repo, .upstream = patch->upstream, .tree = tree,
		                 .body = mail ? mail->body : NULL };
		deps = find_deps(tui, &job);
		error = job.error;
	}
	sm_mail_free(mail);
	sm_git_query_free(q);
	sm_git_repo_free(repo);
	if (!deps) {
		sm_tui_error(tui, "ask-for-dependencies: %s", error->message);
		g_error_free(error);
		return;
	}
	if (deps->len == 0) {
		sm_tui_message(tui, "ask-for-dependencies: no candidates for %.12s on %s",
		               patch->upstream, tree);
		g_ptr_array_unref(deps);
		return;
	}
	sm_git_dependencies_status(deps, sm_tui_group(tui), tree);
	gboolean *picked = g_new0(gboolean, deps->len);
	for (guint i = 0; i < deps->len; i++) {
		const sm_dependency *d = deps->pdata[i];
		picked[i] = d->known && !d->present && !sm_status_is_queued(d->status);
	}
	char *title = g_strdup_printf("Ask for these before %.12s (\"%s\") on %s?",
	                              patch->upstream, patch->subject, tree);
	gboolean go = pick(tui, title, tree, deps, picked);
	sm_view_draw(sm_view_top(tui));
	GPtrArray *chosen = g_ptr_array_new();
	for (guint i = 0; i < deps->len; i++)
		if (picked[i])
			g_ptr_array_add(chosen, deps->pdata[i]);
	if (!go || chosen->len == 0) {
		sm_tui_message(tui, "ask-for-dependencies: nothing asked");
	} else {
		sm_act *act = sm_git_act_deps(sm_tui_config(tui), sm_tui_store(tui), sm_tui_group(tui), patch,
		                              tree, chosen, g_get_real_time() / G_USEC_PER_SEC,
		                              &error);
		if (act) {
			char *what = g_strdup_printf("dependencies of %.12s on %s", patch->upstream, tree);
			review(tui, act, what);
			g_free(what);
			sm_act_free(act);
			data_changed(tui);
		} else {
			sm_tui_error(tui, "ask-for-dependencies: %s", error->message);
			g_error_free(error);
		}
	}
	g_ptr_array_unref(chosen);
	g_free(title);
	g_free(picked);
	g_ptr_array_unref(deps);
}

/* ---- the handlers ---- */

static void tree_done(sm_tui *tui, const char *text, gpointer data)
{
	pending *p = data;
	char *tree = text ? g_strstrip(g_strdup(text)) : NULL;
	if (tree && *tree && p->action == SM_ACTION_CHECKOUT)
		checkout_tree(tui, p->key, tree);
	else if (tree && *tree)
		ask_deps_tree(tui, p->key, tree);
	g_free(tree);
	pending_free(p);
}

/* Both keys: one patch with an upstream id, then the tree. */
static void start(sm_action_ctx *ctx, const char *label)
{
	const char *name = sm_action_name(ctx->action);
	if (!ctx->patches || !sm_tui_store(ctx->tui)) {
		sm_tui_error(ctx->tui, "%s: busy reading mail, try again", name);
		return;
	}
	if (ctx->patches->len != 1) {
		sm_tui_error(ctx->tui, "%s: select one patch (%u marked)", name, ctx->patches->len);
		return;
	}
	const sm_patch *patch = ctx->patches->pdata[0];
	if (!*patch->upstream) {
		sm_tui_error(ctx->tui, "%s: the patch has no upstream commit id", name);
		return;
	}
	pending *p = g_new0(pending, 1);
	p->action = ctx->action;
	p->key = g_strdup(sm_patch_key(patch));
	const char *failed = sm_git_failed_tree(patch);
	sm_prompt_open(ctx->tui, label, failed ? failed : "", tree_done, p, NULL);
	sm_prompt_acts_on_patches(ctx->tui);
}

void sm_act_checkout(sm_action_ctx *ctx)
{
	start(ctx, "Checkout on tree: ");
}

void sm_act_ask_deps(sm_action_ctx *ctx)
{
	start(ctx, "Ask for dependencies on tree: ");
}
