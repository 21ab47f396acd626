/* tui.c - the TUI's main loop: keys, the worker, refresh and the screen.
 *
 * The loop never blocks for long: it waits for a key at most a fraction
 * of a second, and between keys it collects a finished load, checks
 * whether the database moved (sm_store_changed, cheap: a removal alone
 * too) and redraws only
 * when something changed.
 */
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "load.h"
#include "tui.h"
#include "tui-private.h"
#include "git/git.h"
#include "patch/patch.h"

/* How often the database is checked for new mail, in microseconds. */
#define CHECK_INTERVAL (2 * G_USEC_PER_SEC)


/* Read the user's MAINTAINERS sections again if their blob changed (at
 * each load and refresh; parsed only when it did).  Quiet: a repository
 * without MAINTAINERS is no kernel tree, and the limit says why when the
 * user asks for it.  TRUE when the sections are new. */
static gboolean update_maintainers(sm_tui *tui)
{
	sm_store *store = sm_tui_store(tui);
	if (!store)
		return FALSE;
	char *before = g_strdup(tui->maintainers ? sm_maintainers_key(tui->maintainers) : "");
	char *path = sm_config_string(tui->config, "maintainers", "file", NULL);
	sm_git_settings *settings = sm_git_settings_from_config(tui->config);
	sm_git_repo *repo = !path && settings->repo ? sm_git_repo_open(settings, NULL) : NULL;
	GError *error = NULL;
	tui->maintainers = sm_git_maintainers(tui->config, repo, sm_store_user_addresses(store),
	                                      tui->maintainers, &error);
	g_free(tui->maintainers_error);
	tui->maintainers_error = error ? g_strdup(error->message) : NULL;
	g_clear_error(&error);
	/* K: over the patches' mail: what was read before is kept, only the
	 * mail of new patches is read (git/maintainers.h). */
	if (tui->maintainers && tui->group)
		sm_git_maintainers_keywords(tui->maintainers, tui->group, sm_group_patches(tui->group));
	sm_git_repo_free(repo);
	sm_git_settings_free(settings);
	g_free(path);
	gboolean renewed = strcmp(before, tui->maintainers ? sm_maintainers_key(tui->maintainers) : "") != 0;
	g_free(before);
	return renewed;
}

static void loop_reload(sm_tui *tui, const char *query)
{
	if (tui->job) {
		sm_tui_error(tui, "Still loading: try again when it is done");
		return;
	}
	/* Kept until the load ends: a query that fails leaves the list, its
	 * title and the status line saying what is shown. */
	g_free(tui->query_before);
	tui->query_before = tui->query;
	tui->query = query && *query ? g_strdup(query) : NULL;
	tui->loading_cold = !sm_store_has_index(tui->store, tui->query);
	/* A first scan's leftovers stay in the process that made them. */
	sm_apart *started = g_steal_pointer(&tui->index_started);
	if (tui->loading_cold && tui->index_argv) {
		tui->job = sm_job_start_apart(tui->store, sm_group_new(), tui->query,
		                              tui->index_argv, started);
	} else {
		sm_apart_drop(started);
		tui->job = sm_job_start(SM_JOB_LOAD, tui->store, sm_group_new(), tui->query);
	}
	tui->dirty = TRUE;
}

/* The first load, in two steps: a first screen (sm_store_load_preview:
 * the head of the index's order, or without an index what needs the user
 * now), shown as soon as it is in, then everything (collect_job starts
 * the second). */
static void load_first(sm_tui *tui)
{
	tui->loading_recent = !sm_store_has_index(tui->store, tui->query);
	/* Cold: the index process reads everything while the preview reads
	 * the newest, each on a core, and takes what the preview read once
	 * it is handed over. */
	if (tui->loading_recent && tui->index_argv) {
		sm_store_hand_over(tui->store, tui->query);
		tui->index_started = sm_apart_start(tui->index_argv, tui->query);
	}
	tui->job = sm_job_start(SM_JOB_PREVIEW, tui->store, sm_group_new(), tui->query);
}

static gboolean is_load(sm_job_kind kind)
{
	return kind == SM_JOB_LOAD || kind == SM_JOB_PREVIEW;
}

