// Reading an input file whole: one place for the checks and the message people see.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace greenfab {

/** The largest input file read: far above any real model or data file, low enough that /dev/zero-like
 *  inputs or a wrong file fail at once instead of exhausting memory. */
inline constexpr std::size_t max_input_file_bytes = std::size_t{64} << 20;

/**
 * The file's bytes, checked to be UTF-8 text (a leading UTF-8 byte-order mark is removed).
 * Only regular files are read: a FIFO, device or socket is refused without blocking on it.
 * @throws ModelError naming the file when it is missing, unreadable, not a regular file, larger than
 * max_input_file_bytes, or not UTF-8 (located at the first bad byte).
 */
std::string read_text_file(const std::string& path);

/** Identity of one input file this process has read (device and inode, so that links and "./x" match). */
struct InputFileId {
  unsigned long long device = 0;
  unsigned long long inode  = 0;
  std::string path; ///< as the user named it, for messages
};

/** Every file read_text_file has read so far, in order: the output checks refuse to write onto one. */
std::vector<InputFileId> input_files_read();

/** What a file of this st_mode is, for messages: "a FIFO (named pipe)", "a character device", ... */
const char* file_kind(unsigned mode);

} // namespace greenfab
