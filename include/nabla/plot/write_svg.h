// write_svg: saves an SVG document atomically, so a reader never sees a half-written file.
#pragma once
#include <filesystem>
#include <string_view>

namespace nabla::plot {

// Writes svg to path + ".tmp", flushes it to disk (fsync), then renames it over path and syncs the
// directory. On any failure the temporary file is removed and std::runtime_error names the path and
// the system's reason; an existing file at path is then left as it was.
void write_svg(const std::filesystem::path& path, std::string_view svg);

}  // namespace nabla::plot