static void loop_refresh(sm_tui *tui, gboolean force)
{
	if (tui->job) {
		if (force)
			sm_tui_message(tui, "Still loading");
		return;
	}
	if (!tui->group) {
		sm_tui_reload(tui, tui->query);
		return;
	}
	tui->last_check = g_get_monotonic_time();
	if (!force && !sm_store_changed(tui->store))
		return;
	tui->refresh_forced = force;
	tui->notices_before = sm_group_notice_count(tui->group);
	tui->job = sm_job_start(SM_JOB_REFRESH, tui->store, tui->group, NULL);
	tui->dirty = TRUE;
}

/* Say what the store could not read, after the main message. */
static void append_warnings(sm_tui *tui)
{
	GPtrArray *warnings = sm_store_warnings(tui->store);
	if (warnings && warnings->len)
		sm_tui_message_append(tui, " (%u unreadable: %s)", warnings->len,
		                      (char *)warnings->pdata[0]);
}

/* GROUP (loaded by the worker) as a new group of the same rows, made
 * here.  After a cold load the worker's rows lie scattered among the
 * pages of the notices it read and let go, and hold them all (at
 * 100,000 messages a hundred MiB more than a warm start): made in this
 * thread they lie together, and the worker's heap can be given back. */
static sm_group *rows_here(sm_group *group)
{
	sm_index *index = sm_group_index(group);
	sm_group *fresh = index ? sm_group_new() : NULL;
	if (!fresh || !sm_group_use_index(fresh, index)) {
		sm_group_free(fresh);
		return group;
	}
	sm_group_free(group);
	malloc_trim(0);
	return fresh;
}

/* A job that failed: a load's group goes; a new query that failed leaves
 * the one in force, and says what is still shown. */
static void job_failed(sm_tui *tui, sm_job_kind kind, sm_group *group, GError *error)
{
	if (is_load(kind))
		sm_group_free(group);
	if (kind == SM_JOB_LOAD && tui->group) {
		g_free(tui->query);
		tui->query = g_steal_pointer(&tui->query_before);
		sm_tui_error(tui, "%s; still showing %s%s", error->message,
		             tui->query ? "query:" : "all the mail", tui->query ? tui->query : "");
	} else {
		sm_tui_error(tui, "%s", error->message);
	}
	tui->loading_recent = FALSE;
}

/* The first screen of a cold load: what needs the user now, while the
 * rest loads. */
static void show_preview(sm_tui *tui, sm_group *group)
{
	tui->loading_recent = FALSE;
	sm_group_free(tui->group);
	tui->group = group;
	update_maintainers(tui);
	sm_tui_data_changed(tui);
	sm_tui_reload(tui, tui->query);
}

/* The whole load, in place of a preview or of the last query's list. */
static void show_load(sm_tui *tui, sm_group *group)
{
	g_clear_pointer(&tui->query_before, g_free);
	/* After a preview, a cursor the user left on the first row stays
	 * there: the whole list may put another patch first.  An empty list
	 * has no first row: its selection is kept for when rows come. */
	sm_view *top = sm_view_top(tui);
	gboolean at_top = tui->group && top && top->lines && top->cursor == 0;
	sm_group_free(tui->group);
	/* A warm load's rows lie together already. */
	tui->group = group = tui->loading_cold ? rows_here(group) : group;
	update_maintainers(tui);
	sm_tui_data_changed(tui);
	if (at_top && top->cursor != 0) {
		top->cursor = top->offset = 0;
		sm_view_clamp(top);
	}
	sm_tui_message(tui, "%u patches from %u notices%s%s%s", sm_group_patches(group)->len,
	               sm_group_notice_count(group), tui->query ? " matching " : "",
	               tui->query ? tui->query : "",
	               tui->query && !sm_group_patches(group)->len ? " (L changes the query)" : "");
	append_warnings(tui);
	/* Once, at the start: what an earlier run left undone. */
	if (!tui->told_unfinished) {
		char *unfinished = sm_tui_unfinished_words();
		g_string_append(tui->message, unfinished);
		g_free(unfinished);
		tui->told_unfinished = TRUE;
	}
}

