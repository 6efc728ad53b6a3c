#ifndef C_JINDOU_AES_H
#define C_JINDOU_AES_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the AES instructions the functions below use (x86-64 AES-NI), else 0.
/// The other functions may be called only when this returns 1.
int jindou_aes128_hardware_available(void);

/// AES-128-CBC encryption of `count` bytes (a multiple of 16) in place, with a 16-byte key,
/// starting from a 16-byte IV.
void jindou_aes128_cbc_encrypt(const uint8_t key[16], const uint8_t iv[16], uint8_t *blocks, size_t count);

/// AES-128-CBC decryption of `count` bytes (a multiple of 16) in place, as above.
void jindou_aes128_cbc_decrypt(const uint8_t key[16], const uint8_t iv[16], uint8_t *blocks, size_t count);

#endif
