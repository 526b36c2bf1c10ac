// What dedup remembers of an item, and its stored form.
#include <xxhash.h>

#include <algorithm>

#include "dedup/canonical_url.hpp"
#include "dedup/compact.hpp"
#include "dedup/deduper.hpp"
#include "dedup/minhash.hpp"
#include "dedup/numbers.hpp"
#include "dedup/story_words.hpp"

namespace vigil::dedup {
namespace {

// The stored form, little-endian:
//   u8 version (1)
//   varint length, canonical URL bytes
//   u8 0 + varint length + fingerprint bytes, or u8 1 + 16 bytes (32 lower-case hex digits)
//   varint words
//   u8 count (0 or 64), count x u32 MinHash
//   varint count, count x u64 title word hashes (strictly increasing)
//   varint count, count x u64 title name hashes (strictly increasing, each a title word)
//   u8 count, count x u32 number contexts (strictly increasing)
//   u8 count (at most 8), count x u32 lede blocks
//   u32 checksum: the low half of XXH3-64 of all bytes before it
constexpr std::uint8_t format_version = 1;

constexpr std::size_t checksum_bytes = 4;

void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

template <class T>
void put_fixed(std::string& out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_hex128(std::string_view text) {
  return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) { return hex_digit(c) >= 0; });
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool done() const { return pos_ == bytes_.size(); }

  std::optional<std::uint64_t> varint() {
    std::uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) return std::nullopt;
      const auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    return std::nullopt;
  }

  template <class T>
  std::optional<T> fixed() {
    if (bytes_.size() - pos_ < sizeof(T)) return std::nullopt;
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      value |= static_cast<T>(static_cast<T>(static_cast<unsigned char>(bytes_[pos_ + i])) << (8 * i));
    pos_ += sizeof(T);
    return value;
  }

  std::optional<std::string_view> take(std::uint64_t count) {
    if (count > bytes_.size() - pos_) return std::nullopt;
    const auto out = bytes_.substr(pos_, count);
    pos_ += count;
    return out;
  }

