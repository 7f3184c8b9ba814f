// The processes of a data-parallel run and their collectives. Under an MPI launcher (`mpirun -np N`) the
// world is MPI's; a process started alone, or a build without MPI, is a world of one in which every
// collective returns at once and leaves its data as it is. Every rank must call the collectives in the
// same order with the same sizes. Each wait is bounded (timeout()): a rank that stops responding makes the
// others throw CollectiveError, naming the waiting rank and the operation, instead of hanging.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla::dist {

// Starts the world: under an MPI launcher, MPI_Init_thread (MPI_THREAD_FUNNELED: only the calling thread
// talks to MPI) unless the program did so already, on a private copy of MPI_COMM_WORLD whose errors are
// returned rather than fatal; otherwise a world of one, without touching MPI. Calls after the first do
// nothing.
void init(int* argc = nullptr, char*** argv = nullptr);
// Ends it (MPI_Finalize when init started MPI). Collectives are not allowed afterwards.
void finalize();

// init() for the lifetime of a scope: `nabla::dist::Session session(argc, argv);` opens main().
class Session {
 public:
  Session(int& argc, char**& argv) { init(&argc, &argv); }
  ~Session() { finalize(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

[[nodiscard]] int rank();        // 0 … world_size() − 1; 0 before init()
[[nodiscard]] int world_size();  // 1 before init() and without a launcher
[[nodiscard]] int local_world_size();  // the ranks on this machine (they share its cores)
[[nodiscard]] bool built_with_mpi();
// "Open MPI v4.1.4" in an MPI world, "single process" otherwise.
[[nodiscard]] std::string backend_name();

// How long a collective may wait for the other ranks, in seconds: NABLA_DIST_TIMEOUT when set (a number
// > 0), else 300.
[[nodiscard]] double timeout();
void set_timeout(double seconds);  // > 0

// A collective failed or timed out: the job cannot go on.
class CollectiveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ReduceOp { sum, min, max };

// A non-blocking collective in flight. Its buffer must stay alive and untouched until wait() returns or
// test() says true. Destroying one that is in flight waits for it.
class Request {
 public:
  struct Impl;  // the transport's state of a collective in flight; opaque outside it
  Request();
  explicit Request(std::unique_ptr<Impl> impl);
  ~Request();
  Request(Request&& other) noexcept;
  Request& operator=(Request&& other) noexcept;
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;

  // Whether it has completed; also lets MPI progress it (MPI moves non-blocking collectives only inside
  // its calls). Throws CollectiveError when it failed.
  [[nodiscard]] bool test();
  // Waits until it completes; throws CollectiveError when it failed or did not complete within timeout().
  void wait();

 private:
  std::unique_ptr<Impl> impl_;
};

// In place, over every rank: a contiguous float32, float64 or int64 tensor, or plain values.
void all_reduce(const Tensor& t, ReduceOp op = ReduceOp::sum);
void all_reduce(std::span<double> values, ReduceOp op = ReduceOp::sum);
void all_reduce(std::span<int64_t> values, ReduceOp op = ReduceOp::sum);
// Starts an all-reduce; `what` names it in errors ("gradient bucket 2"). At most 2^31 − 1 values.
[[nodiscard]] Request all_reduce_async(std::span<float> values, ReduceOp op, const std::string& what);
[[nodiscard]] Request all_reduce_async(std::span<double> values, ReduceOp op, const std::string& what);

// root's values into every rank's t (same shape and dtype everywhere; contiguous), or root's bytes into
// every rank's string (resized).
void broadcast(const Tensor& t, int root = 0);
void broadcast(std::string& bytes, int root = 0);
void barrier();
// Every rank's values, rank 0's first; ranks may give different counts.
[[nodiscard]] std::vector<double> all_gather(std::span<const double> mine);
[[nodiscard]] std::vector<int64_t> all_gather(std::span<const int64_t> mine);

// Ends every process of the job now with this exit code (MPI_Abort); in a world of one, std::exit. For a
// program that cannot go on after a failure only its own rank saw: the others would wait for it.
[[noreturn]] void abort(int exit_code);

}  // namespace nabla::dist
