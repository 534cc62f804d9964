#ifndef STEPWISE_CLINUXSHIMS_H
#define STEPWISE_CLINUXSHIMS_H
// ioctl is variadic and the FBIO* request numbers are macros: Swift sees neither.
// These typed wrappers are the only way StepwiseDevices talks to fbdev. Each returns
// 0 or -1 with errno set, exactly like the ioctl it wraps.
#include <linux/fb.h>
#include <stdint.h>

int stepwise_fb_get_vscreeninfo(int fd, struct fb_var_screeninfo *info);
int stepwise_fb_put_vscreeninfo(int fd, struct fb_var_screeninfo *info);
int stepwise_fb_get_fscreeninfo(int fd, struct fb_fix_screeninfo *info);
int stepwise_fb_pan_display(int fd, struct fb_var_screeninfo *info);
int stepwise_fb_blank(int fd, int blank_mode);
int stepwise_fb_wait_for_vsync(int fd);

#endif
