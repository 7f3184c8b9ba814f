// A build without MPI: the world is always one process, so world.cpp never calls a collective here.
#include <cstdlib>
#include <stdexcept>

#include <utility>

#include "backend.h"

namespace nabla::dist {

struct Request::Impl {};

Request::Request() = default;
Request::Request(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Request::~Request() = default;
Request::Request(Request&& other) noexcept = default;
Request& Request::operator=(Request&& other) noexcept = default;
bool Request::test() { return true; }
void Request::wait() {}

bool built_with_mpi() { return false; }

namespace detail {
namespace {

[[noreturn]] void unreachable() { throw std::logic_error("dist: a collective in a build without MPI"); }

}  // namespace

void Backend::start(int*, char***) {}
void Backend::stop() {}
int Backend::rank() { return 0; }
int Backend::size() { return 1; }
int Backend::local_size() { return 1; }
std::string Backend::name() { return "single process"; }
void Backend::abort(int exit_code) { std::exit(exit_code); }
Request Backend::all_reduce(void*, int64_t, Element, ReduceOp, const std::string&) { unreachable(); }
Request Backend::broadcast(void*, int64_t, Element, int, const std::string&) { unreachable(); }
Request Backend::barrier(const std::string&) { unreachable(); }
Request Backend::all_gather(const void*, int64_t, void*, const int*, const int*, Element, const std::string&) {
  unreachable();
}

}  // namespace detail
}  // namespace nabla::dist
