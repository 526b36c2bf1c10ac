#pragma once
// The MIME building blocks of an email: body encodings, RFC 2047 header words, header folding
// and the RFC 5322 date. Every header value is reduced to one line first, so no input can
// end a header early or add one.
#include <string>
#include <string_view>

#include "model/time.hpp"

namespace vigil::alerts {

// Quoted-printable (RFC 2045) of a UTF-8 text whose lines end in '\n': CRLF line ends, no
// output line longer than 76 characters, trailing whitespace and a leading '.' encoded.
std::string encode_quoted_printable(std::string_view text);

// Plain base64 (RFC 4648) without line breaks.
std::string encode_base64(std::string_view bytes);

// "Name: value" for an unstructured header (Subject, X-...), CRLF-terminated and folded so
// that lines stay within 78 characters (76 for lines holding encoded-words). The value is
// first reduced to one line of valid UTF-8; when it is not plain ASCII (or could be misread as
// an encoded-word, or has a word too long to fold) it is written as RFC 2047
// "=?UTF-8?B?...?=" words of at most 75 characters, split only between UTF-8 characters.
std::string unstructured_header(std::string_view name, std::string_view value);

// RFC 2047 encoded-words for `text` (already one line), joined by CRLF + space; the first
// line already holds `first_line_used` characters.
std::string encoded_words(std::string_view text, std::size_t first_line_used);

// "Thu, 21 Nov 2024 14:05:00 +0000"
std::string rfc5322_date(Timestamp t);

}  // namespace vigil::alerts
