/* cmd-act.c - `stablemate act`: a triage action from the command line.
 *
 *   stablemate act approve|hold|revert|drop|done|untriage|reply
 *                  [--tree T]... [--reason TEXT] [--ack] [--print|--draft|--send] ID...
 *
 * ID is one Message-ID (that message is answered) or commit ids.
 *
 *   stablemate act undo
 *   stablemate act resume [--print|--draft|--send] [FILE...]
 *
 * resume takes up the replies left unfinished when stablemate stopped
 * during their edit (act.h), all or those named; every act warns of them.
 *
 * Without --print, --draft or --send, each reply opens in the editor and
 * the user chooses on the terminal what to do with it.  Exit status: 0
 * when everything asked was done, 1 when something failed, 2 for bad usage,
 * 3 when a reply was sent but not fully recorded (no sent copy, no tag or
 * no history entry): it went out, so it must not be sent again.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "reply/reply.h"
#include "commands.h"
#include "patch/patch.h"

typedef struct act_args {
	char **trees;
	char *reason;
	gboolean print, draft, send, ack;
} act_args;

static int usage_error(const char *message)
{
	fprintf(stderr, "stablemate act: %s\n", message);
	return 2;
}

/* One line from the terminal: the first letter, lower-case; 0 at EOF. */
static int ask(const char *question)
{
	char line[64];
	fputs(question, stdout);
	fflush(stdout);
	if (!fgets(line, sizeof line, stdin))
		return 0;
	return g_ascii_tolower(*g_strstrip(line));
}

static void report(const sm_act_reply *r)
{
	char *trees = g_strjoinv(",", r->trees);
	printf("%s %.12s", sm_act_request_name(r->request), r->patch->id);
	for (guint i = 0; r->also && i < r->also->len; i++)
		printf(",%.12s", ((sm_act_patch *)r->also->pdata[i])->id);
	printf(" %s: ", trees);
	g_free(trees);
	switch (r->outcome) {
	case SM_ACT_REPLY_SENT: printf("sent <%s>\n", r->reply->message_id); break;
	case SM_ACT_REPLY_DRAFT: printf("draft saved as %s\n", r->saved_path); break;
	case SM_ACT_REPLY_DISCARDED: printf("discarded\n"); break;
	case SM_ACT_REPLY_FAILED: printf("failed; the text is in %s\n", r->edit_path); break;
	default:
		if (r->edit_path)
			printf("not sent; the text is in %s\n", r->edit_path);
		else
			printf("not sent\n");
		break;
	}
}

/* Edit, then y send, e edit again, d keep as draft, q discard.  After an
 * edit that cannot be read, only e and q: the text is in the file. */
static gboolean handle_interactively(sm_act *act, sm_act_reply *r)
{
	GError *error = NULL;
	gboolean edit = TRUE;
	for (;;) {
		if (edit && !sm_act_edit(act, r, &error)) {
			fprintf(stderr, "stablemate act: %s\n", error->message);
			g_clear_error(&error);
		}
		if (edit && sm_act_abort_unchanged(act, r))
			return TRUE; /* a plain reply with nothing written, as mutt aborts it */
		if (!r->unreadable) {
			char *text = sm_reply_edit_text(r->reply);
			printf("\n%s\n", text);
			g_free(text);
		}
		int c = ask(r->unreadable ? "Fix it? [e]dit, [q]uit: "
		                          : "Send this reply? [y]es, [e]dit, [d]raft, [q]uit: ");
		gboolean ok = TRUE;
		edit = c == 'e';
		if (c == 'y' && !r->unreadable)
			ok = sm_act_send(act, r, &error);
		else if ((c == 'd' && !r->unreadable) || (c == 0 && !r->unreadable))
			ok = sm_act_draft(act, r, &error);
		else if (c == 0)
			return FALSE; /* no terminal left to ask: the edit file stays */
		else if (c == 'q' && ask("Discard this reply? [y/N]: ") == 'y')
			sm_act_discard(act, r);
		else
			continue;
		if (!ok) {
			fprintf(stderr, "stablemate act: %s\n", error->message);
			g_error_free(error);
		}
		return ok;
	}
}

