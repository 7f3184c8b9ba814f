// The message of the exception a callable throws, for tests that pin error messages word for word.
#pragma once
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace nabla::test {

// The message of the Exception that f throws; a test failure and "" when it throws none. Another
// exception type escapes and fails the test with its own message.
template <class Exception = std::invalid_argument, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Exception& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

}  // namespace nabla::test
