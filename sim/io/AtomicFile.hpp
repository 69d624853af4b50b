// Writing a result file so that readers only ever see a complete one: temporary file, fsync, rename.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <hdf5.h>

namespace greenfab::h5 {

/** The temporary file that process `pid` builds `path` in: `path + ".tmp-<pid>"`, same directory. */
std::string temporary_path(const std::string& path, long pid);

/**
 * Creates the empty temporary_path(path, getpid()) (exclusively, never through a symlink), lets `write`
 * fill it by name, fsyncs it, checks the target once more (check_output_target: the run may have taken
 * hours), renames it onto `path` and fsyncs the directory. On any failure the temporary file is removed
 * and a std::runtime_error starting with `what_failed` (e.g. "cannot write results to 'x.h5'") is thrown
 * (a ModelError from the target check stays a ModelError); a previous file at `path` is then untouched.
 */
void replace_atomically(const std::string& path, const std::string& what_failed,
                        const std::function<void(const std::string& temporary)>& write);

/** replace_atomically for an HDF5 file: `write` fills the open file, which is then closed (flushed). */
void write_atomically(const std::string& path, const std::string& what_failed,
                      const std::function<void(hid_t file)>& write);

/**
 * Removes the temporary files of `path` left by processes that no longer exist (a kill -9 or power cut
 * during the final write): `path.tmp-<pid>` regular files whose pid kill(pid, 0) reports gone (ESRCH).
 * A live process's file, and anything not named so, is left alone. @return the paths removed.
 */
std::vector<std::string> remove_stale_temporaries(const std::string& path);

/** The current UTC time as ISO 8601, "2026-11-22T20:03:50Z" (the created_utc attribute). */
std::string utc_now_iso8601();

} // namespace greenfab::h5
