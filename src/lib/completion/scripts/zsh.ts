// The zsh script: a completion function (#compdef, or compdef when sourced) that asks
// `__complete` and hands the candidates to _describe, descriptions after a colon.
import {Directive} from '../protocol.js'
import {scriptIdentifier} from './identifier.js'

export function zshScript(bin: string, descriptions: boolean): string {
  const fn = `_${scriptIdentifier(bin)}`
  const request = descriptions ? '__complete' : '__completeNoDesc'
  return `#compdef ${bin}
compdef ${fn} ${bin}

# zsh completion for ${bin}: asks \`${bin} ${request}\` what to offer for the word at the cursor.

${fn}() {
    local -a request candidates
    local out line directive=0 flagPrefix noSpace keepOrder
    # the words up to the cursor only
    words=("\${=words[1,CURRENT]}")
    local last=\${words[-1]}

    # \`--flag=val\`: the candidates are values, shown after the flag
    if [[ $last == -*=* ]]; then
        flagPrefix="-P \${(q)last%%=*}="
    fi

    request="\${words[1]} ${request} \${words[2,-1]}"
    # a space after the last word: ask about a new, empty one
    [[ -z $last ]] && request+=' ""'
    out=$(eval \${request} 2>/dev/null)

    local -a lines
    lines=("\${(@f)out}")
    lines=(\${lines:#})
    if [[ \${lines[-1]} == :* ]]; then
        directive=\${lines[-1]#:}
        lines[-1]=()
    fi
    [[ $directive == <-> ]] || directive=0

    (( directive & ${Directive.Error} )) && return 1

    local tab=$'\\t'
    for line in "\${lines[@]}"; do
        # _describe splits name and description at the first unescaped colon
        line=\${line//:/\\\\:}
        candidates+=("\${line/$tab/:}")
    done

    (( directive & ${Directive.NoSpace} )) && noSpace="-S ''"
    (( directive & ${Directive.KeepOrder} )) && keepOrder="-V"

    if (( directive & ${Directive.FilterFileExt} )); then
        local -a globs
        local ext
        for ext in "\${lines[@]}"; do
            [[ $ext == \\** ]] || ext="*.$ext"
            globs+=(-g "$ext")
        done
        eval _files "\${(q)globs[@]}" $flagPrefix
    elif (( directive & ${Directive.FilterDirs} )); then
        if [[ -n \${lines[1]} ]]; then
            local ret
            pushd -q "\${lines[1]}" 2>/dev/null || return 1
            eval _files -/ $flagPrefix
            ret=$?
            popd -q
            return $ret
        fi
        eval _files -/ $flagPrefix
    elif eval _describe $keepOrder "completions" candidates $flagPrefix $noSpace; then
        return 0
    elif (( directive & ${Directive.NoFileComp} )); then
        # nothing of ours matched and files are not wanted: let zsh's other matchers try
        return 1
    else
        eval _files $flagPrefix
    fi
}

# sourced rather than autoloaded: register the function, do not run it
if [ "$funcstack[1]" = "${fn}" ]; then
    ${fn} "$@"
fi
`
}
