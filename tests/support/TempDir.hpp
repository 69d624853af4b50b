// A fresh directory for one test's files (FIFOs, device nodes, links, result files), removed at scope exit.
#pragma once
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

namespace greenfab::test {

class TempDir {
public:
  explicit TempDir(const std::string& prefix = "greenfab-test")
  {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&)            = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir()
  {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
  std::filesystem::path path_;
};

} // namespace greenfab::test
