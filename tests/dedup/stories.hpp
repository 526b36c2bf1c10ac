#pragma once
// Invented stories for the dedup tests: one wire story and its same-story variants, and the
// hard negatives the issue names (an updated figure, statements of one organization that share
// an "About" section, a weekly round-up quoting statements).
#include <chrono>
#include <string>

#include "dedup/deduper.hpp"
#include "model/item.hpp"

namespace vigil::dedup::test {

inline Item make_item(std::string id, std::string title, std::string summary, std::string content = {},
                      std::string link = {}) {
  Item item;
  item.id = std::move(id);
  item.title = std::move(title);
  item.summary = std::move(summary);
  item.content = std::move(content);
  item.link = std::move(link);
  return item;
}

inline const Timestamp t0 =
    std::chrono::sys_days{std::chrono::year{2024} / 5 / 14} + std::chrono::hours(8);

// As the daemon and `vigil dedup` use it: classify, then remember in the verdict's cluster or
// a new one named by the item.
struct Stream {
  Deduper deduper;
  explicit Stream(DedupOptions options = {}) : deduper(options) {}
  Verdict add(const Item& item, Timestamp at) {
    const auto signature = signature_of(item);
    auto verdict = deduper.classify(signature, at);
    deduper.remember(verdict.cluster.value_or(item.id), signature, at);
    return verdict;
  }
};

inline Item title_only(std::string id, std::string title, std::string link = {}) {
  return make_item(std::move(id), std::move(title), "", "", std::move(link));
}

// --- One wire story -------------------------------------------------------------------------

inline const std::string mine_lede =
    "At least three people were killed on Tuesday when their vehicle struck an anti-tank mine near the "
    "village of Dorovka in the Velmora region, local officials said.";

inline const std::string mine_body =
    "The victims, two farmers and a driver, were travelling along a dirt road that had been reported "
    "clear of explosives in March. Regional governor Ilya Marenko said deminers had been sent to the "
    "area and urged residents to avoid fields and forest paths that had not yet been surveyed. "
    "The Velmora region is among the most heavily contaminated areas in the country, with an estimated "
    "4,000 square kilometres still to be checked. Humanitarian demining groups have warned that funding "
    "shortfalls are slowing clearance work, and that farmers are returning to their land before it has "
    "been declared safe. Since January, mines and unexploded ordnance have killed 41 civilians in the "
    "region, according to figures published by the regional administration. The national mine action "
    "centre said it would review how the road had been classified and whether warning signs had been "
    "removed by looters or washed away by the spring floods.";

inline std::string paragraphs(std::initializer_list<std::string> parts) {
  std::string html;
  for (const auto& part : parts) html += "<p>" + part + "</p>\n";
  return html;
}

// The original, as the wire's own feed carries it.
inline Item wire_story() {
  return make_item("wire-1", "Landmine kills three in Velmora region", "", paragraphs({mine_lede, mine_body}),
                   "https://wire.example/world/2024/05/14/velmora-landmine");
}

// A partner site rewrites the lede and the headline.
inline Item rewritten_lede() {
  return make_item("partner-1", "Three dead as car hits mine on Velmora farm road", "",
                   paragraphs({"A mine blast on a rural road in the Velmora region killed three people on Tuesday, "
                               "according to the local authorities.",
                               mine_body}),
                   "https://partner.example/news/three-dead-velmora-mine");
}

// A regional paper adds a dateline and a paragraph of its own reporting.
inline Item added_paragraph() {
  return make_item("regional-1", "Landmine kills three near Dorovka", "",
                   paragraphs({"VELMORA (Wire) - " + mine_lede, mine_body,
                               "Residents of Dorovka told this newspaper that the road was used every day by "
                               "school buses and delivery vans, and that they had asked for new warning signs "
                               "several times since the winter."}),
                   "https://regional-paper.example/velmora/2024/05/landmine-dorovka");
}

// The update the wire sends later: the same text with new figures. A different story.
inline Item updated_figures() {
  std::string lede = mine_lede;
  lede.replace(lede.find("three"), 5, "five");
  std::string body = mine_body;
  body.replace(body.find("two farmers and a driver"), 24, "four farmers and a driver");
  body.replace(body.find("41 civilians"), 12, "43 civilians");
  return make_item("wire-2", "Landmine kills five in Velmora region", "", paragraphs({lede, body}),
                   "https://wire.example/world/2024/05/14/velmora-landmine-update");
}

// --- Statements of one organization -------------------------------------------------------------

inline const std::string fieldguard_about =
    "Fieldguard is an independent humanitarian organization that clears landmines and unexploded "
    "ordnance, teaches communities how to stay safe, and supports survivors of explosive weapons. "
    "Founded in 1998, it works in fourteen countries with teams recruited from the communities they "
    "serve, and it publishes an annual report on contamination and casualties. Fieldguard receives no "
    "funding from arms manufacturers and accepts donations from individuals, foundations and governments "
    "that share its commitment to a world free of landmines. Its work is guided by the principles of "
    "humanity, neutrality and impartiality, and its survey data are shared openly with national "
    "authorities and other operators so that cleared land can be returned to its owners quickly.";

inline const std::string statement_one =
    "Fieldguard condemns the use of anti-personnel mines along the northern border, reported by "
    "villagers this week, and calls on all parties to stop laying them immediately.";

inline const std::string statement_two =
    "Fieldguard welcomes the decision of the Velmora authorities to fund a new survey of farmland "
    "and offers its teams and maps to start the work before the planting season.";

inline Item fieldguard_statement(const std::string& id, const std::string& title, const std::string& body,
                                 const std::string& about_heading) {
  return make_item(id, title, "", paragraphs({body, about_heading, fieldguard_about}),
                   "https://fieldguard.example/news/" + id);
}

// --- A weekly round-up --------------------------------------------------------------------------

inline Item weekly_roundup() {
  return make_item(
      "roundup-20", "This week in mine action: Velmora, the northern border and new funding", "",
      paragraphs({"Here is our weekly selection of news from the mine action sector.", "Velmora: " + mine_lede,
                  "Northern border: " + statement_one, "Funding: " + statement_two,
                  "Survivors: a new rehabilitation centre opened in the capital, with places for two "
                  "hundred patients a year and a workshop that fits and repairs prosthetic limbs.",
                  "Training: forty new deminers graduated from the national school this week after six "
                  "months of courses in survey, clearance and first aid."}),
      "https://minewatch.example/weekly/20");
}

}  // namespace vigil::dedup::test
