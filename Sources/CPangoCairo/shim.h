// cairo for drawing, pango for shaping and wrapping text. Only StepwiseRender imports this module.
#include <cairo.h>
#include <pango/pangocairo.h>
