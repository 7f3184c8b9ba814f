// The report page: sections and inline SVG charts under one inline style sheet.
#include <nabla/report/report.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include <nabla/io/atomic_file.h>
#include <nabla/plot/svg_writer.h>
#include <nabla/plot/write_svg.h>

namespace nabla::report {
namespace {

// System fonts only: the page must render the same with no network.
constexpr const char* kStyle = R"(
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --paper: #ffffff; --band: #f4f6fa; --accent: #2f6fd6; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--band); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header { background: var(--ink); color: #fff; padding: 28px 40px 20px; }
header h1 { margin: 0; font-size: 26px; font-weight: 600; }
header p { margin: 6px 0 0; color: #c9d2e3; }
nav { background: var(--paper); border-bottom: 1px solid var(--line); padding: 10px 40px; }
nav a { color: var(--accent); text-decoration: none; margin-right: 22px; font-weight: 500; }
main { max-width: 1400px; padding: 8px 40px 40px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; margin: 24px 0;
  padding: 8px 24px 20px; }
h2 { font-size: 19px; font-weight: 600; border-bottom: 2px solid var(--accent); padding-bottom: 6px; }
.plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 16px; align-items: start; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px; background: #fff; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 14px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num { text-align: right; }
.finding { border-left: 6px solid #999; background: var(--band); border-radius: 4px; padding: 10px 16px; margin: 12px 0; }
.finding h3 { margin: 0 0 4px; font-size: 16px; }
.finding p { margin: 2px 0; }
.finding.bad { border-color: #d62728; } .finding.warn { border-color: #e8900c; } .finding.good { border-color: #2ca02c; }
.label { color: var(--muted); font-weight: 600; }
.columns { display: flex; flex-wrap: wrap; column-gap: 56px; }
.note { color: var(--muted); }
code { background: var(--band); padding: 1px 4px; border-radius: 3px; }
footer { color: var(--muted); padding: 0 40px 30px; }
)";

bool is_name(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// An SVG document as an element of the HTML page: no XML prologue, no namespace declaration.
std::string inline_svg(const std::string& svg) {
  std::string out = svg;
  if (out.rfind("<?xml", 0) == 0) out.erase(0, out.find("?>") + 2);
  const std::string xmlns = " xmlns=\"http://www.w3.org/2000/svg\"";
  if (const auto at = out.find(xmlns); at != std::string::npos) out.erase(at, xmlns.size());
  const auto start = out.find_first_not_of("\r\n");
  return start == std::string::npos ? std::string() : out.substr(start);
}

void check(const Report& report) {
  std::set<std::string> names;
  for (const ReportSection& s : report.sections) {
    if (!is_name(s.id)) throw std::invalid_argument("report: section id \"" + s.id + "\" is not [A-Za-z0-9_-]+");
    for (const ReportPlot& p : s.plots) {
      if (!is_name(p.name)) throw std::invalid_argument("report: plot name \"" + p.name + "\" is not [A-Za-z0-9_-]+");
      if (!names.insert(p.name).second) throw std::invalid_argument("report: two plots named \"" + p.name + "\"");
    }
  }
}

}  // namespace

std::string html_escape(const std::string& text) { return plot::xml_escape(text); }

std::string report_html(const Report& report) {
  check(report);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                    html_escape(report.title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<header><h1>" + html_escape(report.title) + "</h1>";
  if (!report.subtitle.empty()) out += "<p>" + html_escape(report.subtitle) + "</p>";
  out += "</header>\n<nav>";
  for (const ReportSection& s : report.sections) out += "<a href=\"#" + s.id + "\">" + html_escape(s.title) + "</a>";
  out += "</nav>\n<main>\n";
  for (const ReportSection& s : report.sections) {
    out += "<section id=\"" + s.id + "\">\n<h2>" + html_escape(s.title) + "</h2>\n" + s.html + "\n";
    if (!s.plots.empty()) {
      out += "<div class=\"plots\">\n";
      for (const ReportPlot& p : s.plots) out += "<figure id=\"plot-" + p.name + "\">\n" + inline_svg(p.svg) + "</figure>\n";
      out += "</div>\n";
    }
    out += "</section>\n";
  }
  out += "</main>\n<footer>Written by nabla. Every chart is also in plots/ as an SVG file.</footer>\n</body>\n</html>\n";
  return out;
}

void write_report(const std::filesystem::path& dir, const Report& report) {
  const std::string html = report_html(report);
  std::filesystem::create_directories(dir / "plots");
  for (const ReportSection& s : report.sections)
    for (const ReportPlot& p : s.plots) plot::write_svg(dir / "plots" / (p.name + ".svg"), p.svg);
  io::write_file_atomic(dir / "report.html", html);
}

}  // namespace nabla::report
