// `vigil import-opml FILE` and `vigil export-opml`: feed lists in and out.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "daemon/commands.hpp"
#include "feeds/opml.hpp"

namespace vigil::daemon {

namespace {

std::optional<std::string> read_whole_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    fmt::print(stderr, "import-opml: {}: is a directory\n", file.string());
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  if (in) content << in.rdbuf();
  if (!in || in.bad()) {
    fmt::print(stderr, "import-opml: cannot read {}: {}\n", file.string(), std::strerror(errno));
    return std::nullopt;
  }
  return std::move(content).str();
}

}  // namespace

int cmd_import_opml(const std::filesystem::path& file) {
  const auto content = read_whole_file(file);
  if (!content) return 1;
  const auto opml = feeds::parse_opml(*content);
  if (!opml) {
    fmt::print(stderr, "import-opml: {}: {}\n", file.string(), opml.error().message);
    return 1;
  }
  if (opml->feeds.empty()) fmt::print(stderr, "import-opml: {}: no feeds (no outline has an xmlUrl)\n", file.string());
  fmt::print("{}", feeds::to_sources_toml(*opml, file.string()));
  return 0;
}

// file: sources are exported as they are: the document is the configuration's feed list, and
// vigil's own import skips them (an imported list must not read local files).
int cmd_export_opml(const config::Config& config) {
  std::vector<feeds::OpmlFeed> list;
  for (const auto& source : config.sources) {
    if (source.url.starts_with("file:"))
      fmt::print(stderr, "export-opml: note: source \"{}\" reads a local file ({}); other readers cannot use it\n",
                 source.name, source.url);
    list.push_back({.title = source.name, .xml_url = source.url, .type = "rss"});
  }
  fmt::print("{}", feeds::write_opml(list, "vigil sources"));
  return 0;
}

}  // namespace vigil::daemon
