// safetensors: round trip of every dtype, the byte layout, and clear errors on damaged files.
#include <gtest/gtest.h>

#include <filesystem>

#include <nabla/io/atomic_file.h>
#include <nabla/train/safetensors.h>

namespace nabla::train {
namespace {

std::filesystem::path temp(const std::string& name) { return std::filesystem::temp_directory_path() / name; }

TEST(Safetensors, RoundTripKeepsEveryBit) {
  TensorMap m{{"0.weight", Tensor::from_list({1.5, -2, 3.25, 1e-30}, {2, 2})},
              {"0.bias", Tensor::from_list({0.1, 0.2}, {2}, DType::f64)},
              {"steps", Tensor::from_vector(std::vector<int64_t>{7}, {})}};
  save_safetensors(temp("rt.safetensors"), m, {{"format", "pt"}});
  const TensorMap back = load_safetensors(temp("rt.safetensors"));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back.at("0.weight").shape(), (Shape{2, 2}));
  EXPECT_EQ(back.at("0.weight").to_vector<float>(), m.at("0.weight").to_vector<float>());
  EXPECT_EQ(back.at("0.bias").to_vector<double>(), m.at("0.bias").to_vector<double>());
  EXPECT_EQ(back.at("steps").dim(), 0);
  EXPECT_EQ(back.at("steps").to_vector<int64_t>()[0], 7);
  // Header length is little-endian and the data section starts 8-byte aligned.
  const std::string bytes = io::read_file(temp("rt.safetensors"));
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
  EXPECT_EQ(n % 8, 0u);
  EXPECT_EQ(bytes.size(), 8 + n + 4 * 4 + 2 * 8 + 8);
}

TEST(Safetensors, DamagedFilesGetClearErrors) {
  const auto p = temp("bad.safetensors");
  auto message = [&](const std::string& contents) {
    io::write_file_atomic(p, contents);
    try {
      (void)load_safetensors(p);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("abc").find("too short"), std::string::npos);
  EXPECT_NE(message(std::string("\xff\0\0\0\0\0\0\0{}", 10)).find("runs past the end"), std::string::npos);
  EXPECT_NE(message(std::string("\x02\0\0\0\0\0\0\0{x", 10)).find("bad JSON"), std::string::npos);
  const std::string head = R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})";
  std::string len(8, '\0');
  len[0] = static_cast<char>(head.size());
  EXPECT_NE(message(len + head + std::string(8, '\0')).find("tensor \"w\""), std::string::npos);
}

}  // namespace
}  // namespace nabla::train
