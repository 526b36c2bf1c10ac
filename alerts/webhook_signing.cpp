#include "alerts/webhook_signing.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "alerts/mime.hpp"

namespace vigil::alerts {

std::string webhook_signature(std::string_view key, std::string_view id, std::string_view timestamp,
                              std::string_view body) {
  std::string signed_content;
  signed_content.reserve(id.size() + timestamp.size() + body.size() + 2);
  signed_content.append(id).append(".").append(timestamp).append(".").append(body);

  static const unsigned char kNoKey = 0;  // OpenSSL wants a pointer even for an empty key
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const void* key_bytes = key.empty() ? static_cast<const void*>(&kNoKey) : key.data();
  if (HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), digest,
           &length) == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");  // only when OpenSSL cannot allocate
  return "v1," + encode_base64(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace vigil::alerts