static void report_all(const sm_act *act)
{
	for (guint i = 0; i < act->replies->len; i++)
		report(act->replies->pdata[i]);
	for (guint i = 0; act->replies->len == 0 && i < act->patches->len; i++) {
		const sm_act_patch *p = act->patches->pdata[i];
		const char *tag = sm_triage_tag(p->after);
		if (p->tagged)
			printf("%s %.12s: %s%s\n", sm_act_kind_name(act->action), p->id,
			       tag ? "tagged " : "untagged", tag ? tag : "");
	}
}

static gboolean run(sm_act *act, sm_act_mode mode, gboolean interactive)
{
	GError *error = NULL;
	gboolean ok = TRUE;
	if (interactive && act->replies->len) {
		for (guint i = 0; i < act->replies->len; i++)
			ok &= handle_interactively(act, act->replies->pdata[i]);
	} else {
		ok = sm_act_run(act, mode, stdout, &error);
	}
	if (mode != SM_ACT_MODE_PRINT)
		report_all(act);
	if (error) {
		fprintf(stderr, "stablemate act: %s\n", error->message);
		g_error_free(error);
	}
	return ok;
}

/* What earlier runs left: sends that were interrupted, and (with
 * LEFTOVERS) replies whose edit was; each says how to go on. */
static void warn_unfinished(gboolean leftovers)
{
	GPtrArray *interrupted = sm_act_interrupted();
	for (guint i = 0; i < interrupted->len; i++)
		fprintf(stderr, "stablemate act: warning: a send was interrupted: %s\n",
		        (char *)interrupted->pdata[i]);
	g_ptr_array_unref(interrupted);
	GPtrArray *left = leftovers ? sm_act_leftovers() : NULL;
	for (guint i = 0; left && i < left->len; i++) {
		const sm_act_leftover *l = left->pdata[i];
		char *what = sm_act_leftover_describe(l);
		fprintf(stderr, "stablemate act: warning: a reply was left unfinished: %s;"
		        " resume it with: stablemate act resume %s\n", what, l->path);
		g_free(what);
	}
	if (left)
		g_ptr_array_unref(left);
}

/* Run ACT and say how it went; the exit status. */
static int carry_out(sm_act *act, sm_act_mode mode, gboolean interactive)
{
	gboolean ok = run(act, mode, interactive);
	for (guint i = 0; i < act->warnings->len; i++)
		fprintf(stderr, "stablemate act: warning: %s\n", (char *)act->warnings->pdata[i]);
	int status = sm_act_unrecorded(act) ? 3 : ok ? 0 : 1;
	/* A signal held while sendmail ran takes effect now that the
	 * outcome is recorded and reported. */
	fflush(stdout);
	sm_send_deliver_held_signal();
	return status;
}

/* act resume [FILE...]: the replies left unfinished (all of them, or those
 * named), each as the user left it. */
