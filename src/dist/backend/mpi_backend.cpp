// The collectives over MPI: non-blocking calls on a private copy of MPI_COMM_WORLD whose errors are
// returned (MPI_ERRORS_RETURN), and waits that poll with a deadline, since Open MPI 4.1 has no fault
// tolerance of its own (no ULFM) and would otherwise wait for a dead peer forever.
#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <utility>

#include "backend.h"

namespace nabla::dist {
namespace {

using Clock = std::chrono::steady_clock;

struct World {
  bool owns_mpi = false;  // init() started MPI, so finalize() ends it
  int64_t failures = 0;   // collectives that failed or timed out: the requests then in flight cannot complete
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0, size = 1, local_size = 1;
};

World& world() {
  static World w;
  return w;
}

// Whether an MPI launcher (mpirun, mpiexec, srun with PMI) started this process.
bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v)) return true;
  return false;
}

std::string error_text(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int n = 0;
  MPI_Error_string(code, text, &n);
  return std::string(text, static_cast<std::size_t>(n));
}

void check(int code, const char* call, const std::string& what) {
  if (code == MPI_SUCCESS) return;
  ++world().failures;
  throw CollectiveError("rank " + std::to_string(world().rank) + ": " + what + ": " + call +
                          " failed: " + error_text(code));
}

MPI_Datatype mpi_type(detail::Element e) {
  switch (e) {
    case detail::Element::f32: return MPI_FLOAT;
    case detail::Element::f64: return MPI_DOUBLE;
    case detail::Element::i64: return MPI_INT64_T;
    case detail::Element::byte: break;
  }
  return MPI_BYTE;
}

MPI_Op mpi_op(ReduceOp op) {
  switch (op) {
    case ReduceOp::min: return MPI_MIN;
    case ReduceOp::max: return MPI_MAX;
    case ReduceOp::sum: break;
  }
  return MPI_SUM;
}

}  // namespace

struct Request::Impl {
  MPI_Request request = MPI_REQUEST_NULL;  // MPI_REQUEST_NULL once complete, failed or given up on
  std::string what;
  int64_t failures_before = 0;  // World::failures when it started
};

namespace {

// A request still in flight is waited for: MPI must not write into a buffer that its owner freed. Its
// failure was reported to whoever waited for it, or is moot for whoever dropped it.
void finish_quietly(Request& r) {
  try {
    r.wait();
  } catch (const CollectiveError&) {
  }
}

}  // namespace

