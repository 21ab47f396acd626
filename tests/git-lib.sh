#!/bin/sh
# git-lib.sh - build the kernel-like git repository the git tests use.
#
#   sh git-lib.sh DIR     build DIR/linux and DIR/failed-6.1.eml
#   . git-lib.sh          define git_fixture DIR (and the fx helper)
#
# Commit ids are stable: authors, committers and dates are fixed and no
# user or system git config is read.  Each commit a test talks about is
# also named by a ref refs/fixture/NAME (not a tag or branch, so nothing
# walks it by accident):
#
# master (mainline):  base  v6.1  [net-next: table  merged by merge]
#   rename  v6.6  leak  typo  deref  overflow  quirk  leakfix  revert
#   derefix  short7
# linux-6.1.y (local branch, from v6.1):      typo61 ("commit <typo> upstream.")
#                                              then 6.1.1
# stable/linux-6.6.y (remote-tracking ref, from v6.6):
#                                              typo66 ("[ Upstream commit <typo> ]")
#                                              then 6.6.1
#
# What the tests expect of it:
# - deref conflicts on 6.1 in drivers/net/foo.c (it needs table), applies
#   on 6.6;  leak applies on both;  overflow changes mm/pool.c, which 6.1
#   still calls mm/old.c: it applies there through rename detection;
#   typo is already in both trees (two spellings of the upstream line).
# - follow-ups: leakfix fixes leak (12-hex Fixes:), derefix fixes deref
#   (8-hex Fixes:), revert reverts quirk; short7 names deref with only 7
#   hex digits, which is too short to count.
# - the FAILED notice for deref on 6.1 lists deref itself (as the stable
#   team's lists do), table, and an id that is not in the repository, as
#   possible dependencies.

fx_date=1704067200  # 2024-01-01T00:00:00Z; every commit one hour later

fx() {
	GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME=/nonexistent \
	GIT_AUTHOR_NAME="${fx_author_name:-Alice Dev}" \
	GIT_AUTHOR_EMAIL="${fx_author_email:-alice@example.org}" \
	GIT_COMMITTER_NAME="Linus Torvalds" \
	GIT_COMMITTER_EMAIL="torvalds@example.org" \
	GIT_AUTHOR_DATE="@$fx_date +0000" GIT_COMMITTER_DATE="@$fx_date +0000" \
	git -c commit.gpgsign=false -c core.autocrlf=false "$@"
}

# fx_commit NAME MESSAGE: commit what is staged, name it refs/fixture/NAME.
fx_commit() {
	fx_date=$((fx_date + 3600))
	fx commit -q --allow-empty -m "$2" || return 1
	fx update-ref "refs/fixture/$1" HEAD
}

fx_id() { fx rev-parse "refs/fixture/$1"; }
fx_short() { fx rev-parse "refs/fixture/$1" | cut -c1-"$2"; }

# lines FIRST LAST PREFIX: numbered lines, the body of a file.
fx_lines() {
	i=$1
	while [ "$i" -le "$2" ]; do
		printf '%s %d\n' "$3" "$i"
		i=$((i + 1))
	done
}

fx_foo() {  # drivers/net/foo.c with the setup block given as $1
	{
		printf '/* foo network driver */\n#include "foo.h"\n\n'
		printf 'int foo_setup(struct foo *f)\n{\n'
		printf '%s\n' "$1"
		printf '\treturn 0;\n}\n\n'
		fx_lines 1 20 "/* foo helper"
	} > drivers/net/foo.c
}

