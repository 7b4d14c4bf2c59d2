// COpenSSL: the system OpenSSL 3 (Debian's libssl-dev), seen from Swift.
//
// A `.systemLibrary` target takes no cSettings, so the API level is fixed here, before any include:
// everything deprecated in OpenSSL 3.0 (SHA256_Init, HMAC_CTX_new, ...) is hidden from Swift.
// Function-like macros do not import into Swift; each one we need becomes a `static inline`
// function prefixed `c_openssl_`. Nothing else belongs in this target.
#ifndef SEALKIT_COPENSSL_SHIM_H
#define SEALKIT_COPENSSL_SHIM_H

#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/opensslv.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#if !defined(OPENSSL_VERSION_MAJOR) || OPENSSL_VERSION_MAJOR < 3
#error "SealKit needs OpenSSL 3.0 or later (Debian: apt-get install libssl-dev)"
#endif

/// `OPENSSL_free` is a macro that adds the caller's file and line.
static inline void c_openssl_free(void *p) { OPENSSL_free(p); }

/// `BIO_get_mem_data` is a macro over `BIO_ctrl`.
static inline long c_openssl_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }

#endif
