// write_svg: saves an SVG document atomically, so a reader never sees a half-written file.
#pragma once
#include <filesystem>
#include <string_view>

namespace nabla::plot {

// Writes svg to a temporary file beside path, flushes it to disk, renames it over path and syncs
// the directory (nabla::io::write_file_atomic). On failure no temporary file remains, an existing
// file at path is left as it was, and std::runtime_error names the path and the system's reason.
void write_svg(const std::filesystem::path& path, std::string_view svg);

}  // namespace nabla::plot
