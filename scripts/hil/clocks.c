// Prints CLOCK_REALTIME minus CLOCK_MONOTONIC in nanoseconds, read back to back (the monotonic
// reading bracketed, as the daemon's ClockOffset does). The daemon stores a GPIO edge's kernel
// stamp (CLOCK_MONOTONIC) in the quality log as wall time; check.py subtracts this offset to put
// it on the same clock as the kernel's trace of the daemon's FBIOPAN_DISPLAY calls.
#include <stdio.h>
#include <time.h>

static long long ns(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
    long long before = ns(CLOCK_MONOTONIC), wall = ns(CLOCK_REALTIME), after = ns(CLOCK_MONOTONIC);
    printf("%lld %lld\n", wall - (before / 2 + after / 2), after - before);
    return 0;
}
