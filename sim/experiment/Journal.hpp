// Append-only, checksummed journal of finished sweep tasks: what makes a sweep survive kill -9 and resume.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace greenfab {

/** FNV-1a 64-bit hash of `bytes`, continuing from `hash` (so several pieces can be hashed in sequence). */
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash = 0xcbf29ce484222325ULL);
/** Adds a length-prefixed piece to a running fingerprint, so ("ab","c") and ("a","bc") differ. */
std::uint64_t hash_piece(std::uint64_t hash, const std::string& piece);
/** A journal or output file is there (resume decisions). */
bool file_exists(const std::string& path);

/** The journal belongs to another experiment (or is not a journal): resuming from it would mix results. */
class JournalMismatch : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/** Where one finished task's record lies in the journal file. */
struct JournalEntry {
  int task = 0;
  std::uint64_t offset = 0; ///< of the payload, in bytes from the start of the file
  std::uint64_t length = 0; ///< payload bytes
};

/**
 * The file `<output>.journal` of a sweep. Layout (little-endian, native):
 *   header  "GFSWJRN1" | u64 fingerprint | u64 task count | u64 FNV-1a of the previous 24 bytes
 *   record  u64 magic "GFJRECRD" | i64 task id | u64 payload length | payload | u64 FNV-1a of (id, length,
 *           payload)
 * Records are appended with one write(2) each, so a killed process leaves at most one torn record at the
 * end; power loss is covered by sync(). Reading stops at the first record that is torn, fails its
 * checksum or names an impossible task, and resume() cuts the file there. The file is locked (flock) while
 * open so two sweeps cannot append to it at once. Only the index (task -> offset) is held in memory.
 */
class Journal {
public:
  /** Starts a new, empty journal at `path`, replacing any file there; the header is synced to disk. */
  static Journal create(const std::string& path, std::uint64_t fingerprint, std::uint64_t tasks);
  /** Continues the journal at `path`: keeps its valid records, truncates anything after them.
   *  @throws JournalMismatch if the header is not a journal header or names another fingerprint or task
   *          count; ModelError if another process has it locked; std::runtime_error if it cannot be opened. */
  static Journal resume(const std::string& path, std::uint64_t fingerprint, std::uint64_t tasks);

  /** No file: assign from create() or resume() before use. */
  Journal() = default;
  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&& other) noexcept;
  Journal(const Journal&)            = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal();

  /** Appends one finished task. Survives the death of this process on return; durable after sync(). */
  void append(int task, std::string_view payload);
  /** fdatasync: every appended record survives a power cut. */
  void sync();
  /** Valid records, in file (completion) order; one per task id. */
  const std::vector<JournalEntry>& entries() const { return entries_; }
  /** Records that are durable (appended before the last sync()). */
  std::size_t synced() const { return synced_; }
  /** Bytes cut from the end by resume() (a torn or corrupt tail), 0 if none. */
  std::uint64_t truncated_bytes() const { return truncated_; }
  /** The payload of `entry`, checked against its checksum again. @throws std::runtime_error if corrupt. */
  std::string read(const JournalEntry& entry) const;
  const std::string& path() const { return path_; }

private:
  Journal(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
  std::uint64_t end_       = 0; ///< file size: where the next record goes
  std::uint64_t tasks_     = 0;
  std::uint64_t truncated_ = 0;
  std::size_t synced_      = 0;
  std::vector<JournalEntry> entries_;
};

} // namespace greenfab
