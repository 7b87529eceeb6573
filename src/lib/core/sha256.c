/*
 * sha256.c - SHA-256, for the checksum of imported files and the content
 * hash that tells an edited record from an unchanged one: GNU Nettle's,
 * which uses the processor's SHA instructions where it has them (six times
 * the speed of the portable C this file held before; every row of an
 * import is hashed). The digest is written as 64 lower-case hex digits.
 */
#include "core/core.h"

void pt__sha256_init(pt__sha256 *h)
{
	sha256_init(&h->ctx);
}

void pt__sha256_update(pt__sha256 *h, const void *data, size_t len)
{
	sha256_update(&h->ctx, len, data);
}

void pt__sha256_hex(pt__sha256 *h, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&h->ctx, sizeof digest, digest);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}