/* A refresh that is done; CHANGED when it read new notices. */
static void show_refresh(sm_tui *tui, gboolean changed)
{
	/* R also sees a new MAINTAINERS (a pull of the tree). */
	gboolean new_maintainers = update_maintainers(tui);
	if (changed) {
		/* New notices change the queries (their FAILED mails); the user
		 * may also have fetched: ask the repository again. */
		if (tui->git)
			sm_git_worker_reset(tui->git);
		sm_tui_data_changed(tui);
		/* More notices, counting none of the user's own replies read
		 * back: those are no news to them. */
		guint after = sm_group_notice_count(tui->group);
		guint more = after > tui->notices_before ? after - tui->notices_before : 0;
		more = MIN(more, sm_store_news_read(tui->store));
		/* Mail removed elsewhere: the count the status line gave is
		 * no longer true. */
		guint fewer = after < tui->notices_before ? tui->notices_before - after : 0;
		GPtrArray *warnings = sm_store_warnings(tui->store);
		gboolean news = more || fewer || (warnings && warnings->len);
		/* An error stays until the user has seen it; so does any message
		 * when a refresh found nothing new (most often stablemate's own tag
		 * writes read back): the log keeps that one. */
		if (!news && !tui->refresh_forced) {
			sm_tui_log_add(tui, "Refreshed", FALSE);
		} else if (!tui->message_error || tui->refresh_forced) {
			if (more)
				sm_tui_message(tui, "New mail: %u more notice%s", more, more == 1 ? "" : "s");
			else if (fewer)
				sm_tui_message(tui, "Mail removed: %u notice%s fewer", fewer,
				               fewer == 1 ? "" : "s");
			else
				sm_tui_message(tui, "Refreshed");
			append_warnings(tui);
		}
	} else if (tui->refresh_forced) {
		if (tui->git) {
			sm_git_worker_reset(tui->git);
			tui->dirty = TRUE;
		}
		if (new_maintainers)
			sm_tui_data_changed(tui);
		sm_tui_message(tui, new_maintainers ? "Up to date; MAINTAINERS read again" : "Up to date");
	}
}

/* Take back a finished job and show what came of it. */
static void collect_job(sm_tui *tui)
{
	if (!tui->job || !sm_job_finished(tui->job))
		return;
	sm_job_kind kind = sm_job_get_kind(tui->job);
	sm_group *group = sm_job_group(tui->job);
	gboolean changed = FALSE;
	GError *error = NULL;
	/* An index written apart was loaded as a warm start is. */
	if (sm_job_apart(tui->job))
		tui->loading_cold = FALSE;
	gboolean ok = sm_job_free(tui->job, &changed, &error);
	tui->job = NULL;
	tui->dirty = TRUE;
	if (!ok) {
		job_failed(tui, kind, group, error);
		g_error_free(error);
	} else if (kind == SM_JOB_PREVIEW) {
		show_preview(tui, group);
	} else if (kind == SM_JOB_LOAD) {
		show_load(tui, group);
	} else {
		show_refresh(tui, changed);
	}
}

/* The wall clock, to the minute: countdowns change no faster. */
static void tick(sm_tui *tui)
{
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	if (now / 60 != tui->now / 60) {
		tui->now = now;
		tui->dirty = TRUE;
		for (guint i = 0; i < tui->stack->len; i++) {
			sm_view *view = tui->stack->pdata[i];
			if (view->ops->tick && !sm_tui_data_busy(tui)) {
				view->ops->tick(view);
				sm_view_clamp(view);
			}
		}
	}
	if (tui->job) {
		/* Redraw for the progress only when it moved. */
		guint done, total;
		sm_job_progress(tui->job, &done, &total);
		if (done != tui->shown_done || total != tui->shown_total) {
			tui->shown_done = done;
			tui->shown_total = total;
			tui->dirty = TRUE;
		}
	} else if (tui->group && !tui->waiting->len &&
	           g_get_monotonic_time() - tui->last_check >= CHECK_INTERVAL) {
		sm_tui_refresh(tui, FALSE);
	}
}

/* Draw the message CLEAN in ROOM cells; one too long for them ends with
 * the key that shows it in full (the message log), so that a cut message
 * never passes for a whole one.  Returns the cells drawn. */
