/*
 * The pod sandbox process of the local real node: holds the pod's namespaces open and does
 * nothing else. As PID 1 of the pod it also reaps children that get re-parented to it.
 * Ends with status 0 on SIGTERM or SIGINT. Built static (no libc in the image).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAUSE_VERSION "urumi-pause 1.0"

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig) { stop_signal = sig; }

/* Empty on purpose: SIGCHLD only has to end sigsuspend(); the main loop reaps. */
static void on_child(int sig) { (void)sig; }

static void reap_children(void) {
  for (;;) {
    pid_t pid = waitpid(-1, NULL, WNOHANG);
    if (pid > 0) continue;
    if (pid < 0 && errno == EINTR) continue;
    return; /* 0: children left but none has ended; -1/ECHILD: no children at all */
  }
}

static int handle(int sig, void (*fn)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = (sig == SIGCHLD) ? SA_NOCLDSTOP : 0;
  return sigaction(sig, &sa, NULL);
}

int main(int argc, char **argv) {
  sigset_t waited, during_wait;
  if (argc > 1 && (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "--version") == 0)) {
    puts(PAUSE_VERSION);
    return 0;
  }
  /* The signals stay blocked except inside sigsuspend(), so none can slip in between the
   * check of stop_signal and the wait (which would leave pause() asleep after a SIGTERM). */
  sigemptyset(&waited);
  sigaddset(&waited, SIGTERM);
  sigaddset(&waited, SIGINT);
  sigaddset(&waited, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &waited, &during_wait) != 0
      || handle(SIGTERM, on_stop) || handle(SIGINT, on_stop) || handle(SIGCHLD, on_child)) {
    perror("pause: signals");
    return 1;
  }
  sigdelset(&during_wait, SIGTERM);
  sigdelset(&during_wait, SIGINT);
  sigdelset(&during_wait, SIGCHLD);
  if (getpid() != 1) fputs("pause: not PID 1, so orphans of the pod are not reaped here\n", stderr);
  while (!stop_signal) {
    reap_children();
    sigsuspend(&during_wait);
  }
  reap_children();
  return 0;
}
