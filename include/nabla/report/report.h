// Report: a self-contained HTML page (inline CSS and SVG, nothing fetched) of titled sections, each with
// HTML and charts; written as report.html with every chart also as plots/<name>.svg. Run, eval and
// search folders each assemble their own sections (see report_sections.h and run_report.h).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace nabla::report {

struct ReportPlot {
  std::string name{};  // file stem under plots/: letters, digits, '_' and '-'
  std::string svg{};   // a whole SVG document, as nabla::plot writes them
};

struct ReportSection {
  std::string id{};     // the anchor of the section, linked from the page's contents
  std::string title{};  // plain text; escaped when written
  std::string html{};   // body HTML, already escaped by whoever built it; shown before the plots
  std::vector<ReportPlot> plots{};
};

struct Report {
  std::string title{}, subtitle{};  // plain text
  std::vector<ReportSection> sections{};
};

// The page: contents, then each section with its plots inlined (XML prologue and namespace dropped,
// which HTML does not need). Throws std::invalid_argument for a plot name outside [A-Za-z0-9_-],
// two plots of one name, or a section id outside [A-Za-z0-9_-].
[[nodiscard]] std::string report_html(const Report& report);

// Writes dir/report.html and dir/plots/<name>.svg, each atomically; creates the folders.
void write_report(const std::filesystem::path& dir, const Report& report);

// Text made safe for HTML content and attribute values.
[[nodiscard]] std::string html_escape(const std::string& text);

}  // namespace nabla::report