static int draw_message(sm_tui *tui, const char *clean, int room, attr_t attr)
{
	if (sm_text_width(clean, -1) <= room)
		return sm_draw_text(clean, -1, room, attr);
	GString *more = g_string_new("... (");
	gsize keys = more->len;
	sm_keymap_describe_action(tui->keymap, sm_view_top(tui)->ops->keymap, SM_ACTION_MESSAGES,
	                          more);
	if (more->len == keys)
		g_string_append_printf(more, ":%s", sm_action_name(SM_ACTION_MESSAGES));
	g_string_append(more, ": in full)");
	char *clean_more = sm_text_clean(more->str, -1, FALSE);
	int more_width = sm_text_width(clean_more, -1);
	int used = 0;
	if (more_width < room) {
		used = sm_draw_text(clean, -1, room - more_width, attr);
		sm_draw_blank(room - more_width - used, attr);
		used = room - more_width + sm_draw_text(clean_more, -1, more_width, attr);
	} else {
		used = sm_draw_text(clean, -1, room, attr);
	}
	g_free(clean_more);
	g_string_free(more, TRUE);
	return used;
}

static void draw_status(sm_tui *tui, int y)
{
	int width = COLS;
	GString *right = g_string_new(NULL);

	if (tui->prompt) {
		sm_prompt_draw(tui, y, width);
		g_string_free(right, TRUE);
		return;
	}
	curs_set(0);
	if (tui->job) {
		guint done, total;
		sm_job_progress(tui->job, &done, &total);
		const char *what = is_load(sm_job_get_kind(tui->job)) ? "Loading" : "Refreshing";
		if (total)
			g_string_printf(right, "%s %u of %u messages (%u%%)", what, done, total,
			                (guint)((guint64)done * 100 / total));
		else
			g_string_printf(right, "%s...", what);
	}
	GString *left = g_string_new(NULL);
	if (tui->npending && !tui->waiting->len) {
		sm_keys_format(left, tui->pending, tui->npending);
		g_string_append(left, " -");
	} else {
		g_string_append(left, tui->message->str);
	}
	char *clean = sm_text_clean(left->str, -1, FALSE);
	attr_t attr = sm_color_attr(tui->message_error && !tui->npending ? SM_COLOR_STATUS_ERROR
	                                                                 : SM_COLOR_STATUS);
	int right_width = right->len ? sm_text_width(right->str, -1) + 1 : 0;
	if (right_width >= width)
		right_width = 0;
	move(y, 0);
	int used = tui->npending ? sm_draw_text(clean, -1, width - right_width, attr)
	                         : draw_message(tui, clean, width - right_width, attr);
	sm_draw_blank(width - used - right_width, sm_color_attr(SM_COLOR_STATUS));
	if (right_width) {
		addch(' ');
		sm_draw_text(right->str, -1, right_width - 1, sm_color_attr(SM_COLOR_DIM));
	}
	g_free(clean);
	g_string_free(left, TRUE);
	g_string_free(right, TRUE);
}

static void draw(sm_tui *tui)
{
	erase();
	if (LINES > 0 && COLS > 0) {
		sm_view_draw(sm_view_top(tui));
		draw_status(tui, LINES - 1);
	}
	refresh();
	tui->dirty = FALSE;
}

static void handle_key(sm_tui *tui, sm_key key)
{
	sm_view *view = sm_view_top(tui);
	sm_action action = SM_ACTION_NONE;

	if (tui->prompt) {
		sm_prompt_key(tui, key);
		return;
	}
	g_string_truncate(tui->message, 0);
	tui->message_error = FALSE;
	tui->dirty = TRUE;
	if (key == SM_KEY_CTRL('c')) {
		/* C-c is a key here, not a signal: nothing unsaved dies with it. */
		tui->npending = 0;
		sm_action_run(tui, SM_ACTION_QUIT);
		return;
	}
	if (key == SM_KEY_ESCAPE && tui->npending) {
		tui->npending = 0; /* Escape abandons a half-typed sequence */
		return;
	}
	tui->pending[tui->npending++] = key;
	switch (sm_keymap_lookup(tui->keymap, view->ops->keymap, tui->pending, tui->npending,
	                         &action)) {
	case SM_KEYMAP_PREFIX:
		if (tui->npending < SM_KEY_SEQ_MAX)
			return;
		G_GNUC_FALLTHROUGH; /* no binding is that long */
	case SM_KEYMAP_NO_MATCH: {
		if (tui->npending == 1 && key == SM_KEY_ESCAPE) {
			tui->npending = 0;
			return;
		}
		GString *keys = g_string_new(NULL);
		sm_keys_format(keys, tui->pending, tui->npending);
		tui->npending = 0;
		sm_tui_error(tui, "%s: no action bound here (press ? for help)", keys->str);
		g_string_free(keys, TRUE);
		return;
	}
	case SM_KEYMAP_MATCH:
		tui->npending = 0;
		sm_action_run(tui, action);
		return;
	}
}

