#pragma once
// One function a command (commands.cpp has the table of names, arguments and options).

#include "commands/context.h"

namespace sy::app::commands {

ExitCode runStatus(Context &ctx);   // statuscommand.cpp
ExitCode runPs(Context &ctx);       // pscommand.cpp
ExitCode runLoad(Context &ctx);     // loadcommands.cpp
ExitCode runUnload(Context &ctx);
ExitCode runPin(Context &ctx);      // pincommands.cpp
ExitCode runUnpin(Context &ctx);
ExitCode runLogs(Context &ctx);     // logscommand.cpp
ExitCode runRequests(Context &ctx); // requestscommand.cpp
ExitCode runRoute(Context &ctx);    // routecommand.cpp
ExitCode runConfig(Context &ctx);   // configcommand.cpp
ExitCode runKey(Context &ctx);      // keycommand.cpp

} // namespace sy::app::commands
