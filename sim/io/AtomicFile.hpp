// Writing an HDF5 file so that readers only ever see a complete one: temporary file, fsync, rename.
#pragma once
#include <functional>
#include <string>

#include <hdf5.h>

namespace greenfab::h5 {

/**
 * Creates `path + ".tmp-<pid>"`, lets `write` fill the open HDF5 file, closes and fsyncs it, renames it
 * onto `path` and fsyncs the directory. On any failure the temporary file is removed and a
 * std::runtime_error starting with `what_failed` (e.g. "cannot write results to 'x.h5'") is thrown; a
 * previous file at `path` is then left untouched.
 */
void write_atomically(const std::string& path, const std::string& what_failed,
                      const std::function<void(hid_t file)>& write);

/** The current UTC time as ISO 8601, "2026-11-22T20:03:50Z" (the created_utc attribute). */
std::string utc_now_iso8601();

} // namespace greenfab::h5