/* C-c reaches the program as a key (a prompt cancels, the list asks before
 * quitting) instead of killing it with a reply half-done.  Curses keeps
 * this terminal mode through the editor (def_prog_mode saves it). */
static void no_interrupt_key(void)
{
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_cc[VINTR] = _POSIX_VDISABLE;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
		def_prog_mode();
	}
}

/* One key from curses, in stablemate's key codes. */
static gboolean read_key(sm_key *key)
{
	wint_t wc;
	int r = get_wch(&wc);
	if (r == ERR)
		return FALSE;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			*key = SM_KEY_ENTER;
		else
			*key = SM_KEY_FN + (int)wc;
		return TRUE;
	}
	if (wc == '\r')
		*key = SM_KEY_ENTER;
	else if (wc == 0x7f)
		*key = SM_KEY_BACKSPACE;
	else
		*key = (sm_key)wc;
	return TRUE;
}

/* The directory with default.keys: the source tree's keymaps/ when this
 * binary is the one in the build tree, else the installed pkgdatadir. */
static char *keymap_dir(void)
{
	char *keys = sm_shipped_path("default.keys", SM_SRCDIR "/keymaps/default.keys",
	                             SM_BUILDDIR);
	char *dir = g_path_get_dirname(keys);
	g_free(keys);
	return dir;
}

/* Read the default bindings, the user's and --keymap.  Errors are
 * appended to ERRORS. */
static sm_keymap *load_keymaps(const char *keymap_path, GPtrArray *errors)
{
	sm_keymap *keymap = sm_keymap_new();
	char *dir = keymap_dir();
	char *defaults = g_build_filename(dir, "default.keys", NULL);
	char *user = g_build_filename(g_get_user_config_dir(), "stablemate", "keys", NULL);

	sm_keymap_set_data_dir(keymap, dir);
	sm_keymap_load(keymap, defaults, errors);
	if (g_file_test(user, G_FILE_TEST_EXISTS))
		sm_keymap_load(keymap, user, errors);
	if (keymap_path)
		sm_keymap_load(keymap, keymap_path, errors);
	g_free(dir);
	g_free(defaults);
	g_free(user);
	return keymap;
}

/* Show key-file errors before the screen is taken, as tig does; the user
 * may go on (the lines in error are skipped) or stop to fix them. */
static gboolean report_key_errors(GPtrArray *errors)
{
	if (errors->len == 0)
		return TRUE;
	for (guint i = 0; i < errors->len; i++)
		fprintf(stderr, "stablemate: %s\n", (char *)errors->pdata[i]);
	if (!isatty(STDIN_FILENO))
		return TRUE;
	fprintf(stderr, "Press Enter to go on without these bindings, or q and Enter to quit: ");
	fflush(stderr);
	char answer[64] = "";
	if (!fgets(answer, sizeof(answer), stdin))
		return FALSE;
	return answer[0] != 'q' && answer[0] != 'Q';
}

static void free_tui(sm_tui *tui)
{
	sm_apart_drop(tui->index_started);
	while (tui->stack->len)
		sm_view_free(g_ptr_array_steal_index(tui->stack, tui->stack->len - 1));
	g_clear_pointer(&tui->stack, g_ptr_array_unref);
	sm_prompt_free(tui->prompt);
	if (tui->search)
		g_regex_unref(tui->search);
	if (tui->mine)
		g_hash_table_unref(tui->mine);
	sm_maintainers_free(tui->maintainers);
	g_free(tui->maintainers_error);
	g_hash_table_unref(tui->by_key);
	g_hash_table_unref(tui->marks);
	g_ptr_array_unref(tui->trees);
	g_string_free(tui->message, TRUE);
	g_ptr_array_unref(tui->log);
	g_array_unref(tui->waiting);
	g_free(tui->query);
	g_free(tui->query_before);
	sm_group_free(tui->group);
	sm_store_free(tui->store);
	sm_config_free(tui->config);
	sm_keymap_free(tui->keymap);
	if (tui->git)
		sm_git_worker_free(tui->git);
}

/* Start the git worker when the config names a repository. */
static void start_git(sm_tui *tui)
{
	sm_git_settings *settings = sm_git_settings_from_config(tui->config);
	if (settings->repo && *settings->repo)
		tui->git = sm_git_worker_new(settings);
	sm_git_settings_free(settings);
}

