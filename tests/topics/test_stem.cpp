#include <catch2/catch.hpp>
#include <algorithm>
#include <initializer_list>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "text/words.hpp"
#include "topics/stem.hpp"

using vigil::text::fold;
using vigil::topics::has_stemmer;
using vigil::topics::stem;
using vigil::topics::stemmer_languages;

namespace {

// Words are folded before they are stemmed, as the matcher does.
std::string stem_of(std::string_view language, std::string_view word) {
  return stem(language, fold(word));
}

// The distinct stems of some words: one when they all meet.
std::set<std::string> stems_of(std::string_view language, std::initializer_list<std::string_view> words) {
  std::set<std::string> out;
  for (const auto word : words) out.insert(stem_of(language, word));
  return out;
}

}  // namespace

TEST_CASE("English inflections share a stem", "[topics][stem]") {
  CHECK(stems_of("en", {"landmine", "landmines", "Landmines"}).size() == 1);
  CHECK(stems_of("en", {"treaty", "treaties"}).size() == 1);
  CHECK(stems_of("en", {"munition", "munitions"}).size() == 1);
}

TEST_CASE("French inflections share a stem, accents or not", "[topics][stem]") {
  CHECK(stems_of("fr", {"mine", "mines"}).size() == 1);
  CHECK(stems_of("fr", {"antipersonnel", "antipersonnels"}).size() == 1);
  CHECK(stems_of("fr", {"opération", "opérations", "OPERATIONS"}).size() == 1);
  CHECK(stems_of("fr", {"générale", "générales", "général"}).size() == 1);
}

TEST_CASE("Spanish inflections share a stem", "[topics][stem]") {
  CHECK(stems_of("es", {"mina", "minas"}).size() == 1);
  CHECK(stems_of("es", {"munición", "municiones"}).size() == 1);
  CHECK(stems_of("es", {"antipersonal", "antipersonales"}).size() == 1);
}

TEST_CASE("German inflections share a stem once umlauts and ß are folded", "[topics][stem]") {
  CHECK(stems_of("de", {"Mine", "Minen"}).size() == 1);
  CHECK(stems_of("de", {"Landmine", "Landminen"}).size() == 1);
  CHECK(stems_of("de", {"Vertrag", "Verträge"}).size() == 1);
}

TEST_CASE("Russian noun cases share a stem", "[topics][stem]") {
  CHECK(stems_of("ru", {"мина", "мины", "минами", "мин"}).size() == 1);
  CHECK(stems_of("ru", {"Украина", "Украины", "Украине", "Украину", "Украиной"}).size() == 1);
  CHECK(stems_of("ru", {"война", "войны", "войной", "войне"}).size() == 1);
  CHECK(stems_of("ru", {"боеприпасы", "боеприпасов", "боеприпасами"}).size() == 1);
}

TEST_CASE("Russian adjective endings in й meet the others though folding made й и",
          "[topics][stem]") {
  CHECK(stems_of("ru", {"противопехотный", "противопехотные", "противопехотных",
                        "противопехотная", "противопехотной"}).size() == 1);
  CHECK(stems_of("ru", {"кассетный", "кассетные", "кассетных", "кассетными"}).size() == 1);
  CHECK(stems_of("ru", {"новый", "новые", "нового", "новой"}).size() == 1);
}

TEST_CASE("Russian city names in -ов and -ев share a stem in every case", "[topics][stem]") {
  CHECK(stems_of("ru", {"Киев", "Киева", "Киеве", "Киеву", "Киевом"}).size() == 1);
  CHECK(stems_of("ru", {"Харьков", "Харькова", "Харькове"}).size() == 1);
  CHECK(stems_of("ru", {"Львов", "Львова"}).size() == 1);
}

TEST_CASE("Ukrainian noun cases of Україна share a stem", "[topics][stem][ukrainian]") {
  CHECK(stems_of("uk", {"Україна", "України", "Україні", "Україну", "Україною"}).size() == 1);
}

TEST_CASE("Ukrainian noun cases of міна share a stem", "[topics][stem][ukrainian]") {
  CHECK(stems_of("uk", {"міна", "міни", "мін", "мінами", "мінах"}).size() == 1);
}

TEST_CASE("Ukrainian noun cases of війна share a stem", "[topics][stem][ukrainian]") {
  CHECK(stems_of("uk", {"війна", "війни", "війні", "війною", "війну"}).size() == 1);
}

