// Progress bar and periodic progress lines.
#include "cli/Progress.hpp"

#include <unistd.h>

#include <cmath>

namespace greenfab::cli {
namespace {
std::string clock_text(double seconds)
{
  const auto s = static_cast<long>(std::lround(seconds));
  char buf[48];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}
} // namespace

Progress::Progress(std::FILE* out, bool enabled) : out_(out), enabled_(enabled), tty_(::isatty(::fileno(out)) != 0)
{
}

std::string Progress::line(int done, int total, int failed, double rate, bool bar)
{
  std::string s;
  if (bar) {
    constexpr int width = 20;
    const int filled    = total > 0 ? done * width / total : width;
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on the equivalent operator+ chain.
    s.push_back('[');
    s.append(static_cast<std::size_t>(filled), '#');
    s.append(static_cast<std::size_t>(width - filled), '.');
    s.append("] ");
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "%d/%d tasks", done, total);
  s += buf;
  if (rate > 0) {
    std::snprintf(buf, sizeof buf, "  %.3g tasks/s", rate);
    s += buf;
    if (done < total)
      s += "  ETA " + clock_text((total - done) / rate);
  }
  if (failed > 0)
    s += "  " + std::to_string(failed) + " failed";
  return s;
}

void Progress::update(int done, int total, int failed, int resumed)
{
  if (not enabled_)
    return;
  if (total != total_) {
    // A new batch (a pathway's finalists after its first phase): its rate counts from its own start, not
    // from the program's.
    total_       = total;
    start_       = Clock::now();
    last_done_   = -1;
    last_decile_ = -1;
  }
  if (done == last_done_)
    return;
  const auto now       = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate    = elapsed > 0 and done > resumed ? (done - resumed) / elapsed : -1;
  const int decile     = total > 0 ? done * 10 / total : 10;
  if (tty_) {
    if (done < total and now - last_ < std::chrono::milliseconds(200))
      return;
    std::fprintf(out_, "\r%s\033[K", line(done, total, failed, rate, true).c_str());
    drawn_ = true;
  } else {
    if (done < total and decile == last_decile_ and now - last_ < std::chrono::seconds(10))
      return;
    std::fprintf(out_, "%s\n", line(done, total, failed, rate, false).c_str());
  }
  std::fflush(out_);
  last_        = now;
  last_decile_ = decile;
  last_done_   = done;
}

void Progress::finish()
{
  if (enabled_ and drawn_) {
    std::fprintf(out_, "\n");
    std::fflush(out_);
    drawn_ = false;
  }
}

} // namespace greenfab::cli
