#include "core/TextFile.hpp"
#include "core/Errors.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace greenfab {
namespace {
std::mutex inputs_mutex;
std::vector<InputFileId>& inputs()
{
  static std::vector<InputFileId> files;
  return files;
}
void remember_input(const std::string& path, const struct stat& st)
{
  const std::lock_guard lock(inputs_mutex);
  for (const InputFileId& f : inputs())
    if (f.device == st.st_dev and f.inode == st.st_ino)
      return;
  inputs().push_back({static_cast<unsigned long long>(st.st_dev), static_cast<unsigned long long>(st.st_ino), path});
}

[[noreturn]] void fail(const std::string& path, int line, int column, const std::string& why)
{
  throw ModelError(std::vector<Diagnostic>{{path, line, column, "", why}});
}

std::string open_failure(int error)
{
  switch (error) {
    case ENOENT: return "no such file";
    case EACCES: return "permission denied";
    case ELOOP: return "too many levels of symbolic links (a symbolic link that points back at itself?)";
    case ENAMETOOLONG: return "the file name is too long for the system";
    case ENOTDIR: return "a part of the path is not a directory";
    case ENXIO: return "it is a socket or a device with nothing behind it, not a regular file";
    default: return std::strerror(error);
  }
}


std::string mib(std::size_t bytes)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

/** Length of the valid UTF-8 sequence at `s[i]`, or 0 (overlong forms, surrogates and > U+10FFFF are invalid). */
std::size_t utf8_length(const std::string& s, std::size_t i)
{
  const auto byte = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  const unsigned b0 = byte(0);
  if (b0 < 0x80)
    return 1;
  const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return byte(k) >= lo and byte(k) <= hi; };
  if (b0 >= 0xC2 and b0 <= 0xDF)
    return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 and b0 <= 0xEF) {
    const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
    return cont(1, lo, hi) and cont(2) ? 3 : 0;
  }
  if (b0 >= 0xF0 and b0 <= 0xF4) {
    const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
    return cont(1, lo, hi) and cont(2) and cont(3) ? 4 : 0;
  }
  return 0;
}

/** YAML and CSV readers assume UTF-8 text; anything else would pass them and fail much later (HDF5). */
void check_utf8(const std::string& path, const std::string& text, std::size_t bom_bytes)
{
  const auto starts = [&](const char* bom, std::size_t n) { return text.compare(0, n, bom, n) == 0; };
  if (starts("\x00\x00\xFE\xFF", 4) or starts("\xFF\xFE\x00\x00", 4))
    fail(path, 1, 1, "the file is UTF-32 (it starts with a UTF-32 byte-order mark): input files must be UTF-8");
  if (starts("\xFE\xFF", 2) or starts("\xFF\xFE", 2))
    fail(path, 1, 1, "the file is UTF-16 (it starts with a UTF-16 byte-order mark): input files must be UTF-8");
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto where = [&](const std::string& what) {
      fail(path, line, static_cast<int>(i - line_start + 1),
           what + " at byte offset " + std::to_string(bom_bytes + i) + ": input files must be UTF-8 text");
    };
    if (c == '\0')
      where("a NUL byte (a binary or UTF-16 file?)");
    if (c == '\n') {
      ++line;
      line_start = i + 1;
    }
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(c));
      where(std::string("invalid UTF-8 (byte ") + hex + ")");
    }
    i += n;
  }
}

/** Closes the descriptor on every path out of read_text_file. */
struct Descriptor {
  int fd;
  ~Descriptor() { ::close(fd); }
};
} // namespace

std::vector<InputFileId> input_files_read()
{
  const std::lock_guard lock(inputs_mutex);
  return inputs();
}

std::string read_text_file(const std::string& path)
{
  if (path.empty())
    fail(path, 0, 0, "cannot read file: no file name given");
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is then checked on the opened
  // descriptor, so the file checked is the file read.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    fail(path, 0, 0, "cannot read file: " + open_failure(errno));
  const Descriptor closer{fd};
  struct stat st{};
  if (::fstat(fd, &st) != 0)
    fail(path, 0, 0, "cannot read file: " + std::string(std::strerror(errno)));
  if (not S_ISREG(st.st_mode))
    fail(path, 0, 0, std::string("cannot read file: it is ") + file_kind(st.st_mode) + ", not a regular file");
  const auto too_large = [&](std::size_t bytes) {
    fail(path, 0, 0, "cannot read file: it is " + mib(bytes) + " (" + std::to_string(bytes) + " bytes); input files are limited to " +
                         mib(max_input_file_bytes));
  };
  if (static_cast<unsigned long long>(st.st_size) > max_input_file_bytes)
    too_large(static_cast<std::size_t>(st.st_size));
  // The size is only a hint (files in /proc report 0, a file may grow): the cap is enforced on the bytes read.
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 and errno == EINTR)
      continue;
    if (n < 0)
      fail(path, 0, 0, "cannot read file: " + std::string(std::strerror(errno)));
    if (n == 0)
      break;
    if (text.size() + static_cast<std::size_t>(n) > max_input_file_bytes)
      too_large(text.size() + static_cast<std::size_t>(n));
    text.append(buf, static_cast<std::size_t>(n));
  }
  const std::size_t bom_bytes = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  text.erase(0, bom_bytes);
  check_utf8(path, text, bom_bytes);
  remember_input(path, st);
  return text;
}

const char* file_kind(unsigned mode)
{
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISFIFO(mode))
    return "a FIFO (named pipe)";
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISSOCK(mode))
    return "a socket";
  if (S_ISLNK(mode))
    return "a symbolic link";
  return S_ISREG(mode) ? "a regular file" : "an unknown kind of file";
}

} // namespace greenfab
