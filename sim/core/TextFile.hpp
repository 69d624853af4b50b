// Reading an input file whole: one place for the checks and the message people see.
#pragma once
#include <string>

namespace greenfab {

/** The file's bytes. @throws ModelError naming the file when it is missing, a directory or unreadable. */
std::string read_text_file(const std::string& path);

} // namespace greenfab
