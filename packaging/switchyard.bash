# bash completion for switchyard: its commands, their options, and model names from the
# running Switchyard (switchyard ps -q) where a command takes a MODEL.
_switchyard()
{
    local cur prev words cword
    _init_completion || return

    local commands="status ps load unload pin unpin logs requests route config key help"
    local common="--url --config --json --help"
    local start="--config --host --port --backend --headless --demo --no-demo --log-level --language --attach --screenshot-tour --help --version"

    case $prev in
        --config | --screenshot-tour)
            _filedir
            return
            ;;
        --url | --attach | --host | --port | --backend | --prompt | --timeout | -n | --lines | --limit | --language)
            return
            ;;
        --log-level)
            COMPREPLY=($(compgen -W "trace debug info warn error off" -- "$cur"))
            return
            ;;
    esac

    if ((cword == 1)); then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$start" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    local command=${words[1]} options=""
    case $command in
        ps) options="-q --quiet" ;;
        load) options="--no-wait --timeout" ;;
        unload) options="--all --no-wait --timeout" ;;
        logs) options="-f --follow -n --lines" ;;
        requests) options="--failed -n --limit" ;;
        route) options="--prompt" ;;
        status | pin | unpin | config) ;;
        key)
            ((cword == 2)) && COMPREPLY=($(compgen -W "new hash" -- "$cur"))
            return
            ;;
        help)
            ((cword == 2)) && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
            return
            ;;
        *)
            COMPREPLY=($(compgen -W "$start" -- "$cur"))
            return
            ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options $common" -- "$cur"))
        return
    fi
    case $command in
        load | unload | pin | unpin | logs | route)
            # The same --url and --config as the command line so far.
            local -a where=()
            local i
            for ((i = 2; i < cword; i++)); do
                [[ ${words[i]} == --url || ${words[i]} == --config ]] && where+=("${words[i]}" "${words[i + 1]}")
            done
            COMPREPLY=($(compgen -W "$(switchyard ps -q "${where[@]}" 2>/dev/null)" -- "$cur"))
            ;;
        config)
            if ((cword == 2)); then
                COMPREPLY=($(compgen -W "check" -- "$cur"))
            else
                _filedir json
            fi
            ;;
    esac
}
complete -F _switchyard switchyard
