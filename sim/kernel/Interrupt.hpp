// Ctrl-C (SIGINT) and SIGTERM turned into a flag that long loops poll, so they can stop cleanly.
#pragma once

namespace greenfab {

/**
 * While at least one scope is alive, SIGINT and SIGTERM set a flag instead of killing the process.
 * Scopes nest (a sweep backend around a TaskPool): only the outermost one installs the handlers and
 * clears the flag, so a signal is never lost between them; the previous handlers come back with it.
 */
class InterruptScope {
public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&)            = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
  /** The signal received inside the outermost scope, or 0. */
  static int signal();
};

} // namespace greenfab
