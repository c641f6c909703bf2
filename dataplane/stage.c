#include "stage.h"

const char *const stage_names[STAGE_COUNT] = {
    [STAGE_RX] = "rx",
    [STAGE_CLASSIFY] = "classify",
    [STAGE_L2] = "l2",
    [STAGE_DISPATCH] = "dispatch",
    [STAGE_REPLICATE] = "replicate",
    [STAGE_MTU_GUARD] = "mtu-guard",
    [STAGE_ENCAP] = "encap",
    [STAGE_TAG] = "tag",
    [STAGE_TX] = "tx",
};
