// write_svg: the io area's atomic write, under the plot API's name.
#include <nabla/plot/write_svg.h>

#include <nabla/io/atomic_file.h>

namespace nabla::plot {

void write_svg(const std::filesystem::path& path, std::string_view svg) { io::write_file_atomic(path, svg); }

}  // namespace nabla::plot
