#pragma once
// Command line of the switchyard executable.

#include "core.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace sy::app {

struct CliOptions {
    CoreOptions core;
    bool headless = false;
    QString logLevel = QStringLiteral("info");
    // Window only:
    QString language;       // "en", "de"; empty = saved choice or the system locale
    QString attachUrl;      // watch a core elsewhere instead of starting one
    QString screenshotDir;  // walk the window, save PNGs there, quit
};

// Whether the arguments ask for headless mode, or no display is available (decided
// before the QApplication exists, since that needs a display).
bool wantsHeadless(int argc, char *argv[]);

// Parses the arguments of the running QCoreApplication; exits for --help / --version,
// returns nullopt (after printing why) for bad input.
std::optional<CliOptions> parseCommandLine(const QStringList &arguments, bool headless);

} // namespace sy::app