git_fixture() {
	dir=$1
	mkdir -p "$dir/linux" || return 1
	(
	set -e
	cd "$dir/linux"
	fx init -q -b master .
	mkdir -p drivers/net fs mm
	fx_foo "$(printf '\tf->a = 1;\n\tf->b = 2;\n\tf->c = 3;')"
	fx_lines 1 30 "bar line" > fs/bar.c
	fx_lines 1 30 "pool line" > mm/old.c
	fx_lines 1 10 "baz line" > drivers/baz.c
	echo "VERSION = 6.0" > Makefile
	fx add -A
	fx_commit base "Initial import"
	echo "VERSION = 6.1" > Makefile
	fx add -A
	fx_commit v6.1 "Linux 6.1"
	fx tag v6.1

	# The prerequisite of deref, made on a topic branch and merged, as
	# most mainline work is.
	fx checkout -q -b net-next
	fx_foo "$(printf '\tstatic const int v[] = { 1, 2, 3 };\n\n\tfoo_load(f, v, 3);')"
	fx add -A
	fx_commit table "net: foo: store setup values in a table

Signed-off-by: Alice Dev <alice@example.org>"
	fx checkout -q master
	fx_date=$((fx_date + 3600))
	fx merge -q --no-ff -m "Merge branch 'net-next'" net-next
	fx update-ref refs/fixture/merge HEAD
	fx branch -q -D net-next

	fx mv mm/old.c mm/pool.c
	fx_commit rename "mm: rename old.c to pool.c"
	echo "VERSION = 6.6" > Makefile
	fx add -A
	fx_commit v6.6 "Linux 6.6"
	fx tag v6.6

	sed -i 's/^bar line 5$/bar line 5 freed/' fs/bar.c
	fx add -A
	fx_commit leak "fs: bar: fix leak in bar_open

Signed-off-by: Alice Dev <alice@example.org>"
	sed -i 's/^bar line 20$/bar line twenty/' fs/bar.c
	fx add -A
	fx_commit typo "fs: bar: fix typo in comment"
	fx_foo "$(printf '\tstatic const int v[] = { 1, 2, 3 };\n\n\tif (!f)\n\t\treturn -EINVAL;\n\tfoo_load(f, v, 3);')"
	fx add -A
	fx_commit deref "net: foo: fix null deref in foo_setup

The setup path dereferences f before checking it.

Cc: Bob Maintainer <bob@example.org>
Signed-off-by: Alice Dev <alice@example.org>"
	sed -i 's/^pool line 12$/pool line 12 checked/' mm/pool.c
	fx add -A
	fx_commit overflow "mm: pool: fix overflow"
	fx_lines 1 3 "baz quirk" >> drivers/baz.c
	fx add -A
	fx_commit quirk "drivers: baz: add quirk"
	sed -i 's/^bar line 6$/bar line 6 freed too/' fs/bar.c
	fx add -A
	fx_commit leakfix "fs: bar: also free the buffer on error

Fixes: $(fx_short leak 12) (\"fs: bar: fix leak in bar_open\")
Signed-off-by: Alice Dev <alice@example.org>"
	fx_date=$((fx_date + 3600))
	fx revert --no-edit refs/fixture/quirk >/dev/null
	fx update-ref refs/fixture/revert HEAD
	sed -i 's/-EINVAL/-ENODEV/' drivers/net/foo.c
	fx add -A
	fx_commit derefix "net: foo: return -ENODEV for a missing device

Fixes: $(fx_short deref 8) (\"net: foo: fix null deref in foo_setup\")"
	sed -i 's/^baz line 1$/baz line one/' drivers/baz.c
	fx add -A
	fx_commit short7 "drivers: baz: tidy

Fixes: $(fx_short deref 7) (\"too short to count\")"

	fx checkout -q -b linux-6.1.y v6.1
	sed -i 's/^bar line 20$/bar line twenty/' fs/bar.c
	fx add -A
	fx_commit typo61 "fs: bar: fix typo in comment

commit $(fx_id typo) upstream.

Signed-off-by: Greg Kroah-Hartman <gregkh@example.org>"
	echo "VERSION = 6.1.1" > Makefile
	fx add -A
	fx_commit v6.1.1 "Linux 6.1.1"

	fx checkout -q --detach v6.6
	sed -i 's/^bar line 20$/bar line twenty/' fs/bar.c
	fx add -A
	fx_commit typo66 "fs: bar: fix typo in comment

[ Upstream commit $(fx_id typo) ]

Signed-off-by: Sasha Levin <sashal@example.org>"
	echo "VERSION = 6.6.1" > Makefile
	fx add -A
	fx_commit v6.6.1 "Linux 6.6.1"
	fx update-ref refs/remotes/stable/linux-6.6.y HEAD
	fx checkout -q master
	) || return 1
	fx_failed "$dir" > "$dir/failed-6.1.eml"
}

# The FAILED notice for deref on 6.1, as Greg's scripts write it.
fx_failed() {
	deref=$(cd "$1/linux" && fx_id deref)
	table=$(cd "$1/linux" && fx_short table 12)
	cat <<EOF
From: gregkh@example.org
To: alice@example.org, "Bob Maintainer" <bob@example.org>
Cc: stable@vger.kernel.org, Carol Reviewer <carol@example.org>
Subject: FAILED: patch "[PATCH] net: foo: fix null deref in foo_setup" failed to apply to 6.1-stable tree
Date: Mon, 15 Jan 2024 10:00:00 +0100
Message-ID: <2024011500-failed-deref@gregkh>
References: <20240110-deref-v1@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8

The patch below does not apply to the 6.1-stable tree.
If someone wants it applied there, or to any other stable or longterm
tree, then please email the backport, including the original git commit
id to <stable@vger.kernel.org>.

To reproduce the conflict and resubmit, you may use the following commands:

git fetch https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/ linux-6.1.y
git checkout FETCH_HEAD
git cherry-pick -x $deref
# <resolve conflicts, build, test, etc.>
git commit -s
git send-email --to '<stable@vger.kernel.org>' --in-reply-to '2024011500-failed-deref@gregkh' --subject-prefix 'PATCH 6.1.y' HEAD^..

Possible dependencies:

$(printf '%.12s' "$deref") ("net: foo: fix null deref in foo_setup")
$table ("net: foo: store setup values in a table")
0123456789ab ("net: foo: a commit this repository does not have")

thanks,

greg k-h

------------------ original commit in Linus's tree ------------------

From $deref Mon Sep 17 00:00:00 2001
From: Alice Dev <alice@example.org>
Date: Mon, 1 Jan 2024 09:00:00 +0000
Subject: [PATCH] net: foo: fix null deref in foo_setup

The setup path dereferences f before checking it.

Cc: Bob Maintainer <bob@example.org>
Signed-off-by: Alice Dev <alice@example.org>
EOF
}

# Run as a program: build the fixture in $1.
case "$0" in
*git-lib.sh) git_fixture "${1:?usage: git-lib.sh DIR}" ;;
esac