static int resume(const sm_options *options, int argc, char **argv, sm_act_mode mode,
                  gboolean interactive)
{
	GPtrArray *left = sm_act_leftovers();
	GPtrArray *chosen = g_ptr_array_new();
	int status = 0;
	for (int i = 2; i < argc; i++) {
		sm_act_leftover *l = sm_act_leftover_find(left, argv[i]);
		if (l)
			g_ptr_array_add(chosen, l);
		else
			fprintf(stderr, "stablemate act: %s is no reply left unfinished\n", argv[i]);
		status = l ? status : 1;
	}
	if (argc == 2)
		g_ptr_array_extend(chosen, left, NULL, NULL);
	if (!chosen->len && !status) {
		fprintf(stderr, "stablemate act: no reply was left unfinished\n");
		status = 1;
	}
	sm_config *config;
	sm_store *store;
	sm_group *group;
	if (status) {
		/* Nothing more to do. */
	} else if (interactive && !(isatty(0) && isatty(1))) {
		status = usage_error("not on a terminal: choose --print, --draft or --send");
	} else if (!sm_open_and_load(options, NULL, &config, &store, &group)) {
		status = 1;
	} else {
		warn_unfinished(FALSE);
		for (guint i = 0; i < chosen->len && !sm_send_held_signal(); i++) {
			GError *error = NULL;
			sm_act *act = sm_act_resume(config, store, group, chosen->pdata[i],
			                            g_get_real_time() / G_USEC_PER_SEC, &error);
			int one = 1;
			if (act)
				one = carry_out(act, mode, interactive);
			else
				fprintf(stderr, "stablemate act: %s\n", error->message);
			g_clear_error(&error);
			sm_act_free(act);
			status = MAX(status, one);
		}
		sm_close(config, store, group);
	}
	g_ptr_array_unref(chosen);
	g_ptr_array_unref(left);
	return status;
}

