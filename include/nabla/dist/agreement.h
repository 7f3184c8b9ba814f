// Failing together. A step that can fail on some ranks only (a file missing on one machine) ends in an
// agreement, so that every rank learns of the failure and none waits for a rank that gave up; rank 0's
// files reach the others; and every rank checks that all were started with the same config and data.
// Each function here is a collective: every rank calls it, in the same order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace nabla::dist {

// Thrown on a rank that did not fail itself when another rank did; what() is "rank R: <its message>".
// A program that prints every error but this one prints each failure once, from the rank that saw it.
class PeerFailure : public std::runtime_error {
 public:
  PeerFailure(int failed_rank, const std::string& message);
  [[nodiscard]] int failed_rank() const { return failed_rank_; }

 private:
  int failed_rank_;
};

// Thrown instead of its own error by the rank whose failure the others now know of (they throw
// PeerFailure), in a world of more than one; what() is the error's own message. Unlike an error that one
// rank alone knows of, it needs no dist::abort: every rank is ending.
class RankFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs step on every rank. When it throws on some ranks, it throws on every rank: the lowest failing rank
// RankFailure with its message, the others PeerFailure. In a world of one, step's own exception.
void fail_together(const std::function<void()>& step);

// root runs produce and every rank gets its bytes; when it throws, root throws RankFailure and the others
// PeerFailure, with its message (in a world of one, produce's own exception).
[[nodiscard]] std::string from_root(const std::function<std::string()>& produce, int root = 0);

// A 64-bit fingerprint of bytes (not cryptographic: it tells apart data that differ by accident).
[[nodiscard]] uint64_t fingerprint(std::span<const std::byte> bytes, uint64_t seed = 0);

struct Fingerprint {
  std::string what;  // "config", "training data"
  uint64_t value = 0;
};

// Throws on every rank when a rank's fingerprints differ from rank 0's: rank 0 RankFailure naming the
// first such rank and what differs, the others PeerFailure with that message.
void require_same_everywhere(const std::vector<Fingerprint>& fingerprints);

}  // namespace nabla::dist
