#!/bin/sh
# t-own-replies.sh - the user's own replies are not news (issue 13): a
# patch the user answered today is as old as the newest notice that
# someone else sent, for the limit's age: term, on a real database and a
# real terminal.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

REVIEW=20250818124453.167067654@linuxfoundation.org
# reply FILE FROM: a reply to the review patch, dated now.
reply() {
	cat >"$MAIL_DIR/new/$1" <<EOF
From: $2
To: stable@vger.kernel.org
Subject: Re: [PATCH 6.12 113/444] PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
Date: $(date -u -R)
Message-ID: <$1@example.org>
In-Reply-To: <$REVIEW>
References: <$REVIEW>

Looks wrong to me.
EOF
}

limit() {
	tui_keys l C-u
	tui_type "$1"
	tui_keys Enter
	tui_wait '^\[patches\] [0-9]+ of [0-9]+ · '"$1"
	tui_title | sed 's/  */ /g'
}

test_expect_success 'fixture database with the user'"'"'s own reply of today' '
	make_maildir corpus/006.eml corpus/007.eml corpus/008.eml && reply own "Test Maintainer <maint@example.org>" && make_db'

test_begin_subtest 'the user'"'"'s own reply of today does not make the patch young'
tui_start
test_expect_equal "$(limit 'age:<2d')" "[patches] 0 of 0 · age:<2d · by urgency"

test_begin_subtest 'its age is that of the notices'
test_expect_equal "$(limit 'age:>2d')" "[patches] 1 of 1 · age:>2d · by urgency 100%"

test_begin_subtest 'nor hides the trees its notices are about (6.16 ended before today)'
test_expect_equal "$(tui_line 1 | sed 's/ *$//')" "*NTG 6.16 6.12 5.15     due  age author             subject"

test_begin_subtest 'nor brings it to the top of list'
# Another patch, whose news is newer than the answered one's.
cp "$TEST_DATA/corpus/060.eml" "$MAIL_DIR/new/" && notmuch_new >/dev/null
list_subjects() {
	"$STABLEMATE" list --format=json | python3 -c 'import json, sys
for p in json.load(sys.stdin)["patches"]: print(p["subject"])'
}
test_expect_equal "$(list_subjects)" "tools: lib: thermal: don't preserve owner in install
PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()"

test_begin_subtest 'the user'"'"'s own reply read back by a refresh is no new mail'
# Until nothing is left to read (060 above), then a clear status line.
for i in 1 2 3 4 5 6 7 8 9 10; do
	tui_keys R
	tui_wait_status '(Refreshed|Up to date|New mail.*)$' >/dev/null
	tail -n 1 "$TMP_DIRECTORY/screen.raw" | grep -q 'Up to date' && break
done
tui_keys C-l
tui_wait_status '^ *$' >/dev/null
reply own2 "Test Maintainer <maint@example.org>" && notmuch_new >/dev/null
# The 2 s check reads it and says nothing, or R does and says "Refreshed".
tui_keys R
tui_wait_status '(Refreshed|Up to date|New mail.*)$' >/dev/null
test_expect_equal "$(tail -n 1 "$TMP_DIRECTORY/screen.raw" | sed -E 's/  .*//; s/^(Refreshed|Up to date)$/no news/')" "no news"

test_begin_subtest 'a reply of someone else today does'
reply other "Ada Reviewer <ada@example.net>" && notmuch_new >/dev/null
tui_keys R
tui_wait_status '(New mail|Refreshed)'
test_expect_equal "$(limit 'age:<2d')" "[patches] 1 of 1 · age:<2d · by urgency 100%"

test_begin_subtest '... and brings it to the top'
test_expect_equal "$(list_subjects)" "PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()
tools: lib: thermal: don't preserve owner in install"

test_done
