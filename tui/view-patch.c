/* view-patch.c - one patch: where it stands in each tree, and its mail.
 *
 * The upstream commit and subject; each tree's status with the notice
 * behind it; what the repository says (git/info.h: the cherry-pick
 * prediction per tree, presence, dependencies, follow-ups), when [git]
 * repo is set; the triage history (the tags on its notices, the replies the
 * user sent); and every notice.  Enter on a tree or notice line opens that
 * message in the pager; on a Git line, the commit it is about.  The sender
 * columns are as wide as the longest name while the subjects keep room.
 *
 * The lines are built from the patch (and rebuilt when the data changes,
 * or each minute for the countdowns); each openable line remembers its
 * message file, so nothing points into the group between builds.
 */
#include <string.h>
#include "patch/patch.h"
#include "view.h"
#include "store/store.h"
#include "reply/reply.h"
#include "git/git.h"

typedef struct patch_view {
	char *key;
	GPtrArray *lines;   /* sm_line* */
	GPtrArray *files;   /* char* message file per line, or NULL */
	GPtrArray *ids;     /* char* message-id of the notice on each line, or NULL */
	GPtrArray *trees;   /* char* the tree of each tree line, or NULL */
	GPtrArray *commits; /* char* the commit a Git line is about, or NULL */
	guint notices_start;/* the first line of the Notices section */
	char *subject;      /* for the title */
	char *piped;        /* the commit text pipe-message last asked for */
	gboolean gone;      /* the patch is no longer in the data */
	gboolean git_final; /* the Git section has its whole answer */
	sm_git_interdiff_job *interdiff; /* what each tree's diff changed, made
	                                    off this thread for generation: */
	guint interdiff_generation;
	gboolean interdiff_shown; /* its whole answer is in the lines */
	sm_git_interdiff_job *interdiff_before; /* the last finished one, shown
	                        while the next is made: a refresh (often our own
	                        tag writes read back) does not make the section
	                        blink to its progress and back */
} patch_view;

static void add(patch_view *pv, sm_line *line, const char *file)
{
	g_ptr_array_add(pv->lines, line);
	g_ptr_array_add(pv->files, g_strdup(file));
	g_ptr_array_add(pv->ids, NULL);
	g_ptr_array_add(pv->trees, NULL);
	g_ptr_array_add(pv->commits, NULL);
}

/* A line about NOTICE (and TREE, for a tree line): Enter opens it, an
 * action answers it. */
static void add_notice(patch_view *pv, sm_line *line, const sm_notice *notice, const char *tree)
{
	add(pv, line, notice ? notice->filename : NULL);
	if (notice && notice->filename) {
		pv->ids->pdata[pv->ids->len - 1] = g_strdup(notice->message_id);
		pv->trees->pdata[pv->trees->len - 1] = g_strdup(tree);
	}
}

static sm_line *section(patch_view *pv, const char *title)
{
	if (pv->lines->len)
		add(pv, sm_line_new("", SM_COLOR_DEFAULT), NULL);
	sm_line *line = sm_line_new(title, SM_COLOR_SECTION);
	add(pv, line, NULL);
	return line;
}

static sm_line *field(patch_view *pv, const char *name, const char *value, sm_color color)
{
	sm_line *line = sm_line_new(name, SM_COLOR_MAIL_HEADER);
	sm_line_append(line, value, color);
	add(pv, line, NULL);
	return line;
}

static char *format_date(gint64 date, const char *format)
{
	GDateTime *dt = date ? g_date_time_new_from_unix_local(date) : NULL;
	char *s = dt ? g_date_time_format(dt, format) : g_strdup("");
	if (dt)
		g_date_time_unref(dt);
	return s;
}

/* Append TEXT padded or cut to CELLS cells, then a space. */
static void append_column(sm_line *line, const char *text, int cells, sm_color color)
{
	char *clean = sm_text_clean(text ? text : "", -1, FALSE);
	int width;
	gsize bytes = sm_text_fit(clean, -1, cells, &width);
	GString *s = g_string_new_len(clean, bytes);
	g_string_append_printf(s, "%*s ", cells - width, "");
	sm_line_append(line, s->str, color);
	g_string_free(s, TRUE);
	g_free(clean);
}

