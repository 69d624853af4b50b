// xoshiro256** with SplitMix64 seeding; see https://prng.di.unimi.it/ (public domain reference code).
#include "core/RandomStream.hpp"

namespace greenfab {
namespace {
std::uint64_t splitmix64(std::uint64_t& x)
{
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z               = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z               = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

std::uint64_t mix(std::uint64_t h, std::uint64_t v)
{
  std::uint64_t x = h ^ v;
  return splitmix64(x);
}
} // namespace

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t replication, std::string_view entity,
                           std::string_view purpose)
    : RandomStream(mix(mix(mix(mix(0x67726565'6e666162ULL, seed), replication), fnv1a(entity)), fnv1a(purpose)))
{
}

RandomStream::RandomStream(std::uint64_t key)
{
  std::uint64_t x = key;
  for (auto& w : s_)
    w = splitmix64(x);
}

RandomStream::result_type RandomStream::operator()()
{
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t      = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double RandomStream::uniform01()
{
  // 52 random bits shifted by half a step: (k + 0.5) / 2^52 is exact in a double and lies strictly
  // inside (0, 1) (with 53 bits the largest value would round up to 1.0).
  return (static_cast<double>((*this)() >> 12) + 0.5) * 0x1.0p-52;
}

} // namespace greenfab
