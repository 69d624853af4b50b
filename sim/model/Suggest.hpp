// "Did you mean ...?" suggestions for misspelt keys, names and keywords.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace greenfab {

/** Optimal-string-alignment (restricted Damerau-Levenshtein) distance: insertions, deletions,
 *  substitutions and transpositions of adjacent characters each cost 1. */
std::size_t edit_distance(std::string_view a, std::string_view b);

/**
 * The candidate closest to `word`: a case-insensitive match first, else the one at the smallest edit
 * distance if that distance is <= 2 and shorter than the word (so "x" does not suggest "y").
 * Empty if nothing is close enough.
 */
std::string suggest(std::string_view word, const std::vector<std::string>& candidates);

/** " (did you mean 'x'?)" for the suggestion, or "" when there is none: ready to append to a message. */
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace greenfab