/* Cells of the sender column: the widest of NAMES (display names, whole
 * when the screen has room), while the subject after it keeps SUBJECT_MIN
 * cells of a WIDTH-cell screen whose other columns take FIXED; never
 * under NAME_MIN. */
#define NAME_MIN 16
#define SUBJECT_MIN 40
static int name_width(GPtrArray *names, int fixed, int width)
{
	int widest = 0;
	for (guint i = 0; i < names->len; i++) {
		char *clean = sm_text_clean(names->pdata[i], -1, FALSE);
		widest = MAX(widest, sm_text_width(clean, -1));
		g_free(clean);
	}
	return MAX(NAME_MIN, MIN(widest, width - fixed - 1 - SUBJECT_MIN));
}

static void build_trees(patch_view *pv, const sm_patch *patch, gint64 now, int width)
{
	int tree_width = 4;
	gboolean releases = FALSE, deadlines = FALSE;
	section(pv, "Trees");
	for (guint i = 0; patch->trees && i < patch->trees->len; i++) {
		sm_tree_status *ts = patch->trees->pdata[i];
		tree_width = MAX(tree_width, sm_text_width(ts->tree, -1));
		releases |= ts->release != NULL;
		deadlines |= ts->deadline != 0;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; patch->trees && i < patch->trees->len; i++) {
		sm_tree_status *ts = patch->trees->pdata[i];
		if (ts->notice)
			g_ptr_array_add(names, sm_display_name(ts->notice->from));
	}
	int fixed = 2 + tree_width + 1 + 2 + 10 + (releases ? 12 : 0) + (deadlines ? 8 : 0);
	int name_cells = name_width(names, fixed, width);
	g_ptr_array_unref(names);
	for (guint i = 0; patch->trees && i < patch->trees->len; i++) {
		sm_tree_status *ts = patch->trees->pdata[i];
		sm_line *line = sm_line_new("  ", SM_COLOR_DEFAULT);
		char letter[2] = { sm_status_letter(ts->status), 0 };
		GString *due = g_string_new(NULL);
		append_column(line, ts->tree, tree_width, SM_COLOR_DEFAULT);
		sm_line_append(line, letter, sm_color_of_status(ts->status));
		sm_line_append(line, " ", SM_COLOR_DEFAULT);
		append_column(line, sm_status_name(ts->status), 9, sm_color_of_status(ts->status));
		if (releases)
			append_column(line, ts->release, 11, SM_COLOR_DEFAULT);
		if (ts->deadline)
			sm_format_countdown(due, ts->deadline, now);
		if (deadlines)
			append_column(line, due->str, 7, sm_color_of_deadline(ts->deadline, now));
		if (ts->notice) {
			char *name = sm_display_name(ts->notice->from);
			append_column(line, name, name_cells, SM_COLOR_AUTHOR);
			sm_line_append(line, ts->notice->subject, SM_COLOR_DEFAULT);
			g_free(name);
		}
		add_notice(pv, line, ts->notice, ts->tree);
		g_string_free(due, TRUE);
	}
	if (!patch->trees || patch->trees->len == 0)
		add(pv, sm_line_new("  (no stable tree named yet)", SM_COLOR_DIM), NULL);
}

static sm_color git_color(sm_git_text_kind kind)
{
	switch (kind) {
	case SM_GIT_TEXT_GOOD:
		return SM_COLOR_TREE_RELEASED;
	case SM_GIT_TEXT_WARN:
		return SM_COLOR_TREE_FAILED;
	case SM_GIT_TEXT_BAD:
		return SM_COLOR_STATE_REVERT;
	case SM_GIT_TEXT_DIM:
		return SM_COLOR_DIM;
	default:
		return SM_COLOR_DEFAULT;
	}
}

