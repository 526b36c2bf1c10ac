// Discord webhooks: one embed (https://discord.com/developers/docs/resources/message#embed-object)
// within Discord's limits (title 256, description 4096, field names 256 and values 1024,
// 25 fields, 6000 characters in all), Markdown escaped with backslashes, and
// allowed_mentions {parse: []} so no text can ping @everyone, a role or a user.
#include <algorithm>

#include "alerts/presets/format.hpp"
#include "alerts/presets/services.hpp"

namespace vigil::alerts::presets {

namespace {

constexpr std::size_t kTitleLimit = 256;
constexpr std::size_t kDescriptionLimit = 4096;
constexpr std::size_t kFieldNameLimit = 256;
constexpr std::size_t kFieldValueLimit = 1024;
constexpr std::size_t kMaxFields = 25;
constexpr std::size_t kEmbedLimit = 6000;
constexpr std::size_t kMaxLink = 2000;
constexpr int kColor = 0xB03A2E;  // a muted red: an alert, not an error
constexpr int kProblemColor = 0xE67E22;    // amber: a source health problem
constexpr int kRecoveredColor = 0x2E8B57;  // green: a source recovered

int color_for(HealthKind kind) {
  switch (kind) {
    case HealthKind::problem: return kProblemColor;
    case HealthKind::recovered: return kRecoveredColor;
    case HealthKind::none: break;
  }
  return kColor;
}

// Digests: one embed per topic whose description lists its alerts; Discord takes 10 embeds and
// 6000 characters in all of them, so a big digest stops at an entry and says how many are left.
constexpr std::size_t kMaxEmbeds = 10;
constexpr std::size_t kContentLimit = 2000;
constexpr std::size_t kDigestMaxLink = 500;  // an entry stays short so that many fit

// "**[Title](link)**", the meta line, "also reported by" and the quote: at most about 1900.
std::string entry_text(const DigestEntry& e) {
  const AlertText& t = e.text;
  const std::string title = fit(heading(t), kTitleLimit, escape_markdown);
  std::string text = !t.link.empty() && t.link.size() <= kDigestMaxLink
                         ? "**[" + title + "](" + encode_link(t.link, "()<>") + ")**"
                         : "**" + title + "**";
  text += "\n" + fit(entry_meta(e), 400, escape_markdown);
  if (!t.also.empty()) text += "\n" + fit("Also reported by: " + t.also, 300, escape_markdown);
  if (const std::string quote = entry_quote(e, escape_markdown, "**", "**", 200); !quote.empty())
    text += "\n> " + quote;
  return text;
}

struct Embed {
  std::string title;
  std::string description;
  int color = kColor;
};

// The embeds of the first entries, in order, until the next one would break a limit with
// `reserve` characters kept free (in all embeds and in the last description) for the last line.
std::vector<Embed> lay_out(const DigestText& d, const std::vector<std::vector<std::string>>& entries,
                           std::size_t reserve, std::size_t& shown) {
  std::vector<Embed> embeds;
  std::size_t used = reserve;
  shown = 0;
  for (std::size_t g = 0; g < d.groups.size(); ++g) {
    const auto& group = d.groups[g];
    const HealthKind health = d.health_problem ? HealthKind::problem : HealthKind::recovered;
    Embed embed{.title = fit(group_heading(d, group), kTitleLimit, escape_markdown),
                .description = {},
                .color = group.health ? color_for(health) : kColor};
    const std::size_t title_size = utf16_length(embed.title);
    for (const std::string& entry : entries[g]) {
      const std::string piece = embed.description.empty() ? entry : "\n\n" + entry;
      const std::size_t size = utf16_length(piece) + (embed.description.empty() ? title_size : 0);
      const bool fits = used + size <= kEmbedLimit &&
                        utf16_length(embed.description) + utf16_length(piece) + reserve <= kDescriptionLimit &&
                        (!embed.description.empty() || embeds.size() < kMaxEmbeds);
      if (!fits) {
        if (!embed.description.empty()) embeds.push_back(std::move(embed));
        return embeds;
      }
      embed.description += piece;
      used += size;
      ++shown;
    }
    embeds.push_back(std::move(embed));
  }
  return embeds;
}

}  // namespace

WebhookRequest render_discord(const WebhookOptions& options, const Alert& alert, Timestamp) {
  const AlertText t = alert_text(alert);
  constexpr std::size_t kFooter = 5;  // "vigil"
  Json embed = {{"title", fit(heading(t), kTitleLimit, escape_markdown)}};
  std::size_t used = kFooter + utf16_length(embed["title"].get_ref<const std::string&>());

  Json fields = Json::array();
  auto add_field = [&](const std::string& name, std::string value, bool inline_field) {
    const std::size_t size = utf16_length(name) + utf16_length(value);
    if (value.empty() || fields.size() >= kMaxFields || used + size > kEmbedLimit) return;
    used += size;
    fields.push_back({{"name", name}, {"value", std::move(value)}, {"inline", inline_field}});
  };
  add_field("Topics", fit(t.topics, kFieldValueLimit, escape_markdown), true);
  add_field("Source", fit(t.source, kFieldValueLimit, escape_markdown), true);
  add_field("Also reported by", fit(t.also, kFieldValueLimit, escape_markdown), false);
  for (std::size_t i = 0; i < t.matches.size(); ++i) {
    const auto& m = t.matches[i];
    std::string value = fit(m.terms, 300, escape_markdown);
    if (!m.snippet.empty())
      value += (value.empty() ? "" : "\n") + marked_snippet(alert, t, i, escape_markdown, "**", "**", 700);
    add_field(fit("Why " + m.topic, kFieldNameLimit, escape_markdown), std::move(value), false);
  }

  if (!t.link.empty() && t.link.size() <= kMaxLink) embed["url"] = t.link;
  // The summary takes what the fields left of the embed's 6000 characters.
  const std::size_t room = kEmbedLimit - std::min(kEmbedLimit, used);
  if (!t.summary.empty() && room > 1)
    embed["description"] = fit(t.summary, std::min(kDescriptionLimit, room), escape_markdown);
  embed["timestamp"] = format_rfc3339(alert.item.published.value_or(alert.created));
  embed["color"] = color_for(t.health);
  embed["fields"] = std::move(fields);
  embed["footer"] = {{"text", "vigil"}};

  const Json doc = {
      {"embeds", Json::array({std::move(embed)})},
      {"allowed_mentions", {{"parse", Json::array()}}},
  };
  return json_post(options.url, dump(doc));
}

WebhookRequest render_discord_digest(const WebhookOptions& options, const Digest& digest, Timestamp) {
  const DigestText d = digest_text(digest);
  std::vector<std::vector<std::string>> entries;
  for (const auto& group : d.groups) {
    entries.emplace_back();
    for (const auto& e : group.entries) entries.back().push_back(entry_text(e));
  }
  std::size_t shown = 0;
  std::vector<Embed> embeds = lay_out(d, entries, 0, shown);
  std::string more;
  if (shown < d.count) {
    const std::string longest = "\n\n*" + escape_markdown(more_line(d.count)) + "*";
    embeds = lay_out(d, entries, utf16_length(longest), shown);
    more = "\n\n*" + escape_markdown(more_line(d.count - shown)) + "*";
  }

  Json list = Json::array();
  for (std::size_t i = 0; i < embeds.size(); ++i) {
    std::string description = std::move(embeds[i].description);
    if (i + 1 == embeds.size()) description += more;
    list.push_back(
        {{"title", std::move(embeds[i].title)}, {"description", std::move(description)}, {"color", embeds[i].color}});
  }
  Json doc = {{"content", fit(digest_heading(d), kContentLimit, escape_markdown)}};
  // Nothing fitted (no entry ever should be that long): the count stands in the content.
  if (list.empty() && !more.empty()) doc["content"] = doc["content"].get<std::string>() + more;
  doc["embeds"] = std::move(list);
  doc["allowed_mentions"] = {{"parse", Json::array()}};
  return json_post(options.url, dump(doc));
}

}  // namespace vigil::alerts::presets
