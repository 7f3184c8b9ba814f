// Encodes tiny JPEG files with libjpeg, for the tests that read images.
#pragma once
#include <cstdio>
#include <jpeglib.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace nabla::data::testing {

// The JPEG of interleaved 8-bit samples in `space` (JCS_GRAYSCALE, JCS_RGB, JCS_CMYK) at quality 100.
// Colour is stored without chroma subsampling, so that flat 8x8 blocks decode to their colour within
// the rounding of the colour transform. Given scans, the file is progressive with that scan script.
inline std::vector<uint8_t> jpeg_bytes(int width, int height, J_COLOR_SPACE space, const std::vector<uint8_t>& samples,
                                       const std::vector<jpeg_scan_info>& scans = {}) {
  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(width);
  info.image_height = static_cast<JDIMENSION>(height);
  info.input_components = space == JCS_GRAYSCALE ? 1 : space == JCS_CMYK ? 4 : 3;
  info.in_color_space = space;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 100, TRUE);
  for (int c = 0; c < info.num_components; ++c) info.comp_info[c].h_samp_factor = info.comp_info[c].v_samp_factor = 1;
  if (!scans.empty()) {
    info.scan_info = scans.data();
    info.num_scans = static_cast<int>(scans.size());
  }
  jpeg_start_compress(&info, TRUE);
  const size_t row_size = static_cast<size_t>(width) * static_cast<size_t>(info.input_components);
  while (info.next_scanline < info.image_height) {
    auto* row = const_cast<JSAMPLE*>(samples.data() + row_size * info.next_scanline);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::vector<uint8_t> out(buffer, buffer + size);
  std::free(buffer);
  return out;
}

// width x height interleaved samples: the left half `left`, the right half `right` (one value per component).
inline std::vector<uint8_t> two_halves(int width, int height, const std::vector<uint8_t>& left,
                                       const std::vector<uint8_t>& right) {
  std::vector<uint8_t> out;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const std::vector<uint8_t>& colour = x < width / 2 ? left : right;
      out.insert(out.end(), colour.begin(), colour.end());
    }
  return out;
}

}  // namespace nabla::data::testing
