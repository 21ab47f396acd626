/* git-mail.c - compose the dependency request and the backport mail. */
#include <string.h>
#include "private.h"
#include "git/git.h"
#include "template.h"

/* [reply] quote-lines, as the other replies read it. */
static guint quote_lines(const sm_config *config)
{
	GError *unset = NULL;
	int lines = g_key_file_get_integer(config->keyfile, "reply", "quote-lines", &unset);
	if (unset) {
		g_error_free(unset);
		return 8;
	}
	return MAX(lines, 0);
}

/* One commit the kernel's way: 12-char id ("subject"). */
static char *commit_words(const char *id, const char *subject)
{
	char *line = sm_one_line(subject);
	char *words = g_strdup_printf("%.12s (\"%s\")", id, line);
	g_free(line);
	return words;
}

static char *sm_git_deps_words(GPtrArray *picked)
{
	if (picked->len == 1) {
		const sm_dependency *d = picked->pdata[0];
		return commit_words(d->id, d->subject);
	}
	/* Several: a list between blank lines, in the order to apply them. */
	GString *out = g_string_new("\n\n");
	for (guint i = 0; i < picked->len; i++) {
		const sm_dependency *d = picked->pdata[i];
		char *words = commit_words(d->id, d->subject);
		g_string_append_printf(out, "  %s\n", words);
		g_free(words);
	}
	g_string_append_c(out, '\n');
	return g_string_free(out, FALSE);
}

/* The user, as REPLY's From names them. */
static void sender(const sm_reply *reply, const char **name, const char **email)
{
	InternetAddress *ia = internet_address_list_length(reply->from) > 0
		? internet_address_list_get_address(reply->from, 0) : NULL;
	*name = ia && internet_address_get_name(ia) ? internet_address_get_name(ia) : "";
	*email = ia && INTERNET_ADDRESS_IS_MAILBOX(ia)
		? internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)) : "";
}

gboolean sm_git_deps_fill(sm_reply *reply, const sm_config *config, GMimeMessage *failed,
                          const char *upstream, const char *subject, const char *tree,
                          GPtrArray *picked, GError **error)
{
	GError *err = NULL;
	char *text = sm_template_load(config, SM_GIT_DEPS_TEMPLATE, &err);
	if (err) {
		g_propagate_error(error, err);
		return FALSE;
	}
	if (!text)
		text = g_strdup(SM_GIT_DEPS_DEFAULT);
	const char *name, *email;
	sender(reply, &name, &email);
	const char *trees[] = { tree, NULL };
	GHashTable *vars = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	/* Without its last new line, as the triage replies have it. */
	g_hash_table_insert(vars, "quote", g_strchomp(sm_reply_quote(failed, quote_lines(config))));
	g_hash_table_insert(vars, "commit", commit_words(upstream, subject));
	g_hash_table_insert(vars, "id", g_strndup(upstream, 12));
	g_hash_table_insert(vars, "sha", g_strdup(upstream));
	g_hash_table_insert(vars, "subject", sm_one_line(subject));
	g_hash_table_insert(vars, "trees", sm_template_join(trees));
	g_hash_table_insert(vars, "reason", g_strdup(""));
	g_hash_table_insert(vars, "action", g_strdup(SM_GIT_DEPS_TEMPLATE));
	g_hash_table_insert(vars, "name", g_strdup(name));
	g_hash_table_insert(vars, "email", g_strdup(email));
	g_hash_table_insert(vars, "sender", sm_reply_sender_name(failed));
	g_hash_table_insert(vars, "dependencies", sm_git_deps_words(picked));
	char *body = sm_template_expand(SM_GIT_DEPS_TEMPLATE, text, vars, error);
	g_hash_table_unref(vars);
	g_free(text);
	if (body)
		sm_reply_set_body(reply, body);
	g_free(body);
	return body != NULL;
}

