# Prints the completions bash-completion gives for command lines, with the
# completion files in the directory given (tests/cli/iu-completion.test).
source /usr/share/bash-completion/bash_completion
source "$1/iu"; source "$1/iu-cc"; source "$1/iu-load"
comp() {
  # comp FUNC WORDS...: completions for the last word
  local fn=$1; shift
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  $fn "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  echo "$*: ${COMPREPLY[*]}"
}
comp _iu iu ""
comp _iu iu p
comp _iu iu prog ""
comp _iu iu -j map ""
comp _iu iu map dump ""
comp _iu iu map update name x ""
comp _iu iu stats ""
comp _iu iu --p
comp _iu iu prog load x.iu --
comp _iu_cc iu-cc --s
comp _iu_load iu-load --back
comp _iu_load iu-load --backend ""
comp _iu_load iu-load --dump-maps=
comp _iu_load iu-load --on
comp _iu_load iu-load --only ""
