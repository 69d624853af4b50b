// Edit distance and nearest-candidate lookup for error messages.
#include "model/Suggest.hpp"

#include <algorithm>
#include <cctype>

namespace greenfab {

std::size_t edit_distance(std::string_view a, std::string_view b)
{
  // Three rolling rows suffice for the transposition term d[i-2][j-2].
  const std::size_t n = b.size();
  std::vector<std::size_t> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j]             = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[n];
}

static bool iequals(std::string_view a, std::string_view b)
{
  return a.size() == b.size() and std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string suggest(std::string_view word, const std::vector<std::string>& candidates)
{
  for (const auto& c : candidates)
    if (iequals(word, c))
      return c;
  std::string best;
  std::size_t best_distance = 3; // only distances <= 2 qualify
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance and d < word.size()) {
      best          = c;
      best_distance = d;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates)
{
  const std::string s = suggest(word, candidates);
  return s.empty() ? std::string() : " (did you mean '" + s + "'?)";
}

} // namespace greenfab
