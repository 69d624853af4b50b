// Binary encoding of a RunResult, to bring results back from a child process bit-exactly.
#pragma once
#include "results/RunResult.hpp"

#include <string>

namespace greenfab {

std::string encode(const RunResult& r);
/** @throws std::runtime_error on truncated or malformed input. */
RunResult decode_run_result(const std::string& bytes);

} // namespace greenfab
