// AES-128 in CBC mode with the processor's AES instructions (AES-NI), for WKProto's per-session
// cipher: blocks are encrypted in the caller's buffer, nothing is allocated, and the instructions
// run in constant time (no lookup tables). The round keys are expanded on each call, in registers
// (about 50 ns), so a session keeps only its 16-byte key: per idle connection that is smaller than
// a stored schedule. Where the instructions are missing, jindou_aes128_hardware_available() says
// so and Swift uses swift-crypto instead.
#include "CJindouAES.h"

#include <stdlib.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <emmintrin.h>
#include <wmmintrin.h>

#define JINDOU_AES __attribute__((target("aes,sse2")))

int jindou_aes128_hardware_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_AES) != 0;
}

// One step of the key expansion: `assist` is AESKEYGENASSIST of the previous round key.
JINDOU_AES static inline __m128i expand_step(__m128i key, __m128i assist) {
    assist = _mm_shuffle_epi32(assist, 0xFF);
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    return _mm_xor_si128(key, assist);
}

#define EXPAND(previous, rcon) expand_step(previous, _mm_aeskeygenassist_si128(previous, rcon))

// The eleven round keys of the cipher (FIPS-197 §5.2).
JINDOU_AES static inline void expand(const void *key, __m128i rounds[11]) {
    rounds[0] = _mm_loadu_si128((const __m128i *)key);
    rounds[1] = EXPAND(rounds[0], 0x01);
    rounds[2] = EXPAND(rounds[1], 0x02);
    rounds[3] = EXPAND(rounds[2], 0x04);
    rounds[4] = EXPAND(rounds[3], 0x08);
    rounds[5] = EXPAND(rounds[4], 0x10);
    rounds[6] = EXPAND(rounds[5], 0x20);
    rounds[7] = EXPAND(rounds[6], 0x40);
    rounds[8] = EXPAND(rounds[7], 0x80);
    rounds[9] = EXPAND(rounds[8], 0x1B);
    rounds[10] = EXPAND(rounds[9], 0x36);
}

JINDOU_AES void jindou_aes128_cbc_encrypt(const void *key, const void *iv, void *data, size_t count) {
    uint8_t *blocks = data;
    __m128i keys[11];
    expand(key, keys);
    __m128i chain = _mm_loadu_si128((const __m128i *)iv);
    for (size_t offset = 0; offset + 16 <= count; offset += 16) {
        __m128i block = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(blocks + offset)), chain);
        block = _mm_xor_si128(block, keys[0]);
        for (int round = 1; round < 10; round++) block = _mm_aesenc_si128(block, keys[round]);
        chain = _mm_aesenclast_si128(block, keys[10]);
        _mm_storeu_si128((__m128i *)(blocks + offset), chain);
    }
}

JINDOU_AES void jindou_aes128_cbc_decrypt(const void *key, const void *iv, void *data, size_t count) {
    uint8_t *blocks = data;
    __m128i rounds[11];
    expand(key, rounds);
    // The equivalent inverse cipher (FIPS-197 §5.3.5): the round keys in reverse order, the inner
    // ones through InvMixColumns.
    __m128i keys[11];
    keys[0] = rounds[10];
    for (int round = 1; round < 10; round++) keys[round] = _mm_aesimc_si128(rounds[10 - round]);
    keys[10] = rounds[0];
    __m128i chain = _mm_loadu_si128((const __m128i *)iv);
    for (size_t offset = 0; offset + 16 <= count; offset += 16) {
        __m128i ciphertext = _mm_loadu_si128((const __m128i *)(blocks + offset));
        __m128i block = _mm_xor_si128(ciphertext, keys[0]);
        for (int round = 1; round < 10; round++) block = _mm_aesdec_si128(block, keys[round]);
        block = _mm_aesdeclast_si128(block, keys[10]);
        _mm_storeu_si128((__m128i *)(blocks + offset), _mm_xor_si128(block, chain));
        chain = ciphertext;
    }
}

#else

int jindou_aes128_hardware_available(void) { return 0; }

void jindou_aes128_cbc_encrypt(const void *key, const void *iv, void *blocks, size_t count) {
    (void)key;
    (void)iv;
    (void)blocks;
    (void)count;
    abort();
}

void jindou_aes128_cbc_decrypt(const void *key, const void *iv, void *blocks, size_t count) {
    (void)key;
    (void)iv;
    (void)blocks;
    (void)count;
    abort();
}

#endif