/* The line that says where the candidate dependencies of INFO's commit
 * stand while the worker looks for them (a blame, off this thread), or
 * NULL when no tree conflicts (there is nothing to blame). */
static char *deps_progress(sm_tui *tui, const sm_git_info *info)
{
	gboolean conflict = FALSE;
	for (guint t = 0; t < info->trees->len; t++) {
		const sm_git_tree_info *ti = info->trees->pdata[t];
		conflict |= !ti->error && !ti->present && ti->prediction &&
		            ti->prediction->state == SM_PREDICT_CONFLICT;
	}
	guint commits = 0;
	switch (conflict ? sm_git_worker_deps_state(sm_tui_git(tui), info->upstream, &commits)
	                 : SM_GIT_DEPS_IDLE) {
	case SM_GIT_DEPS_QUEUED:
		return g_strdup("         needs? waiting for the repository...");
	case SM_GIT_DEPS_RUNNING:
		return g_strdup_printf("         needs? looking for candidates (blame): %u commits "
		                       "read...", commits);
	default:
		return NULL;
	}
}

/* The worker's answer (with dependencies) when it has one; asked again
 * when answers arrive (git_changed) until it is whole. */
static void build_git(patch_view *pv, sm_tui *tui, const sm_patch *patch)
{
	pv->git_final = TRUE;
	if (!sm_tui_git(tui))
		return;
	section(pv, "Git");
	sm_git_query *query = sm_git_query_new(patch, TRUE);
	const sm_git_info *info = query ? sm_git_worker_get(sm_tui_git(tui), query) : NULL;
	if (!query) {
		add(pv, sm_line_new("  no upstream commit id", SM_COLOR_DIM), NULL);
	} else if (!info) {
		/* The first answer may build an index (seconds at kernel
		 * scale): how far it got. */
		char *text = g_strdup_printf("  asking the repository: %u commits read...",
		                             sm_git_worker_progress(sm_tui_git(tui)));
		add(pv, sm_line_new(text, SM_COLOR_DIM), NULL);
		g_free(text);
		pv->git_final = FALSE;
	} else {
		GPtrArray *text = sm_git_info_text(info);
		/* Until the dependencies are in, how far their blame got, under
		 * the trees (the lines about the commit itself). */
		guint trees_end = 0;
		for (guint i = 0; i < text->len; i++) {
			const sm_git_text_line *t = text->pdata[i];
			if (t->commit && strcmp(t->commit, info->upstream) == 0)
				trees_end = i + 1;
		}
		char *progress = info->deps ? NULL : deps_progress(tui, info);
		for (guint i = 0; i < text->len; i++) {
			const sm_git_text_line *t = text->pdata[i];
			sm_line *line = sm_line_new("  ", SM_COLOR_DEFAULT);
			sm_line_append(line, t->text, git_color(t->kind));
			add(pv, line, NULL);
			pv->commits->pdata[pv->commits->len - 1] = g_strdup(t->commit);
			if (progress && i + 1 == trees_end)
				add(pv, sm_line_new(progress, SM_COLOR_DIM), NULL);
		}
		g_free(progress);
		g_ptr_array_unref(text);
		pv->git_final = info->deps && !info->followups_pending;
	}
	sm_git_query_free(query);
}

/* The log of what was done to the patch, including tag-only actions that
 * leave no mail behind; read when the view is built, not per key. */
static void build_history(patch_view *pv, const sm_config *config, const sm_patch *patch)
{
	char *path = sm_history_path(config);
	char *id = sm_act_patch_id(patch);
	GPtrArray *entries = sm_history_read(path, id, NULL);
	for (guint i = 0; entries && i < entries->len; i++) {
		const sm_history_entry *e = entries->pdata[i];
		char *date = format_date(e->date, "%Y-%m-%d %H:%M");
		char *text = g_strdup_printf("%s %s%s%s", e->action, e->result,
		                             *e->trees ? " " : "", e->trees);
		sm_line *line = sm_line_new("  did   ", SM_COLOR_MAIL_HEADER);
		append_column(line, date, 16, SM_COLOR_AGE);
		sm_line_append(line, text, SM_COLOR_DEFAULT);
		if (*e->message_id) {
			char *reply = g_strdup_printf("  <%s>", e->message_id);
			sm_line_append(line, reply, SM_COLOR_DIM);
			g_free(reply);
		}
		add(pv, line, NULL);
		g_free(text);
		g_free(date);
	}
	if (entries)
		g_ptr_array_unref(entries);
	g_free(id);
	g_free(path);
}

