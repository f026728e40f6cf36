// The fish script: one `__complete` call per Tab (remembered while fish evaluates its rules),
// candidates with tab-separated descriptions as fish takes them, file completion only where
// the directive allows it.
import {Directive} from '../protocol.js'
import {scriptIdentifier} from './identifier.js'

export function fishScript(bin: string, descriptions: boolean): string {
  const id = scriptIdentifier(bin)
  const request = descriptions ? '__complete' : '__completeNoDesc'
  return `# fish completion for ${bin}: asks \`${bin} ${request}\` what to offer for the token at the cursor.

function __${id}_request
    set -l args (commandline -opc)
    set -l last (commandline -ct)
    set -l out ($args[1] ${request} $args[2..-1] $last 2>/dev/null)
    # drop empty lines some programs print after the directive
    while test (count $out) -gt 0; and test -z (string trim -- $out[-1])
        set -e out[-1]
    end
    # \`--flag=val\`: fish completes the whole token, so the flag goes before each value
    set -l prefix (string match -r -- '^-.*=' "$last")
    set -l directive 0
    if test (count $out) -gt 0; and string match -q -r -- '^:[0-9]+$' $out[-1]
        set directive (string sub -s 2 -- $out[-1])
        set -e out[-1]
    end
    for line in $out
        printf '%s%s\\n' "$prefix" "$line"
    end
    printf ':%s\\n' $directive
end

function __${id}_bit --argument-names directive bit
    test (math --scale 0 "$directive / $bit % 2") -eq 1
end

# Fills $__${id}_candidates; false when fish should complete file names instead.
function __${id}_prepare
    if not set -q __${id}_reply
        set -g __${id}_reply (__${id}_request)
    end
    set -l directive (string sub -s 2 -- $__${id}_reply[-1])
    set -g __${id}_candidates $__${id}_reply[1..-2]
    if __${id}_bit $directive ${Directive.Error}; or __${id}_bit $directive ${Directive.FilterFileExt}; or __${id}_bit $directive ${Directive.FilterDirs}
        return 1
    end
    set -l nospace (__${id}_bit $directive ${Directive.NoSpace}; and echo 1; or echo 0)
    set -l nofiles (__${id}_bit $directive ${Directive.NoFileComp}; and echo 1; or echo 0)
    if test $nospace -eq 1; or test $nofiles -eq 0
        set -l token (commandline -ct | string escape --style=regex)
        set -g __${id}_candidates (string match -r -- "^$token.*" $__${id}_candidates)
        set -l count (count $__${id}_candidates)
        if test $count -eq 1; and test $nospace -eq 1
            set -l value (string split -m 1 \\t -- $__${id}_candidates[1])[1]
            # fish adds no space after these characters; otherwise a second, longer
            # candidate keeps fish from finishing the word
            if not string match -q -r -- '[@=/:.,]$' $value
                set -g __${id}_candidates $value $value.
            end
        end
        if test $count -eq 0; and test $nofiles -eq 0
            return 1
        end
    end
    return 0
end

function __${id}_keeps_order
    __${id}_prepare >/dev/null
    __${id}_bit (string sub -s 2 -- $__${id}_reply[-1]) ${Directive.KeepOrder}
end

# fish tries the rules newest first, so this one runs last on each Tab: the next Tab asks again.
function __${id}_forget
    set -e __${id}_reply
    return 1
end

complete -c ${bin} -e
complete -c ${bin} -n '__${id}_forget'
complete -c ${bin} -n 'not __${id}_keeps_order; and __${id}_prepare' -f -a '$__${id}_candidates'
complete -k -c ${bin} -n '__${id}_keeps_order; and __${id}_prepare' -f -a '$__${id}_candidates'
`
}
