# zsh -f tests/tools/zsh_completes.zsh DIR LINE
# What zsh's completion system (compinit, the _numaplan in DIR) offers for
# LINE typed at an interactive prompt in DIR and TAB: one match a line, sorted.
# zsh completes only inside its line editor, so an interactive zsh runs on a
# pseudo-terminal (zsh/zpty); compadd is wrapped to append each match it is
# given to a file, and the shell exits when the completion is done.
zmodload zsh/zpty || exit 2
dir=$1 line=$2 out=$(mktemp) || exit 2
cd $dir || exit 2
zpty shell zsh -f -i
zpty -w shell "fpath=(${(q)dir} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w shell "compadd() { local -a hits; builtin compadd -A hits \"\$@\"; (( \$#hits )) && print -rl -- \$hits >> ${(q)out}; builtin compadd \"\$@\" }"
zpty -w shell "comppostfuncs=(exit); bindkey '^I' complete-word"
zpty -w -n shell "$line"$'\t'
while zpty -r shell chunk; do :; done
zpty -d shell
sort -u $out
rm -f $out