static void build_triage(patch_view *pv, const sm_config *config, const sm_patch *patch,
                         const char *const *addresses)
{
	guint counts[SM_TRIAGE_COUNT] = { 0 };
	guint total = patch->notices ? patch->notices->len : 0;
	gboolean replies = FALSE;

	section(pv, "Triage");
	for (guint i = 0; i < total; i++)
		counts[((sm_notice *)patch->notices->pdata[i])->triage]++;
	sm_line *state = sm_line_new("  state ", SM_COLOR_MAIL_HEADER);
	sm_line_append(state, sm_triage_name(patch->state), sm_color_of_triage(patch->state));
	add(pv, state, NULL);
	for (int s = SM_TRIAGE_UNTRIAGED + 1; s < SM_TRIAGE_COUNT; s++) {
		if (!counts[s])
			continue;
		char *text = g_strdup_printf("  tag   %s%s on %u of %u notices", SM_TAG_PREFIX,
		                             sm_triage_name((sm_triage)s), counts[s], total);
		add(pv, sm_line_new(text, sm_color_of_triage((sm_triage)s)), NULL);
		g_free(text);
	}
	for (guint i = 0; i < total; i++) {
		sm_notice *n = patch->notices->pdata[i];
		if (n->kind != SM_KIND_REPLY || !sm_notice_sent_by(n, addresses))
			continue;
		char *date = format_date(n->date, "%Y-%m-%d %H:%M");
		sm_line *line = sm_line_new("  sent  ", SM_COLOR_MAIL_HEADER);
		append_column(line, date, 16, SM_COLOR_AGE);
		sm_line_append(line, n->subject, SM_COLOR_DEFAULT);
		add_notice(pv, line, n, NULL);
		g_free(date);
		replies = TRUE;
	}
	if (!replies)
		add(pv, sm_line_new("  sent  no replies yet", SM_COLOR_DIM), NULL);
	build_history(pv, config, patch);
}

/* Why NOTICE is in the patch, as show and the JSON say it (the rule, the
 * line of the mail that named the patch, what a reply says happened), so
 * that a wrong attachment can be seen.  A notice of the patch's own id
 * needs no word. */
static void add_reason(patch_view *pv, const sm_notice *n)
{
	if (n->attach == SM_ATTACH_UPSTREAM && !n->evidence && !n->signal)
		return;
	sm_line *line = sm_line_new("     why ", SM_COLOR_DIM);
	sm_line_append(line, sm_attach_name(n->attach), SM_COLOR_DIM);
	if (n->signal) {
		sm_line_append(line, ", says ", SM_COLOR_DIM);
		sm_line_append(line, sm_signal_name(n->signal), SM_COLOR_DIM);
	}
	if (n->evidence) {
		sm_line_append(line, ": ", SM_COLOR_DIM);
		sm_line_append(line, n->evidence, SM_COLOR_QUOTE);
	}
	add_notice(pv, line, n, NULL);
}

