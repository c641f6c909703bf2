#include "egress.h"

const struct egress_ops *const egress_table[PORT_TYPE_COUNT] = {
    [PORT_TYPE_PHY] = &egress_phy,
    [PORT_TYPE_VHOST] = &egress_vhost,
};
