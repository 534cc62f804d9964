// libgpiod 1.6 (Debian 12). Only StepwiseDevices' GPIO adapter imports this module.
#include <gpiod.h>
