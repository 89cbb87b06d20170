#pragma once
// Exit status of `switchyard COMMAND`, which scripts can rely on (docs/cli.md).

namespace sy::app::commands {

enum class ExitCode {
    Ok = 0,
    Failed = 1,       // Switchyard refused or the operation failed (the message says why)
    Usage = 2,        // bad command line
    NotRunning = 3,   // nothing answers at the URL
    Unauthorized = 4, // no admin token, or Switchyard refused it
    NotFound = 5,     // no such model or request
};

} // namespace sy::app::commands
