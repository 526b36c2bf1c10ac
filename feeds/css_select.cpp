// CSS selectors, matched: right to left from a candidate element, as browsers do, remembering
// what was learnt about ancestors and siblings for the rest of the selection. The parser is
// css_parse.cpp.
#include "feeds/css_select.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <optional>
#include <unordered_map>
#include <utility>

namespace vigil::feeds::detail::css {
namespace {

pugi::xml_node parent_element(pugi::xml_node n) {
  const auto parent = n.parent();
  return parent.type() == pugi::node_element ? parent : pugi::xml_node();
}

pugi::xml_node previous_element(pugi::xml_node n) {
  for (n = n.previous_sibling(); n && n.type() != pugi::node_element; n = n.previous_sibling()) {
  }
  return n;
}

pugi::xml_node next_element(pugi::xml_node n) {
  for (n = n.next_sibling(); n && n.type() != pugi::node_element; n = n.next_sibling()) {
  }
  return n;
}

bool contains(std::string_view haystack, std::string_view needle, bool ignore_case) {
  if (!ignore_case) return haystack.find(needle) != std::string_view::npos;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i)
    if (equal_nocase(haystack.substr(i, needle.size()), needle)) return true;
  return false;
}

// Whether the whitespace-separated list holds `token`.
bool has_token(std::string_view list, std::string_view token, bool ignore_case) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && is_space(list[i])) ++i;
    std::size_t end = i;
    while (end < list.size() && !is_space(list[end])) ++end;
    const auto word = list.substr(i, end - i);
    if (!word.empty() && (ignore_case ? equal_nocase(word, token) : word == token)) return true;
    i = end;
  }
  return false;
}

bool attribute_matches(const AttributeTest& test, pugi::xml_node e) {
  const auto attribute = e.attribute(test.name.c_str());
  if (!attribute) return false;
  const std::string_view value = attribute.value();
  const std::string_view want = test.value;
  auto same = [&test](std::string_view a, std::string_view b) { return test.ignore_case ? equal_nocase(a, b) : a == b; };
  switch (test.op) {
    case AttributeTest::Op::exists: return true;
    case AttributeTest::Op::equals: return same(value, want);
    case AttributeTest::Op::prefix:
      return !want.empty() && value.size() >= want.size() && same(value.substr(0, want.size()), want);
    case AttributeTest::Op::suffix:
      return !want.empty() && value.size() >= want.size() && same(value.substr(value.size() - want.size()), want);
    case AttributeTest::Op::contains: return !want.empty() && contains(value, want, test.ignore_case);
    case AttributeTest::Op::word: {
      for (char c : want)
        if (is_space(c)) return false;
      return !want.empty() && has_token(value, want, test.ignore_case);
    }
    case AttributeTest::Op::dash:
      return same(value, want) ||
             (value.size() > want.size() && value[want.size()] == '-' && same(value.substr(0, want.size()), want));
  }
  return false;
}

bool is_empty(pugi::xml_node e) {
  for (auto child = e.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) return false;
    if ((child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) && *child.value() != '\0') return false;
  }
  return true;
}

bool satisfies(const PositionTest& test, long long index) {
  if (test.a == 0) return index == test.b;
  const long long diff = index - test.b;
  return diff % test.a == 0 && diff / test.a >= 0;
}

// Matches elements against selectors for one selection. A complex selector is matched right to
// left: "article h3 > a" matches an <a> whose parent is an <h3> that has an <article> ancestor.
// Whether some ancestor (or earlier sibling) of an element matches a prefix of the selector is
// remembered per element, so a page pays once per element and prefix whatever the nesting or the
// number of siblings. Recursion follows the selector's compounds (at most kMaxCompounds), never
// the tree.
class Matcher {
 public:
  explicit Matcher(pugi::xml_node scope) : scope_(scope) {}

  bool matches(const SelectorList& list, pugi::xml_node e) {
    if (e.type() != pugi::node_element) return false;
    for (const auto& alternative : list.alternatives)
      if (prefix_matches(alternative, alternative.compounds.size() - 1, e)) return true;
    return false;
  }