  // Whether `count` values of `size` bytes can still follow (checked before reserving).
  bool has(std::uint64_t count, std::size_t size) const { return count <= (bytes_.size() - pos_) / size; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

template <class T>
bool strictly_increasing(const std::vector<T>& values) {
  return std::adjacent_find(values.begin(), values.end(), [](T a, T b) { return a >= b; }) == values.end();
}

}  // namespace

Signature signature_of(const Item& item) {
  Signature signature;
  if (!item.link.empty()) signature.canonical_url = canonical_url(item.link);
  signature.fingerprint = content_fingerprint(item);
  const StoryWords words = story_words(item);
  signature.words = static_cast<std::uint32_t>(words.text.size());
  signature.minhash = minhash_of(words.text);
  signature.title_words.reserve(words.title.size());
  for (const auto& word : words.title) signature.title_words.push_back(XXH3_64bits(word.data(), word.size()));
  std::sort(signature.title_words.begin(), signature.title_words.end());
  signature.title_words.erase(std::unique(signature.title_words.begin(), signature.title_words.end()),
                              signature.title_words.end());
  for (const auto& name : words.title_names) signature.title_names.push_back(XXH3_64bits(name.data(), name.size()));
  std::sort(signature.title_names.begin(), signature.title_names.end());
  signature.title_names.erase(std::unique(signature.title_names.begin(), signature.title_names.end()),
                              signature.title_names.end());
  signature.numbers = number_contexts(words.title, words.text);
  for (std::size_t block = 0; block < max_lede_blocks && (block + 1) * lede_block_words <= words.text.size(); ++block) {
    std::uint64_t hash = 0x6c656465ULL + block;  // "lede"
    for (std::size_t i = block * lede_block_words; i < (block + 1) * lede_block_words; ++i)
      hash = XXH3_64bits_withSeed(words.text[i].data(), words.text[i].size(), hash);
    signature.lede.push_back(static_cast<std::uint32_t>(hash));
  }
  return signature;
}

std::string Signature::encode() const {
  std::string out;
  out.reserve(16 + canonical_url.size() + fingerprint.size() + 4 * minhash.size() + 8 * title_words.size() +
              4 * numbers.size());
  out.push_back(static_cast<char>(format_version));
  put_varint(out, canonical_url.size());
  out += canonical_url;
  if (is_hex128(fingerprint)) {
    out.push_back(1);
    for (std::size_t i = 0; i < 32; i += 2)
      out.push_back(static_cast<char>(hex_digit(fingerprint[i]) * 16 + hex_digit(fingerprint[i + 1])));
  } else {
    out.push_back(0);
    put_varint(out, fingerprint.size());
    out += fingerprint;
  }
  put_varint(out, words);
  out.push_back(static_cast<char>(minhash.size()));
  for (const auto value : minhash) put_fixed(out, value);
  put_varint(out, title_words.size());
  for (const auto value : title_words) put_fixed(out, value);
  put_varint(out, title_names.size());
  for (const auto value : title_names) put_fixed(out, value);
  out.push_back(static_cast<char>(numbers.size()));
  for (const auto value : numbers) put_fixed(out, value);
  out.push_back(static_cast<char>(lede.size()));
  for (const auto value : lede) put_fixed(out, value);
  put_fixed(out, static_cast<std::uint32_t>(XXH3_64bits(out.data(), out.size())));
  return out;
}

std::optional<Signature> Signature::decode(std::string_view bytes) {
  if (bytes.size() < 1 + checksum_bytes) return std::nullopt;
  const auto body = bytes.substr(0, bytes.size() - checksum_bytes);
  Reader checksum_reader(bytes.substr(body.size()));
  if (checksum_reader.fixed<std::uint32_t>() != static_cast<std::uint32_t>(XXH3_64bits(body.data(), body.size())))
    return std::nullopt;

  Reader in(body);
  Signature out;
  if (in.fixed<std::uint8_t>() != format_version) return std::nullopt;
  const auto url_size = in.varint();
  const auto url = url_size ? in.take(*url_size) : std::nullopt;
  if (!url) return std::nullopt;
  out.canonical_url = *url;

  const auto fingerprint_kind = in.fixed<std::uint8_t>();
  if (fingerprint_kind == 1) {
    const auto raw = in.take(16);
    if (!raw) return std::nullopt;
    static constexpr char digits[] = "0123456789abcdef";
    for (const char byte : *raw) {
      out.fingerprint.push_back(digits[static_cast<unsigned char>(byte) >> 4]);
      out.fingerprint.push_back(digits[static_cast<unsigned char>(byte) & 0xF]);
    }
  } else if (fingerprint_kind == 0) {
    const auto size = in.varint();
    const auto raw = size ? in.take(*size) : std::nullopt;
    if (!raw || is_hex128(*raw)) return std::nullopt;  // encode writes those in binary
    out.fingerprint = *raw;
  } else {
    return std::nullopt;
  }

  const auto words = in.varint();
  if (!words || *words > 0xFFFFFFFFu) return std::nullopt;
  out.words = static_cast<std::uint32_t>(*words);

  const auto minhash_count = in.fixed<std::uint8_t>();
  if (!minhash_count || (*minhash_count != 0 && *minhash_count != minhash_size) ||
      !in.has(*minhash_count, sizeof(std::uint32_t)))
    return std::nullopt;
  for (std::size_t i = 0; i < *minhash_count; ++i) out.minhash.push_back(*in.fixed<std::uint32_t>());

  const auto title_count = in.varint();
  if (!title_count || !in.has(*title_count, sizeof(std::uint64_t))) return std::nullopt;
  out.title_words.reserve(*title_count);
  for (std::uint64_t i = 0; i < *title_count; ++i) out.title_words.push_back(*in.fixed<std::uint64_t>());
  if (!strictly_increasing(out.title_words)) return std::nullopt;

  const auto name_count = in.varint();
  if (!name_count || !in.has(*name_count, sizeof(std::uint64_t))) return std::nullopt;
  out.title_names.reserve(*name_count);
  for (std::uint64_t i = 0; i < *name_count; ++i) out.title_names.push_back(*in.fixed<std::uint64_t>());
  if (!strictly_increasing(out.title_names) ||
      !std::includes(out.title_words.begin(), out.title_words.end(), out.title_names.begin(), out.title_names.end()))
    return std::nullopt;

  const auto number_count = in.fixed<std::uint8_t>();
  if (!number_count || !in.has(*number_count, sizeof(std::uint32_t))) return std::nullopt;
  for (std::size_t i = 0; i < *number_count; ++i) out.numbers.push_back(*in.fixed<std::uint32_t>());
  if (!strictly_increasing(out.numbers)) return std::nullopt;
  const auto lede_count = in.fixed<std::uint8_t>();
  if (!lede_count || *lede_count > max_lede_blocks || !in.has(*lede_count, sizeof(std::uint32_t))) return std::nullopt;
  for (std::size_t i = 0; i < *lede_count; ++i) out.lede.push_back(*in.fixed<std::uint32_t>());
  if (!in.done()) return std::nullopt;
  return out;
}

const char* to_string(DuplicateReason reason) {
  switch (reason) {
    case DuplicateReason::none:
      return "none";
    case DuplicateReason::same_url:
      return "same_url";
    case DuplicateReason::same_text:
      return "same_text";
    case DuplicateReason::near_text:
      return "near_text";
    case DuplicateReason::same_lede:
      return "same_lede";
    case DuplicateReason::similar_title:
      return "similar_title";
  }
  return "none";
}

}  // namespace vigil::dedup
