// JPEG decoding with libjpeg, whose errors jump back here (longjmp) instead of ending the process.
#include "jpeg_image.h"

// jpeglib.h uses FILE and size_t without declaring them.
#include <cstddef>
#include <cstdio>
#include <jpeglib.h>

#include <csetjmp>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nabla/io/printable.h>

namespace nabla::data::detail {
namespace {

// More scans than a real progressive file has (about 10); each costs a pass over the whole image.
constexpr int kMaxScans = 500;

// libjpeg's state, on the heap: its members change between setjmp and longjmp, which a local may not.
struct Decoder {
  jpeg_decompress_struct info{};
  jpeg_error_mgr errors{};
  jpeg_progress_mgr progress{};
  std::jmp_buf jump{};
  char message[JMSG_LENGTH_MAX] = {};
  std::vector<JSAMPLE> samples;  // interleaved rows of the output

  Decoder() = default;
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
  // Safe in every state: before jpeg_create_decompress, info.mem is null and nothing is freed.
  ~Decoder() { jpeg_destroy_decompress(&info); }
};

Decoder& decoder_of(j_common_ptr info) { return *static_cast<Decoder*>(info->client_data); }

// libjpeg's error_exit: keeps its message and jumps back to read_jpeg, which throws it.
[[noreturn]] void jump_out(j_common_ptr info) {
  Decoder& d = decoder_of(info);
  (*info->err->format_message)(info, d.message);
  std::longjmp(d.jump, 1);
}

// Level -1 is a warning: corrupt or missing data that libjpeg would otherwise fill in with made-up
// pixels. Higher levels are trace messages, dropped.
void on_message(j_common_ptr info, int level) {
  if (level < 0) jump_out(info);
}

// Stops a progressive file whose many scans would each cost a pass over the image.
void limit_scans(j_common_ptr info) {
  const auto* decompress = reinterpret_cast<j_decompress_ptr>(info);
  if (decompress->input_scan_number <= kMaxScans) return;
  Decoder& d = decoder_of(info);
  std::snprintf(d.message, sizeof d.message, "more than %d scans", kMaxScans);
  std::longjmp(d.jump, 1);
}

std::vector<JOCTET> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const char* colour_space_name(J_COLOR_SPACE space) {
  switch (space) {
    case JCS_CMYK:
      return "CMYK";
    case JCS_YCCK:
      return "YCCK";
    default:
      return "unknown";
  }
}

// Refuses what nabla does not read, from the header alone; returns the channels to decode into.
int64_t checked_channels(const std::filesystem::path& path, const jpeg_decompress_struct& info, int64_t channels) {
  const J_COLOR_SPACE space = info.jpeg_color_space;
  if (space != JCS_GRAYSCALE && space != JCS_YCbCr && space != JCS_RGB)
    throw std::runtime_error(path.string() + ": JPEG in the " + colour_space_name(space) + " colour space (" +
                             std::to_string(info.num_components) +
                             " components); nabla reads grey and RGB (YCbCr) JPEGs");
  const uint64_t width = info.image_width, height = info.image_height;
  if (width * height > kMaxImagePixels)
    throw std::runtime_error(path.string() + ": JPEG of " + std::to_string(width) + "x" + std::to_string(height) +
                             " pixels (width x height) is larger than " + std::to_string(kMaxImagePixels) +
                             " pixels, the most nabla reads from one image");
  if (channels != 0) return channels;
  return space == JCS_GRAYSCALE ? 1 : 3;
}

}  // namespace

DecodedImage read_jpeg(const std::filesystem::path& path, int64_t channels) {
  const std::vector<JOCTET> file = read_bytes(path);
  const auto decoder = std::make_unique<Decoder>();
  jpeg_decompress_struct& info = decoder->info;
  info.err = jpeg_std_error(&decoder->errors);
  decoder->errors.error_exit = jump_out;
  decoder->errors.emit_message = on_message;
  decoder->progress.progress_monitor = limit_scans;
  info.client_data = decoder.get();
  // Every libjpeg error lands here. Below, no object with a destructor is created while libjpeg runs,
  // so the jump skips none; the Decoder frees libjpeg's memory as the exception leaves.
  if (setjmp(decoder->jump) != 0)
    throw std::runtime_error(path.string() + ": cannot decode JPEG: " +
                             io::printable(decoder->message, sizeof decoder->message));
  jpeg_create_decompress(&info);
  info.progress = &decoder->progress;
  jpeg_mem_src(&info, file.data(), static_cast<unsigned long>(file.size()));
  jpeg_read_header(&info, TRUE);
  const int64_t out_channels = checked_channels(path, info, channels);
  info.out_color_space = out_channels == 3 ? JCS_RGB : JCS_GRAYSCALE;
  jpeg_start_decompress(&info);
  const size_t row_size = size_t{info.output_width} * static_cast<size_t>(info.output_components);
  decoder->samples.resize(row_size * info.output_height);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = decoder->samples.data() + row_size * info.output_scanline;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  DecodedImage out{.height = info.output_height, .width = info.output_width, .channels = out_channels, .pixels = {}};
  out.pixels = to_planar(decoder->samples, out.height * out.width, out_channels, 255.0f);
  return out;
}

}  // namespace nabla::data::detail