Request::Request() = default;
Request::Request(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Request::Request(Request&& other) noexcept = default;
Request& Request::operator=(Request&& other) noexcept {
  if (this != &other) {
    finish_quietly(*this);
    impl_ = std::move(other.impl_);
  }
  return *this;
}
Request::~Request() { finish_quietly(*this); }

bool Request::test() {
  if (!impl_ || impl_->request == MPI_REQUEST_NULL) return true;
  if (world().failures > impl_->failures_before) {  // a peer is gone: waiting would wait out the timeout again
    impl_->request = MPI_REQUEST_NULL;
    throw CollectiveError("rank " + std::to_string(world().rank) + ": " + impl_->what +
                          " abandoned after an earlier collective failed");
  }
  int done = 0;
  const int code = MPI_Test(&impl_->request, &done, MPI_STATUS_IGNORE);
  if (code != MPI_SUCCESS) {
    impl_->request = MPI_REQUEST_NULL;  // nothing more to wait for
    check(code, "MPI_Test", impl_->what);
  }
  return done != 0;
}

// Polls without pausing for the first 100 ms: Open MPI progresses a non-blocking collective only inside MPI
// calls, so a pause between tests stalls the stage of its algorithm then due. Yielding is worse on a busy
// machine: the core goes to another process for a time slice (4 times MPI_Allreduce's time measured here). Past 100 ms the wait is for a slow rank (writing a checkpoint, say),
// not for the network: then it sleeps 1 ms between tests to leave the core free. MPI_Wait would not return
// if a peer stopped responding, hence the deadline.
void Request::wait() {
  const auto start = Clock::now();
  const auto limit = std::chrono::duration<double>(timeout());
  while (!test()) {
    const auto waited = Clock::now() - start;
    if (waited > limit) {
      impl_->request = MPI_REQUEST_NULL;  // given up on: it may never complete, and the job is ending
      ++world().failures;
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", timeout());
      throw CollectiveError("rank " + std::to_string(world().rank) + ": " + impl_->what + " did not complete within " +
                            seconds + " s: another rank stopped responding (its process or machine died, the network "
                            "failed, or it is stuck); NABLA_DIST_TIMEOUT sets how long to wait");
    }
    if (waited > std::chrono::milliseconds(100)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

bool built_with_mpi() { return true; }

namespace detail {
namespace {

Request started(MPI_Request r, const std::string& what) {
  return Request(std::make_unique<Request::Impl>(Request::Impl{r, what, world().failures}));
}

}  // namespace

void Backend::start(int* argc, char*** argv) {
  World& w = world();
  int already = 0;
  MPI_Initialized(&already);
  if (!already && !launched_by_mpi()) return;
  if (!already) {
    // Open MPI's non-blocking all-reduce (libnbc) picks, for 2 processes or a few kB, a binomial tree:
    // reduce to one rank, then broadcast, twice the time of the blocking MPI_Allreduce on the same bytes.
    // Rabenseifner's (reduce-scatter, then all-gather) matches it and holds for any count and number of
    // processes. An explicit setting (mpirun --mca, the environment) wins.
    setenv("OMPI_MCA_coll_libnbc_iallreduce_algorithm", "3", 0);
    int provided = 0;
    check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread", "start-up");
    w.owns_mpi = true;
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  check(MPI_Comm_dup(MPI_COMM_WORLD, &w.comm), "MPI_Comm_dup", "start-up");
  MPI_Comm_set_errhandler(w.comm, MPI_ERRORS_RETURN);
  MPI_Comm_rank(w.comm, &w.rank);
  MPI_Comm_size(w.comm, &w.size);
  MPI_Comm local = MPI_COMM_NULL;
  check(MPI_Comm_split_type(w.comm, MPI_COMM_TYPE_SHARED, w.rank, MPI_INFO_NULL, &local), "MPI_Comm_split_type",
        "start-up");
  MPI_Comm_size(local, &w.local_size);
  MPI_Comm_free(&local);
}

void Backend::stop() {
  World& w = world();
  if (w.comm != MPI_COMM_NULL) MPI_Comm_free(&w.comm);
  if (w.owns_mpi) MPI_Finalize();
  w = World{};
}

int Backend::rank() { return world().rank; }
int Backend::size() { return world().size; }
int Backend::local_size() { return world().local_size; }

std::string Backend::name() {
  if (world().comm == MPI_COMM_NULL) return "single process";
  char text[MPI_MAX_LIBRARY_VERSION_STRING];
  int n = 0;
  MPI_Get_library_version(text, &n);
  const std::string version(text, static_cast<std::size_t>(n));
  return version.substr(0, version.find(','));  // "Open MPI v4.1.4"
}

void Backend::abort(int exit_code) {
  if (world().comm != MPI_COMM_NULL) MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::exit(exit_code);
}

Request Backend::all_reduce(void* data, int64_t count, Element type, ReduceOp op, const std::string& what) {
  MPI_Request r = MPI_REQUEST_NULL;
  check(MPI_Iallreduce(MPI_IN_PLACE, data, static_cast<int>(count), mpi_type(type), mpi_op(op), world().comm, &r),
        "MPI_Iallreduce", what);
  return started(r, what);
}

Request Backend::broadcast(void* data, int64_t count, Element type, int root, const std::string& what) {
  MPI_Request r = MPI_REQUEST_NULL;
  check(MPI_Ibcast(data, static_cast<int>(count), mpi_type(type), root, world().comm, &r), "MPI_Ibcast", what);
  return started(r, what);
}

Request Backend::barrier(const std::string& what) {
  MPI_Request r = MPI_REQUEST_NULL;
  check(MPI_Ibarrier(world().comm, &r), "MPI_Ibarrier", what);
  return started(r, what);
}

Request Backend::all_gather(const void* mine, int64_t count, void* all, const int* counts, const int* displacements,
                            Element type, const std::string& what) {
  MPI_Request r = MPI_REQUEST_NULL;
  check(MPI_Iallgatherv(mine, static_cast<int>(count), mpi_type(type), all, counts, displacements, mpi_type(type),
                        world().comm, &r),
        "MPI_Iallgatherv", what);
  return started(r, what);
}

}  // namespace detail
}  // namespace nabla::dist