TEST_CASE("Ukrainian adjective forms share a stem", "[topics][stem][ukrainian]") {
  CHECK(stems_of("uk", {"протипіхотна", "протипіхотні", "протипіхотних", "протипіхотними",
                        "протипіхотний", "протипіхотного", "протипіхотної"}).size() == 1);
  CHECK(stems_of("uk", {"касетні", "касетних", "касетними"}).size() == 1);
  CHECK(stems_of("uk", {"третій", "третього", "третьому", "третьою"}).size() == 1);
}

TEST_CASE("Ukrainian plural cases share a stem", "[topics][stem][ukrainian]") {
  CHECK(stems_of("uk", {"боєприпаси", "боєприпасів", "боєприпасами"}).size() == 1);
  CHECK(stems_of("uk", {"людей", "люди", "людьми"}).size() == 1);
}

TEST_CASE("Ukrainian nouns in -ія share a stem", "[topics][stem][ukrainian]") {
  CHECK(stems_of("uk", {"Росія", "Росії", "Росію", "Росією"}).size() == 1);
  CHECK(stems_of("uk", {"армія", "армії", "армій", "арміями"}).size() == 1);
}

TEST_CASE("Ukrainian nouns in -оя share a stem though -ої is also an adjective ending",
          "[topics][stem][ukrainian]") {
  CHECK(stems_of("uk", {"зброя", "зброї", "зброю", "зброєю"}).size() == 1);
}

TEST_CASE("Ukrainian city names with і alternating with о, е or є share a stem",
          "[topics][stem][ukrainian]") {
  CHECK(stems_of("uk", {"Київ", "Києва", "Києві", "Києву", "Києвом"}).size() == 1);
  CHECK(stems_of("uk", {"Харків", "Харкова", "Харкові", "Харковом"}).size() == 1);
  CHECK(stems_of("uk", {"Львів", "Львова", "Львові"}).size() == 1);
  CHECK(stems_of("uk", {"Миколаїв", "Миколаєва", "Миколаєві"}).size() == 1);
}

TEST_CASE("Ukrainian verbs in -увати share a stem", "[topics][stem][ukrainian]") {
  CHECK(stems_of("uk", {"фінансувати", "фінансує", "фінансують", "фінансував", "фінансувала"})
            .size() == 1);
}

TEST_CASE("unrelated Ukrainian words keep apart", "[topics][stem][ukrainian]") {
  CHECK(stem_of("uk", "мін") != stem_of("uk", "мир"));
  CHECK(stem_of("uk", "міна") != stem_of("uk", "мінус"));
  CHECK(stem_of("uk", "міна") != stem_of("uk", "мене"));
  CHECK(stem_of("uk", "війна") != stem_of("uk", "віра"));
  CHECK(stem_of("uk", "Київ") != stem_of("uk", "кит"));
  CHECK(stem_of("uk", "Київ") != stem_of("uk", "кий"));
  CHECK(stem_of("uk", "касетні") != stem_of("uk", "каса"));
  CHECK(stem_of("uk", "Україна") != stem_of("uk", "український"));
  // School and schools are one word; a verb ending must not cut school's л away.
  CHECK(stem_of("uk", "школа") == stem_of("uk", "школи"));
  CHECK(stem_of("uk", "кімната") == stem_of("uk", "кімнати"));
}

TEST_CASE("Ukrainian stems keep at least three letters", "[topics][stem][ukrainian]") {
  CHECK(stem_of("uk", "Україна") == fold("україн"));
  CHECK(stem_of("uk", "міна") == "мін");
  CHECK(stem_of("uk", "мої") == fold("мої"));  // -ої would leave one letter, -ї two
  CHECK(stem_of("uk", "їх") == fold("їх"));
}

TEST_CASE("a language without a stemmer leaves words as they are", "[topics][stem]") {
  CHECK_FALSE(has_stemmer("xx"));
  CHECK_FALSE(has_stemmer(""));
  CHECK(stem("xx", "landmines") == "landmines");
  CHECK(stem("", "landmines") == "landmines");
  CHECK(stem("en", "") == "");
}

