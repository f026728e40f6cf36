// The bash script: bash-completion's word splitting, then one `__complete` call per Tab, then
// cobra's directives applied with compopt. Candidates with descriptions are shown as
// `name  (description)` and inserted without them.
import {Directive} from '../protocol.js'
import {scriptIdentifier} from './identifier.js'

export function bashScript(bin: string, descriptions: boolean): string {
  const fn = `_${scriptIdentifier(bin)}_complete`
  const request = descriptions ? '__complete' : '__completeNoDesc'
  return `# bash completion for ${bin}: asks \`${bin} ${request}\` what to offer for the word at the cursor.
# Needs the bash-completion package.

${fn}_trim_wordbreak() {
    # bash replaces only the text after the last COMP_WORDBREAKS character; drop what precedes it
    local char=$1 prefix
    if [[ $cur == *"$char"* && $COMP_WORDBREAKS == *"$char"* ]]; then
        prefix=\${cur%"\${cur##*"$char"}"}
        local i
        for i in "\${!COMPREPLY[@]}"; do
            COMPREPLY[i]=\${COMPREPLY[i]#"$prefix"}
        done
    fi
}

${fn}_describe() {
    # several candidates: pad the names and add descriptions that fit the terminal
    local tab=$'\\t' longest=0 entry name i
    for entry in "\${COMPREPLY[@]}"; do
        name=\${entry%%"$tab"*}
        ((\${#name} > longest)) && longest=\${#name}
    done
    for i in "\${!COMPREPLY[@]}"; do
        entry=\${COMPREPLY[i]}
        [[ $entry == *"$tab"* ]] || continue
        name=\${entry%%"$tab"*}
        local desc=\${entry#*"$tab"} room=$((\${COLUMNS:-80} - longest - 4))
        if ((room > 8)); then
            printf -v name '%-*s' "$longest" "$name"
        else
            room=$((\${COLUMNS:-80} - \${#name} - 4))
        fi
        if ((room > 0)); then
            ((\${#desc} > room)) && desc="\${desc:0:room-1}…"
            name+="  ($desc)"
        fi
        COMPREPLY[i]=$name
    done
}

${fn}() {
    local cur prev words cword
    COMPREPLY=()
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -n =: || return
    else
        _get_comp_words_by_ref -n =: cur prev words cword || return
    fi
    # complete the word at the cursor, whatever follows it
    words=("\${words[@]:0:cword+1}")

    local last=\${words[cword]} request
    request="\${words[0]} ${request} \${words[*]:1}"
    # a space after the last word: ask about a new, empty one
    [[ -z $cur && \${last: -1} != = ]] && request+=" ''"
    # \`--flag=val\`: the candidates are values
    [[ $cur == -*=* ]] && cur=\${cur#*=}

    local out lines=() line directive=0
    out=$(eval "$request" 2>/dev/null)
    while IFS= read -r line; do
        [[ -n $line ]] && lines+=("$line")
    done <<<"$out"
    if ((\${#lines[@]} > 0)) && [[ \${lines[\${#lines[@]}-1]} == :* ]]; then
        directive=\${lines[\${#lines[@]}-1]#:}
        unset "lines[\${#lines[@]}-1]"
    fi
    [[ $directive =~ ^[0-9]+$ ]] || directive=0

    # an error: offer nothing of ours (bash's own file completion may still apply)
    ((directive & ${Directive.Error})) && return
    if [[ $(type -t compopt) == builtin ]]; then
        ((directive & ${Directive.NoSpace})) && compopt -o nospace
        ((directive & ${Directive.KeepOrder})) && ((BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 4))) && compopt -o nosort
        ((directive & ${Directive.NoFileComp})) && compopt +o default
    fi

    if ((directive & ${Directive.FilterFileExt})); then
        local pattern
        pattern=$(IFS='|'; printf '%s' "\${lines[*]}")
        _filedir "$pattern"
    elif ((directive & ${Directive.FilterDirs})); then
        if [[ -n \${lines[0]-} ]]; then
            pushd "\${lines[0]}" >/dev/null 2>&1 && _filedir -d && popd >/dev/null 2>&1
        else
            _filedir -d
        fi
    else
        local tab=$'\\t' entry name quoted
        for entry in "\${lines[@]}"; do
            name=\${entry%%"$tab"*}
            printf -v quoted '%q' "$name"
            [[ $quoted == "$cur"* || $name == "$cur"* ]] && COMPREPLY+=("$entry")
        done
        if ((\${#COMPREPLY[@]} == 1)); then
            printf -v quoted '%q' "\${COMPREPLY[0]%%"$tab"*}"
            COMPREPLY[0]=$quoted
        elif ((\${#COMPREPLY[@]} > 1)); then
            ${fn}_describe
        fi
    fi
    ${fn}_trim_wordbreak :
    ${fn}_trim_wordbreak =
}

if [[ $(type -t compopt) == builtin ]]; then
    complete -o default -F ${fn} ${bin}
else
    complete -o default -o nospace -F ${fn} ${bin}
fi
`
}
