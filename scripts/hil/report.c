// Writes HID reports to an f_hid gadget device in order, in one process (a fork per report costs
// 0.5–2 s under emulation). f_hid's write waits until the host has taken the previous report, so a
// daemon that is not reading would block: each write gets 10 s, then this fails with a message.
// Usage: report /dev/hidgN HEX [HEX...]   e.g. report /dev/hidg0 01 00  (press, release)
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void blocked(int sig) {
    (void)sig;
    static const char text[] = "report: a write blocked for 10 s: nothing reads the gadget's endpoint\n";
    write(2, text, sizeof text - 1);
    _exit(1);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: report /dev/hidgN HEX [HEX...]\n"); return 2; }
    signal(SIGALRM, blocked);
    int fd = open(argv[1], O_WRONLY);
    if (fd < 0) { perror(argv[1]); return 1; }
    for (int i = 2; i < argc; i++) {
        unsigned char bytes[64];
        size_t n = strlen(argv[i]) / 2;
        if (n == 0 || n > sizeof bytes) { fprintf(stderr, "report: bad report '%s'\n", argv[i]); return 2; }
        for (size_t j = 0; j < n; j++) sscanf(argv[i] + 2 * j, "%2hhx", &bytes[j]);
        alarm(10);
        if (write(fd, bytes, n) != (ssize_t)n) { perror("write"); return 1; }
        alarm(0);
    }
    return 0;
}
