// The fish script: one dynamic `complete -a` whose function prints "value<TAB>description"
// lines, the format fish reads natively; files come from fish's own helpers.
import type {CliInfo} from '../manifest.js';
import {header} from './header.js';

export function fishScript(info: CliInfo): string {
  const fn = `__${info.bin}_complete`;
  return `${header(info, 'fish')}
function ${fn}
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l out ($tokens[1] __complete $tokens[2..-1] "$cur" 2>/dev/null)
    or return
    set -l directive (string replace -r '^:' '' -- $out[-1])
    string match -qr '^[0-9]+$' -- $directive
    or return
    set -e out[-1]
    test (math "bitand($directive, 1)") -ne 0; and return
    # File names after "--flag=": complete the part after "=", hand back the whole word.
    set -l pre (string match -r -- '^-[^=]*=' $cur)
    set -l file (string replace -r -- '^-[^=]*=' '' $cur)
    if test (math "bitand($directive, 8)") -ne 0
        # __fish_complete_suffix only sorts matching files first: filter here instead.
        for path in (__fish_complete_path "$file" | string replace -r -- '^' "$pre")
            set -l name (string split -f1 \\t -- $path)
            if string match -q -- '*/' $name
                printf '%s\\n' $path
            else
                for ext in $out
                    string match -q -- "*.$ext" $name; and printf '%s\\n' $path
                end
            end
        end
        return
    end
    if test (math "bitand($directive, 16)") -ne 0
        __fish_complete_directories "$file" | string replace -r -- '^' "$pre"
        return
    end
    if test (count $out) -eq 0
        test (math "bitand($directive, 4)") -eq 0; and __fish_complete_path "$file" | string replace -r -- '^' "$pre"
        return
    end
    printf '%s\\n' $out
end

complete -c ${info.bin} -e
complete -c ${info.bin} -f -a '(${fn})'
`;
}
