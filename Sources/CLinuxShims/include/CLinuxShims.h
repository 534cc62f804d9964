#ifndef STEPWISE_CLINUXSHIMS_H
#define STEPWISE_CLINUXSHIMS_H
// ioctl is variadic and the FBIO* request numbers are macros: Swift sees neither.
// These typed wrappers are the only way StepwiseDevices talks to fbdev. Each returns
// 0 or -1 with errno set, exactly like the ioctl it wraps.
#include <linux/fb.h>
#include <stdint.h>
// Swift's Glibc module does not export epoll, timerfd, eventfd or signalfd: including the
// headers here makes their functions, structs and (enum-typed) flags visible to Swift.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/inotify.h>

int stepwise_fb_get_vscreeninfo(int fd, struct fb_var_screeninfo *info);
int stepwise_fb_put_vscreeninfo(int fd, struct fb_var_screeninfo *info);
int stepwise_fb_get_fscreeninfo(int fd, struct fb_fix_screeninfo *info);
int stepwise_fb_pan_display(int fd, struct fb_var_screeninfo *info);
int stepwise_fb_blank(int fd, int blank_mode);
int stepwise_fb_wait_for_vsync(int fd);

// epoll_event is packed on x86-64; these keep Swift away from its layout.
int stepwise_epoll_add(int epfd, int fd, uint32_t events, uint64_t token);
int stepwise_epoll_remove(int epfd, int fd);
// Waits like epoll_wait(timeout -1) and writes each ready event's token into `tokens`.
int stepwise_epoll_wait_tokens(int epfd, uint64_t *tokens, int capacity);

#include <stdio.h>
/// Line-buffers standard output, so each quality record reaches a pipe or journald as it happens.
static inline void stepwise_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

#endif