static void build_notices(patch_view *pv, const sm_patch *patch, int width)
{
	guint total = patch->notices ? patch->notices->len : 0;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < total; i++)
		g_ptr_array_add(names, sm_display_name(((sm_notice *)patch->notices->pdata[i])->from));
	int name_cells = name_width(names, 3 + 17 + 13 + 15, width);
	g_ptr_array_unref(names);
	char *title = g_strdup_printf("Notices (%u)", total);
	section(pv, title);
	g_free(title);
	pv->notices_start = pv->lines->len;
	for (guint i = 0; i < total; i++) {
		sm_notice *n = patch->notices->pdata[i];
		char *date = format_date(n->date, "%Y-%m-%d %H:%M");
		char *trees = g_strjoinv(" ", n->trees);
		char *name = sm_display_name(n->from);
		sm_line *line = sm_line_new(n->unread ? " N" : "  ", SM_COLOR_UNREAD);
		sm_line_append(line, " ", SM_COLOR_DEFAULT);
		append_column(line, date, 16, SM_COLOR_AGE);
		append_column(line, sm_kind_name(n->kind), 12, SM_COLOR_DIFF_CHUNK);
		append_column(line, trees, 14, SM_COLOR_DEFAULT);
		append_column(line, name, name_cells, SM_COLOR_AUTHOR);
		sm_line_append(line, n->subject, SM_COLOR_DEFAULT);
		add_notice(pv, line, n, NULL);
		add_reason(pv, n);
		g_free(date);
		g_free(trees);
		g_free(name);
	}
}

/* The colour of an interdiff line: the outer mark's, as diff's. */
static sm_color interdiff_color(const char *line)
{
	switch (line[0]) {
	case '-': return SM_COLOR_DIFF_DEL;
	case '+': return SM_COLOR_DIFF_ADD;
	case '@': return SM_COLOR_DIFF_CHUNK;
	default: return SM_COLOR_DEFAULT;
	}
}

/* What each tree's diff changed (git/interdiff.h), made again only when
 * the data changes.  It reads mail, and the upstream commit from the
 * repository when [git] repo is set (a whole kernel commit can take a
 * while): a job of its own does it, and until it is done the section
 * says how far it got. */
static void build_interdiff(patch_view *pv, sm_tui *tui, const sm_patch *patch)
{
	if (!pv->interdiff || pv->interdiff_generation != sm_tui_generation(tui)) {
		if (pv->interdiff_shown) {
			sm_git_interdiff_job_free(pv->interdiff_before);
			pv->interdiff_before = pv->interdiff;
		} else {
			sm_git_interdiff_job_free(pv->interdiff);
		}
		sm_git_settings *settings = sm_git_settings_from_config(sm_tui_config(tui));
		pv->interdiff = sm_git_interdiff_job_start(settings, patch);
		pv->interdiff_generation = sm_tui_generation(tui);
		sm_git_settings_free(settings);
	}
	guint done, total;
	pv->interdiff_shown = sm_git_interdiff_job_poll(pv->interdiff, &done, &total);
	if (pv->interdiff_shown)
		g_clear_pointer(&pv->interdiff_before, sm_git_interdiff_job_free);
	const sm_git_interdiff_job *answer = pv->interdiff_shown ? pv->interdiff
	                                                         : pv->interdiff_before;
	const char *title = "Interdiff (what each tree's diff changed, as git range-diff shows it)";
	if (!answer) {
		section(pv, title);
		char *progress = g_strdup_printf("  comparing the diffs: %u of %u read...", done, total);
		add(pv, sm_line_new(progress, SM_COLOR_DIM), NULL);
		g_free(progress);
		return;
	}
	const GPtrArray *interdiffs = sm_git_interdiff_job_result(answer);
	if (!interdiffs->len)
		return;
	section(pv, title);
	for (guint i = 0; i < interdiffs->len; i++) {
		const sm_git_interdiff *d = interdiffs->pdata[i];
		char *head = g_strdup_printf("  %s: %s (against %s %.*s)", d->tree, d->summary,
		                             d->against, strcmp(d->against, "upstream") == 0 ? 12 : -1,
		                             d->reference);
		add(pv, sm_line_new(head, SM_COLOR_DIFF_HEADER), NULL);
		g_free(head);
		for (const char *l = d->text; *l;) {
			const char *nl = strchr(l, '\n');
			char *clean = sm_text_clean(l, nl - l, TRUE);
			sm_line *line = sm_line_new("    ", SM_COLOR_DEFAULT);
			sm_line_append(line, clean, interdiff_color(l));
			add(pv, line, NULL);
			g_free(clean);
			l = nl + 1;
		}
	}
}

