#pragma once
// A small Prometheus registry: counter, gauge and histogram families with labels, rendered in
// the text exposition format 0.0.4 for /metrics. Thread-safe: the poller, the dispatcher and
// scrapes update and read it from any thread (one mutex per family).
//
// Using a family with the wrong number of label values, or registering a malformed or
// duplicate name, is a programming error and throws std::invalid_argument.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::daemon {

using LabelValues = std::vector<std::string>;

class MetricFamily {
 public:
  enum class Type { counter, gauge, histogram };

  MetricFamily(std::string name, std::string help, Type type, std::vector<std::string> label_names);
  virtual ~MetricFamily() = default;
  MetricFamily(const MetricFamily&) = delete;
  MetricFamily& operator=(const MetricFamily&) = delete;

  const std::string& name() const { return name_; }
  // Appends "# HELP", "# TYPE" and one line per sample.
  void render(std::string& out) const;

 protected:
  void check_arity(const LabelValues& labels) const;
  std::size_t label_count() const { return label_names_.size(); }
  // `name{a="x",b="y"}`, with `extra` (the histogram's le) appended to the labels.
  std::string series(std::string_view suffix, const LabelValues& labels,
                     std::string_view extra = {}) const;
  virtual void render_samples(std::string& out) const = 0;

  mutable std::mutex mutex_;

 private:
  std::string name_;
  std::string help_;
  Type type_;
  std::vector<std::string> label_names_;
};

// Counters and gauges: one number per label set.
class ValueFamily : public MetricFamily {
 public:
  ValueFamily(std::string name, std::string help, Type type, std::vector<std::string> label_names);

  // The value of `labels`, 0 for a label set never touched.
  double value(const LabelValues& labels = {}) const;

 protected:
  void render_samples(std::string& out) const override;

  std::map<LabelValues, double> values_;  // ordered: stable output
};

class Counter : public ValueFamily {
 public:
  Counter(std::string name, std::string help, std::vector<std::string> label_names = {});
  // Counters only go up: a negative amount is ignored.
  void add(const LabelValues& labels = {}, double amount = 1);
  // For a total kept elsewhere (the kernel's CPU time): taken as it is.
  void set(const LabelValues& labels, double total);
};

class Gauge : public ValueFamily {
 public:
  Gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  void set(const LabelValues& labels, double value);
  // Replaces every sample at once: label sets not listed disappear (a source removed from the
  // config stops being reported).
  void replace(std::vector<std::pair<LabelValues, double>> samples);
};

// Observations counted into fixed buckets (upper bounds, inclusive), with their sum and count.
class Histogram : public MetricFamily {
 public:
  Histogram(std::string name, std::string help, std::vector<double> bounds,
            std::vector<std::string> label_names = {});
  void observe(double value, const LabelValues& labels = {});

 protected:
  void render_samples(std::string& out) const override;

 private:
  struct Series {
    std::vector<std::uint64_t> counts;  // per bucket, not cumulative; the last one is +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  std::vector<double> bounds_;
  std::map<LabelValues, Series> series_;
};

// The families in the order they were added; rendering them is the /metrics body.
class MetricRegistry {
 public:
  Counter& counter(std::string name, std::string help, std::vector<std::string> label_names = {});
  Gauge& gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  Histogram& histogram(std::string name, std::string help, std::vector<double> bounds,
                       std::vector<std::string> label_names = {});

  std::string render() const;

 private:
  template <typename F>
  F& add(std::unique_ptr<F> family);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<MetricFamily>> families_;
};

// Exposition-format escapes: a label value escapes \, " and newline; HELP text \ and newline.
std::string escape_label_value(std::string_view value);
std::string escape_help(std::string_view help);
// A sample value: shortest round-trip decimal, "+Inf", "-Inf" or "NaN".
std::string format_sample_value(double value);

}  // namespace vigil::daemon