 private:
  // any_before's answers: an open-addressing table (linear probing), since a selection can ask
  // for one per element and compound.
  class Answers {
   public:
    // 0: unknown, 1: no, 2: yes.
    int find(const void* complex, std::size_t j, const void* node, bool ancestors) const {
      if (slots_.empty()) return 0;
      const Slot key = make(complex, j, node, ancestors, 0);
      for (std::size_t i = key.hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
        const Slot& slot = slots_[i];
        if (slot.answer == 0) return 0;
        if (slot.same_key(key)) return slot.answer;
      }
    }
    void remember(const void* complex, std::size_t j, const void* node, bool ancestors, bool answer) {
      if ((used_ + 1) * 2 > slots_.size()) grow();
      put(make(complex, j, node, ancestors, answer ? 2 : 1));
    }

   private:
    struct Slot {
      const void* complex = nullptr;
      const void* node = nullptr;
      std::size_t hash = 0;
      std::uint32_t j = 0;
      std::uint8_t ancestors = 0;
      std::uint8_t answer = 0;  // 0: empty slot
      bool same_key(const Slot& o) const {
        return hash == o.hash && node == o.node && complex == o.complex && j == o.j && ancestors == o.ancestors;
      }
    };
    static Slot make(const void* complex, std::size_t j, const void* node, bool ancestors, int answer) {
      auto mix = [](std::uint64_t x) {  // splitmix64's finalizer
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        return x ^ (x >> 31);
      };
      const auto h = mix(reinterpret_cast<std::uintptr_t>(node) ^ mix(reinterpret_cast<std::uintptr_t>(complex) + j * 2 + (ancestors ? 1 : 0)));
      return {complex, node, static_cast<std::size_t>(h), static_cast<std::uint32_t>(j), static_cast<std::uint8_t>(ancestors), static_cast<std::uint8_t>(answer)};
    }
    void put(const Slot& slot) {
      for (std::size_t i = slot.hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
        if (slots_[i].answer == 0) {
          slots_[i] = slot;
          ++used_;
          return;
        }
        if (slots_[i].same_key(slot)) return;
      }
    }
    void grow() {
      std::vector<Slot> old(std::max<std::size_t>(64, slots_.size() * 2));
      old.swap(slots_);
      used_ = 0;
      for (const auto& slot : old)
        if (slot.answer != 0) put(slot);
    }
    std::vector<Slot> slots_;
    std::size_t used_ = 0;
  };

  pugi::xml_node scope_;
  Answers seen_;
  // Positions (from start, of type, from end, of type from end) of the children of parents
  // with many children, filled a parent at a time.
  std::unordered_map<const void*, std::array<long long, 4>> positions_;

  // Whether `e` matches compounds[0..j] of `complex` with the combinators between them.
  bool prefix_matches(const Complex& complex, std::size_t j, pugi::xml_node e) {
    if (!compound_matches(complex.compounds[j], e)) return false;
    if (j == 0) return true;
    switch (complex.combinators[j - 1]) {
      case Combinator::child: {
        const auto parent = parent_element(e);
        return parent && prefix_matches(complex, j - 1, parent);
      }
      case Combinator::next_sibling: {
        const auto previous = previous_element(e);
        return previous && prefix_matches(complex, j - 1, previous);
      }
      case Combinator::descendant: return any_before(complex, j - 1, e, true);
      case Combinator::later_sibling: return any_before(complex, j - 1, e, false);
    }
    return false;
  }

  // Whether an ancestor (or an earlier sibling) of `e` matches compounds[0..j]. Every element
  // walked past on the way shares the answer, which is remembered for it.
  bool any_before(const Complex& complex, std::size_t j, pugi::xml_node e, bool ancestors) {
    const auto next = [ancestors](pugi::xml_node n) { return ancestors ? parent_element(n) : previous_element(n); };
    if (const int known = seen_.find(&complex, j, e.internal_object(), ancestors)) return known == 2;
    bool found = false;
    pugi::xml_node stop;
    for (auto candidate = next(e); candidate; candidate = next(candidate)) {
      if (prefix_matches(complex, j, candidate)) {
        found = true;
        stop = candidate;
        break;
      }
      if (const int known = seen_.find(&complex, j, candidate.internal_object(), ancestors)) {
        found = known == 2;
        stop = candidate;
        break;
      }
    }
    // The same walk again, to remember the answer for every element on the way.
    for (auto node = e; node && node != stop; node = next(node))
      seen_.remember(&complex, j, node.internal_object(), ancestors, found);
    return found;
  }