static void build(sm_view *view)
{
	patch_view *pv = view->data;
	sm_tui *tui = view->tui;
	sm_patch *patch = sm_tui_patch(tui, pv->key);

	if (!patch) {
		/* Keep what was shown: the patch may come back, and the user may
		 * still want to read it. */
		pv->gone = sm_tui_group(tui) != NULL;
		if (pv->lines->len == 0)
			add(pv, sm_line_new(sm_tui_loaded(tui) ? "This patch is gone." : "Loading...",
			                    SM_COLOR_DIM), NULL);
		view->lines = pv->lines->len;
		return;
	}
	pv->gone = FALSE;
	g_ptr_array_set_size(pv->lines, 0);
	g_ptr_array_set_size(pv->files, 0);
	g_ptr_array_set_size(pv->ids, 0);
	g_ptr_array_set_size(pv->trees, 0);
	g_ptr_array_set_size(pv->commits, 0);
	g_free(pv->subject);
	pv->subject = g_strdup(patch->subject);

	sm_line *head = sm_line_new(patch->upstream[0] ? "" : "(no upstream id) ", SM_COLOR_DIM);
	if (patch->upstream[0]) {
		char shortid[13];
		g_strlcpy(shortid, patch->upstream, sizeof(shortid));
		sm_line_append(head, shortid, SM_COLOR_DIFF_HEADER);
		sm_line_append(head, " ", SM_COLOR_DIM);
	}
	sm_line_append(head, patch->subject, SM_COLOR_SUBJECT_UNTRIAGED);
	add(pv, head, NULL);
	field(pv, "Upstream  ", patch->upstream[0] ? patch->upstream : "unknown", SM_COLOR_DEFAULT);
	if (sm_tui_git(tui) && patch->upstream[0])
		pv->commits->pdata[pv->commits->len - 1] = g_strdup(patch->upstream);
	field(pv, "Author    ", patch->author ? patch->author : "unknown", SM_COLOR_AUTHOR);
	if (patch->deadline) {
		GString *due = g_string_new(NULL);
		char *date = format_date(patch->deadline, "%a %Y-%m-%d %H:%M");
		sm_format_countdown(due, patch->deadline, sm_tui_now(tui));
		g_string_append_printf(due, " (%s)", date);
		field(pv, "Deadline  ", due->str, sm_color_of_deadline(patch->deadline, sm_tui_now(tui)));
		g_string_free(due, TRUE);
		g_free(date);
	}
	/* The rows of the list carry no notices: this view reads them. */
	sm_group_patch_notices(sm_tui_group(tui), patch);
	build_trees(pv, patch, sm_tui_now(tui), view->width);
	build_git(pv, tui, patch);
	build_interdiff(pv, tui, patch);
	build_triage(pv, sm_tui_config(tui), patch, sm_tui_user_addresses(tui));
	build_notices(pv, patch, view->width);
	view->lines = pv->lines->len;
}

/* The first line that opens a message: where the cursor starts. */
static guint first_openable(const patch_view *pv)
{
	for (guint i = 0; i < pv->files->len; i++)
		if (pv->files->pdata[i])
			return i;
	return 0;
}

static void draw(sm_view *view, guint line, int y, int width, gboolean selected)
{
	patch_view *pv = view->data;
	(void)y;
	sm_line *l = pv->lines->pdata[line];
	sm_draw_line(l, 0, strlen(l->text), width, selected ? A_REVERSE : 0, NULL);
}

static void title(sm_view *view, GString *out)
{
	patch_view *pv = view->data;
	if (pv->gone)
		g_string_append(out, " · gone from the list");
	if (pv->subject)
		g_string_append_printf(out, " · %s", pv->subject);
}

/* Commit ID as `git show --pretty=fuller --patch-with-stat` shows it
 * (tig's diff view), from the configured repository, and its subject in
 * *SUBJECT; NULL, the reason on the status line, when it cannot be had.
 * Caller frees both. */
