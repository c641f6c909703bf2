#include "rate_limit.h"

/* Adds what time brought since the last call, up to a full bucket. */
static void refill(struct rate_limit *rl, uint64_t now, uint64_t hz, uint32_t rate, uint32_t burst)
{
	/* One event costs hz units; rate events a second add rate * hz
	 * units a second, i.e. rate units a tick. */
	uint64_t cap = (uint64_t)burst * hz;

	if (rl->last == 0 || now < rl->last) {
		rl->tokens = cap;
	} else {
		uint64_t elapsed = now - rl->last;

		/* Past a full bucket's worth of time the product could overflow. */
		if (rate == 0 || elapsed >= cap / rate + 1)
			rl->tokens = rate == 0 ? rl->tokens : cap;
		else if (rl->tokens + elapsed * rate > cap)
			rl->tokens = cap;
		else
			rl->tokens += elapsed * rate;
	}
	rl->last = now;
}

bool rate_limit_take(struct rate_limit *rl, uint64_t now, uint64_t hz, uint32_t rate,
		     uint32_t burst)
{
	refill(rl, now, hz, rate, burst);
	if (rl->tokens < hz)
		return false;
	rl->tokens -= hz;
	return true;
}

uint32_t rate_limit_take_n(struct rate_limit *rl, uint64_t now, uint64_t hz, uint32_t rate,
			   uint32_t burst, uint32_t n)
{
	uint64_t have;

	refill(rl, now, hz, rate, burst);
	have = rl->tokens / hz;
	if (have < n)
		n = (uint32_t)have;
	rl->tokens -= (uint64_t)n * hz;
	return n;
}
