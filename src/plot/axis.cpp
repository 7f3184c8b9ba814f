// Nice ticks (1-2-5 steps), tick labels, linear and log10 axes.
#include <nabla/plot/axis.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <nabla/plot/svg_writer.h>

namespace nabla::plot {

namespace {

// A nice step m * 10^e with m in {1, 2, 5}. Tick k is the integer k * m scaled by 10^e, dividing by
// 10^-e for negative e: both operands are exact, so the result is the double nearest to the decimal
// (3 * 0.1 would give 0.30000000000000004; 3 / 10 gives 0.3).
struct Step {
  double mantissa;
  int exponent;
  [[nodiscard]] double value() const { return tick(1); }
  [[nodiscard]] double tick(double k) const {
    const double scale = std::pow(10.0, std::abs(exponent));
    return exponent >= 0 ? k * mantissa * scale : k * mantissa / scale;
  }
};

Step step_for(double rough) {
  if (!(rough > 0) || !std::isfinite(rough)) {
    throw std::invalid_argument("axis: nice_step needs a finite positive step, got " + std::to_string(rough));
  }
  const int exponent = static_cast<int>(std::floor(std::log10(rough)));
  // A little slack so that a rough step of exactly 2 * 10^k stays 2 and not 5.
  for (double m : {1.0, 2.0, 5.0}) {
    const Step step{m, exponent};
    if (step.value() >= rough * (1 - 1e-9)) return step;
  }
  return {1.0, exponent + 1};
}

// The next smaller nice step: 1 -> 0.5, 2 -> 1, 5 -> 2 (times the same power of ten).
Step smaller(Step s) {
  if (s.mantissa == 1) return {5, s.exponent - 1};
  return {s.mantissa == 2 ? 1.0 : 2.0, s.exponent};
}

std::vector<double> multiples(Step step, double lo, double hi) {
  const double slack = step.value() * 1e-9;
  std::vector<double> ticks;
  for (double k = std::ceil((lo - slack) / step.value()); step.tick(k) <= hi + slack; ++k) {
    ticks.push_back(k == 0 ? 0.0 : step.tick(k));
  }
  return ticks;
}

}  // namespace

double nice_step(double rough) { return step_for(rough).value(); }

namespace {

// nice_ticks, with steps no finer than min_step (a nice step itself, or 0 for no limit).
std::vector<double> ticks_from(double lo, double hi, int target_count, double min_step) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) {
    throw std::invalid_argument("axis: nice_ticks needs finite lo <= hi, got [" + std::to_string(lo) + ", " +
                                std::to_string(hi) + "]");
  }
  if (lo == hi) return {lo};
  // The step rounded up from range / (count - 1) can leave as few as half the ticks asked for
  // ([-0.05, 1.05] by 0.5); the next smaller step then comes closer, and wins when it does.
  const Step up = step_for(std::max((hi - lo) / std::max(1, target_count - 1), min_step));
  std::vector<double> coarse = multiples(up, lo, hi);
  if (smaller(up).value() < min_step * (1 - 1e-9)) return coarse;
  std::vector<double> fine = multiples(smaller(up), lo, hi);
  const auto miss = [&](const std::vector<double>& t) { return std::abs(static_cast<int>(t.size()) - target_count); };
  return miss(fine) < miss(coarse) ? fine : coarse;
}

Axis axis_over(double data_min, double data_max, double margin, int target_ticks, double min_step) {
  Axis axis;
  if (std::isfinite(data_min) && std::isfinite(data_max) && data_min <= data_max) {
    axis.lo = data_min;
    axis.hi = data_max;
  }
  if (axis.lo == axis.hi) {
    const double pad = axis.lo == 0 ? 1.0 : std::max(std::abs(axis.lo) * 0.1, min_step);
    axis.lo -= pad;
    axis.hi += pad;
  }
  const double pad = margin * (axis.hi - axis.lo);
  axis.lo -= pad;
  axis.hi += pad;
  axis.ticks = ticks_from(axis.lo, axis.hi, target_ticks, min_step);
  const double step = axis.ticks.size() > 1 ? axis.ticks[1] - axis.ticks[0] : nice_step(axis.hi - axis.lo);
  for (double t : axis.ticks) axis.labels.push_back(format_tick(t, step));
  return axis;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target_count) { return ticks_from(lo, hi, target_count, 0); }

std::vector<double> whole_ticks(double lo, double hi, int target_count) { return ticks_from(lo, hi, target_count, 1); }

std::string format_tick(double value, double step) {
  if (value == 0) return "0";
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  const double magnitude = std::abs(value);
  if (!(step > 0) || !std::isfinite(step)) step = magnitude;
  if (magnitude >= 1e6 || magnitude < 1e-4) {
    const int significant = static_cast<int>(std::floor(std::log10(magnitude)) - std::floor(std::log10(step))) + 1;
    return format_significant(value, std::clamp(significant, 1, 15));
  }
  // The fewest decimals that write the step exactly: 0.2 -> 1, 0.25 -> 2, 500 -> 0.
  int decimals = 0;
  for (double scaled = step; decimals < 15 && std::abs(scaled - std::round(scaled)) > 1e-9 * scaled; scaled *= 10) {
    ++decimals;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

double Axis::fraction(double v) const {
  if (!std::isfinite(v)) return NAN;
  if (log) {
    if (v <= 0) return NAN;
    return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
  }
  return (v - lo) / (hi - lo);
}

Axis linear_axis(double data_min, double data_max, double margin, int target_ticks) {
  return axis_over(data_min, data_max, margin, target_ticks, 0);
}

Axis whole_axis(double data_min, double data_max, double margin, int target_ticks) {
  return axis_over(data_min, data_max, margin, target_ticks, 1);
}

Axis log_axis(double min_positive, double data_max) {
  Axis axis;
  axis.log = true;
  int first = 0;
  int last = 1;
  if (std::isfinite(min_positive) && std::isfinite(data_max) && min_positive > 0 && data_max >= min_positive) {
    first = static_cast<int>(std::floor(std::log10(min_positive) + 1e-12));
    last = static_cast<int>(std::ceil(std::log10(data_max) - 1e-12));
    if (last == first) ++last;
  }
  axis.lo = std::pow(10.0, first);
  axis.hi = std::pow(10.0, last);
  const int decades = last - first;
  // At most about eight labelled decades; within two decades the 2s and 5s are labelled too.
  const int every = (decades + 7) / 8;
  const bool fine = decades <= 2;
  for (int d = first; d <= last; ++d) {
    if ((d - first) % every != 0) continue;
    const double power = std::pow(10.0, d);
    for (double m : {1.0, 2.0, 5.0}) {
      if (m != 1 && (!fine || d == last)) continue;
      axis.ticks.push_back(m * power);
      axis.labels.push_back(format_tick(m * power, power));
    }
  }
  return axis;
}

}  // namespace nabla::plot
