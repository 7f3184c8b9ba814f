// The entry point of the tests that run as several processes under mpirun: the world around GoogleTest,
// rank 0 printing the usual report and the other ranks only their failures, prefixed with their rank.
#include <gtest/gtest.h>

#include <cstdio>

#include <nabla/dist/world.h>

namespace {

class RankFailures final : public ::testing::EmptyTestEventListener {
 public:
  void OnTestPartResult(const ::testing::TestPartResult& result) override {
    if (!result.failed()) return;
    std::fprintf(stderr, "rank %d: %s:%d: failure\n%s\n", nabla::dist::rank(), result.file_name(),
                 result.line_number(), result.message());
  }
};

}  // namespace

int main(int argc, char** argv) {
  const nabla::dist::Session world(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  if (nabla::dist::rank() > 0) {
    ::testing::TestEventListeners& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new RankFailures);
  }
  return RUN_ALL_TESTS();
}
