#include "daemon/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace vigil::daemon {

namespace {

bool is_name(std::string_view name, bool colons) {
  auto first = [&](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':'); };
  auto rest = [&](char c) { return first(c) || (c >= '0' && c <= '9'); };
  return !name.empty() && first(name.front()) && std::all_of(name.begin() + 1, name.end(), rest);
}

const char* type_name(MetricFamily::Type type) {
  switch (type) {
    case MetricFamily::Type::counter: return "counter";
    case MetricFamily::Type::gauge: return "gauge";
    case MetricFamily::Type::histogram: return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (const char c : help) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string format_sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

MetricFamily::MetricFamily(std::string name, std::string help, Type type, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), type_(type), label_names_(std::move(label_names)) {
  if (!is_name(name_, /*colons=*/true)) throw std::invalid_argument("metric name \"" + name_ + "\" is malformed");
  for (const auto& label : label_names_) {
    if (!is_name(label, /*colons=*/false) || label.starts_with("__"))
      throw std::invalid_argument("metric " + name_ + ": label name \"" + label + "\" is malformed");
    if (type_ == Type::histogram && label == "le")
      throw std::invalid_argument("metric " + name_ + ": \"le\" is the histogram's own label");
  }
}

void MetricFamily::check_arity(const LabelValues& labels) const {
  if (labels.size() != label_names_.size())
    throw std::invalid_argument(fmt::format("metric {}: {} label values for {} labels", name_, labels.size(),
                                            label_names_.size()));
}

std::string MetricFamily::series(std::string_view suffix, const LabelValues& labels, std::string_view extra) const {
  std::string out = name_;
  out += suffix;
  if (labels.empty() && extra.empty()) return out;
  out += '{';
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ',';
    out += label_names_[i];
    out += "=\"";
    out += escape_label_value(labels[i]);
    out += '"';
  }
  if (!extra.empty()) {
    if (!labels.empty()) out += ',';
    out += extra;
  }
  out += '}';
  return out;
}

void MetricFamily::render(std::string& out) const {
  out += "# HELP " + name_ + " " + escape_help(help_) + "\n";
  out += "# TYPE " + name_ + " " + type_name(type_) + "\n";
  const std::lock_guard lock(mutex_);
  render_samples(out);
}

ValueFamily::ValueFamily(std::string name, std::string help, Type type, std::vector<std::string> label_names)
    : MetricFamily(std::move(name), std::move(help), type, std::move(label_names)) {
  // A family without labels has its one sample from the start: 0 is a fact, not a gap.
  if (label_count() == 0) values_[{}] = 0;
}

double ValueFamily::value(const LabelValues& labels) const {
  check_arity(labels);
  const std::lock_guard lock(mutex_);
  const auto found = values_.find(labels);
  return found == values_.end() ? 0 : found->second;
}

void ValueFamily::render_samples(std::string& out) const {
  for (const auto& [labels, value] : values_) out += series("", labels) + " " + format_sample_value(value) + "\n";
}

Counter::Counter(std::string name, std::string help, std::vector<std::string> label_names)
    : ValueFamily(std::move(name), std::move(help), Type::counter, std::move(label_names)) {}

void Counter::add(const LabelValues& labels, double amount) {
  check_arity(labels);
  if (!(amount >= 0)) return;
  const std::lock_guard lock(mutex_);
  values_[labels] += amount;
}

void Counter::set(const LabelValues& labels, double total) {
  check_arity(labels);
  const std::lock_guard lock(mutex_);
  values_[labels] = total;
}

Gauge::Gauge(std::string name, std::string help, std::vector<std::string> label_names)
    : ValueFamily(std::move(name), std::move(help), Type::gauge, std::move(label_names)) {}

void Gauge::set(const LabelValues& labels, double value) {
  check_arity(labels);
  const std::lock_guard lock(mutex_);
  values_[labels] = value;
}

void Gauge::replace(std::vector<std::pair<LabelValues, double>> samples) {
  for (const auto& [labels, value] : samples) check_arity(labels);
  std::map<LabelValues, double> values;
  for (auto& [labels, value] : samples) values[std::move(labels)] = value;
  const std::lock_guard lock(mutex_);
  values_ = std::move(values);
}

Histogram::Histogram(std::string name, std::string help, std::vector<double> bounds,
                     std::vector<std::string> label_names)
    : MetricFamily(std::move(name), std::move(help), Type::histogram, std::move(label_names)),
      bounds_(std::move(bounds)) {
  if (bounds_.empty() || !std::is_sorted(bounds_.begin(), bounds_.end()) ||
      std::adjacent_find(bounds_.begin(), bounds_.end()) != bounds_.end() ||
      std::any_of(bounds_.begin(), bounds_.end(), [](double b) { return !std::isfinite(b); }))
    throw std::invalid_argument("histogram " + this->name() + ": bucket bounds must be finite and increasing");
}

void Histogram::observe(double value, const LabelValues& labels) {
  check_arity(labels);
  if (std::isnan(value)) return;
  // The first bucket whose upper bound holds the value; past the last bound, +Inf.
  const auto bucket = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  const std::lock_guard lock(mutex_);
  auto& series = series_[labels];
  if (series.counts.empty()) series.counts.assign(bounds_.size() + 1, 0);
  ++series.counts[bucket];
  series.sum += value;
  ++series.count;
}

void Histogram::render_samples(std::string& out) const {
  auto emit = [&](const LabelValues& labels, const Series* data) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
      if (data != nullptr) cumulative += data->counts[i];
      const std::string le = i < bounds_.size() ? format_sample_value(bounds_[i]) : "+Inf";
      out += series("_bucket", labels, "le=\"" + le + "\"") + " " + std::to_string(cumulative) + "\n";
    }
    out += series("_sum", labels) + " " + format_sample_value(data ? data->sum : 0) + "\n";
    out += series("_count", labels) + " " + std::to_string(data ? data->count : 0) + "\n";
  };
  if (series_.empty() && label_count() == 0) return emit({}, nullptr);  // an empty histogram is all zeros
  for (const auto& [labels, data] : series_) emit(labels, &data);
}

template <typename F>
F& MetricRegistry::add(std::unique_ptr<F> family) {
  const std::lock_guard lock(mutex_);
  for (const auto& known : families_)
    if (known->name() == family->name())
      throw std::invalid_argument("metric " + family->name() + " is registered twice");
  auto& added = *family;
  families_.push_back(std::move(family));
  return added;
}

Counter& MetricRegistry::counter(std::string name, std::string help, std::vector<std::string> label_names) {
  return add(std::make_unique<Counter>(std::move(name), std::move(help), std::move(label_names)));
}

Gauge& MetricRegistry::gauge(std::string name, std::string help, std::vector<std::string> label_names) {
  return add(std::make_unique<Gauge>(std::move(name), std::move(help), std::move(label_names)));
}

Histogram& MetricRegistry::histogram(std::string name, std::string help, std::vector<double> bounds,
                                     std::vector<std::string> label_names) {
  return add(std::make_unique<Histogram>(std::move(name), std::move(help), std::move(bounds), std::move(label_names)));
}

std::string MetricRegistry::render() const {
  std::string out;
  const std::lock_guard lock(mutex_);
  for (const auto& family : families_) family->render(out);
  return out;
}

}  // namespace vigil::daemon
