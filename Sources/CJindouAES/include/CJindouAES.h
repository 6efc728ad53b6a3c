#ifndef C_JINDOU_AES_H
#define C_JINDOU_AES_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the AES instructions the functions below use (x86-64 AES-NI), else 0.
/// The other functions may be called only when this returns 1.
int jindou_aes128_hardware_available(void);

/// AES-128-CBC encryption of `count` bytes (a multiple of 16) at `blocks`, in place, with the
/// 16 bytes at `key`, starting from the 16 bytes at `iv`. (Untyped pointers: Swift hands over the
/// bytes of whatever holds them.)
void jindou_aes128_cbc_encrypt(const void *key, const void *iv, void *blocks, size_t count);

/// AES-128-CBC decryption of `count` bytes (a multiple of 16) in place, as above.
void jindou_aes128_cbc_decrypt(const void *key, const void *iv, void *blocks, size_t count);

#endif