static char *commit_text(sm_tui *tui, const char *id, char **subject)
{
	sm_git_settings *settings = sm_git_settings_from_config(sm_tui_config(tui));
	GError *error = NULL;
	sm_git_repo *repo = sm_git_repo_open(settings, &error);
	char *text = repo ? sm_git_show(repo, id, subject, &error) : NULL;
	if (!text) {
		sm_tui_error(tui, "%s", error->message);
		g_error_free(error);
	}
	if (repo)
		sm_git_repo_free(repo);
	sm_git_settings_free(settings);
	return text;
}

/* Enter on a Git line: the commit it is about, in the pager. */
static void show_commit(sm_view *view, const char *id)
{
	patch_view *pv = view->data;
	char *subject = NULL;
	char *text = commit_text(view->tui, id, &subject);
	if (text) {
		char *title = g_strdup_printf("commit %.12s %s", id, subject);
		sm_view_push(view->tui, sm_view_pager_new_text(view->tui, title, text, pv->key));
		g_free(title);
	}
	g_free(subject);
	g_free(text);
}

/* | on a Git line: the commit Enter would show (| git apply --check). */
static const char *pipe_text(sm_view *view)
{
	patch_view *pv = view->data;
	const char *commit = view->cursor < pv->commits->len ? pv->commits->pdata[view->cursor]
	                                                      : NULL;
	char *subject = NULL;
	g_clear_pointer(&pv->piped, g_free);
	if (commit)
		pv->piped = commit_text(view->tui, commit, &subject);
	g_free(subject);
	return pv->piped;
}

static gboolean request(sm_view *view, sm_action action)
{
	patch_view *pv = view->data;
	if (action != SM_ACTION_ENTER)
		return FALSE;
	const char *file = view->cursor < pv->files->len ? pv->files->pdata[view->cursor] : NULL;
	const char *commit = view->cursor < pv->commits->len ? pv->commits->pdata[view->cursor]
	                                                      : NULL;
	if (commit) {
		show_commit(view, commit);
		return TRUE;
	}
	if (!file) {
		sm_tui_message(view->tui, "Nothing to open on this line");
		return TRUE;
	}
	sm_view *pager = sm_view_pager_new(view->tui, file, pv->key);
	if (pager)
		sm_view_push(view->tui, pager);
	return TRUE;
}

static gboolean grep(sm_view *view, guint line, const GRegex *regex)
{
	patch_view *pv = view->data;
	return g_regex_match(regex, ((sm_line *)pv->lines->pdata[line])->text, 0, NULL);
}

/* Also each minute: the countdowns moved on. */
static void data_changed(sm_view *view)
{
	build(view);
	sm_view_clamp(view);
}

static void patch_changed(sm_view *view, const char *key)
{
	patch_view *pv = view->data;
	if (strcmp(pv->key, key) == 0)
		data_changed(view);
}

/* The sender columns follow the width. */
static void layout(sm_view *view, int width)
{
	(void)width;
	data_changed(view);
}

static const char *message_file(sm_view *view)
{
	patch_view *pv = view->data;
	return view->cursor < pv->files->len ? pv->files->pdata[view->cursor] : NULL;
}

static void git_changed(sm_view *view)
{
	patch_view *pv = view->data;
	if (!pv->git_final)
		data_changed(view);
}

/* The interdiff's job, until its answer is shown. */
static int work_fd(sm_view *view)
{
	patch_view *pv = view->data;
	if (!pv->interdiff || pv->interdiff_shown)
		return -1;
	return sm_git_interdiff_job_fd(pv->interdiff);
}

static sm_patch *patch(sm_view *view)
{
	patch_view *pv = view->data;
	return sm_tui_patch(view->tui, pv->key);
}

static const char *notice(sm_view *view, const char **tree)
{
	patch_view *pv = view->data;
	if (pv->gone || view->cursor >= pv->ids->len)
		return NULL;
	*tree = pv->trees->pdata[view->cursor];
	return pv->ids->pdata[view->cursor];
}

