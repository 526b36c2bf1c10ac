#include <catch2/catch.hpp>

#include <chrono>

#include "alerts/address.hpp"
#include "alerts/mime.hpp"
#include "tests/alerts/alerts_test_support.hpp"
#include "text/utf8.hpp"
#include "text/whitespace.hpp"

using namespace vigil::alerts;
using namespace vigil::text;
using namespace vigil::alerts::test;

namespace {

std::vector<std::string> crlf_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find("\r\n", pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

// The encoded-words of a header value (folding removed), each checked on its own.
std::vector<std::string> words_of(const std::string& header_line) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while ((pos = header_line.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const std::size_t end = header_line.find("?=", pos + 10);
    words.push_back(header_line.substr(pos, end + 2 - pos));
    pos = end + 2;
  }
  return words;
}

}  // namespace

TEST_CASE("quoted-printable keeps lines within 76 characters and decodes back", "[alerts][mime]") {
  const std::string text =
      "Plain line\n"
      "Trailing space \n"
      ".starts with a dot\n"
      "equals = sign and tab\there\n" +
      std::string(200, 'x') + "\n" + "Україна 日本語 Ελλάδα \xF0\x9F\x92\xA3 " + std::string(30, 'y') + "\n";
  const std::string qp = encode_quoted_printable(text);
  for (std::size_t i = 0; i < qp.size(); ++i)
    if (qp[i] == '\n') REQUIRE((i > 0 && qp[i - 1] == '\r'));  // line ends are CRLF
  for (const auto& line : crlf_lines(qp)) {
    CHECK(line.size() <= 76);
    CHECK((line.empty() || (line.back() != ' ' && line.back() != '\t')));
    CHECK((line.empty() || line.front() != '.'));
    for (unsigned char c : line) CHECK(((c >= 32 && c < 127) || c == '\t'));
  }
  std::string expected;
  for (char c : text) expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(decode_quoted_printable(qp) == expected);
}

TEST_CASE("an ASCII subject is folded at spaces within 78 characters", "[alerts][mime]") {
  std::string words;
  for (int i = 0; i < 30; ++i) words += "word" + std::to_string(i) + " ";
  const std::string line = unstructured_header("Subject", words);
  REQUIRE(line.ends_with("\r\n"));
  const auto lines = crlf_lines(line);
  CHECK(lines.size() > 2);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CHECK(lines[i].size() <= 78);
    if (i > 0) CHECK(lines[i].front() == ' ');
  }
  CHECK(line.find("=?") == std::string::npos);
  const auto message = split_message(line + "\r\n");
  CHECK(header(message, "Subject") == single_line(words));
}

TEST_CASE("non-ASCII subjects become encoded-words split on character boundaries", "[alerts][mime]") {
  const std::string subject = GENERATE(std::string("[vigil] мины: Разминирование в Харьковской области продолжается уже третью неделю подряд"),
                                       std::string("[vigil] νάρκες: Η εκκαθάριση ναρκοπεδίων συνεχίζεται στην περιοχή του Έβρου"),
                                       std::string("[vigil] 地雷: 地雷除去作業が再開され、国連の専門家チームが現地入りしました。住民の帰還は来年の見込み"),
                                       std::string("[vigil] emoji: \xF0\x9F\x92\xA3\xF0\x9F\x92\xA3\xF0\x9F\x92\xA3 "
                                                   "bombs \xF0\x9F\x92\xA3\xF0\x9F\x92\xA3\xF0\x9F\x92\xA3\xF0\x9F\x92\xA3"
                                                   "\xF0\x9F\x92\xA3\xF0\x9F\x92\xA3\xF0\x9F\x92\xA3\xF0\x9F\x92\xA3"));
  const std::string line = unstructured_header("Subject", subject);
  const auto lines = crlf_lines(line);
  CHECK(lines.size() > 1);
  for (const auto& l : lines) CHECK(l.size() <= 76);
  const auto words = words_of(line);
  REQUIRE(words.size() >= 2);
  for (const auto& word : words) {
    CHECK(word.size() <= 75);
    const std::string bytes = decode_base64(word.substr(10, word.size() - 12));
    CHECK(valid_utf8(bytes) == bytes);  // no character is cut in two
  }
  CHECK(decode_encoded_words(*header(split_message(line + "\r\n"), "Subject")) == subject);
}

TEST_CASE("text that looks like an encoded-word is encoded, not passed through", "[alerts][mime]") {
  const std::string line = unstructured_header("Subject", "=?UTF-8?B?ZXZpbA==?= trick");
  CHECK(line.starts_with("Subject: =?UTF-8?B?"));
  CHECK(decode_encoded_words(*header(split_message(line + "\r\n"), "Subject")) == "=?UTF-8?B?ZXZpbA==?= trick");
}

TEST_CASE("the Date header uses the RFC 5322 format in UTC", "[alerts][mime]") {
  using namespace std::chrono;
  const vigil::Timestamp t = sys_days{year{2024} / 11 / 21} + hours{14} + minutes{5} + seconds{9};
  CHECK(rfc5322_date(t) == "Thu, 21 Nov 2024 14:05:09 +0000");
  CHECK(rfc5322_date(vigil::Timestamp{sys_days{year{2000} / 1 / 2}}) == "Sun, 02 Jan 2000 00:00:00 +0000");
}

TEST_CASE("configured addresses parse into a display name and a bare address", "[alerts][mime]") {
  auto named = parse_address("vigil <alerts@example.org>");
  REQUIRE(named);
  CHECK(named->display_name == "vigil");
  CHECK(named->address == "alerts@example.org");
  auto quoted = parse_address("  \"Desk, \\\"Night\\\" shift\" <desk@example.org> ");
  REQUIRE(quoted);
  CHECK(quoted->display_name == "Desk, \"Night\" shift");
  CHECK(quoted->address == "desk@example.org");
  CHECK(parse_address("bare@example.org")->address == "bare@example.org");
  CHECK(parse_address("<angle@example.org>")->display_name.empty());
  CHECK_FALSE(parse_address("no-at-sign"));
  CHECK_FALSE(parse_address("Name <broken@example.org"));
  CHECK_FALSE(parse_address("two words@example.org"));
  CHECK_FALSE(parse_address("x@y\r\nBcc: evil@x"));
  CHECK(address_domain("a@mail.example.org") == "mail.example.org");
  CHECK(address_domain("a@bad_domain!") == "");
}

TEST_CASE("display names are quoted or RFC 2047 encoded as needed", "[alerts][mime]") {
  CHECK(format_address({"", "a@example.org"}) == "a@example.org");
  CHECK(format_address({"vigil alerts", "a@example.org"}) == "vigil alerts <a@example.org>");
  CHECK(format_address({"Desk, \"Night\"", "a@example.org"}) == "\"Desk, \\\"Night\\\"\" <a@example.org>");
  const std::string encoded = format_address({"Служба оповещения", "a@example.org"});
  CHECK(encoded.starts_with("=?UTF-8?B?"));
  CHECK(encoded.ends_with(" <a@example.org>"));
  CHECK(decode_encoded_words(encoded.substr(0, encoded.find(" <"))) == "Служба оповещения");
  CHECK(format_address({"Evil\r\nBcc: x@y", "a@example.org"}).find('\n') == std::string::npos);
}