sm_reply *sm_git_deps_mail(const sm_config *config, GMimeMessage *failed,
                           const sm_identity *me, const char *upstream,
                           const char *subject, const char *tree,
                           GPtrArray *picked, gint64 now, GError **error)
{
	sm_reply *reply = sm_reply_new(failed, me, now, NULL, error);
	if (reply && !sm_git_deps_fill(reply, config, failed, upstream, subject, tree,
	                               picked, error))
		g_clear_pointer(&reply, sm_reply_free);
	return reply;
}

/* The lower-case addresses in LIST, groups flattened, added to SET. */
static void collect(GHashTable *set, InternetAddressList *list)
{
	for (int i = 0; list && i < internet_address_list_length(list); i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia))
			collect(set, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)));
		else
			g_hash_table_add(set, g_ascii_strdown(internet_address_mailbox_get_addr(
			                                          INTERNET_ADDRESS_MAILBOX(ia)), -1));
	}
}

/* Readdress the reply-all REPLY to FAILED the way the backport goes: To
 * the list, Cc the notice's own recipients (its To and Cc).  The reply-all
 * lists are already cleaned and rid of the user's addresses. */
static void backport_recipients(sm_reply *reply, GMimeMessage *failed)
{
	GHashTable *recipients = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	collect(recipients, g_mime_message_get_to(failed));
	collect(recipients, g_mime_message_get_cc(failed));
	g_hash_table_remove(recipients, SM_STABLE_LIST);
	InternetAddressList *to = internet_address_list_new();
	InternetAddressList *cc = internet_address_list_new();
	InternetAddress *list = internet_address_mailbox_new(NULL, SM_STABLE_LIST);
	internet_address_list_add(to, list);
	g_object_unref(list);
	InternetAddressList *sides[] = { reply->to, reply->cc };
	for (size_t s = 0; s < G_N_ELEMENTS(sides); s++)
		for (int i = 0; i < internet_address_list_length(sides[s]); i++) {
			InternetAddress *ia = internet_address_list_get_address(sides[s], i);
			char *addr = g_ascii_strdown(internet_address_mailbox_get_addr(
			                                 INTERNET_ADDRESS_MAILBOX(ia)), -1);
			if (g_hash_table_contains(recipients, addr))
				internet_address_list_add(cc, ia);
			g_free(addr);
		}
	g_hash_table_unref(recipients);
	g_object_unref(reply->to);
	g_object_unref(reply->cc);
	reply->to = to;
	reply->cc = cc;
}

gboolean sm_git_backport_fill(sm_reply *reply, sm_git_repo *repo, const char *backport,
                              const char *tree, GMimeMessage *failed, GError **error)
{
	sm_git_formatted patch;
	if (!sm_git_format_patch(repo, backport, &patch, error))
		return FALSE;
	backport_recipients(reply, failed);
	char *line = sm_one_line(patch.summary);
	g_free(reply->subject);
	reply->subject = g_strdup_printf("[PATCH %s.y] %s", tree, line);
	/* git send-email keeps the author in the body when someone else
	 * sends the patch. */
	const char *name, *email;
	sender(reply, &name, &email);
	GString *body = g_string_new(NULL);
	if (g_ascii_strcasecmp(patch.author_email, email) != 0) {
		char *who = sm_one_line(patch.author_name), *addr = sm_one_line(patch.author_email);
		g_string_append_printf(body, "From: %s <%s>\n\n", who, addr);
		g_free(who);
		g_free(addr);
	}
	g_string_append(body, patch.text);
	sm_reply_set_body(reply, body->str);
	g_string_free(body, TRUE);
	g_free(line);
	sm_git_formatted_clear(&patch);
	return TRUE;
}

sm_reply *sm_git_backport_mail(sm_git_repo *repo, const char *backport,
                               const char *tree, GMimeMessage *failed,
                               const sm_identity *me, gint64 now, GError **error)
{
	sm_reply *reply = sm_reply_new(failed, me, now, NULL, error);
	if (reply && !sm_git_backport_fill(reply, repo, backport, tree, failed, error))
		g_clear_pointer(&reply, sm_reply_free);
	return reply;
}
