#include "CLinuxShims.h"
#include <sys/ioctl.h>

int stepwise_fb_get_vscreeninfo(int fd, struct fb_var_screeninfo *info) { return ioctl(fd, FBIOGET_VSCREENINFO, info); }
int stepwise_fb_put_vscreeninfo(int fd, struct fb_var_screeninfo *info) { return ioctl(fd, FBIOPUT_VSCREENINFO, info); }
int stepwise_fb_get_fscreeninfo(int fd, struct fb_fix_screeninfo *info) { return ioctl(fd, FBIOGET_FSCREENINFO, info); }
int stepwise_fb_pan_display(int fd, struct fb_var_screeninfo *info) { return ioctl(fd, FBIOPAN_DISPLAY, info); }
int stepwise_fb_blank(int fd, int blank_mode) { return ioctl(fd, FBIOBLANK, blank_mode); }
int stepwise_fb_wait_for_vsync(int fd) { uint32_t crtc = 0; return ioctl(fd, FBIO_WAITFORVSYNC, &crtc); }
