// Sweep journal: checksummed records appended with single writes, read back up to the first damage.
#include "experiment/Journal.hpp"
#include "core/Errors.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace greenfab {
namespace {
constexpr char header_magic[8] = {'G', 'F', 'S', 'W', 'J', 'R', 'N', '1'};
constexpr char record_magic[8] = {'G', 'F', 'J', 'R', 'E', 'C', 'R', 'D'};
constexpr std::size_t header_size = 32;
constexpr std::size_t record_overhead = 8 + 8 + 8 + 8; // magic, id, length, checksum

std::string os_error(const std::string& what, const std::string& path)
{
  return what + " '" + path + "': " + std::strerror(errno);
}

void put_u64(std::string& out, std::uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

std::uint64_t get_u64(const char* p)
{
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

void write_all(int fd, const std::string& bytes, std::uint64_t offset, const std::string& path)
{
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 and errno == EINTR)
      continue;
    if (n <= 0)
      throw std::runtime_error(os_error("cannot write journal", path));
    done += static_cast<std::size_t>(n);
  }
}

/** Reads exactly n bytes at offset; false if the file ends first. */
bool read_exact(int fd, char* dst, std::size_t n, std::uint64_t offset, const std::string& path)
{
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd, dst + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 and errno == EINTR)
      continue;
    if (got < 0)
      throw std::runtime_error(os_error("cannot read journal", path));
    if (got == 0)
      return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

std::string header_bytes(std::uint64_t fingerprint, std::uint64_t tasks)
{
  std::string h(header_magic, sizeof header_magic);
  put_u64(h, fingerprint);
  put_u64(h, tasks);
  put_u64(h, fnv1a64(h));
  return h;
}

std::uint64_t record_checksum(std::int64_t task, std::uint64_t length, std::string_view payload)
{
  std::uint64_t h = fnv1a64(std::string_view(reinterpret_cast<const char*>(&task), sizeof task));
  h               = fnv1a64(std::string_view(reinterpret_cast<const char*>(&length), sizeof length), h);
  return fnv1a64(payload, h);
}

int open_locked(const std::string& path, int flags)
{
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0666);
  if (fd < 0)
    throw std::runtime_error(os_error("cannot open journal", path));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    // Commands hold the output's OutputLock (with the owner's pid) first; this only guards other callers.
    throw ModelError("journal '" + path + "' is in use by another greenfab process");
  }
  return fd;
}
} // namespace

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash)
{
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::uint64_t hash_piece(std::uint64_t hash, const std::string& piece)
{
  const auto n = static_cast<std::uint64_t>(piece.size());
  hash         = fnv1a64(std::string_view(reinterpret_cast<const char*>(&n), sizeof n), hash);
  return fnv1a64(piece, hash);
}

bool file_exists(const std::string& path)
{
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Journal Journal::create(const std::string& path, std::uint64_t fingerprint, std::uint64_t tasks)
{
  // Lock before truncating, so a sweep still appending to this journal is not destroyed under it.
  Journal j(path, open_locked(path, O_RDWR | O_CREAT));
  if (::ftruncate(j.fd_, 0) != 0)
    throw std::runtime_error(os_error("cannot truncate journal", path));
  write_all(j.fd_, header_bytes(fingerprint, tasks), 0, path);
  j.end_   = header_size;
  j.tasks_ = tasks;
  j.sync();
  return j;
}

Journal Journal::resume(const std::string& path, std::uint64_t fingerprint, std::uint64_t tasks)
{
  Journal j(path, open_locked(path, O_RDWR));
  j.tasks_ = tasks;
  struct stat st {};
  if (::fstat(j.fd_, &st) != 0)
    throw std::runtime_error(os_error("cannot stat journal", path));
  const auto size = static_cast<std::uint64_t>(st.st_size);

  char header[header_size];
  if (not read_exact(j.fd_, header, header_size, 0, path) or std::memcmp(header, header_magic, 8) != 0 or
      get_u64(header + 24) != fnv1a64(std::string_view(header, 24)))
    throw JournalMismatch("'" + path + "' is not a greenfab sweep journal (or its header is damaged)");
  if (get_u64(header + 8) != fingerprint or get_u64(header + 16) != tasks)
    throw JournalMismatch("journal '" + path +
                          "' was written for a different experiment (its files, overrides or task count changed)");

  std::vector<bool> seen(tasks, false);
  std::uint64_t pos = header_size;
  std::string payload;
  while (pos + record_overhead <= size) {
    char head[24];
    if (not read_exact(j.fd_, head, sizeof head, pos, path) or std::memcmp(head, record_magic, 8) != 0)
      break;
    std::int64_t task;
    std::memcpy(&task, head + 8, sizeof task);
    const std::uint64_t length = get_u64(head + 16);
    if (task < 0 or static_cast<std::uint64_t>(task) >= tasks or length > size - pos - record_overhead)
      break;
    payload.resize(length);
    char sum[8];
    if (not read_exact(j.fd_, payload.data(), length, pos + 24, path) or
        not read_exact(j.fd_, sum, sizeof sum, pos + 24 + length, path) or
        get_u64(sum) != record_checksum(task, length, payload))
      break;
    if (not seen[static_cast<std::size_t>(task)]) {
      seen[static_cast<std::size_t>(task)] = true;
      j.entries_.push_back({static_cast<int>(task), pos + 24, length});
    }
    pos += record_overhead + length;
  }
  j.end_       = pos;
  j.truncated_ = size - pos;
  if (j.truncated_ > 0 and ::ftruncate(j.fd_, static_cast<off_t>(pos)) != 0)
    throw std::runtime_error(os_error("cannot truncate journal", path));
  j.sync();
  return j;
}

Journal::Journal(Journal&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), end_(other.end_), tasks_(other.tasks_),
      truncated_(other.truncated_), synced_(other.synced_), entries_(std::move(other.entries_))
{
}

Journal& Journal::operator=(Journal&& other) noexcept
{
  if (this != &other) {
    if (fd_ >= 0)
      ::close(fd_);
    path_      = std::move(other.path_);
    fd_        = std::exchange(other.fd_, -1);
    end_       = other.end_;
    tasks_     = other.tasks_;
    truncated_ = other.truncated_;
    synced_    = other.synced_;
    entries_   = std::move(other.entries_);
  }
  return *this;
}

Journal::~Journal()
{
  if (fd_ >= 0)
    ::close(fd_); // also releases the lock
}

void Journal::append(int task, std::string_view payload)
{
  if (task < 0 or static_cast<std::uint64_t>(task) >= tasks_)
    throw std::out_of_range("journal: task id " + std::to_string(task) + " out of range");
  const auto id     = static_cast<std::int64_t>(task);
  const auto length = static_cast<std::uint64_t>(payload.size());
  std::string record(record_magic, sizeof record_magic);
  record.reserve(record_overhead + payload.size());
  record.append(reinterpret_cast<const char*>(&id), sizeof id);
  put_u64(record, length);
  record.append(payload);
  put_u64(record, record_checksum(id, length, payload));
  write_all(fd_, record, end_, path_);
  entries_.push_back({task, end_ + 24, length});
  end_ += record.size();
}

void Journal::sync()
{
  if (::fdatasync(fd_) != 0)
    throw std::runtime_error(os_error("cannot flush journal", path_));
  synced_ = entries_.size();
}

std::string Journal::read(const JournalEntry& entry) const
{
  std::string payload(entry.length, '\0');
  char sum[8];
  if (not read_exact(fd_, payload.data(), entry.length, entry.offset, path_) or
      not read_exact(fd_, sum, sizeof sum, entry.offset + entry.length, path_) or
      get_u64(sum) != record_checksum(entry.task, entry.length, payload))
    throw std::runtime_error("journal '" + path_ + "': record of task " + std::to_string(entry.task) +
                             " is damaged");
  return payload;
}

} // namespace greenfab
