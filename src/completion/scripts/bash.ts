// The bash script: rejoins the words bash split at "=" and ":" (COMP_WORDBREAKS), asks
// `axon __complete`, and fills COMPREPLY one line per entry (file names may have blanks;
// bash cannot show descriptions).
import type {CliInfo} from '../manifest.js';
import {header} from './header.js';

export function bashScript(info: CliInfo): string {
  const fn = `__${info.bin}_complete`;
  return `${header(info, 'bash')}
${fn}() {
    local raw=\${COMP_WORDS[COMP_CWORD]} words=() i w join=0
    # bash splits "--output=js" into "--output" "=" "js": glue them back into one word.
    for ((i = 1; i <= COMP_CWORD; i++)); do
        w=\${COMP_WORDS[i]}
        if [[ \${#words[@]} -gt 0 && ( $join -eq 1 || $w == [=:] ) ]]; then
            words[\${#words[@]}-1]+=$w
        else
            words+=("$w")
        fi
        [[ $w == [=:] ]] && join=1 || join=0
    done
    local cur=\${words[\${#words[@]}-1]}
    # Readline replaces only the text after the last "=" or ":", so answers lose that prefix.
    [[ $raw == [=:] ]] && raw=
    local prefix=\${cur:0:\${#cur}-\${#raw}}

    local out directive line
    out=$("\${COMP_WORDS[0]}" __complete "\${words[@]}" 2>/dev/null) || return
    directive=\${out##*:}
    out=\${out%:*}
    [[ $directive =~ ^[0-9]+$ ]] || return
    ((directive & 1)) && return

    COMPREPLY=()
    if ((directive & 8)); then
        local ext
        while IFS= read -r ext; do
            [[ -n $ext ]] && mapfile -t -O "\${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -X "!*.$ext" -- "$raw")
        done <<<"$out"
        mapfile -t -O "\${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$raw")
        compopt -o filenames 2>/dev/null
        return
    fi
    if ((directive & 16)); then
        mapfile -t COMPREPLY < <(compgen -d -- "$raw")
        compopt -o filenames 2>/dev/null
        return
    fi
    while IFS= read -r line; do
        [[ -n $line ]] && COMPREPLY+=("\${line%%$'\\t'*}")
    done <<<"$out"
    for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]=\${COMPREPLY[i]#"$prefix"}; done
    if ((\${#COMPREPLY[@]} == 0 && !(directive & 4))); then
        mapfile -t COMPREPLY < <(compgen -f -- "$raw")
        compopt -o filenames 2>/dev/null
    fi
    ((directive & 2)) && compopt -o nospace 2>/dev/null
    return 0
}

complete -F ${fn} ${info.bin}
`;
}
