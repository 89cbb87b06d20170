#pragma once
// `switchyard COMMAND ...`: the command line for a running Switchyard (status, ps, load, ...),
// in the same executable as the router and the window. A command is always the first
// argument; anything else starts Switchyard (cli.h).

namespace sy::app::commands {

// Whether `firstArgument` names a command (or "help").
bool isCommand(const char *firstArgument);

// Runs the command in argv[1] with the arguments after it; answers the exit status.
int run(int argc, char *argv[]);

} // namespace sy::app::commands
