// The zsh script: works both autoloaded from $fpath (#compdef) and sourced (compdef call);
// candidates and their descriptions go through _describe.
import type {CliInfo} from '../manifest.js';
import {header} from './header.js';

export function zshScript(info: CliInfo): string {
  const fn = `_${info.bin}`;
  return `#compdef ${info.bin}
${header(info, 'zsh')}
${fn}() {
    local out directive line value
    local -a lines cands exts
    # File names after "--flag=" are completed after the "=" (compset must run in this function:
    # its effect does not outlive a nested one).
    local after_eq=0
    [[ $PREFIX == -*=* ]] && after_eq=1
    out=$("\${words[1]}" __complete "\${(@Q)words[2,CURRENT]}" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    directive=\${lines[-1]#:}
    lines[-1]=()
    [[ $directive == <-> ]] || return 1
    ((directive & 1)) && return 1
    if ((directive & 8)); then
        # One glob per extension, space separated ("*.(o)" would read as a glob qualifier).
        exts=(\${lines:#})
        ((after_eq)) && compset -P '*='
        _files -g "\${(j: :)\${exts/#/*.}}"
        return
    fi
    if ((directive & 16)); then
        ((after_eq)) && compset -P '*='
        _files -/
        return
    fi
    for line in "\${lines[@]}"; do
        [[ -z $line ]] && continue
        value=\${line%%$'\\t'*}
        value=\${value//:/\\\\:}
        if [[ $line == *$'\\t'* ]]; then
            cands+=("\${value}:\${line#*$'\\t'}")
        else
            cands+=("$value")
        fi
    done
    if ((\${#cands} == 0)); then
        ((directive & 4)) || { ((after_eq)) && compset -P '*='; _files }
        return
    fi
    if ((directive & 2)); then
        _describe -t values 'value' cands -S ''
    else
        _describe -t values 'value' cands
    fi
}

if [[ $funcstack[1] == ${fn} ]]; then
    ${fn} "$@"
else
    compdef ${fn} ${info.bin}
fi
`;
}
