# t-git-lib.sh - what the git tests (t-git*.sh) share, on top of
# t-act-lib.sh (a notmuch database, a config with the fake sendmail, the
# scripted editor and terminal): the fixture repository of git-lib.sh,
# the FAILED notice for its commit deref on 6.1 in the database, and a
# config whose [git] group points at them.
. "$TEST_DATA/t-act-lib.sh"
. "$TEST_DATA/git-lib.sh"

FX="$TMP_DIRECTORY/fx"
REPO="$FX/linux"
WORKTREES="$TMP_DIRECTORY/worktrees"
FAILED_ID=2024011500-failed-deref@gregkh

# git_setup [CONFIG LINES]: the repository, the mail, the config.
git_setup() {
	git_fixture "$FX" || return 1
	make_maildir "$FX/failed-6.1.eml" && make_db || return 1
	git_config "$1"
	DEREF=$(cd "$REPO" && fx_id deref)
	DEREF12=$(printf '%.12s' "$DEREF")
	# The user's identity, for git (the shell's commits) and libgit2.
	printf '[user]\n\tname = Test Maintainer\n\temail = maint@example.org\n' > "$HOME/.gitconfig"
}

git_config() {
	act_config "$1
[git]
repo = $REPO
worktrees = $WORKTREES"
}

# shell_script NAME COMMANDS: a scripted $SHELL that runs COMMANDS in the
# worktree; its path is $TMP_DIRECTORY/NAME.sh.
shell_script() {
	printf '#!/bin/sh\n%s\n' "$2" > "$TMP_DIRECTORY/$1.sh"
	chmod +x "$TMP_DIRECTORY/$1.sh"
}

RESOLVE='git checkout -q --theirs drivers/net/foo.c && git add -u && git commit -q -s --no-edit'
