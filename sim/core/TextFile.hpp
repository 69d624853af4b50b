// Reading an input file whole: one place for the checks and the message people see.
#pragma once
#include <string>
#include <vector>

namespace greenfab {

/** The file's bytes. @throws ModelError naming the file when it is missing, a directory or unreadable. */
std::string read_text_file(const std::string& path);

/** Identity of one input file this process has read (device and inode, so that links and "./x" match). */
struct InputFileId {
  unsigned long long device = 0;
  unsigned long long inode  = 0;
  std::string path; ///< as the user named it, for messages
};

/** Every file read_text_file has read so far, in order: the output checks refuse to write onto one. */
std::vector<InputFileId> input_files_read();

} // namespace greenfab
