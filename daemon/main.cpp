// vigil: the command line. Each subcommand is a small function in daemon/commands.cpp.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>
#include "daemon/commands.hpp"
#include "daemon/logging.hpp"

namespace {

// -c/--config, else /etc/vigil/vigil.toml, else ./vigil.toml.
std::filesystem::path config_path(const std::string& given) {
  if (!given.empty()) return given;
  if (std::filesystem::exists("/etc/vigil/vigil.toml")) return "/etc/vigil/vigil.toml";
  return "vigil.toml";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vigil: watches news sources and delivers alerts on the topics you follow"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may stand before or after the subcommand's arguments
  std::string config_file, log_level = "info";
  app.add_option("-c,--config", config_file, "config file (default /etc/vigil/vigil.toml, then ./vigil.toml)");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  std::string log_format = "text";
  app.add_option("--log-format", log_format,
                 "text (the journal under systemd, else readable lines on stderr) or json (JSON lines on stderr)")
      ->check(CLI::IsMember({"text", "json"}));

  auto* run = app.add_subcommand("run", "run the daemon: poll sources on their schedule and deliver alerts");
  auto* once = app.add_subcommand("once", "poll every source once now, deliver what is due, exit");
  auto* check = app.add_subcommand("check-config", "print config errors and warnings, or \"ok\"");
  bool json = false;
  auto* sources = app.add_subcommand("sources", "list sources with their last success and last error");
  sources->add_flag("--json", json, "print JSON");
  auto* alerts = app.add_subcommand("alerts", "list alerts in the outbox");
  std::string state;
  alerts->add_option("--state", state, "only alerts in this state")
      ->check(CLI::IsMember({"pending", "sending", "retrying", "delivered", "dead"}));
  alerts->add_flag("--json", json, "print JSON");
  std::string retry_id;
  bool retry_dead = false;
  auto* retry = alerts->add_subcommand("retry", "queue an alert (or every dead one) for delivery again");
  retry->add_option("ID", retry_id, "the alert's id (see vigil alerts)");
  retry->add_flag("--dead", retry_dead, "every dead alert");
  std::string test_channel;
  auto* test_alert = app.add_subcommand("test-alert", "send a sample alert on a channel now and print the answer");
  test_alert->add_option("CHANNEL", test_channel, "the channel's name")->required();
  std::string opml_file;
  auto* import_opml = app.add_subcommand("import-opml", "print [[source]] entries for the feeds of an OPML file");
  import_opml->add_option("FILE", opml_file, "OPML file (from another feed reader)")->required();
  auto* export_opml = app.add_subcommand("export-opml", "print the configured sources as an OPML document");
  std::string parse_input, parse_base, parse_source;
  auto* parse = app.add_subcommand("parse", "print a feed (or a configured HTML or sitemap source) as JSON items");
  parse->add_option("FILE|URL", parse_input, "feed file, file:// or http(s):// URL (default with --source: its url)");
  parse->add_option("--base", parse_base, "URL the document was fetched from, for resolving relative links");
  parse->add_option("--source", parse_source, "read the document as this configured source does (type, select)");
  std::string extract_input, extract_base;
  auto* extract = app.add_subcommand("extract", "print the main text of an article page");
  extract->add_option("FILE|URL", extract_input, "HTML file, file:// or http(s):// URL")->required();
  extract->add_option("--base", extract_base, "URL the page was fetched from, for its links");
  extract->add_flag("--json", json, "print the text with the title, dates, canonical URL, authors and language");
  std::string discover_input;
  auto* discover = app.add_subcommand("discover", "list the feeds an HTML page advertises");
  discover->add_option("URL", discover_input, "page URL or HTML file")->required();
  discover->add_flag("--json", json, "print JSON lines");
  vigil::daemon::MatchOptions match_options;
  std::string match_since = "30d";
  auto* match = app.add_subcommand("match", "print which topics match items (Item JSON lines or a feed)");
  match->add_option("FILE", match_options.input, "Item JSON lines or a feed document; - for stdin (default)");
  match->add_option("--topic", match_options.topics, "only this topic (repeatable)")->allow_extra_args(false);
  match->add_flag("--explain", match_options.explain, "add the terms, score and snippet of each match");
  match->add_flag("--stored", match_options.stored, "match the items the store has kept instead of FILE");
  match->add_option("--since", match_since, "with --stored: items first seen within this duration (default 30d)");
  std::string backup_file;
  bool backup_force = false;
  auto* backup = app.add_subcommand("backup", "write a consistent copy of the store to FILE, also while the daemon runs");
  backup->add_option("FILE", backup_file, "where the copy goes (a temporary file beside it is renamed)")->required();
  backup->add_flag("--force", backup_force, "replace FILE if it exists");
  std::string dedup_input = "-";
  auto* dedup = app.add_subcommand("dedup", "print the duplicate decision for each item (Item JSON lines)");
  dedup->add_option("FILE", dedup_input, "Item JSON lines; - for stdin (default)");

  CLI11_PARSE(app, argc, argv);
  vigil::log::set_up_logging(log_level, log_format == "json" ? vigil::log::Format::json : vigil::log::Format::text);
  const auto path = config_path(config_file);

  if (*check) return vigil::daemon::cmd_check_config(path);
  if (*run) return vigil::daemon::cmd_run(path, {.once = false});
  if (*once) return vigil::daemon::cmd_run(path, {.once = true});
  if (*import_opml) return vigil::daemon::cmd_import_opml(opml_file);
  if (*extract) return vigil::daemon::cmd_extract(extract_input, extract_base, json);
  if (*discover) return vigil::daemon::cmd_discover(discover_input, json);
  if (*parse && parse_source.empty()) {
    if (parse_input.empty()) {
      std::fprintf(stderr, "parse: FILE|URL is required without --source\n");
      return 2;
    }
    return vigil::daemon::cmd_parse(parse_input, parse_base, nullptr);
  }
  if (*dedup) {
    // The config is optional: its [dedup] thresholds when there is one, else the defaults.
    vigil::dedup::DedupOptions options;
    if (!config_file.empty() || std::filesystem::exists(path)) {
      auto config = vigil::daemon::load_and_report(path);
      if (!config) return 1;
      options = config->dedup;
    }
    return vigil::daemon::cmd_dedup(options, dedup_input);
  }
  auto config = vigil::daemon::load_and_report(path);
  if (!config) return 1;
  if (*sources) return vigil::daemon::cmd_sources(*config, json);
  if (*retry) return vigil::daemon::cmd_alerts_retry(*config, retry_id, retry_dead);
  if (*alerts) return vigil::daemon::cmd_alerts(*config, vigil::store::alert_state_from(state), json);
  if (*test_alert) return vigil::daemon::cmd_test_alert(*config, test_channel);
  if (*export_opml) return vigil::daemon::cmd_export_opml(*config);
  if (*backup) return vigil::daemon::cmd_backup(*config, backup_file, backup_force);
  if (*parse) {
    for (const auto& source : config->sources)
      if (source.name == parse_source) return vigil::daemon::cmd_parse(parse_input, parse_base, &source);
    std::fprintf(stderr, "parse: no source named \"%s\" in %s\n", parse_source.c_str(), path.c_str());
    return 2;
  }
  if (*match) {
    const auto since = vigil::config::parse_duration(match_since);
    if (!since) {
      std::fprintf(stderr, "match: --since: expected a duration such as 30d or 12h, got \"%s\"\n", match_since.c_str());
      return 2;
    }
    match_options.since = *since;
    return vigil::daemon::cmd_match(*config, match_options);
  }
  return 2;
}
