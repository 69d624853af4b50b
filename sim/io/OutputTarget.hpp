// What greenfab may write its results onto, and the lock that keeps two greenfab processes off one output.
#pragma once
#include <string>

namespace greenfab {

/**
 * Refuses, with a ModelError "<option> <path>: <reason>", an output that greenfab must not replace:
 * a missing or read-only directory; an existing entry (lstat, links not followed) that is a directory,
 * a symbolic link, a device, a FIFO or a socket (the final rename would replace the entry itself, e.g. the
 * /dev/null node); or a regular file that is one of the inputs read so far (input_files_read(), compared
 * by device and inode, so "./m.yaml" and hard links match). A missing file or an ordinary earlier result
 * is fine. Call it right after loading the inputs, before simulating, so that no work is lost to it.
 */
void check_output_target(const std::string& path, const std::string& option = "-o");

/**
 * An exclusive lock on an output, held from before the first task until the file is written: the file
 * `<output>.lock`, flock()ed and holding the owner's pid (for the message another process gets). Released
 * and removed on destruction; a lock file left by a killed process is simply taken over (flock dies with
 * its process).
 */
class OutputLock {
public:
  /** @throws ModelError "output 'x.h5' is in use by greenfab process 1234 (lock file 'x.h5.lock')" if
   *  another process holds it, or if the lock file cannot be created. */
  static OutputLock acquire(const std::string& output);

  OutputLock() = default;
  OutputLock(OutputLock&& other) noexcept;
  OutputLock& operator=(OutputLock&& other) noexcept;
  OutputLock(const OutputLock&)            = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  ~OutputLock();

  const std::string& path() const { return path_; }

private:
  void release() noexcept;
  std::string path_;
  int fd_ = -1;
};

/** The lock file of an output: `<output>.lock`. */
std::string lock_path(const std::string& output);

} // namespace greenfab
