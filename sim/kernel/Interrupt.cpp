// Signal handlers for InterruptScope.
#include "kernel/Interrupt.hpp"

#include <atomic>
#include <csignal>

namespace greenfab {
namespace {
std::atomic<int> received{0};
int depth = 0;
struct sigaction old_int {}, old_term {};
extern "C" void on_interrupt_signal(int sig) { received = sig; }
} // namespace

InterruptScope::InterruptScope()
{
  if (depth++ > 0)
    return;
  received = 0;
  struct sigaction sa {};
  sa.sa_handler = on_interrupt_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
}

InterruptScope::~InterruptScope()
{
  if (--depth > 0)
    return;
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
}

int InterruptScope::signal() { return received; }

} // namespace greenfab
