/*
 * weft-enter: run a command in a private overlay view of "/".
 *
 *   weft-enter UPPER WORK MERGED [-b SRC DST]... [-r SRC DST]... [-o LOWER UPPER WORK DST]...
 *              [-w DIR] -- CMD [ARG]...
 *
 * Creates a mount namespace, mounts an overlay (lower "/", the given upper and work dirs) at
 * MERGED, binds /proc, /dev and /sys into it, binds each SRC at DST (-r: read-only), mounts each
 * -o overlay at DST (a copy-on-write view of LOWER: input artifacts without copying them), in the
 * order given, chroots into MERGED, changes to DIR and runs CMD. Exits 127 with a message when any
 * step fails.
 * One exec instead of a chain of unshare/mount/chroot processes.
 *
 * No orphans: CMD runs as a child of this helper, which stays behind as a small supervisor in the
 * step's process group. When weft dies (even by SIGKILL) the kernel sends the helper a signal
 * (PR_SET_PDEATHSIG) and it kills the whole group, so no step process outlives weft. CMD itself
 * dies with the helper too. The helper ignores the signals weft sends the group (CMD gets them)
 * and ends the way CMD ended: the same exit code, or the same signal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void fail(const char *what, const char *arg) {
  fprintf(stderr, "weft-enter: %s %s: %s\n", what, arg, strerror(errno));
  exit(127);
}

static void make_dirs(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    mkdir(path, 0755);
    *p = '/';
  }
  mkdir(path, 0755);
}

static void bind_into(const char *merged, const char *src, const char *dst, int readonly) {
  char target[4096];
  struct stat st;
  if (snprintf(target, sizeof target, "%s%s", merged, dst) >= (int)sizeof target) fail("path too long", dst);
  if (stat(src, &st) != 0) fail("stat", src);
  if (S_ISDIR(st.st_mode)) {
    make_dirs(target);
  } else if (access(target, F_OK) != 0) {
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", target);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) { *slash = '\0'; make_dirs(parent); }
    FILE *f = fopen(target, "a");
    if (f) fclose(f);
  }
  if (mount(src, target, NULL, MS_BIND | MS_REC, NULL) != 0) fail("bind", dst);
  if (readonly && mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_REC, NULL) != 0) fail("remount", dst);
}

static void overlay_into(const char *merged, const char *lower, const char *upper, const char *work, const char *dst) {
  char target[4096], options[8192];
  if (snprintf(target, sizeof target, "%s%s", merged, dst) >= (int)sizeof target) fail("path too long", dst);
  if (snprintf(options, sizeof options, "lowerdir=%s,upperdir=%s,workdir=%s", lower, upper, work) >= (int)sizeof options)
    fail("options too long", dst);
  make_dirs(target);
  if (mount("overlay", target, "overlay", 0, options) != 0) fail("mount overlay at", dst);
}

/* The signal the kernel sends this helper when weft (its parent) dies. */
#define PARENT_DIED (SIGRTMIN + 1)

static void kill_group(int sig) {
  (void)sig;
  kill(0, SIGKILL);
  _exit(137);
}

static void ignore_signal(int sig) { (void)sig; }

/* Dies with weft: from now on, and if weft already died before this point. */
static void die_with_parent(pid_t parent) {
  signal(PARENT_DIED, kill_group);
  if (prctl(PR_SET_PDEATHSIG, PARENT_DIED) != 0) fail("prctl", "PR_SET_PDEATHSIG");
  if (getppid() != parent) kill_group(0);
}

/* Runs argv[0..] as a child and ends as it ended. */
static int supervise(char **command) {
  pid_t helper = getpid();
  pid_t child = fork();
  if (child < 0) fail("fork", command[0]);
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != helper) _exit(137);
    signal(PARENT_DIED, SIG_DFL);
    execvp(command[0], command);
    fail("exec", command[0]);
  }
  int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
  for (size_t k = 0; k < sizeof forwarded / sizeof forwarded[0]; k++) signal(forwarded[k], ignore_signal);
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) fail("wait", command[0]);
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  int sig = WTERMSIG(status);
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  kill(getpid(), sig);
  return 128 + sig;
}

int main(int argc, char **argv) {
  die_with_parent(getppid());
  if (argc < 6) { fprintf(stderr, "usage: weft-enter UPPER WORK MERGED [-b SRC DST]... [-w DIR] -- CMD...\n"); return 127; }
  const char *upper = argv[1], *work = argv[2], *merged = argv[3], *wd = "/";
  char options[8192];
  if (snprintf(options, sizeof options, "lowerdir=/,upperdir=%s,workdir=%s", upper, work) >= (int)sizeof options) fail("options too long", upper);
  if (unshare(CLONE_NEWNS) != 0) fail("unshare", "mount namespace");
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) fail("make-private", "/");
  if (mount("overlay", merged, "overlay", 0, options) != 0) fail("mount overlay at", merged);
  bind_into(merged, "/proc", "/proc", 0);
  bind_into(merged, "/dev", "/dev", 0);
  bind_into(merged, "/sys", "/sys", 0);
  int i = 4;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if ((strcmp(argv[i], "-b") == 0 || strcmp(argv[i], "-r") == 0) && i + 2 < argc) {
      bind_into(merged, argv[i + 1], argv[i + 2], argv[i][1] == 'r');
      i += 2;
    } else if (strcmp(argv[i], "-o") == 0 && i + 4 < argc) {
      overlay_into(merged, argv[i + 1], argv[i + 2], argv[i + 3], argv[i + 4]);
      i += 4;
    } else if (strcmp(argv[i], "-w") == 0 && i + 1 < argc) {
      wd = argv[++i];
    } else {
      fprintf(stderr, "weft-enter: unknown option %s\n", argv[i]);
      return 127;
    }
  }
  if (i + 1 >= argc) { fprintf(stderr, "weft-enter: missing command\n"); return 127; }
  if (chroot(merged) != 0) fail("chroot", merged);
  if (chdir(wd) != 0) fail("chdir", wd);
  return supervise(argv + i + 1);
}