static gboolean parse_args(const sm_options *options, int *argc, char ***argv, act_args *args)
{
	GOptionEntry entries[] = {
		{ "tree", 't', 0, G_OPTION_ARG_STRING_ARRAY, &args->trees,
		  "act on this tree (repeatable; default: every open tree)", "TREE" },
		{ "reason", 'r', 0, G_OPTION_ARG_STRING, &args->reason,
		  "why (hold, revert and drop need one)", "TEXT" },
		{ "ack", 0, 0, G_OPTION_ARG_NONE, &args->ack,
		  "approve sends an Acked-by (as [reply] ack = true)", NULL },
		{ "print", 0, 0, G_OPTION_ARG_NONE, &args->print,
		  "write the replies to standard output; change nothing", NULL },
		{ "draft", 0, 0, G_OPTION_ARG_NONE, &args->draft, "save the replies as drafts", NULL },
		{ "send", 0, 0, G_OPTION_ARG_NONE, &args->send, "send the replies", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	return sm_command_parse(options, "act", "ACTION ID... | undo | resume [FILE...]",
		"ACTION is approve, hold, revert, drop, done, untriage or reply; ID a commit\n"
		"id prefix (several may be given) or one message-id, which is answered itself.\n"
		"reply is a plain reply-all, quoted, to that message or the patch's newest.\n"
		"Without --print, --draft or --send each reply\n"
		"opens in $VISUAL or $EDITOR.  undo puts back the tags of the last action.\n"
		"resume takes up the replies left unfinished when stablemate stopped during\n"
		"their edit (every act names them), each in the editor again.",
		entries, argc, argv);
}

/* The notice ID names when it is a Message-ID (with or without <>) of a
 * loaded notice, without brackets; else NULL (a commit id).  Caller frees. */
static char *notice_id(const sm_group *group, const char *id)
{
	if (!strchr(id, '@'))
		return NULL;
	if (g_str_has_prefix(id, "id:"))
		id += 3;
	char *bare = g_strdup(id + (*id == '<'));
	gsize len = strlen(bare);
	if (len && bare[len - 1] == '>')
		bare[len - 1] = 0;
	if (!sm_group_notice(group, bare))
		g_clear_pointer(&bare, g_free);
	return bare;
}

/* Put back the tags that the newest action in the history replaced. */
static int undo(const sm_options *options)
{
	sm_config *config;
	sm_store *store;
	sm_group *group;
	if (!sm_open_and_load(options, NULL, &config, &store, &group))
		return 1;
	GError *error = NULL;
	char *summary = NULL;
	gboolean ok = sm_act_undo(config, store, group, g_get_real_time() / G_USEC_PER_SEC,
	                          &summary, &error);
	if (ok)
		printf("%s\n", summary);
	else
		fprintf(stderr, "stablemate act: %s\n", error->message);
	g_clear_error(&error);
	g_free(summary);
	sm_close(config, store, group);
	return ok ? 0 : 1;
}

int sm_cmd_act(const sm_options *options, int argc, char **argv)
{
	act_args args = { NULL };
	sm_act_kind action;
	int status = 2;
	if (!parse_args(options, &argc, &argv, &args))
		goto out;
	if (argc >= 2 && strcmp(argv[1], "undo") == 0) {
		status = argc == 2 ? undo(options)
		         : usage_error("undo takes no ID: it undoes the last action, whichever patches"
		                       " it was on (stablemate act undo)");
		goto out;
	}
	if (args.print + args.draft + args.send > 1) {
		status = usage_error("choose one of --print, --draft and --send");
		goto out;
	}
	gboolean interactive = !args.print && !args.draft && !args.send;
	sm_act_mode mode = args.print ? SM_ACT_MODE_PRINT
	                   : args.draft ? SM_ACT_MODE_DRAFT : SM_ACT_MODE_SEND;
	if (argc >= 2 && strcmp(argv[1], "resume") == 0) {
		status = resume(options, argc, argv, mode, interactive);
		goto out;
	}
	if (argc < 3) {
		status = usage_error("usage: stablemate act ACTION [OPTION...] ID...");
		goto out;
	}
	if (!sm_act_kind_from_name(argv[1], &action)) {
		const char *names[SM_ACT_KIND_COUNT + 3] = { "undo", "resume" };
		for (int k = 0; k < SM_ACT_KIND_COUNT; k++)
			names[2 + k] = sm_act_kind_name(k);
		const char *like = sm_closest(argv[1], names);
		if (like)
			fprintf(stderr, "stablemate act: unknown action '%s'; did you mean '%s'?\n", argv[1],
			        like);
		else
			fprintf(stderr, "stablemate act: unknown action '%s': the actions are approve, hold,"
			        " revert, drop, done, untriage and reply; or act undo, act resume\n", argv[1]);
		goto out;
	}
	/* Before the mail is read: nothing to wait for to learn this. */
	if (sm_act_kind_needs_reason(action) && (!args.reason || !*args.reason)) {
		fprintf(stderr, "stablemate act: %s needs a reason: give it with --reason TEXT"
		        " (what is wrong with the patch)\n", argv[1]);
		goto out;
	}

	sm_config *config;
	sm_store *store;
	sm_group *group;
	if (!sm_open_and_load(options, NULL, &config, &store, &group)) {
		status = 1;
		goto out;
	}
	/* One Message-ID (that message is answered), or commit ids. */
	char *message_id = argc == 3 ? notice_id(group, argv[2]) : NULL;
	GPtrArray *patches = message_id ? sm_group_find(group, argv[2]) : g_ptr_array_new();
	GError *error = NULL;
	sm_act *act = NULL;
	gboolean found = TRUE;
	status = 1;
	for (int i = 2; !message_id && found && i < argc; i++) {
		GPtrArray *matches = sm_find_patches("act", group, argv[i], TRUE);
		if (matches) {
			g_ptr_array_extend(patches, matches, NULL, NULL);
			g_ptr_array_unref(matches);
		}
		found = matches != NULL;
	}
	if (found && !(act = sm_act_new_full(config, store, group, action, patches, message_id,
	                                   (const char *const *)args.trees, args.reason,
	                                   args.ack || sm_act_ack_default(config),
	                                   g_get_real_time() / G_USEC_PER_SEC, &error))) {
		fprintf(stderr, "stablemate act: %s\n", error->message);
		g_error_free(error);
	}
	if (act && interactive && act->replies->len && !(isatty(0) && isatty(1))) {
		status = usage_error("not on a terminal: choose --print, --draft or --send");
	} else if (act) {
		warn_unfinished(TRUE);
		status = carry_out(act, mode, interactive);
	}
	sm_act_free(act);
	g_free(message_id);
	if (patches)
		g_ptr_array_unref(patches);
	sm_close(config, store, group);
out:
	g_strfreev(args.trees);
	g_free(args.reason);
	return status;
}
