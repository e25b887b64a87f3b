# zsh -f zsh-capture.zsh FPATH_DIR LINE WIDGET
# Types LINE into an interactive zsh under zpty (compinit loaded, FPATH_DIR first in $fpath) and
# runs the completion WIDGET (list-choices or complete-word) from one key, so that no typeahead
# cuts the listing short; prints what the terminal showed, then the edited line as "LINE:<buffer>".
zmodload zsh/zpty
local dir=$1 line=$2 widget=$3 out
zpty -b z zsh -f -i
zpty -w z "stty columns 250; PS1='%% '; RPS1=''; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D; zstyle ':completion:*' list-prompt ''; LISTMAX=100000; __probe() { zle $widget; zle -R; zle -I; print -r -- \"LINE:\$BUFFER\"; print -r -- DO''NE }; zle -N __probe; bindkey '^X^B' __probe; print RE''ADY"
zpty -r z out '*READY*'
zpty -w -n z "$line"$'\C-x\C-b'
zpty -r z out '*DONE*'
print -r -- "$out"
zpty -d z
