#include "CLinuxShims.h"

int stepwise_epoll_add(int epfd, int fd, uint32_t events, uint64_t token) {
    struct epoll_event ev = { .events = events, .data = { .u64 = token } };
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

int stepwise_epoll_remove(int epfd, int fd) { return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL); }

int stepwise_epoll_wait_tokens(int epfd, uint64_t *tokens, int capacity) {
    struct epoll_event events[64];
    if (capacity > 64) capacity = 64;
    int n = epoll_wait(epfd, events, capacity, -1);
    for (int i = 0; i < n; i++) tokens[i] = events[i].data.u64;
    return n;
}