/* Take the git answers that arrived and let the views show them.  Not
 * while a refresh rebuilds the group: the answers wait in the pipe. */
static void take_git_answers(sm_tui *tui)
{
	if (!sm_git_worker_poll(tui->git, tui->group))
		return;
	for (guint i = 0; i < tui->stack->len; i++) {
		sm_view *view = tui->stack->pdata[i];
		if (view->ops->git_changed)
			view->ops->git_changed(view);
	}
	tui->dirty = TRUE;
}

/* Wait up to TIMEOUT_MS for a key, a git answer or a view's own work,
 * taking the answers.  Curses may hold keys it read ahead, so after a key
 * the caller reads again without waiting. */
#define WORK_FDS 4
static void wait_input(sm_tui *tui, int timeout_ms)
{
	struct pollfd fds[3 + WORK_FDS] = {
		{ .fd = STDIN_FILENO, .events = POLLIN }
	};
	sm_view *working[3 + WORK_FDS] = { NULL };
	nfds_t n = 1, git = 0;
	gboolean quiet = tui->group && !sm_tui_data_busy(tui);
	if (tui->git && quiet) {
		fds[n].fd = sm_git_worker_fd(tui->git);
		fds[n].events = POLLIN;
		git = n++;
	}
	/* A finished job wakes the loop: a first screen is drawn at once. */
	if (tui->job && sm_job_fd(tui->job) >= 0) {
		fds[n].fd = sm_job_fd(tui->job);
		fds[n].events = POLLIN;
		n++;
	}
	for (guint i = tui->stack->len; quiet && i-- > 0 && n < G_N_ELEMENTS(fds);) {
		sm_view *view = tui->stack->pdata[i];
		int fd = view->ops->work_fd ? view->ops->work_fd(view) : -1;
		if (fd < 0)
			continue;
		working[n] = view;
		fds[n].fd = fd;
		fds[n].events = POLLIN;
		n++;
	}
	if (poll(fds, n, timeout_ms) <= 0)
		return;
	if (git && (fds[git].revents & POLLIN))
		take_git_answers(tui);
	for (nfds_t i = 0; i < n; i++)
		if (working[i] && (fds[i].revents & POLLIN)) {
			working[i]->ops->work_moved(working[i]);
			sm_view_clamp(working[i]);
			tui->dirty = TRUE;
		}
}

static void start_curses(void)
{
	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	no_interrupt_key();
	set_escdelay(25);
	curs_set(0);
	sm_colors_init();
	sm_draw_init();
}

/* The sequence typed so far and KEY after it, in SEQ (room for
 * SM_KEY_SEQ_MAX; the caller checked there is room); its length. */
static int sequence_with(const sm_tui *tui, sm_key key, sm_key *seq)
{
	memcpy(seq, tui->pending, sizeof(seq[0]) * (size_t)tui->npending);
	seq[tui->npending] = key;
	return tui->npending + 1;
}

/* Whether KEY, after the keys of a sequence typed so far, runs an action
 * on the patches while a load or refresh has the store (and a refresh the
 * patches).  Such a key waits for the job, as keys typed ahead wait in a
 * terminal while a program is busy, instead of being refused: the user
 * typed it for the patch they see, which the job keeps (by key).  In a
 * prompt only the Enter of one whose answer acts on the patches waits;
 * a half-typed sequence waits with its last key. */
static gboolean key_must_wait(sm_tui *tui, sm_key key)
{
	if (!tui->job || !tui->group)
		return FALSE;
	if (tui->prompt)
		return key == SM_KEY_ENTER && sm_prompt_waits_for_patches(tui);
	if (tui->npending >= SM_KEY_SEQ_MAX)
		return FALSE;
	sm_key seq[SM_KEY_SEQ_MAX];
	int n = sequence_with(tui, key, seq);
	sm_action action;
	return sm_keymap_lookup(tui->keymap, sm_view_top(tui)->ops->keymap, seq, n, &action) ==
	               SM_KEYMAP_MATCH &&
	       sm_action_needs_patches(action);
}

