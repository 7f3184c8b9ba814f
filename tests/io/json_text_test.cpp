// json_text: the same document as dump, flat arrays on one line, nested structures indented.
#include <gtest/gtest.h>

#include <nabla/io/json_text.h>

namespace nabla::io {
namespace {

using nlohmann::json;

TEST(JsonText, FlatArraysOnOneLineNestedIndented) {
  const json j = {{"a", {1, 2.5, nullptr}}, {"b", {{"c", "x"}, {"d", json::array()}}}, {"e", {{{"f", 1}}, 2}}};
  EXPECT_EQ(json_text(j),
            "{\n"
            "  \"a\": [1,2.5,null],\n"
            "  \"b\": {\n"
            "    \"c\": \"x\",\n"
            "    \"d\": []\n"
            "  },\n"
            "  \"e\": [\n"
            "    {\n"
            "      \"f\": 1\n"
            "    },\n"
            "    2\n"
            "  ]\n"
            "}");
}

TEST(JsonText, ParsesBackToTheSameDocument) {
  const json j = json::parse(R"({"k \"q\"": [[1, 2], [3]], "s": "a\nb", "n": -0.125, "o": {}, "t": true})");
  EXPECT_EQ(json::parse(json_text(j)), j);
  EXPECT_EQ(json_text(json(3)), "3");
}

}  // namespace
}  // namespace nabla::io
