// The signal handlers behind stop_on_signal: set a lock-free flag and say so, nothing else.
#include "interrupt.h"

#include <signal.h>
#include <unistd.h>

namespace nabla::cli {
namespace {

std::atomic<bool> stop_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void on_stop_signal(int) {
  stop_flag.store(true);
  static constexpr char kNote[] = "\nstopping after this batch to write a checkpoint; interrupt again to abort\n";
  (void)!::write(STDERR_FILENO, kNote, sizeof kNote - 1);  // write(2): async-signal-safe, unlike stdio
}

}  // namespace

const std::atomic<bool>* stop_on_signal() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART | SA_RESETHAND;  // once: the next signal takes its default action
  struct sigaction before {};
  sigaction(SIGINT, &action, &before);
  if (before.sa_handler == SIG_IGN) sigaction(SIGINT, &before, nullptr);  // a background job ignores Ctrl-C
  sigaction(SIGTERM, &action, nullptr);
  return &stop_flag;
}

}  // namespace nabla::cli