  bool compound_matches(const Compound& c, pugi::xml_node e) {
    if (!c.tag.empty() && c.tag != e.name()) return false;
    if (!c.ids.empty()) {
      const std::string_view id = e.attribute("id").value();
      for (const auto& want : c.ids)
        if (id != want) return false;
    }
    if (!c.classes.empty()) {
      const std::string_view classes = e.attribute("class").value();
      for (const auto& want : c.classes)
        if (!has_token(classes, want, false)) return false;
    }
    for (const auto& test : c.attributes)
      if (!attribute_matches(test, e)) return false;
    for (const auto& test : c.positions)
      if (!position_matches(test, e)) return false;
    if ((c.flags & Compound::root) && e.parent().type() != pugi::node_document) return false;
    if ((c.flags & Compound::scope) && e != scope_) return false;
    if ((c.flags & Compound::empty) && !is_empty(e)) return false;
    for (const auto& nested : c.nested) {
      bool any = false;
      for (const auto& alternative : nested.alternatives) {
        if (prefix_matches(alternative, alternative.compounds.size() - 1, e)) {
          any = true;
          break;
        }
      }
      if (any == nested.negate) return false;
    }
    return true;
  }

  bool position_matches(const PositionTest& test, pugi::xml_node e) {
    // Counting stops once the position is past every value an+b with a <= 0 can take; past a
    // few siblings the parent's table takes over, so long lists are not counted per child.
    if (!positions_.empty()) {
      if (const auto known = positions_.find(e.internal_object()); known != positions_.end())
        return satisfies(test, known->second[(test.from_end ? 2 : 0) + (test.of_type ? 1 : 0)]);
    }
    const bool bounded = test.a <= 0;
    constexpr int kCounted = 32;
    long long index = 1;
    int steps = 0;
    for (auto s = test.from_end ? next_element(e) : previous_element(e); s;
         s = test.from_end ? next_element(s) : previous_element(s)) {
      if (++steps > kCounted) return satisfies(test, position_from_table(test, e));
      if (test.of_type && std::strcmp(s.name(), e.name()) != 0) continue;
      ++index;
      if (bounded && index > test.b) return false;
    }
    return satisfies(test, index);
  }

  long long position_from_table(const PositionTest& test, pugi::xml_node e) {
    auto found = positions_.find(e.internal_object());
    if (found == positions_.end()) {
      std::unordered_map<std::string_view, long long> of_name;
      long long count = 0;
      const auto parent = e.parent();
      for (auto child = parent.first_child(); child; child = child.next_sibling()) {
        if (child.type() != pugi::node_element) continue;
        positions_[child.internal_object()] = {++count, ++of_name[child.name()], 0, 0};
      }
      for (auto child = parent.first_child(); child; child = child.next_sibling()) {
        if (child.type() != pugi::node_element) continue;
        auto& p = positions_[child.internal_object()];
        p[2] = count - p[0] + 1;
        p[3] = of_name[child.name()] - p[1] + 1;
      }
      found = positions_.find(e.internal_object());
    }
    return found->second[(test.from_end ? 2 : 0) + (test.of_type ? 1 : 0)];
  }
};

// Pre-order walk of the elements under `scope`, without recursion; stops when visit says so.
template <class Visit>
void for_each_descendant(pugi::xml_node scope, Visit&& visit) {
  pugi::xml_node n = scope.first_child();
  while (n) {
    if (n.type() == pugi::node_element) {
      if (!visit(n)) return;
      if (const auto child = n.first_child()) {
        n = child;
        continue;
      }
    }
    while (!n.next_sibling()) {
      n = n.parent();
      if (!n || n == scope) return;
    }
    n = n.next_sibling();
  }
}

}  // namespace

bool matches(const SelectorList& list, pugi::xml_node element, pugi::xml_node scope) {
  return Matcher(scope).matches(list, element);
}

std::vector<pugi::xml_node> select_all(const SelectorList& list, pugi::xml_node scope) {
  Matcher matcher(scope);
  std::vector<pugi::xml_node> found;
  for_each_descendant(scope, [&](pugi::xml_node e) {
    if (matcher.matches(list, e)) found.push_back(e);
    return true;
  });
  return found;
}

pugi::xml_node select_first(const SelectorList& list, pugi::xml_node scope) {
  Matcher matcher(scope);
  pugi::xml_node found;
  for_each_descendant(scope, [&](pugi::xml_node e) {
    if (matcher.matches(list, e)) found = e;
    return !found;
  });
  return found;
}

}  // namespace vigil::feeds::detail::css
