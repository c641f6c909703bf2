#include "stage.h"

const char *const stage_names[STAGE_COUNT] = {
    [STAGE_RX] = "rx", [STAGE_CLASSIFY] = "classify",
    [STAGE_L2] = "l2", [STAGE_FORWARD] = "forward",
    [STAGE_TX] = "tx",
};
