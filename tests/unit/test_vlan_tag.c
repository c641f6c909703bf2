/* 802.1Q tag helpers of trunk ports (dataplane/vlan_tag.c): reading the id,
 * pushing a tag in front of the EtherType and popping it, byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/vlan_tag.h"

/* dst 02:..:01, src 02:..:02, IPv4, four payload bytes */
static const uint8_t untagged[] = {2, 0, 0, 0,	  0,	1,    2,    0,	  0,
				   0, 0, 2, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef};
static const uint8_t tagged_100[] = {2, 0,    0,    0,	  0,	1,    2,    0,	  0,	0,    0,
				     2, 0x81, 0x00, 0x00, 0x64, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef};

static void test_vid(void **state)
{
	uint8_t f[sizeof(tagged_100)];

	(void)state;
	assert_int_equal(vlan_tag_vid(tagged_100, sizeof(tagged_100)), 100);
	assert_int_equal(vlan_tag_vid(untagged, sizeof(untagged)), -1);
	/* a tag needs 18 bytes */
	assert_int_equal(vlan_tag_vid(tagged_100, 17), -1);
	assert_int_equal(vlan_tag_vid(tagged_100, 18), 100);
	memcpy(f, tagged_100, sizeof(f));
	/* priority 7 and DEI do not change the id */
	f[14] = 0xf0 | 0x0f;
	f[15] = 0xfe;
	assert_int_equal(vlan_tag_vid(f, sizeof(f)), 4094);
	f[14] = 0xe0;
	f[15] = 0;
	assert_int_equal(vlan_tag_vid(f, sizeof(f)), 0); /* priority tagged */
	/* 0x88a8 (a service tag) is not 802.1Q */
	f[12] = 0x88;
	f[13] = 0xa8;
	assert_int_equal(vlan_tag_vid(f, sizeof(f)), -1);
}

static void test_push(void **state)
{
	uint8_t buf[64];

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	memcpy(buf + VLAN_TAG_LEN, untagged, sizeof(untagged));
	vlan_tag_push(buf, 100);
	assert_memory_equal(buf, tagged_100, sizeof(tagged_100));
	/* nothing written past the frame */
	assert_int_equal(buf[sizeof(tagged_100)], 0xee);
	for (uint16_t vid = 1; vid <= 4094; vid++) {
		memcpy(buf + VLAN_TAG_LEN, untagged, sizeof(untagged));
		vlan_tag_push(buf, vid);
		assert_int_equal(vlan_tag_vid(buf, sizeof(tagged_100)), vid);
		assert_int_equal(buf[14] & 0xf0, 0); /* priority 0, DEI 0 */
		assert_memory_equal(buf, untagged, 12);
		assert_memory_equal(buf + 16, untagged + 12, sizeof(untagged) - 12);
	}
}

static void test_pop(void **state)
{
	uint8_t buf[sizeof(tagged_100)];

	(void)state;
	memcpy(buf, tagged_100, sizeof(buf));
	vlan_tag_pop(buf);
	assert_memory_equal(buf + VLAN_TAG_LEN, untagged, sizeof(untagged));
	/* push after pop gives the tagged frame back */
	vlan_tag_push(buf, 100);
	assert_memory_equal(buf, tagged_100, sizeof(tagged_100));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vid),
	    cmocka_unit_test(test_push),
	    cmocka_unit_test(test_pop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