static void done(sm_view *view)
{
	patch_view *pv = view->data;
	g_ptr_array_unref(pv->lines);
	g_ptr_array_unref(pv->files);
	g_ptr_array_unref(pv->ids);
	g_ptr_array_unref(pv->trees);
	g_ptr_array_unref(pv->commits);
	sm_git_interdiff_job_free(pv->interdiff);
	sm_git_interdiff_job_free(pv->interdiff_before);
	g_free(pv->key);
	g_free(pv->subject);
	g_free(pv->piped);
	g_free(pv);
}

/* The pager's J and K on the patch view below it (sm_view_ops.next_notice). */
static const char *next_notice(sm_view *view, const char *message_id, int delta)
{
	patch_view *pv = view->data;
	guint start = MIN(pv->notices_start, pv->ids->len);
	gint first = -1, last = -1;
	for (guint i = start; i < pv->ids->len; i++)
		if (g_strcmp0(pv->ids->pdata[i], message_id) == 0) {
			first = first < 0 ? (gint)i : first;
			last = (gint)i;
		}
	gint here = delta > 0 ? (last >= 0 ? last : (gint)start - 1)
	                      : (first >= 0 ? first : (gint)pv->ids->len);
	/* A notice may have more than one line (its "why" line): the next one
	 * is another notice, and the cursor goes to its first line. */
	for (gint i = here + delta; i >= (gint)start && i < (gint)pv->ids->len; i += delta) {
		const char *id = pv->ids->pdata[i];
		if (!id || !pv->files->pdata[i] || strcmp(id, message_id) == 0)
			continue;
		while (i > (gint)start && g_strcmp0(pv->ids->pdata[i - 1], id) == 0)
			i--;
		sm_view_goto(view, (guint)i);
		return pv->files->pdata[i];
	}
	return NULL;
}

/* The pager's "notice 2 of 5" (sm_view_ops.notice_place). */
static gboolean notice_place(sm_view *view, const char *message_id, guint *place, guint *count)
{
	patch_view *pv = view->data;
	guint start = MIN(pv->notices_start, pv->ids->len);
	*place = *count = 0;
	for (guint i = start; i < pv->ids->len; i++) {
		const char *id = pv->ids->pdata[i];
		/* A notice's later lines (its "why" line) are the same notice. */
		if (!id || !pv->files->pdata[i] || (i > start && g_strcmp0(pv->ids->pdata[i - 1], id) == 0))
			continue;
		++*count;
		if (!*place && strcmp(id, message_id) == 0)
			*place = *count;
	}
	return *place > 0;
}

static const sm_view_ops patch_ops = {
	.name = "patch",
	.keymap = SM_KEYMAP_PATCH,
	.draw = draw,
	.title = title,
	.request = request,
	.grep = grep,
	.layout = layout,
	.data_changed = data_changed,
	.git_changed = git_changed,
	.work_fd = work_fd,
	.work_moved = data_changed,
	.patch_changed = patch_changed,
	.tick = data_changed,
	.patch = patch,
	.notice = notice,
	.message_file = message_file,
	.pipe_text = pipe_text,
	.next_notice = next_notice,
	.notice_place = notice_place,
	.done = done,
};

sm_view *sm_view_patch_new(sm_tui *tui, const char *key)
{
	patch_view *pv = g_new0(patch_view, 1);
	pv->key = g_strdup(key);
	pv->lines = g_ptr_array_new_with_free_func((GDestroyNotify)sm_line_free);
	pv->files = g_ptr_array_new_with_free_func(g_free);
	pv->ids = g_ptr_array_new_with_free_func(g_free);
	pv->trees = g_ptr_array_new_with_free_func(g_free);
	pv->commits = g_ptr_array_new_with_free_func(g_free);
	sm_view *view = sm_view_new(tui, &patch_ops, pv);
	build(view);
	view->cursor = first_openable(pv);
	return view;
}