TEST_CASE("ISO codes, region subtags and Snowball names all name a stemmer", "[topics][stem]") {
  CHECK(has_stemmer("en"));
  CHECK(has_stemmer("EN"));
  CHECK(has_stemmer("en-GB"));
  CHECK(has_stemmer("pt_BR"));
  CHECK(has_stemmer("english"));
  CHECK(has_stemmer("uk"));
  CHECK(has_stemmer("ukrainian"));
  CHECK(stem("english", "landmines") == stem("en", "landmines"));
  CHECK(stem("en-US", "landmines") == stem("en", "landmines"));
}

TEST_CASE("words of another script than the language's are left as they are", "[topics][stem]") {
  CHECK(stem("en", fold("мины")) == fold("мины"));
  CHECK(stem("fr", fold("Україною")) == fold("Україною"));
  CHECK(stem("ru", "landmines") == "landmines");
  CHECK(stem("uk", "landmines") == "landmines");
  CHECK(stem("el", "mines") == "mines");
  CHECK(stem("ar", "mines") == "mines");
  CHECK(stem("ru", "2024") == "2024");
}

TEST_CASE("Greek and Arabic words are stemmed in their script", "[topics][stem]") {
  CHECK(stems_of("el", {"νάρκη", "νάρκες", "ναρκών"}).size() == 1);
  CHECK(stems_of("el", {"πόλεμος", "πολέμου"}).size() == 1);
  CHECK(stem_of("ar", "الألغام") != fold("الألغام"));
}

TEST_CASE("stemmer_languages lists the codes that have a stemmer", "[topics][stem]") {
  const auto codes = stemmer_languages();
  CHECK(std::is_sorted(codes.begin(), codes.end()));
  for (const auto* code : {"en", "fr", "es", "de", "ru", "uk", "it", "pt", "nl", "ar", "el"})
    CHECK(std::find(codes.begin(), codes.end(), code) != codes.end());
  for (const auto& code : codes) {
    INFO(code);
    CHECK(has_stemmer(code));
  }
  CHECK(std::find(codes.begin(), codes.end(), "xx") == codes.end());
}

TEST_CASE("every listed language stems a word of its own", "[topics][stem]") {
  // A plural or inflected form each stemmer shortens: a wrong algorithm name, a missing
  // handle or a wrong script gate would leave it whole.
  const std::vector<std::pair<std::string, std::string>> samples{
      {"ar", "الألغام"}, {"ca", "mines"},    {"da", "minerne"},  {"de", "Minen"},
      {"el", "νάρκες"},  {"en", "mines"},    {"es", "minas"},    {"eu", "minak"},
      {"fi", "miinat"},  {"fr", "mines"},    {"ga", "bhfear"},   {"hu", "aknák"},
      {"hy", "ականներ"}, {"id", "ranjaunya"}, {"it", "mine"},    {"lt", "minos"},
      {"nb", "minene"},  {"nl", "mijnen"},   {"nn", "minene"},   {"no", "minene"},
      {"pt", "minas"},   {"ro", "minele"},   {"ru", "минами"},   {"sr", "минама"},
      {"sv", "minorna"}, {"tr", "mayınlar"}, {"uk", "мінами"},   {"yi", "מינעס"}};
  const auto codes = stemmer_languages();
  REQUIRE(codes.size() == samples.size());
  for (const auto& [code, word] : samples) {
    INFO(code << " " << word);
    CHECK(std::find(codes.begin(), codes.end(), code) != codes.end());
    const auto folded = fold(word);
    const auto stemmed = stem(code, folded);
    CHECK(stemmed.size() < folded.size());
  }
}

TEST_CASE("threads stem with their own stemmers", "[topics][stem]") {
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t)
    threads.emplace_back([&results, t] {
      std::string last;
      for (int i = 0; i < 2000; ++i) last = stem(t % 2 ? "en" : "ru", t % 2 ? "landmines" : fold("минами"));
      results[t] = last;
    });
  for (auto& thread : threads) thread.join();
  CHECK(results[0] == stem("ru", fold("минами")));
  CHECK(results[1] == stem("en", "landmines"));
  CHECK(results[2] == results[0]);
  CHECK(results[3] == results[1]);
}

TEST_CASE("stems stay right when many distinct words have been stemmed", "[topics][stem]") {
  // Each thread remembers recent stems; going past what it keeps must not change any stem.
  const auto landmine = stem("en", "landmines");
  for (int i = 0; i < 20000; ++i) stem("en", "word" + std::to_string(i) + "s");
  CHECK(stem("en", "landmines") == landmine);
  CHECK(stem("en", "word19999s") == "word19999");
}