/* Say which keys wait, and for what. */
static void say_waiting(sm_tui *tui)
{
	GString *keys = g_string_new(NULL);
	sm_keys_format(keys, tui->pending, tui->npending);
	for (guint i = 0; i < tui->waiting->len; i++) {
		if (keys->len)
			g_string_append_c(keys, ' ');
		sm_key key = g_array_index(tui->waiting, sm_key, i);
		sm_keys_format(keys, &key, 1);
	}
	sm_tui_message(tui, "%s: wait%s for %s to end (C-c: drop)", keys->str,
	               tui->npending + tui->waiting->len > 1 ? "" : "s",
	               is_load(sm_job_get_kind(tui->job)) ? "loading" : "the refresh");
	g_string_free(keys, TRUE);
}

/* KEY was typed while a job runs and it needs the patches, or keys wait
 * already: it waits behind them, as keys typed ahead wait in a terminal
 * while a program is busy.  The terminal is still read, so a cancelling
 * key (C-c, C-g, Escape) drops the waiting keys instead. */
static void wait_key(sm_tui *tui, sm_key key)
{
	if (tui->waiting->len && sm_key_cancels(key)) {
		guint n = tui->waiting->len;
		g_array_set_size(tui->waiting, 0);
		tui->npending = 0;
		sm_tui_message(tui, "%u waiting key%s dropped", n, n == 1 ? "" : "s");
		return;
	}
	g_array_append_val(tui->waiting, key);
	say_waiting(tui);
}

/* The job the keys waited for has ended: run them in order.  One that
 * starts a job of its own (an action's tags read back) makes the rest
 * wait for that one; no other job starts while keys wait (see tick). */
static void run_waiting_keys(sm_tui *tui)
{
	while (tui->waiting->len && !tui->job && !tui->quit)
		handle_key(tui, sm_tui_take_waiting(tui));
	if (tui->waiting->len && tui->job)
		say_waiting(tui);
}

/* Until the user quits: take back finished jobs, run the keys that waited
 * for them, draw what changed, wait for a key or the next tick, and act
 * on the key. */
static void main_loop(sm_tui *tui)
{
	gboolean had_key = FALSE;
	while (!tui->quit) {
		collect_job(tui);
		run_waiting_keys(tui);
		tick(tui);
		if (tui->dirty)
			draw(tui);
		/* Poll faster while a worker reports progress. */
		if (!had_key)
			wait_input(tui, tui->job ? 100 : 500);
		sm_key key;
		timeout(0); /* the questions of act-*.c wait with timeout(-1) */
		had_key = read_key(&key);
		if (!had_key)
			continue;
		if (key == SM_KEY_RESIZE) {
			sm_view_resize_all(tui);
			continue;
		}
		if (tui->waiting->len || key_must_wait(tui, key)) {
			wait_key(tui, key);
			continue;
		}
		handle_key(tui, key);
	}
}

int sm_tui_run(const sm_tui_start *start)
{
	sm_tui tui = { 0 };
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);

	static const sm_tui_loop loop = { loop_reload, loop_refresh };
	tui.loop = &loop;
	tui.index_argv = start->index_argv;
	tui.keymap = load_keymaps(start->keymap_path, errors);
	gboolean go_on = report_key_errors(errors);
	g_ptr_array_unref(errors);
	if (!go_on) {
		sm_keymap_free(tui.keymap);
		return 1;
	}
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		fprintf(stderr, "stablemate: the TUI needs a terminal; try 'stablemate list'\n");
		sm_keymap_free(tui.keymap);
		return 1;
	}
	if (!start->open(start->data, &tui.config, &tui.store)) {
		sm_keymap_free(tui.keymap);
		return 1;
	}
	tui.by_key = g_hash_table_new(g_str_hash, g_str_equal);
	tui.marks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	tui.trees = g_ptr_array_new_with_free_func(g_free);
	tui.stack = g_ptr_array_new();
	tui.message = g_string_new(NULL);
	tui.log = g_ptr_array_new_with_free_func(sm_log_entry_free);
	tui.waiting = g_array_new(FALSE, FALSE, sizeof(sm_key));
	tui.now = g_get_real_time() / G_USEC_PER_SEC;

	start_curses();
	start_git(&tui);
	sm_view_push(&tui, sm_view_list_new(&tui));
	load_first(&tui);
	main_loop(&tui);
	endwin();
	if (tui.job) {
		/* The worker may be deep in a first scan: do not wait for it.
		 * The cache it writes is replaced atomically, so stopping it
		 * halfway loses nothing. */
		fflush(stdout);
		_exit(0);
	}
	free_tui(&tui);
	return 0;
}
