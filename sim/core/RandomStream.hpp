// Portable per-entity random streams: the same numbers with any compiler and standard library.
#pragma once
#include <cstdint>
#include <limits>
#include <string_view>

namespace greenfab {

/** 64-bit FNV-1a of a string: stable across platforms (std::hash is not). */
constexpr std::uint64_t fnv1a(std::string_view s)
{
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

/**
 * xoshiro256** generator (Blackman & Vigna), seeded by SplitMix64 from a key. Satisfies
 * UniformRandomBitGenerator, so Boost.Random distributions (portable, header-only) can draw from it.
 * A stream is identified by (master seed, replication, entity, purpose): adding a station or an
 * intervention never shifts the numbers another entity sees (common random numbers).
 */
class RandomStream {
public:
  using result_type = std::uint64_t;

  RandomStream(std::uint64_t seed, std::uint64_t replication, std::string_view entity, std::string_view purpose);
  explicit RandomStream(std::uint64_t key);

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()();

  /** Uniform on (0, 1): never exactly 0 or 1, so log(u) is always finite. */
  double uniform01();

private:
  std::uint64_t s_[4];
};

} // namespace greenfab
