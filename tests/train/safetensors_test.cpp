// safetensors: round trip of every dtype, the byte layout, and clear errors on damaged files.
#include <gtest/gtest.h>
#include <unistd.h>

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
  EXPECT_NE(message(std::string("\x02\0\0\0\0\0\0\0{x", 10)).find("not valid JSON"), std::string::npos);
  const std::string head = R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})";
  std::string len(8, '\0');
  len[0] = static_cast<char>(head.size());
  EXPECT_NE(message(len + head + std::string(8, '\0')).find("tensor \"w\""), std::string::npos);
}

// This process's file for crafted headers: ctest runs tests in parallel.
std::filesystem::path crafted() { return temp("crafted_" + std::to_string(::getpid()) + ".safetensors"); }

// A safetensors file of this JSON header and `data_bytes` zero bytes of data, and the message loading it
// throws ("no error" when it loads).
std::string error_for(const std::string& head, std::size_t data_bytes) {
  const auto p = crafted();
  std::string len(8, '\0');
  for (int i = 0; i < 8; ++i) len[i] = static_cast<char>((head.size() >> (8 * i)) & 0xFF);
  io::write_file_atomic(p, len + head + std::string(data_bytes, '\0'));
  std::string message = "no error";
  try {
    (void)load_safetensors(p);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  std::filesystem::remove(p);
  return message;
}

TEST(Safetensors, TensorsMustTileTheDataExactly) {
  const std::string a = R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";
  EXPECT_EQ(error_for("{" + a + R"(,"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", 16), "no error");
  EXPECT_NE(error_for("{" + a + R"(,"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 16)
                .find(R"(tensors "a" and "b" overlap at byte 4 of the data section)"),
            std::string::npos);
  EXPECT_NE(error_for("{" + a + R"(,"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 8)
                .find(R"(tensors "a" and "b" overlap at byte 0)"),
            std::string::npos);
  EXPECT_NE(error_for("{" + a + R"(,"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}})", 16)
                .find("bytes 8 to 12 of the data section belong to no tensor"),
            std::string::npos);
  EXPECT_NE(error_for("{" + a + "}", 12).find("4 bytes after the last tensor's data"), std::string::npos);
}

TEST(Safetensors, ShapesThatOverflowOrGoNegativeAreRejectedNamingTheFile) {
  // 2^62 x 4 elements wrap to 0 in 64 bits and once matched empty offsets.
  const std::string e = error_for(R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}})", 0);
  EXPECT_NE(e.find(crafted().string() + ": tensor \"w\": shape [4611686018427387904,4] has more than 2^63 elements"),
            std::string::npos) << e;
  EXPECT_NE(error_for(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}})", 0)
                .find("must hold whole sizes >= 0"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"w":{"dtype":"F64","shape":[0, 4611686018427387904, 4],"data_offsets":[0,0]}})", 0)
                .find("has more than 2^63 elements"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"w":{"dtype":"F64","shape":[1000000],"data_offsets":[0,8]}})", 8)
                .find("data offsets [0, 8] hold 8 bytes, but shape [1000000] of F64 needs 8000000"),
            std::string::npos);
}

TEST(Safetensors, FileContentInMessagesIsEscaped) {
  const std::string e = error_for("{\"\\u001b]0;x\\u0007\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}}", 4);
  EXPECT_NE(e.find("tensor \"\\x1B]0;x\\x07\""), std::string::npos) << e;
  // nlohmann's own parse messages quote the input; the reader gives only the byte.
  const std::string bad = error_for("{\"a\": \x1b[2J}", 0);
  EXPECT_NE(bad.find(crafted().string() + ": byte 14: not valid JSON"), std::string::npos) << bad;
  EXPECT_EQ(bad.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace nabla::train
