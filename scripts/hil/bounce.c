// A bounced edge train on one gpio-sim line, as fast as the guest can write sysfs: the shell's
// own writes are too slow under emulation (10-60 ms apart) to fall inside a debounce window.
// Usage: bounce /sys/.../sim_gpioN/pull EDGES  — alternates pull-down/pull-up starting and ending
// with pull-down (EDGES odd), prints the train's length in microseconds (CLOCK_MONOTONIC).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: bounce PULL_FILE EDGES\n"); return 2; }
    int fd = open(argv[1], O_WRONLY);
    if (fd < 0) { perror(argv[1]); return 1; }
    int edges = atoi(argv[2]);
    long long start = now_us();
    for (int i = 0; i < edges; i++) {
        const char *value = i % 2 == 0 ? "pull-down" : "pull-up";
        if (pwrite(fd, value, strlen(value), 0) < 0) { perror("write"); return 1; }
    }
    printf("%lld\n", now_us() - start);
    return 0;
}
