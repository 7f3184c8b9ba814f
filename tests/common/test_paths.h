// Where tests find the source tree, the reference fixtures and the built `nabla` binary. The paths are
// compiled into one generated file per build (test_paths.cpp in the build folder), so that no test object
// depends on where the tree lives and a second checkout reuses the compiler cache.
#pragma once

namespace nabla::test {

const char* source_dir();
const char* reference_dir();
const char* cli();

}  // namespace nabla::test
