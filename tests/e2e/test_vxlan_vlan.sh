#!/usr/bin/env bash
# test_vxlan.sh on a VLAN underlay: the remote VTEPs' addresses sit on taps
# that tests/lib/vlan_peer.py joins to VLAN 100 on their veths, and sluice
# has [vtep] vlan = 100, so every tunnel packet and ARP is tagged both ways;
# untagged frames to the VTEP are dropped.
# Usage: tests/e2e/test_vxlan_vlan.sh BUILD_DIR
cd "$(dirname "$0")" || exit 1
VXLAN_OUTER_VLAN=100 exec bash ./test_vxlan.sh "$@"
