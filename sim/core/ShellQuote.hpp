// Command lines that can be pasted back into a POSIX shell (the printed --resume command, stored provenance).
#pragma once
#include <string>
#include <vector>

namespace greenfab {

/** `word` as one POSIX shell word: unchanged if it holds only characters no shell treats specially
 *  (letters, digits, and + - . / : = @ _ , %), otherwise in single quotes, each ' written as '\''.
 *  The empty string becomes ''. */
std::string shell_quote(const std::string& word);

/** The words quoted with shell_quote and joined by single spaces. */
std::string shell_command(const std::vector<std::string>& words);

} // namespace greenfab
