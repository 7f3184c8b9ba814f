// Agreements after steps that may fail on some ranks, rank 0's bytes for everyone, and fingerprints.
#include <nabla/dist/agreement.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <exception>

#include <nabla/dist/world.h>

namespace nabla::dist {
namespace {

std::string message_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an unknown error";
  }
}

std::string hex(uint64_t v) {
  char text[24];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
  return text;
}

// SplitMix64's finaliser: every input bit affects every output bit.
uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

PeerFailure::PeerFailure(int failed_rank, const std::string& message)
    : std::runtime_error("rank " + std::to_string(failed_rank) + ": " + message), failed_rank_(failed_rank) {}

void fail_together(const std::function<void()>& step) {
  std::exception_ptr error;
  try {
    step();
  } catch (...) {
    error = std::current_exception();
  }
  if (world_size() == 1) {
    if (error) std::rethrow_exception(error);
    return;
  }
  const int64_t mine = error ? 1 : 0;
  const std::vector<int64_t> failed = all_gather(std::span<const int64_t>(&mine, 1));
  int first = -1;
  for (std::size_t r = 0; r < failed.size() && first < 0; ++r)
    if (failed[r] != 0) first = static_cast<int>(r);
  if (first < 0) return;
  std::string message = rank() == first ? message_of(error) : std::string();
  broadcast(message, first);
  if (rank() == first) throw RankFailure(message);
  throw PeerFailure(first, message);
}

std::string from_root(const std::function<std::string()>& produce, int root) {
  if (world_size() == 1) return produce();
  std::string bytes, status;  // status: "ok", or the root's error message after "!"
  if (rank() == root) {
    try {
      bytes = produce();
      status = "ok";
    } catch (...) {
      status = "!" + message_of(std::current_exception());
    }
  }
  broadcast(status, root);
  if (status != "ok") {
    if (rank() == root) throw RankFailure(status.substr(1));
    throw PeerFailure(root, status.substr(1));
  }
  broadcast(bytes, root);
  return bytes;
}

// Four independent lanes of multiply-rotate over 8-byte words (fast enough for hundreds of MB at start-up),
// folded with the length and the tail.
uint64_t fingerprint(std::span<const std::byte> bytes, uint64_t seed) {
  uint64_t lanes[4] = {seed ^ 0x9E3779B97F4A7C15ULL, seed + 1, seed + 2, seed + 3};
  const std::size_t words = bytes.size() / 8;
  std::size_t i = 0;
  for (; i + 4 <= words; i += 4)
    for (std::size_t k = 0; k < 4; ++k) {
      uint64_t w = 0;
      std::memcpy(&w, bytes.data() + (i + k) * 8, 8);
      lanes[k] = std::rotl(lanes[k] ^ (w * 0x9E3779B97F4A7C15ULL), 31) * 0xC2B2AE3D27D4EB4FULL;
    }
  uint64_t h = mix(bytes.size());
  for (uint64_t lane : lanes) h = mix(h ^ lane);
  for (std::size_t at = i * 8; at < bytes.size(); at += 8) {
    uint64_t w = 0;
    std::memcpy(&w, bytes.data() + at, std::min<std::size_t>(8, bytes.size() - at));
    h = mix(h ^ w);
  }
  return h;
}

void require_same_everywhere(const std::vector<Fingerprint>& fingerprints) {
  if (world_size() == 1) return;
  std::vector<int64_t> mine;
  for (const Fingerprint& f : fingerprints) mine.push_back(std::bit_cast<int64_t>(f.value));
  const std::vector<int64_t> all = all_gather(std::span<const int64_t>(mine));
  const std::size_t n = mine.size();
  if (all.size() != n * static_cast<std::size_t>(world_size()))
    throw CollectiveError("rank " + std::to_string(rank()) + ": the ranks compared different numbers of fingerprints");
  for (std::size_t r = 1; r < static_cast<std::size_t>(world_size()); ++r)
    for (std::size_t i = 0; i < n; ++i) {
      if (all[r * n + i] == all[i]) continue;
      const std::string message =
          "rank " + std::to_string(r) + " was started with another " + fingerprints[i].what + " than rank 0 (fingerprint " +
          hex(std::bit_cast<uint64_t>(all[r * n + i])) + ", not " + hex(std::bit_cast<uint64_t>(all[i])) +
          "): start every rank with the same flags, config file and data";
      if (rank() == 0) throw RankFailure(message);
      throw PeerFailure(0, message);
    }
}

}  // namespace nabla::dist
