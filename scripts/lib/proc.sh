# shellcheck shell=bash
# Background processes of one cluster state dir: start, find, stop, wait. Source this file.
# Needs STATE_DIR (absolute), RUN_DIR (pid files) and LOG_DIR set by the caller.

pid_alive() {
  [[ -e /proc/$1 ]] && ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null
}

# component_pid NAME: prints the pid of NAME if it runs for this state dir. A pid file can outlive
# its process and the pid be reused, so the command line must mention this state dir too.
component_pid() {
  local file=$RUN_DIR/$1.pid pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$STATE_DIR/" || return 1
  echo "$pid"
}

component_running() {
  component_pid "$1" >/dev/null
}

# start_component NAME CMD...: runs CMD detached (own session, so a Ctrl-C or a test runner
# killing its process group leaves the cluster alone), output appended to LOG_DIR/NAME.log.
start_component() {
  local name=$1
  shift
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  echo "--- $(date -u +%FT%TZ) starting" >>"$LOG_DIR/$name.log"
  # fd 9 is the state dir lock: a child must not keep holding it.
  setsid nohup "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN_DIR/$name.pid"
}

# stop_component NAME [TIMEOUT_S]: SIGTERM, then SIGKILL after TIMEOUT_S (default 15); returns
# once the process is gone.
stop_component() {
  local name=$1 timeout=${2:-15} pid i how=""
  if pid=$(component_pid "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 10; i++)); do
      pid_alive "$pid" || break
      sleep 0.1
    done
    if pid_alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      while pid_alive "$pid"; do sleep 0.1; done
      how=" (killed after $timeout s)"
    fi
    echo "stopped $name$how"
  fi
  rm -f "$RUN_DIR/$name.pid"
}

# wait_until DESCRIPTION TIMEOUT_S COMPONENT CMD...: polls CMD every 0.2 s. Fails early, with the
# end of its log, if COMPONENT dies meanwhile.
wait_until() {
  local what=$1 timeout=$2 component=$3
  shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ! component_running "$component"; then
      tail -n 25 "$LOG_DIR/$component.log" >&2
      echo "$component exited while waiting for $what (log: $LOG_DIR/$component.log)" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      tail -n 25 "$LOG_DIR/$component.log" >&2
      echo "timed out after ${timeout} s waiting for $what (log: $LOG_DIR/$component.log)" >&2
      return 1
    fi
    sleep 0.2
  done
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pick_free_port [TAKEN...]: a loopback port nobody listens on, below the kernel's ephemeral range
# so that outgoing connections never hold it.
pick_free_port() {
  local port i
  for ((i = 0; i < 500; i++)); do
    port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000))
    [[ " $* " == *" $port "* ]] && continue
    port_free "$port" && { echo "$port"; return 0; }
  done
  echo "no free port found" >&2
  return 1
}
