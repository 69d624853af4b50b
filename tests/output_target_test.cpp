// Output targets: what greenfab refuses to write onto, the per-output lock, and debris of killed writes.
#include "core/Errors.hpp"
#include "core/TextFile.hpp"
#include "io/AtomicFile.hpp"
#include "io/OutputTarget.hpp"

#include "support/TempDir.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace greenfab;
using greenfab::test::TempDir;

namespace {
/** The pid of a process that has exited and been reaped: no process has it (until the pid wraps). */
pid_t dead_pid()
{
  const pid_t pid = ::fork();
  if (pid == 0)
    _exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

std::string refusal(const std::string& path)
{
  try {
    check_output_target(path);
  } catch (const ModelError& e) {
    return e.what();
  }
  return "";
}
} // namespace

TEST_CASE("output target: new files and earlier results are accepted", "[output]")
{
  const TempDir dir;
  CHECK(refusal(dir.file("new.h5")).empty());
  std::ofstream(dir.file("old.h5")) << "earlier results";
  CHECK(refusal(dir.file("old.h5")).empty());
}

TEST_CASE("output target: FIFOs, symlinks, directories and input files are refused by name", "[output]")
{
  const TempDir dir;
  REQUIRE(::mkfifo(dir.file("fifo").c_str(), 0600) == 0);
  CHECK_THAT(refusal(dir.file("fifo")), Catch::Contains(dir.file("fifo")) && Catch::Contains("FIFO"));
  std::ofstream(dir.file("target.h5")) << "x";
  fs::create_symlink(dir.file("target.h5"), dir.file("link.h5"));
  CHECK_THAT(refusal(dir.file("link.h5")), Catch::Contains("symbolic link"));
  fs::create_directory(dir.file("sub"));
  CHECK_THAT(refusal(dir.file("sub")), Catch::Contains("directory"));
  CHECK_THAT(refusal(dir.file("missing/x.h5")), Catch::Contains("does not exist"));

  std::ofstream(dir.file("model.yaml")) << "name: m\n";
  read_text_file(dir.file("model.yaml"));
  fs::create_hard_link(dir.file("model.yaml"), dir.file("same.yaml"));
  CHECK_THAT(refusal(dir.file("model.yaml")), Catch::Contains("is the input file"));
  CHECK_THAT(refusal(dir.file("same.yaml")), Catch::Contains("is the input file"));
}

TEST_CASE("output lock: a second holder is refused with the first one's pid", "[output]")
{
  const TempDir dir;
  const std::string out = dir.file("sweep.h5");
  {
    const OutputLock first = OutputLock::acquire(out);
    // flock belongs to the open file, so a second open in this process conflicts like another process.
    try {
      OutputLock::acquire(out);
      FAIL("the second lock should have been refused");
    } catch (const ModelError& e) {
      CHECK_THAT(std::string(e.what()), Catch::Contains("is in use by greenfab process " + std::to_string(::getpid())) &&
                                            Catch::Contains(lock_path(out)));
    }
  }
  CHECK(not fs::exists(lock_path(out)));
  const OutputLock again = OutputLock::acquire(out); // released with its owner
  CHECK(fs::exists(lock_path(out)));
}

TEST_CASE("stale temporary files of dead processes are removed, a live process's kept", "[output]")
{
  const TempDir dir;
  const std::string out   = dir.file("results.h5");
  const std::string dead  = h5::temporary_path(out, dead_pid());
  const std::string alive = h5::temporary_path(out, ::getppid());
  for (const auto& f : {dead, alive, out + ".tmp-notapid", dir.file("other.h5.tmp-1")})
    std::ofstream(f) << "partial";
  CHECK(h5::remove_stale_temporaries(out) == std::vector<std::string>{dead});
  CHECK(not fs::exists(dead));
  CHECK(fs::exists(alive));
  CHECK(fs::exists(out + ".tmp-notapid"));
  CHECK(fs::exists(dir.file("other.h5.tmp-1")));
}
