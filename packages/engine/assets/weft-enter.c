/*
 * weft-enter: run a command in a private overlay view of "/".
 *
 *   weft-enter UPPER WORK MERGED [-b SRC DST]... [-r SRC DST]... [-w DIR] -- CMD [ARG]...
 *
 * Creates a mount namespace, mounts an overlay (lower "/", the given upper and work dirs) at
 * MERGED, binds /proc, /dev and /sys into it, binds each SRC at DST (-r: read-only), chroots into
 * MERGED, changes to DIR and executes CMD. Exits 127 with a message when any step fails.
 * One exec instead of a chain of unshare/mount/chroot processes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
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

int main(int argc, char **argv) {
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
  execvp(argv[i + 1], argv + i + 1);
  fail("exec", argv[i + 1]);
  return 127;
}
