// libusb-1.0. Only StepwiseDevices' USB adapter imports this module.
#include <libusb.h>

// libusb_set_option is variadic, which Swift cannot call: one typed wrapper per use.
static inline int stepwise_libusb_set_log_level(libusb_context *ctx, int level) {
    return libusb_set_option(ctx, LIBUSB_OPTION_LOG_LEVEL, level);
}
